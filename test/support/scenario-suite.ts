import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { PolicyPackProcess } from "../../runner/analyzer";
import { NETWORKS, SCENARIOS } from "../../stacks/scenarios";
import { captureSample } from "./captures";
import { expectedOf, findingsOver, startSamplePack } from "./sample-runs";

/** Every compliant network and every scenario, through the pack over the analyzer protocol. */
export function scenarioSuite(preview: boolean): void {
    const mode = preview ? "first preview (ids unknown)" : "known values";
    let pack: PolicyPackProcess;
    beforeAll(async () => {
        pack = await startSamplePack();
    });
    afterAll(async () => {
        await pack?.stop();
    });

    describe(`compliant networks, ${mode}`, () => {
        test.each(NETWORKS)("%s network: only its expected findings", async (network) => {
            const { seen } = await findingsOver(pack, await captureSample({ network, preview }));
            expect(seen).toEqual(expectedOf(network, preview));
        });
    });

    describe(`scenarios, ${mode}`, () => {
        test.each(SCENARIOS.map((s) => [s.name, s] as const))(
            "%s: exactly its findings on exactly its resources",
            async (_name, scenario) => {
                const captured = await captureSample({ network: scenario.network, scenario: scenario.name, preview });
                const { seen } = await findingsOver(pack, captured);
                expect(seen).toEqual(expectedOf(scenario.network, preview, scenario));
            },
        );
    });
}
