import { beforeAll, describe, expect, test } from "vitest";
import type { PolicyPackProcess } from "../../runner/analyzer";
import type { CapturedStack } from "../../runner/engine-resource";
import { captureSample } from "../support/captures";
import { findingsOver, SAMPLE_POLICY_CONFIG, sharedSamplePack } from "../support/sample-runs";

let pack: PolicyPackProcess;
let expiredVpn: CapturedStack;

beforeAll(async () => {
    [pack, expiredVpn] = await Promise.all([
        sharedSamplePack(),
        captureSample({ network: "client", scenario: "vpn-expired", preview: false }),
    ]);
});

function withWaivers(waivers: object[]) {
    const config = structuredClone(SAMPLE_POLICY_CONFIG);
    config["refuse-expired-access"] = { ...config["refuse-expired-access"], waivers };
    return config;
}

const waiver = {
    resource: "mssp-vpn",
    justification: "NOC contract renewal signed, tags follow in CHG-1042",
    approver: "ciso@acme.example",
};

describe("waivers over the protocol, sent through Configure, applied at Analyze by a resource policy", () => {
    test("a waived finding is still reported, as advisory, with who approved it and until when", async () => {
        const { diagnostics } = await findingsOver(
            pack,
            expiredVpn,
            withWaivers([{ ...waiver, expires: "2026-12-15" }]),
        );
        const vpn = diagnostics.filter((d) => d.urn.endsWith("::mssp-vpn"));
        expect(vpn.map((d) => [d.policyName, d.enforcementLevel])).toEqual([["refuse-expired-access", "advisory"]]);
        expect(vpn[0].message).toMatch(
            /^waived \(approved by ciso@acme\.example until 2026-12-15: NOC contract renewal signed, tags follow in CHG-1042\): vpnConnection "mssp-vpn" expired \d+ days? ago .* \[kind: expiry\.expired, waived\]$/,
        );
        expect(diagnostics.filter((d) => d.policyName === "validate-waivers")).toEqual([]);
    });

    test("a waiver by kind covers the finding of that kind only, and validate-waivers has nothing to say", async () => {
        const expires = "2026-12-15";
        const byKind = await findingsOver(
            pack,
            expiredVpn,
            withWaivers([{ ...waiver, expires, kind: "expiry.expired" }]),
        );
        const otherKind = await findingsOver(
            pack,
            expiredVpn,
            withWaivers([{ ...waiver, expires, kind: "expiry.beyond-horizon" }]),
        );
        const vpn = (run: typeof byKind) =>
            run.seen.filter((f) => f.resource === "mssp-vpn").map((f) => [f.policy, f.level, f.kind]);
        expect(vpn(byKind)).toEqual([["refuse-expired-access", "advisory", "expiry.expired"]]);
        expect(byKind.diagnostics.find((d) => d.urn.endsWith("::mssp-vpn"))?.message).toMatch(
            /\[kind: expiry\.expired, waived\]$/,
        );
        expect(vpn(otherKind)).toEqual([["refuse-expired-access", "mandatory", "expiry.expired"]]);
        expect(byKind.diagnostics.filter((d) => d.policyName === "validate-waivers")).toEqual([]);
    });

    test("an expired waiver re-opens the finding at the policy's level and reports itself", async () => {
        const { diagnostics } = await findingsOver(
            pack,
            expiredVpn,
            withWaivers([{ ...waiver, expires: "2026-11-20" }]),
        );
        const vpn = diagnostics.filter((d) => d.urn.endsWith("::mssp-vpn"));
        expect(vpn.map((d) => [d.policyName, d.enforcementLevel])).toEqual([["refuse-expired-access", "mandatory"]]);
        expect(vpn[0].message).toMatch(
            /^waiver expired on 2026-11-20 \(approved by ciso@acme\.example\): vpnConnection "mssp-vpn" expired/,
        );
        const hygiene = diagnostics.filter((d) => d.policyName === "validate-waivers");
        expect(hygiene.map((d) => [d.enforcementLevel, d.message])).toEqual([
            [
                "mandatory",
                'waiver 1 of refuse-expired-access (resource "mssp-vpn") expired 3 days ago (expires 2026-11-20) [kind: waiver.expired]',
            ],
        ]);
    });

    test("a malformed waiver waives nothing and is itself a finding naming the field", async () => {
        const { diagnostics } = await findingsOver(
            pack,
            expiredVpn,
            withWaivers([{ resource: "mssp-vpn", justification: "later", expires: "31/12/2026" }]),
        );
        expect(diagnostics.filter((d) => d.urn.endsWith("::mssp-vpn")).map((d) => d.enforcementLevel)).toEqual([
            "mandatory",
        ]);
        const hygiene = diagnostics.filter((d) => d.policyName === "validate-waivers").map((d) => d.message);
        expect(hygiene).toHaveLength(1);
        expect(hygiene[0]).toMatch(
            /^waiver 1 of refuse-expired-access \(resource "mssp-vpn"\) is malformed: .*approver/,
        );
        expect(hygiene[0]).toMatch(/expires: "31\/12\/2026" is not an ISO date YYYY-MM-DD/);
    });
});
