import { describe, expect, test } from "vitest";
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import type { ResourceRecord } from "../../lib/resource";
import { parseIsoDay } from "../../lib/dates";
import { diagnosesOf, type Finding } from "../../lib/findings";
import { applyWaivers, globMatches } from "../../lib/waivers";
import { configuredPolicies } from "../../policy-pack/configured";
import { wrapAnalyzer } from "../../policy-pack/engine-hooks";
import { POLICIES } from "../../policy-pack/policies";
import refuseExpiredAccess from "../../policy-pack/policies/refuse-expired-access";
import refuseOpenEndedAccess from "../../policy-pack/policies/refuse-open-ended-access";
import requireAccessExpiry from "../../policy-pack/policies/require-access-expiry";
import validateDemarcTags from "../../policy-pack/policies/validate-demarc-tags";
import { configFor, nameOf } from "../support/findings";
import { notRenderedFromEvidence, readingsOf } from "../support/rendered";
import { urnOf } from "../support/records";
import { withProps } from "../support/mutators";
import { ACCESS_TAGS, AS_OF, CONFIG, network, shape } from "./fixtures";

const validateWaivers = POLICIES.find((p) => p.metadata.name === "validate-waivers")!;

const EXPIRED_VPN = 'vpnConnection "partner-vpn" expired 3 days ago (demarc:expires 2026-11-20)';
const expiredVpn = () => network({ vpnTags: { ...ACCESS_TAGS, "demarc:expires": "2026-11-20" } });

const waiver = (fields: Record<string, unknown> = {}) => ({
    resource: "partner-vpn",
    justification: "renewal signed, awaiting change window",
    approver: "ciso@acme.example",
    expires: "2026-12-15",
    ...fields,
});

/** Findings whose whole message, waiver words included, is proven rendered from their evidence and waiver fields. */
function rendered(findings: readonly Finding[]): readonly Finding[] {
    expect(notRenderedFromEvidence(findings)).toEqual([]);
    return findings;
}

/** refuse-expired-access with these waivers: each finding's resource, kind, level and waiver fields. */
const waiverFields = (records: readonly ResourceRecord[], waivers: unknown[], config: Record<string, unknown> = {}) =>
    rendered(refuseExpiredAccess.evaluate(records, { asOf: AS_OF, ...config, waivers })).map((f) => ({
        resource: nameOf(f.urn),
        kind: f.kind,
        level: f.level,
        waived: f.waived,
        waiverLapsed: f.waiverLapsed,
    }));

const accessFindings = (records: readonly ResourceRecord[], waivers: unknown[], config: Record<string, unknown> = {}) =>
    shape(rendered(refuseExpiredAccess.evaluate(records, { asOf: AS_OF, ...config, waivers })));

/** require-access-expiry (presence of the expiry and owner on third-party access) with these waivers. */
const presenceFindings = (
    records: readonly ResourceRecord[],
    waivers: unknown[],
    config: Record<string, unknown> = {},
) => shape(rendered(requireAccessExpiry.evaluate(records, { ...CONFIG, ...config, waivers })));

/** validate-waivers over a pack configuration in which refuse-expired-access carries these waivers. */
const hygiene = (records: readonly ResourceRecord[], waivers: unknown[]) =>
    shape(
        validateWaivers.evaluate(
            records,
            { asOf: AS_OF },
            { "refuse-expired-access": { asOf: AS_OF, waivers }, "validate-waivers": { asOf: AS_OF } },
        ),
    );

const WAIVED = "waived (approved by ciso@acme.example until 2026-12-15: renewal signed, awaiting change window): ";

describe("waivers applied to a policy's findings", () => {
    test("a waived finding is still reported, as advisory, with approver, expiry and justification", () => {
        expect(accessFindings(expiredVpn(), [])).toEqual([
            { resource: "partner-vpn", level: "policy", message: EXPIRED_VPN },
        ]);
        expect(accessFindings(expiredVpn(), [waiver()])).toEqual([
            { resource: "partner-vpn", level: "advisory", message: WAIVED + EXPIRED_VPN },
        ]);
        expect(hygiene(expiredVpn(), [waiver()])).toEqual([]);
    });

    test("a waiver expiring today still applies", () => {
        expect(accessFindings(expiredVpn(), [waiver({ expires: "2026-11-23" })])).toEqual([
            {
                resource: "partner-vpn",
                level: "advisory",
                message: `waived (approved by ciso@acme.example until 2026-11-23: renewal signed, awaiting change window): ${EXPIRED_VPN}`,
            },
        ]);
        expect(hygiene(expiredVpn(), [waiver({ expires: "2026-11-23" })])).toEqual([]);
    });

    test("an expired waiver re-opens the finding at the policy's level, and reports itself", () => {
        expect(accessFindings(expiredVpn(), [waiver({ expires: "2026-11-22" })])).toEqual([
            {
                resource: "partner-vpn",
                level: "policy",
                message: `waiver expired on 2026-11-22 (approved by ciso@acme.example): ${EXPIRED_VPN}`,
            },
        ]);
        expect(hygiene(expiredVpn(), [waiver({ expires: "2026-11-22" })])).toEqual([
            {
                resource: "",
                level: "policy",
                message:
                    'waiver 1 of refuse-expired-access (resource "partner-vpn") expired 1 day ago (expires 2026-11-22)',
            },
        ]);
    });

    test("a waived finding carries the waiver that covers it as a field; one only an expired waiver covers, that waiver", () => {
        expect(waiverFields(expiredVpn(), [waiver()])).toEqual([
            {
                resource: "partner-vpn",
                kind: "expiry.expired",
                level: "advisory",
                waived: {
                    approver: "ciso@acme.example",
                    expires: "2026-12-15",
                    justification: "renewal signed, awaiting change window",
                },
                waiverLapsed: undefined,
            },
        ]);
        expect(waiverFields(expiredVpn(), [waiver({ expires: "2026-11-22" })])).toEqual([
            {
                resource: "partner-vpn",
                kind: "expiry.expired",
                level: "policy",
                waived: undefined,
                waiverLapsed: { approver: "ciso@acme.example", expires: "2026-11-22" },
            },
        ]);
    });

    test("a finding a valid and an expired waiver both cover is waived by the valid one, in either order, and says nothing of the lapsed one, which validate-waivers reports", () => {
        const lapsed = waiver({ expires: "2026-11-01", approver: "noc@mssp.example", justification: "old contract" });
        for (const waivers of [
            [lapsed, waiver()],
            [waiver(), lapsed],
        ]) {
            expect(
                waiverFields(expiredVpn(), waivers).map((f) => [f.level, f.waived?.approver, f.waiverLapsed]),
            ).toEqual([["advisory", "ciso@acme.example", undefined]]);
            expect(accessFindings(expiredVpn(), waivers)).toEqual([
                { resource: "partner-vpn", level: "advisory", message: WAIVED + EXPIRED_VPN },
            ]);
        }
        expect(hygiene(expiredVpn(), [lapsed, waiver()])).toEqual([
            {
                resource: "",
                level: "policy",
                message:
                    'waiver 1 of refuse-expired-access (resource "partner-vpn") expired 22 days ago (expires 2026-11-01)',
            },
        ]);
    });

    test("of several waivers covering a finding, the first valid one is named; with none valid, the first expired one", () => {
        const second = waiver({ approver: "cto@acme.example", justification: "second opinion" });
        const waivedBy = (waivers: unknown[]) => waiverFields(expiredVpn(), waivers).map((f) => f.waived?.approver);
        expect(waivedBy([waiver(), second])).toEqual(["ciso@acme.example"]);
        expect(waivedBy([second, waiver()])).toEqual(["cto@acme.example"]);
        const lapsed = waiverFields(expiredVpn(), [
            waiver({ expires: "2026-11-01" }),
            second,
            waiver({ expires: "2026-11-22", approver: "cto@acme.example" }),
        ]);
        expect(lapsed.map((f) => [f.waived?.approver, f.waiverLapsed])).toEqual([["cto@acme.example", undefined]]);
        expect(
            waiverFields(expiredVpn(), [
                waiver({ expires: "2026-11-01" }),
                waiver({ expires: "2026-11-22", approver: "cto@acme.example" }),
            ]).map((f) => f.waiverLapsed),
        ).toEqual([{ approver: "ciso@acme.example", expires: "2026-11-01" }]);
    });

    test("an expired waiver on an advisory finding leaves it advisory and says the waiver lapsed; validate-waivers reports the waiver", () => {
        const soon = network({ vpnTags: { ...ACCESS_TAGS, "demarc:expires": "2026-12-01" } });
        const lapsed = waiver({ expires: "2026-11-22" });
        expect(waiverFields(soon, [])).toEqual([
            { resource: "partner-vpn", kind: "expiry.expiring-soon", level: "advisory" },
        ]);
        expect(waiverFields(soon, [lapsed])).toEqual([
            {
                resource: "partner-vpn",
                kind: "expiry.expiring-soon",
                level: "advisory",
                waiverLapsed: { approver: "ciso@acme.example", expires: "2026-11-22" },
            },
        ]);
        expect(accessFindings(soon, [lapsed])).toEqual([
            {
                resource: "partner-vpn",
                level: "advisory",
                message:
                    'waiver expired on 2026-11-22 (approved by ciso@acme.example): vpnConnection "partner-vpn" expires in 8 days (demarc:expires 2026-12-01)',
            },
        ]);
        expect(hygiene(soon, [lapsed])).toEqual([
            {
                resource: "",
                level: "policy",
                message:
                    'waiver 1 of refuse-expired-access (resource "partner-vpn") expired 1 day ago (expires 2026-11-22)',
            },
        ]);
    });

    test("a waiver's words read on one line, as the engine carries a finding: a line break the client wrote is a space", () => {
        const multiLine = waiver({
            approver: "Jane Doe\r\nciso@acme.example",
            justification: "renewal signed,\nawaiting change window",
        });
        const found = rendered(refuseExpiredAccess.evaluate(expiredVpn(), { asOf: AS_OF, waivers: [multiLine] }));
        expect(found.map((f) => [f.message, f.waived])).toEqual([
            [
                `waived (approved by Jane Doe ciso@acme.example until 2026-12-15: renewal signed, awaiting change window): ${EXPIRED_VPN}`,
                {
                    approver: "Jane Doe\r\nciso@acme.example",
                    expires: "2026-12-15",
                    justification: "renewal signed,\nawaiting change window",
                },
            ],
        ]);
        const diagnostics = diagnosesOf(found).map((d) => ({ ...d, description: d.description ?? "" }));
        expect(notRenderedFromEvidence(readingsOf(diagnostics))).toEqual([]);
    });

    test("a waiver missing its approver waives nothing and is reported, naming the field", () => {
        const { approver: _, ...noApprover } = waiver();
        expect(accessFindings(expiredVpn(), [noApprover])).toEqual([
            { resource: "partner-vpn", level: "policy", message: EXPIRED_VPN },
        ]);
        expect(hygiene(expiredVpn(), [noApprover])).toEqual([
            {
                resource: "",
                level: "policy",
                message: 'waiver 1 of refuse-expired-access (resource "partner-vpn") is malformed: approver: missing',
            },
        ]);
    });

    test.each([
        ["31/12/2026", 'expires: "31/12/2026" is not an ISO date YYYY-MM-DD'],
        ["2026-02-30", 'expires: "2026-02-30" is not an ISO date YYYY-MM-DD'],
        ["2026-12-31T00:00:00Z", 'expires: "2026-12-31T00:00:00Z" is not an ISO date YYYY-MM-DD'],
        [20261231, "expires: expected an ISO date YYYY-MM-DD"],
    ])("a waiver expiring %j waives nothing and is reported", (expires, problem) => {
        expect(accessFindings(expiredVpn(), [waiver({ expires })])).toEqual([
            { resource: "partner-vpn", level: "policy", message: EXPIRED_VPN },
        ]);
        expect(hygiene(expiredVpn(), [waiver({ expires })])).toEqual([
            {
                resource: "",
                level: "policy",
                message: `waiver 1 of refuse-expired-access (resource "partner-vpn") is malformed: ${problem}`,
            },
        ]);
    });

    test("every problem of a malformed waiver is named, unknown fields included", () => {
        expect(hygiene(expiredVpn(), [{ resource: 7, justification: " ", policy: "refuse-expired-access" }])).toEqual([
            {
                resource: "",
                level: "policy",
                message:
                    "waiver 1 of refuse-expired-access is malformed: resource: expected a urn or logical-name pattern (* and ?); " +
                    "justification: expected why the finding is accepted, found an empty string; approver: missing; expires: missing; policy: unknown field",
            },
        ]);
    });

    test("a waiver beyond the horizon waives nothing and is reported", () => {
        expect(accessFindings(expiredVpn(), [waiver({ expires: "2027-12-01" })])).toEqual([
            { resource: "partner-vpn", level: "policy", message: EXPIRED_VPN },
        ]);
        expect(hygiene(expiredVpn(), [waiver({ expires: "2027-12-01" })])).toEqual([
            {
                resource: "",
                level: "policy",
                message:
                    'waiver 1 of refuse-expired-access (resource "partner-vpn") expires 2027-12-01, 373 days away, beyond the 365-day horizon (latest allowed 2027-11-23)',
            },
        ]);
        expect(accessFindings(expiredVpn(), [waiver({ expires: "2027-11-23" })]).map((f) => f.level)).toEqual([
            "advisory",
        ]);
    });

    test("a waiver matching no resource of the stack is reported", () => {
        expect(accessFindings(expiredVpn(), [waiver({ resource: "ghost-*" })])).toEqual([
            { resource: "partner-vpn", level: "policy", message: EXPIRED_VPN },
        ]);
        expect(hygiene(expiredVpn(), [waiver({ resource: "ghost-*" }), waiver()])).toEqual([
            {
                resource: "",
                level: "advisory",
                message: 'waiver 1 of refuse-expired-access (resource "ghost-*") matches no resource in the stack',
            },
        ]);
    });

    describe("matching", () => {
        const bothExpired = () =>
            withProps(expiredVpn(), "partner-cgw", { tags: { ...ACCESS_TAGS, "demarc:expires": "2026-11-20" } });
        const EXPIRED_CGW = 'customerGateway "partner-cgw" expired 3 days ago (demarc:expires 2026-11-20)';
        const levels = (resource: string) =>
            accessFindings(bothExpired(), [waiver({ resource })]).map((f) => `${f.resource}: ${f.level}`);

        test("by logical name, with * and ?", () => {
            expect(accessFindings(bothExpired(), [])).toEqual([
                { resource: "partner-cgw", level: "policy", message: EXPIRED_CGW },
                { resource: "partner-vpn", level: "policy", message: EXPIRED_VPN },
            ]);
            expect(levels("partner-*")).toEqual(["partner-cgw: advisory", "partner-vpn: advisory"]);
            expect(levels("partner-?pn")).toEqual(["partner-cgw: policy", "partner-vpn: advisory"]);
            expect(levels("*-cgw")).toEqual(["partner-cgw: advisory", "partner-vpn: policy"]);
            expect(levels("partner")).toEqual(["partner-cgw: policy", "partner-vpn: policy"]);
            expect(levels("Partner-VPN")).toEqual(["partner-cgw: policy", "partner-vpn: policy"]);
        });

        test("by urn, exact or with * and ?", () => {
            expect(levels(urnOf("aws:ec2/vpnConnection:VpnConnection", "partner-vpn"))).toEqual([
                "partner-cgw: policy",
                "partner-vpn: advisory",
            ]);
            expect(levels("urn:pulumi:dev::demarc-test::aws:ec2/customerGateway:*")).toEqual([
                "partner-cgw: advisory",
                "partner-vpn: policy",
            ]);
            expect(levels("urn:pulumi:prod::*")).toEqual(["partner-cgw: policy", "partner-vpn: policy"]);
        });

        test("narrowed to findings whose message contains a text", () => {
            const untagged = network({ vpnTags: {} });
            expect(presenceFindings(untagged, [waiver({ finding: "DEMARC:OWNER" })])).toEqual([
                {
                    resource: "partner-vpn",
                    level: "policy",
                    message:
                        'vpnConnection "partner-vpn" has no demarc:expires; third-party access needs an ISO date YYYY-MM-DD, the last day the access is valid (e.g. 2027-06-30)',
                },
                {
                    resource: "partner-vpn",
                    level: "advisory",
                    message: `${WAIVED}vpnConnection "partner-vpn" has no demarc:owner; third-party access needs a team or contract reference`,
                },
            ]);
        });

        test("narrowed to findings of a kind: the policy, the resource pattern and the kind decide, not the words", () => {
            const records = withProps(network({ vpnTags: {} }), "partner-cgw", {
                tags: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
            });
            const byKind = waiver({ resource: "partner-*", kind: "expiry.missing-tag" });
            const findings = [refuseOpenEndedAccess, requireAccessExpiry].flatMap((policy) =>
                policy.evaluate(records, { ...configFor(policy.settings.names, CONFIG), waivers: [byKind] }),
            );
            expect(findings.map((f) => [nameOf(f.urn), f.kind, f.level, f.waived?.approver])).toEqual([
                ["partner-cgw", "expiry.undetermined", "advisory", undefined],
                ["partner-cgw", "expiry.undetermined", "advisory", undefined],
                ["partner-vpn", "expiry.missing-tag", "advisory", "ciso@acme.example"],
                ["partner-vpn", "expiry.missing-tag", "advisory", "ciso@acme.example"],
            ]);
            expect(hygiene(expiredVpn(), [waiver({ kind: "expiry.expired" })])).toEqual([]);
        });

        test("a reworded message stays waived by kind; a waiver by message text would re-open it", () => {
            const asOfDay = parseIsoDay(AS_OF)!;
            const found = refuseExpiredAccess.evaluate(expiredVpn(), { asOf: AS_OF });
            expect(found.map((f) => [f.kind, f.message])).toEqual([["expiry.expired", EXPIRED_VPN]]);
            const reworded = found.map((f) => ({ ...f, message: "partner-vpn: access ended on 2026-11-20" }));
            const byKind = applyWaivers(reworded, [waiver({ kind: "expiry.expired" })], asOfDay, 365);
            // The waived message is rendered whole from the evidence and the waiver, whatever the words before.
            expect(byKind.map((f) => [f.level, f.waived?.approver, f.message])).toEqual([
                ["advisory", "ciso@acme.example", WAIVED + EXPIRED_VPN],
            ]);
            const byText = applyWaivers(reworded, [waiver({ finding: "expired 3 days ago" })], asOfDay, 365);
            expect(byText.map((f) => [f.level, f.waived])).toEqual([["policy", undefined]]);
        });

        test("a waiver naming a kind that does not exist waives nothing and is reported, naming the field and value", () => {
            expect(accessFindings(expiredVpn(), [waiver({ kind: "expiry.gone" })])).toEqual([
                { resource: "partner-vpn", level: "policy", message: EXPIRED_VPN },
            ]);
            expect(hygiene(expiredVpn(), [waiver({ kind: "expiry.gone" })])).toEqual([
                {
                    resource: "",
                    level: "policy",
                    message:
                        'waiver 1 of refuse-expired-access (resource "partner-vpn") is malformed: kind: "expiry.gone" is not a finding kind; kinds are listed per policy in docs/policies.md (e.g. tag.invalid-value, tag.unknown-key, tag.missing)',
                },
            ]);
        });

        test("a waiver by message text keeps working for one release, and validate-waivers names the kind to use instead", () => {
            const byText = waiver({ finding: "EXPIRED" });
            expect(accessFindings(expiredVpn(), [byText])).toEqual([
                { resource: "partner-vpn", level: "advisory", message: WAIVED + EXPIRED_VPN },
            ]);
            expect(hygiene(expiredVpn(), [byText])).toEqual([
                {
                    resource: "",
                    level: "advisory",
                    message:
                        'waiver 1 of refuse-expired-access (resource "partner-vpn") picks findings by their message ("finding": "EXPIRED"), which stops matching when the message is reworded; this keeps working for one release: name its kind instead: "kind": "expiry.expired"',
                },
            ]);
            expect(hygiene(expiredVpn(), [waiver({ finding: "no such words" })])).toEqual([
                {
                    resource: "",
                    level: "advisory",
                    message:
                        'waiver 1 of refuse-expired-access (resource "partner-vpn") picks findings by their message ("finding": "no such words"), which stops matching when the message is reworded; this keeps working for one release: name the kind of finding it waives instead (docs/policies.md lists each policy\'s kinds)',
                },
            ]);
        });

        test("glob characters other than * and ? are literal", () => {
            expect(globMatches("app.v1", "app.v1")).toBe(true);
            expect(globMatches("app.v1", "appXv1")).toBe(false);
            expect(globMatches("a+(b)[c]", "a+(b)[c]")).toBe(true);
            expect(globMatches("*", "")).toBe(true);
            expect(globMatches("?", "")).toBe(false);
        });
    });

    test("undetermined findings are settled first: a fail-closed finding can be waived", () => {
        const records = withProps(network(), "partner-vpn", { tags: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" });
        const findings = presenceFindings(records, [waiver({ finding: "demarc:owner" })], {
            undetermined: "mandatory",
        });
        expect(findings).toEqual([
            {
                resource: "partner-vpn",
                level: "policy",
                message:
                    'undetermined: demarc:expires of vpnConnection "partner-vpn": its tags are not known until apply',
            },
            {
                resource: "partner-vpn",
                level: "advisory",
                message: `${WAIVED}undetermined: demarc:owner of vpnConnection "partner-vpn": its tags are not known until apply`,
            },
        ]);
    });

    test("a waiver by kind on an undetermined finding: its undetermined kind waives it, the kind of the verdict it could not reach does not", () => {
        const records = withProps(network(), "partner-vpn", { tags: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" });
        const failClosed = (kind: string) =>
            rendered(
                requireAccessExpiry.evaluate(records, {
                    ...CONFIG,
                    undetermined: "mandatory",
                    waivers: [waiver({ kind })],
                }),
            ).map((f) => [nameOf(f.urn), f.kind, f.level, f.waived?.approver]);
        expect(failClosed("expiry.missing-tag")).toEqual([
            ["partner-vpn", "expiry.undetermined", "policy", undefined],
            ["partner-vpn", "expiry.undetermined", "policy", undefined],
        ]);
        expect(failClosed("expiry.undetermined")).toEqual([
            ["partner-vpn", "expiry.undetermined", "advisory", "ciso@acme.example"],
            ["partner-vpn", "expiry.undetermined", "advisory", "ciso@acme.example"],
        ]);
    });

    test("waivers apply to every policy: validate-demarc-tags", () => {
        const purple = withProps(network(), "main", { tags: { "demarc:tenant": "acme", "demarc:zone": "purple" } });
        const PURPLE = 'vpc "main": demarc:zone is "purple"; allowed: red, yellow, green';
        const zoneWaiver = waiver({ resource: "main", justification: "legacy VPC, re-zoned in Q1" });
        expect(shape(validateDemarcTags.evaluate(purple, { asOf: AS_OF }))).toEqual([
            { resource: "main", level: "policy", message: PURPLE },
        ]);
        expect(shape(validateDemarcTags.evaluate(purple, { asOf: AS_OF, waivers: [zoneWaiver] }))).toEqual([
            {
                resource: "main",
                level: "advisory",
                message: `waived (approved by ciso@acme.example until 2026-12-15: legacy VPC, re-zoned in Q1): ${PURPLE}`,
            },
        ]);
        const pack = { "validate-demarc-tags": { asOf: AS_OF, waivers: [{ ...zoneWaiver, expires: "2026-11-01" }] } };
        expect(shape(validateWaivers.evaluate(purple, { asOf: AS_OF }, pack))).toEqual([
            {
                resource: "",
                level: "policy",
                message: 'waiver 1 of validate-demarc-tags (resource "main") expired 22 days ago (expires 2026-11-01)',
            },
        ]);
    });

    test("every policy of the pack declares waivers, asOf and maxExpiryDays", () => {
        for (const policy of POLICIES) {
            expect(Object.keys(policy.settings.configSchema.properties)).toEqual(
                expect.arrayContaining(["waivers", "asOf", "maxExpiryDays"]),
            );
        }
    });

    test("waivers never come from tags", () => {
        const tagged = network({
            vpnTags: {
                ...ACCESS_TAGS,
                "demarc:expires": "2026-11-20",
                "demarc:waiver": JSON.stringify(waiver()),
                waiver: "approved",
            },
        });
        expect(accessFindings(tagged, [])).toEqual([
            { resource: "partner-vpn", level: "policy", message: EXPIRED_VPN },
        ]);
        expect(shape(validateDemarcTags.evaluate(tagged, { asOf: AS_OF })).map((f) => f.message)).toEqual([
            'vpnConnection "partner-vpn": demarc:waiver is not a demarc tag; known keys: demarc:zone, demarc:tenant, demarc:side, demarc:managed-by, demarc:role, demarc:expires, demarc:owner, demarc:standard',
        ]);
    });
});

describe("validate-waivers on the engine path", () => {
    const policyResource = (r: ResourceRecord): PolicyResource =>
        ({
            type: r.type,
            urn: r.urn,
            name: r.name,
            props: r.props,
            provider: r.provider,
            dependencies: [],
            propertyDependencies: {},
            isType: () => false,
            asType: () => undefined,
        }) as unknown as PolicyResource;

    test("Configure keeps every policy's configuration, and validate-waivers reads it", async () => {
        const sections: [string, Record<string, unknown>][] = [
            ["require-access-expiry", { ...CONFIG, waivers: [waiver({ expires: "2026-11-22" })] }],
            ["require-demarc-tags", { asOf: AS_OF, waivers: [waiver({ resource: "ghost" })] }],
        ];
        const request = {
            getPolicyconfigMap: () => ({
                entries: () =>
                    sections.map(([name, props]) => [name, { getProperties: () => ({ toJavaScript: () => props }) }]),
            }),
        };
        let forwarded = false;
        const analyzer = wrapAnalyzer(
            {
                configure: (_call, callback) => {
                    forwarded = true;
                    callback(null, {});
                },
                analyze: () => undefined,
                analyzeStack: () => undefined,
            },
            POLICIES,
        );
        const error = await new Promise((resolve) => analyzer.configure({ request }, (e) => resolve(e)));
        expect(error).toBeNull();
        expect(forwarded).toBe(true);

        const reported: unknown[] = [];
        const policy = validateWaivers.policy as StackValidationPolicy;
        await policy.validateStack!(
            {
                resources: expiredVpn().map(policyResource),
                stackTags: new Map(),
                getConfig: <T extends object>() => ({ asOf: AS_OF }) as T,
                notApplicable: (reason?: string) => {
                    throw new Error(reason);
                },
            },
            (diagnostic) => reported.push(diagnostic),
        );
        expect(reported).toEqual([
            {
                message:
                    'waiver 1 of require-access-expiry (resource "partner-vpn") expired 1 day ago (expires 2026-11-22) [kind: waiver.expired]',
            },
            {
                message:
                    'waiver 1 of require-demarc-tags (resource "ghost") matches no resource in the stack [kind: waiver.unmatched]',
                enforcementLevel: "advisory",
            },
        ]);
    });

    test("a configuration its schemas reject is refused, and not kept", async () => {
        const request = {
            getPolicyconfigMap: () => ({
                entries: () => [
                    ["require-access-expiry", { getProperties: () => ({ toJavaScript: () => ({ waivers: "none" }) }) }],
                ],
            }),
        };
        const analyzer = wrapAnalyzer(
            { configure: () => undefined, analyze: () => undefined, analyzeStack: () => undefined },
            POLICIES,
        );
        const error = await new Promise((resolve) => analyzer.configure({ request }, (e) => resolve(e)));
        expect(error).toMatchObject({
            code: 3,
            details:
                "invalid policy configuration: require-access-expiry: waivers: Invalid input: expected array, received string",
        });
        expect(configuredPolicies().get("require-access-expiry")?.["waivers"]).not.toBe("none");
    });
});
