import { describe, expect, test } from "vitest";
import type { Finding } from "../../lib/findings";
import { SHARED_SECTION } from "../../lib/shared-settings";
import { POLICIES } from "../../policy-pack/policies";
import { configFor, nameOf } from "../support/findings";
import { notRenderedFromEvidence } from "../support/rendered";
import { KIND_EXEMPLARS, type KindExemplar } from "./kind-exemplars";

/** What the exemplar's policy reports on its records. */
function reported({ finding, records, config = {}, shared = {} }: KindExemplar): Finding[] {
    const policy = POLICIES.find((p) => p.metadata.name === finding.policy)!;
    const packConfig = Object.fromEntries(
        POLICIES.map((p) => [
            p.metadata.name,
            p.metadata.name === SHARED_SECTION ? shared : configFor(p.settings.names, config),
        ]),
    );
    return policy.evaluate(records(), packConfig[policy.metadata.name], packConfig);
}

describe("each kind a policy declares and no scenario gives, on its smallest stack, its message rendered from its evidence", () => {
    test.each(KIND_EXEMPLARS.map((e) => [`${e.finding.policy} ${e.finding.kind}`, e] as const))(
        "%s",
        (_name, exemplar) => {
            const { resource, kind } = exemplar.finding;
            const findings = reported(exemplar);
            expect(findings.map((f) => ({ resource: nameOf(f.urn), kind: f.kind }))).toContainEqual({ resource, kind });
            expect(notRenderedFromEvidence(findings)).toEqual([]);
        },
    );
});
