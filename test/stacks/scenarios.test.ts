import { describe, expect, it } from "vitest";
import {
    CLIENT_SCENARIO_NAMES,
    expectedFindings,
    PROVIDER_SCENARIO_NAMES,
    SCENARIOS,
    selectScenario,
    type Scenario,
} from "../../stacks/scenarios";

const scenario = (name: string): Scenario => SCENARIOS.find((s) => s.name === name)!;

describe("the scenario table", () => {
    it("gives every scenario a unique name, on the network its name list says", () => {
        expect(SCENARIOS.filter((s) => s.network === "client").map((s) => s.name)).toEqual([...CLIENT_SCENARIO_NAMES]);
        expect(SCENARIOS.filter((s) => s.network === "provider").map((s) => s.name)).toEqual([
            ...PROVIDER_SCENARIO_NAMES,
        ]);
        expect([...new Set(SCENARIOS.map((s) => s.name))]).toEqual(SCENARIOS.map((s) => s.name));
    });

    it("names each finding once per scenario", () => {
        const repeated = SCENARIOS.filter(
            (s) => new Set(s.expected.map((f) => `${f.policy} ${f.resource} ${f.kind}`)).size !== s.expected.length,
        );
        expect(repeated).toEqual([]);
    });

    it("adds each scenario's findings to its network's compliant ones", () => {
        const nearExpiry = {
            policy: "refuse-expired-access",
            resource: "mssp-client-vpn",
            level: "advisory",
            kind: "expiry.expiring-soon",
        };
        expect(expectedFindings(scenario("vpn-expired"))).toEqual([
            nearExpiry,
            { policy: "refuse-expired-access", resource: "mssp-vpn", level: "mandatory", kind: "expiry.expired" },
        ]);
        expect(expectedFindings(scenario("zone-odd-case"))).toEqual([nearExpiry]);
        expect(expectedFindings(scenario("tgw-cross-tenant-propagation"))).toEqual([
            {
                policy: "isolate-tenants",
                resource: "acme-tgw-rt-learns-globex-vpc",
                level: "mandatory",
                kind: "tenant.shared-route-table",
            },
        ]);
    });
});

describe("choosing the stack's network and scenario", () => {
    it("builds the compliant network when no scenario is set", () => {
        expect(selectScenario("client", undefined)).toEqual({ network: "client" });
        expect(selectScenario("provider", "")).toEqual({ network: "provider" });
    });

    it("picks a scenario of the network", () => {
        expect(selectScenario("provider", "log-server-in-provider-vpc")).toEqual({
            network: "provider",
            scenario: scenario("log-server-in-provider-vpc"),
        });
        expect(selectScenario(" client ", " firewall-outdated-standard ")).toEqual({
            network: "client",
            scenario: scenario("firewall-outdated-standard"),
        });
    });

    it("refuses an unknown network, naming it and the allowed ones", () => {
        expect(() => selectScenario("partner", undefined)).toThrow(
            new Error('unknown network "partner": allowed values are client, provider'),
        );
        expect(() => selectScenario(undefined, undefined)).toThrow(
            new Error('unknown network "": allowed values are client, provider'),
        );
    });

    it("refuses a scenario of the other network, listing the network's own", () => {
        expect(() => selectScenario("provider", "vpn-expired")).toThrow(
            new Error(
                'scenario belongs to the client network: "vpn-expired" cannot run on the provider network; ' +
                    "allowed values are cross-tenant-group-reference, tgw-cross-tenant-propagation, log-server-in-provider-vpc",
            ),
        );
    });

    it("refuses an unknown scenario, listing the network's own", () => {
        expect(() => selectScenario("client", "vpn-forgotten")).toThrow(
            new Error(
                `unknown scenario: "vpn-forgotten" cannot run on the client network; allowed values are ${CLIENT_SCENARIO_NAMES.join(", ")}`,
            ),
        );
    });
});
