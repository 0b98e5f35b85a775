import { beforeAll, describe, expect, test } from "vitest";
import { effectiveConfig, SHARED_SECTION, SHARED_SETTINGS } from "../../lib/shared-settings";
import type { PolicyPackProcess } from "../../runner/analyzer";
import { runPolicyPack } from "../../runner/engine";
import type { CapturedStack } from "../../runner/engine-resource";
import { POLICIES } from "../../policy-pack/policies";
import { captureSample } from "../support/captures";
import { findingsOver, SAMPLE_POLICY_CONFIG, sharedSamplePack } from "../support/sample-runs";

/** A value for each shared setting that no default has. */
const SHARED_VALUES: Record<(typeof SHARED_SETTINGS)[number], unknown> = {
    asOf: "2027-01-15",
    undetermined: "mandatory",
    maxExpiryDays: 90,
    clientAccountIds: ["123456789012"],
    providerAccountIds: ["210987654321"],
    clientCidrs: ["10.1.0.0/16"],
    providerCidrs: ["10.2.0.0/16"],
};

describe("settings written once", () => {
    const others = POLICIES.filter((p) => p.metadata.name !== SHARED_SECTION);

    test("the shared section declares every shared setting and the plan", () => {
        const owner = POLICIES.find((p) => p.metadata.name === SHARED_SECTION)!;
        expect(owner.settings.names).toEqual(expect.arrayContaining([...SHARED_SETTINGS, "zonePlan"]));
    });

    test.each(others.map((p) => [p.metadata.name, p] as const))(
        "%s reads every shared setting it declares from the shared section, and its own section overrides it",
        (name, policy) => {
            const declared = policy.settings.names.filter((n) => (SHARED_SETTINGS as readonly string[]).includes(n));
            expect(declared).toEqual(expect.arrayContaining(["asOf", "maxExpiryDays"]));
            for (const setting of declared) {
                // No default in the schema the engine sees, so the engine sends only what the client wrote.
                expect(policy.settings.configSchema.properties[setting]).not.toHaveProperty("default");
                const value = SHARED_VALUES[setting as keyof typeof SHARED_VALUES];
                const inherited = policy.settings.parse(
                    effectiveConfig(name, policy.settings.names, {}, { [setting]: value }),
                );
                expect(inherited.ok && (inherited.value as Record<string, unknown>)[setting]).toEqual(value);
            }
            const own = policy.settings.parse(
                effectiveConfig(name, policy.settings.names, { asOf: "2026-01-01" }, { asOf: "2027-01-15" }),
            );
            expect(own.ok && (own.value as Record<string, unknown>)["asOf"]).toBe("2026-01-01");
        },
    );
});

describe("settings written once, through Configure as the command sends them", () => {
    let pack: PolicyPackProcess;
    let expiredVpn: CapturedStack;
    let clientPreview: CapturedStack;
    beforeAll(async () => {
        [pack, expiredVpn, clientPreview] = await Promise.all([
            sharedSamplePack(),
            captureSample({ network: "client", scenario: "vpn-expired", preview: false }),
            captureSample({ network: "client", preview: true }),
        ]);
    });

    test("Configure receives the shared settings once, in the shared section, and no default that would mask them", async () => {
        const { config } = await runPolicyPack({ captured: expiredVpn, pack, policyConfig: SAMPLE_POLICY_CONFIG });
        for (const [policy, entry] of Object.entries(config)) {
            const shared = Object.keys(entry.properties).filter((k) =>
                (SHARED_SETTINGS as readonly string[]).includes(k),
            );
            expect([policy, shared]).toEqual([
                policy,
                policy === SHARED_SECTION ? expect.arrayContaining(["asOf"]) : [],
            ]);
        }
    });

    test("asOf written once dates every expiry; a policy's own asOf overrides it", async () => {
        const vpnMessage = async (config: unknown) =>
            (await findingsOver(pack, expiredVpn, config)).diagnostics.find((d) => d.urn.endsWith("::mssp-vpn"))
                ?.message;
        expect(await vpnMessage(SAMPLE_POLICY_CONFIG)).toMatch(/expired 23 days ago/);
        const earlier = structuredClone(SAMPLE_POLICY_CONFIG);
        earlier[SHARED_SECTION].asOf = "2026-11-13";
        expect(await vpnMessage(earlier)).toMatch(/expired 13 days ago/);
        earlier["refuse-expired-access"] = { asOf: "2026-11-20" };
        expect(await vpnMessage(earlier)).toMatch(/expired 20 days ago/);
    });

    test("undetermined written once fails closed in another policy; its own section sets it back", async () => {
        const levels = async (config: unknown) =>
            (await findingsOver(pack, clientPreview, config)).seen.filter(
                (f) => f.policy === "limit-provider-role-permissions",
            );
        expect((await levels(SAMPLE_POLICY_CONFIG)).map((f) => [f.resource, f.level])).toEqual([
            ["mssp-flow-log-ingest-policy", "advisory"],
            ["mssp-operator-policy", "advisory"],
        ]);
        const closed = structuredClone(SAMPLE_POLICY_CONFIG);
        closed[SHARED_SECTION].undetermined = "mandatory";
        expect((await levels(closed)).map((f) => [f.resource, f.level])).toEqual([
            ["mssp-flow-log-ingest-policy", "mandatory"],
            ["mssp-operator-policy", "mandatory"],
        ]);
        closed["limit-provider-role-permissions"] = { undetermined: "advisory" };
        expect((await levels(closed)).map((f) => f.level)).toEqual(["advisory", "advisory"]);
    });
});
