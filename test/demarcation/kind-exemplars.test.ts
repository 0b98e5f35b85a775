import { describe, expect, test } from "vitest";
import { SHARED_SECTION } from "../../lib/shared-settings";
import { POLICIES } from "../../policy-pack/policies";
import { configFor, nameOf } from "../support/findings";
import { KIND_EXEMPLARS, type KindExemplar } from "./kind-exemplars";

/** What the exemplar's policy reports on its records: each finding's resource and kind. */
function reported({ finding, records, config = {}, shared = {} }: KindExemplar): { resource: string; kind: string }[] {
    const policy = POLICIES.find((p) => p.metadata.name === finding.policy)!;
    const packConfig = Object.fromEntries(
        POLICIES.map((p) => [
            p.metadata.name,
            p.metadata.name === SHARED_SECTION ? shared : configFor(p.settings.names, config),
        ]),
    );
    return policy
        .evaluate(records(), packConfig[policy.metadata.name], packConfig)
        .map((f) => ({ resource: nameOf(f.urn), kind: f.kind }));
}

describe("each kind a policy declares and no scenario gives, on its smallest stack", () => {
    test.each(KIND_EXEMPLARS.map((e) => [`${e.finding.policy} ${e.finding.kind}`, e] as const))(
        "%s",
        (_name, exemplar) => {
            const { resource, kind } = exemplar.finding;
            expect(reported(exemplar)).toContainEqual({ resource, kind });
        },
    );
});
