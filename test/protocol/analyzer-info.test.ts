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
            expect(policy!.displayName).toBe(metadata.displayName);
            expect(policy!.url).toBe(
                `https://github.com/demarc-policy/demarc/blob/main/docs/policies.md#${metadata.name}`,
            );
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
        ).rejects.toThrow(/require-demark-tags: not a policy of this pack \(policies: validate-demarc-tags, /);
    });

    test("Configure accepts a valid configuration", async () => {
        await expect(
            pack.configure({
                "require-demarc-tags": { enforcementLevel: "advisory", properties: { undetermined: "mandatory" } },
            }),
        ).resolves.toBeUndefined();
    });

    test("GetAnalyzerInfo lists resource policies and stack policies, and the pack's own metadata", async () => {
        const info = await pack.getAnalyzerInfo();
        const kinds = Object.fromEntries(info.policies.map((p) => [p.name, p.policyType]));
        expect(kinds).toMatchObject({
            "validate-demarc-tags": "resource",
            "require-demarc-side": "resource",
            "refuse-tags-against-plan": "resource",
            "follow-zone-plan": "stack",
            "refuse-expired-access": "resource",
            "refuse-open-ended-access": "resource",
            "refuse-short-log-retention": "resource",
            "refuse-provider-side-log-stores": "resource",
            "keep-log-stores-client-side": "stack",
            "refuse-provider-admin-roles": "resource",
            "refuse-outdated-standard": "resource",
            "refuse-remote-access-not-client-managed": "resource",
            "require-client-managed-remote-access": "stack",
            "protect-log-stores": "stack",
            "limit-provider-role-permissions": "stack",
            "require-current-standard": "stack",
            "require-demarc-tags": "stack",
            "require-access-expiry": "stack",
            "forbid-red-green-paths": "stack",
        });
        for (const { metadata, kind } of POLICIES) expect(kinds[metadata.name], metadata.name).toBe(kind);
        expect(info.displayName).toBe("demarc: control of an MSSP-operated network");
        expect(info.repository).toBe("https://github.com/demarc-policy/demarc");
        expect(info.tags).toEqual(["aws", "network", "segmentation", "mssp", "shared-responsibility"]);
        expect(info.provider).toBe("aws");
        for (const { metadata } of POLICIES) expect(info.readme).toContain(`[${metadata.name}](`);
    });

    test("Configure takes settings namespaced for another pack (an ESC environment shared by packs) and refuses properties under all", async () => {
        await expect(
            pack.configure({ "other-pack:some-policy": { enforcementLevel: "mandatory", properties: { x: 1 } } }),
        ).resolves.toBeUndefined();
        await expect(
            pack.configure({ all: { enforcementLevel: "advisory", properties: { asOf: "2026-01-01" } } }),
        ).rejects.toThrow(/all: asOf: only enforcementLevel applies to all policies/);
        await expect(
            pack.configure({ "demarc:require-demarc-tags": { enforcementLevel: "mandatory", properties: {} } }),
        ).rejects.toThrow(
            /demarc:require-demarc-tags: not a policy of this pack \(an ESC key namespaced demarc:<policy> reached the pack unmerged/,
        );
    });
});
