import * as path from "path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { PolicyPackProcess } from "../../runner/analyzer";
import { POLICIES } from "../../policy-pack/policies";

const packDir = path.resolve(__dirname, "..", "..", "policy-pack");
let pack: PolicyPackProcess;

beforeAll(async () => {
    pack = await PolicyPackProcess.start({ packDir });
});
afterAll(async () => {
    await pack?.stop();
});

describe("the pack over the analyzer protocol", () => {
    test("GetAnalyzerInfo lists every policy with its metadata and generated config schema", async () => {
        const info = await pack.getAnalyzerInfo();
        expect(info.name).toBe("demarc");
        for (const { metadata, settings } of POLICIES) {
            const policy = info.policies.find((p) => p.name === metadata.name);
            expect(policy, metadata.name).toBeDefined();
            expect(policy).toMatchObject({
                description: metadata.description,
                severity: metadata.severity,
                enforcementLevel: metadata.enforcementLevel ?? "mandatory",
                remediationSteps: metadata.remediationSteps,
            });
            expect(policy!.tags).toEqual(["demarc", metadata.rule]);
            expect(policy!.configSchema?.properties).toEqual(settings.configSchema.properties);
        }
        expect(info.policies.map((p) => p.name)).toEqual(POLICIES.map((p) => p.metadata.name));
    });

    test("Configure refuses a configuration the schemas reject, naming the policy and the field", async () => {
        await expect(
            pack.configure({
                "require-demarc-tags": { enforcementLevel: "mandatory", properties: { undetermined: "sometimes" } },
            }),
        ).rejects.toThrow(/require-demarc-tags: undetermined: Invalid option: expected one of "advisory"\|"mandatory"/);
        await expect(
            pack.configure({
                "require-demarc-tags": { enforcementLevel: "mandatory", properties: { undeterminde: "advisory" } },
            }),
        ).rejects.toThrow(/require-demarc-tags: undeterminde: unknown field/);
    });

    test("Configure refuses configuration for a policy the pack does not have: a misspelt name must not drop its settings", async () => {
        await expect(
            pack.configure({ "require-demark-tags": { enforcementLevel: "mandatory", properties: {} } }),
        ).rejects.toThrow(/require-demark-tags: not a policy of this pack \(policies: require-demarc-tags, /);
    });

    test("Configure accepts a valid configuration", async () => {
        await expect(
            pack.configure({
                "require-demarc-tags": { enforcementLevel: "advisory", properties: { undetermined: "mandatory" } },
            }),
        ).resolves.toBeUndefined();
    });
});
