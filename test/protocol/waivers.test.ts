import { beforeAll, describe, expect, test } from "vitest";
import type { Diagnostic, PolicyPackProcess } from "../../runner/analyzer";
import type { CapturedStack } from "../../runner/engine-resource";
import { captureSample } from "../support/captures";
import { nameOf } from "../support/findings";
import { notRenderedFromEvidence, readingsOf } from "../support/rendered";
import { findingsOver, SAMPLE_POLICY_CONFIG, sharedSamplePack } from "../support/sample-runs";

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

function withWaivers(waivers: object[], policy = "refuse-expired-access", settings: object = {}) {
    const config = structuredClone(SAMPLE_POLICY_CONFIG);
    config[policy] = { ...config[policy], ...settings, waivers };
    return config;
}

/**
 * The findings of one policy over the protocol, each line read back with the waiver fields its diagnostic's
 * description carries, after proving every message, waiver words included, rendered from those fields.
 */
function waiverReadings(diagnostics: readonly Diagnostic[], policy: string) {
    expect(notRenderedFromEvidence(readingsOf(diagnostics))).toEqual([]);
    return diagnostics
        .filter((d) => d.policyName === policy)
        .flatMap((d) =>
            readingsOf([d]).map((r) => ({
                resource: nameOf(d.urn),
                kind: r.kind,
                level: d.enforcementLevel,
                waived: r.waived,
                waiverLapsed: r.waiverLapsed,
            })),
        )
        .sort((a, b) => `${a.resource} ${a.kind}`.localeCompare(`${b.resource} ${b.kind}`));
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
        expect(waiverReadings(diagnostics, "refuse-expired-access")).toEqual([
            { resource: "mssp-client-vpn", kind: "expiry.expiring-soon", level: "advisory" },
            {
                resource: "mssp-vpn",
                kind: "expiry.expired",
                level: "advisory",
                waived: { approver: "ciso@acme.example", expires: "2026-12-15", justification: waiver.justification },
            },
        ]);
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
        expect(notRenderedFromEvidence(readingsOf([...byKind.diagnostics, ...otherKind.diagnostics]))).toEqual([]);
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
            /^waiver expired on 2026-11-20 \(approved by ciso@acme\.example\): vpnConnection "mssp-vpn" expired .* \[kind: expiry\.expired, waiver lapsed\]$/,
        );
        expect(waiverReadings(diagnostics, "refuse-expired-access")).toEqual([
            { resource: "mssp-client-vpn", kind: "expiry.expiring-soon", level: "advisory" },
            {
                resource: "mssp-vpn",
                kind: "expiry.expired",
                level: "mandatory",
                waiverLapsed: { approver: "ciso@acme.example", expires: "2026-11-20" },
            },
        ]);
        const hygiene = diagnostics.filter((d) => d.policyName === "validate-waivers");
        expect(hygiene.map((d) => [d.enforcementLevel, d.message])).toEqual([
            [
                "mandatory",
                'waiver 1 of refuse-expired-access (resource "mssp-vpn") expired 3 days ago (expires 2026-11-20) [kind: waiver.expired]',
            ],
        ]);
    });

    test("a valid and a lapsed waiver in one section: each resource gets the one that covers it, the lapsed one on an advisory finding leaves it advisory", async () => {
        const { diagnostics } = await findingsOver(
            pack,
            expiredVpn,
            withWaivers([
                { ...waiver, expires: "2026-11-01", approver: "noc@mssp.example" },
                { ...waiver, expires: "2026-12-15" },
                { ...waiver, resource: "mssp-client-*", kind: "expiry.expiring-soon", expires: "2026-11-22" },
            ]),
        );
        expect(waiverReadings(diagnostics, "refuse-expired-access")).toEqual([
            {
                resource: "mssp-client-vpn",
                kind: "expiry.expiring-soon",
                level: "advisory",
                waiverLapsed: { approver: "ciso@acme.example", expires: "2026-11-22" },
            },
            {
                resource: "mssp-vpn",
                kind: "expiry.expired",
                level: "advisory",
                waived: { approver: "ciso@acme.example", expires: "2026-12-15", justification: waiver.justification },
            },
        ]);
        const hygiene = diagnostics.filter((d) => d.policyName === "validate-waivers");
        expect(hygiene.map((d) => d.enforcementLevel)).toEqual(["mandatory"]);
        expect(readingsOf(hygiene).map((r) => [r.kind, r.message])).toEqual([
            [
                "waiver.expired",
                'waiver 1 of refuse-expired-access (resource "mssp-vpn") expired 22 days ago (expires 2026-11-01)',
            ],
            [
                "waiver.expired",
                'waiver 3 of refuse-expired-access (resource "mssp-client-*") expired 1 day ago (expires 2026-11-22)',
            ],
        ]);
    });

    test("at a first preview, a waiver by an undetermined kind waives the undetermined finding that fails closed; one by the kind of the verdict it could not reach does not", async () => {
        const byKind = (kind: string) =>
            findingsOver(
                pack,
                clientPreview,
                withWaivers(
                    [{ ...waiver, resource: "mssp-operator-policy", kind, expires: "2026-12-15" }],
                    "limit-provider-role-permissions",
                    {
                        undetermined: "mandatory",
                    },
                ),
            ).then(({ diagnostics }) => waiverReadings(diagnostics, "limit-provider-role-permissions"));
        const waivedBy = { approver: "ciso@acme.example", expires: "2026-12-15", justification: waiver.justification };
        expect(await byKind("duty.provider-role.undetermined")).toEqual([
            { resource: "mssp-flow-log-ingest-policy", kind: "duty.provider-role.undetermined", level: "mandatory" },
            {
                resource: "mssp-operator-policy",
                kind: "duty.provider-role.undetermined",
                level: "advisory",
                waived: waivedBy,
            },
        ]);
        expect(await byKind("duty.provider-role-admin")).toEqual([
            { resource: "mssp-flow-log-ingest-policy", kind: "duty.provider-role.undetermined", level: "mandatory" },
            { resource: "mssp-operator-policy", kind: "duty.provider-role.undetermined", level: "mandatory" },
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
