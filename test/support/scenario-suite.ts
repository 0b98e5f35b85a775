import { beforeAll, describe, expect, test } from "vitest";
import { POLICIES } from "../../policy-pack/policies";
import type { PolicyPackProcess } from "../../runner/analyzer";
import { NETWORKS, SCENARIOS } from "../../stacks/scenarios";
import { captureSample } from "./captures";
import { undeclaredKind, type SeenFinding } from "./findings";
import { notRenderedFromEvidence, readingsOf } from "./rendered";
import { expectedOf, findingsOver, sharedSamplePack } from "./sample-runs";

/** Each kind a policy reported over the protocol is one the policy declares. */
function declared(seen: readonly SeenFinding[]): void {
    for (const finding of seen) {
        const policy = POLICIES.find((p) => p.metadata.name === finding.policy);
        if (!policy) throw new Error(`a finding of ${finding.policy}, which is not a policy of the pack`);
        undeclaredKind(policy, finding.kind);
    }
}

/**
 * Every compliant network and every scenario, through the pack over the analyzer protocol, as known values and as a
 * first preview: one started pack for both, configured anew for each run as the engine configures it.
 */
export function scenarioSuites(): void {
    let pack: PolicyPackProcess;
    beforeAll(async () => {
        pack = await sharedSamplePack();
    });

    for (const preview of [false, true]) {
        const mode = preview ? "first preview (ids unknown)" : "known values";
        describe(`compliant networks, ${mode}`, () => {
            test.each(NETWORKS)(
                "%s network: only its expected findings, each message rendered from its evidence",
                async (network) => {
                    const { seen, diagnostics } = await findingsOver(pack, await captureSample({ network, preview }));
                    declared(seen);
                    expect(seen).toEqual(expectedOf(network, preview));
                    expect(notRenderedFromEvidence(readingsOf(diagnostics))).toEqual([]);
                },
            );
        });

        describe(`scenarios, ${mode}`, () => {
            test.each(SCENARIOS.map((s) => [s.name, s] as const))(
                "%s: exactly its findings on exactly its resources, each message rendered from its evidence",
                async (_name, scenario) => {
                    const captured = await captureSample({
                        network: scenario.network,
                        scenario: scenario.name,
                        preview,
                    });
                    const { seen, diagnostics } = await findingsOver(pack, captured);
                    declared(seen);
                    expect(seen).toEqual(expectedOf(scenario.network, preview, scenario));
                    expect(notRenderedFromEvidence(readingsOf(diagnostics))).toEqual([]);
                },
            );
        });
    }
}
