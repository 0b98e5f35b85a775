import { describe, expect, test } from "vitest";
import forbidRedGreenPaths from "../../policy-pack/policies/forbid-red-green-paths";
import isolateTenants from "../../policy-pack/policies/isolate-tenants";
import requireEncryptedCrossZoneFlows from "../../policy-pack/policies/require-encrypted-cross-zone-flows";
import { nameOf } from "../support/findings";
import { awsProvider, record, UNKNOWN } from "../support/records";
import { T } from "../../lib/aws-types";
import refuseExpiredAccess from "../../policy-pack/policies/refuse-expired-access";
import validateDemarcTags from "../../policy-pack/policies/validate-demarc-tags";
import { hub, threeZones, withClientVpn } from "./fixture";
import type { FindingEvidence } from "../../lib/findings";
import { readingText } from "../../lib/messages";
import { notRenderedFromEvidence } from "../support/rendered";

const urnOf = (records: readonly { name: string; urn: string }[], name: string) =>
    records.find((r) => r.name === name)!.urn;

describe("network findings carry their evidence: the element, its layer, both ends with where each value came from, the traffic", () => {
    test("a rule admitting red into green: kind by layer, the ends with their zones and tenants", () => {
        const net = threeZones(false);
        net.ingress("public-to-app", "app-sg", "10.0.0.0/24", "tcp", [8443, 8443]);
        const [finding, ...others] = forbidRedGreenPaths.evaluate(net.records);
        expect(others).toEqual([]);
        expect(finding!.kind).toBe("zone.red-green.rule");
        expect(finding!.evidence).toEqual({
            element: {
                urn: urnOf(net.records, "public-to-app"),
                name: "public-to-app",
                type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
            },
            layer: "security-group rule",
            reading: {
                label: 'security group rule "public-to-app"',
                direction: "ingress",
                peer: "10.0.0.0/24",
                group: 'security group "app-sg"',
            },
            from: [
                {
                    place: 'subnet "public-a"',
                    urn: urnOf(net.records, "public-a"),
                    zone: { value: "red", from: "own tag" },
                    tenant: { value: "acme", from: 'from vpc "core"' },
                    count: 1,
                },
            ],
            to: [
                {
                    place: 'security group "app-sg"',
                    urn: urnOf(net.records, "app-sg"),
                    zone: { value: "green", from: "own tag" },
                    tenant: { value: "acme", from: 'from vpc "core"' },
                    count: 1,
                },
            ],
            traffic: "tcp 8443",
            morePairs: 0,
        });
    });

    test("at a first preview, with every id unknown, the same finding rests on the same evidence", () => {
        const judged = (preview: boolean) => {
            const net = threeZones(preview);
            net.ingress("public-to-app", "app-sg", "10.0.0.0/24", "tcp", [8443, 8443]);
            return [forbidRedGreenPaths, requireEncryptedCrossZoneFlows, isolateTenants].flatMap((p) =>
                p.evaluate(net.records).map((f) => ({ kind: f.kind, evidence: f.evidence })),
            );
        };
        const known = judged(false);
        expect(known.map((f) => f.kind)).toEqual(["zone.red-green.rule"]);
        expect(judged(true)).toEqual(known);
    });

    test("where only one layer holds a flow, the advisory names that layer and the ends the block sweeps together", () => {
        const net = threeZones(false);
        for (const acl of ["db-nacl", "db-nacl-in-100", "db-nacl-in-110", "db-nacl-out-100", "db-nacl-out-110"])
            net.remove(acl);
        const [finding, ...others] = forbidRedGreenPaths.evaluate(net.records);
        expect(others).toEqual([]);
        expect(finding!.kind).toBe("zone.red-green.held-by-one-layer");
        const { holds, from, to, element } = finding!.evidence!;
        expect(holds).toBe('the egress rules of security group "db-sg" in subnet "db-a"');
        expect(element.name).toBe("internet-to-alb");
        expect([...from!, ...to!].map((e) => [e.place, "value" in e.zone ? e.zone.value : e.zone.state])).toEqual([
            ['subnet "db-a"', "green"],
            ['security group "alb-sg"', "red"],
        ]);
    });
});

describe("every finding carries its evidence: the path hop by hop, the values read, what was not known", () => {
    test("a path through a transit gateway, hop by hop, each hop naming its element; the message reads the hops in order", () => {
        for (const preview of [false, true]) {
            const net = hub("tgw", preview);
            const finding = forbidRedGreenPaths.evaluate(net.records).find((f) => nameOf(f.urn) === "green-prop")!;
            const element = (name: string) => ({ urn: urnOf(net.records, name), name, type: net.get(name).type });
            const path = [
                {
                    element: element("red-to-green"),
                    text: 'route "red-to-green" sends 10.3.0.0/16 to transit gateway "hub"',
                },
                {
                    element: element("green-prop"),
                    text: 'transit gateway route table "shared-rt", associated with transit gateway attachment "red-att", holds transit gateway route table propagation "green-prop" toward transit gateway attachment "green-att"',
                },
            ];
            expect(finding.kind).toBe("zone.red-green.route");
            expect(finding.evidence!.layer).toBe("routing");
            expect(finding.evidence!.path).toEqual(path);
            expect(finding.message).toContain(`: ${path.map((h) => h.text).join("; ")}; red reaches green`);
        }
    });

    test("a rule whose peer is not known until apply names the unknown value", () => {
        const net = threeZones(true);
        net.ingress("to-app", "app-sg", "10.0.0.0/24", "tcp", [443, 443]);
        net.change("to-app", { cidrIpv4: UNKNOWN });
        const found = forbidRedGreenPaths.evaluate(net.records).filter((f) => nameOf(f.urn) === "to-app");
        expect(found.map((f) => [f.kind, f.evidence])).toEqual([
            [
                "zone.red-green.undetermined",
                {
                    element: { urn: urnOf(net.records, "to-app"), name: "to-app", type: net.get("to-app").type },
                    layer: "security-group rule",
                    reading: { label: 'security group rule "to-app"', group: 'security group "app-sg"' },
                    unknown: [
                        { what: 'the address blocks of security group rule "to-app"', reason: "not known until apply" },
                    ],
                },
            ],
        ]);
    });

    test("an end whose zone cannot be told names that end, its resource and why, beside the ends and the traffic", () => {
        const net = threeZones(false);
        net.subnet("lab-a", "core", "10.0.9.0/24", "green");
        net.change("lab-a", { tags: {} });
        net.ingress("lab-to-app", "app-sg", "10.0.9.0/24", "tcp", [8443, 8443]);
        const [finding, ...others] = forbidRedGreenPaths
            .evaluate(net.records)
            .filter((f) => nameOf(f.urn) === "lab-to-app");
        expect(others).toEqual([]);
        expect(finding!.kind).toBe("zone.red-green.undetermined");
        const lab = { urn: urnOf(net.records, "lab-a"), name: "lab-a", type: net.get("lab-a").type };
        expect(finding!.evidence!.unknown).toEqual([
            { of: lab, what: 'demarc:zone of subnet "lab-a"', reason: expect.stringContaining("demarc:zone") },
        ]);
        expect(finding!.evidence!.from!.map((e) => [e.place, e.zone])).toEqual([
            ['subnet "lab-a"', { state: "missing", reason: finding!.evidence!.unknown![0]!.reason }],
        ]);
        expect(finding!.evidence!.traffic).toBe("tcp 8443");
    });
});

describe("findings off the network carry the values they rest on, with where each was read", () => {
    const partner = awsProvider({ "demarc:expires": "2026-11-01", "demarc:owner": "ops@client.example" }, "partner");
    const vpn = record(T.vpnConnection, "partner-vpn", { tags: { "demarc:zone": " Purple " } }, { provider: partner });
    const element = { urn: vpn.urn, name: "partner-vpn", type: T.vpnConnection };

    test("an odd zone value: the key, the value as written, where it was read and what is allowed", () => {
        const [finding, ...others] = validateDemarcTags.evaluate([vpn], { asOf: "2026-11-23" });
        expect(others).toEqual([]);
        expect(finding!.kind).toBe("tag.invalid-value");
        expect(finding!.evidence).toEqual({
            element,
            values: [
                {
                    name: "demarc:zone",
                    value: " Purple ",
                    from: "own tag",
                    invalid: "not-allowed",
                    allowed: "red, yellow, green",
                },
            ],
        });
    });

    test("an expiry from the provider's default tags: the date, where it came from and the day judged at", () => {
        const [finding, ...others] = refuseExpiredAccess.evaluate([vpn], { asOf: "2026-11-23" });
        expect(others).toEqual([]);
        expect(finding!.kind).toBe("expiry.expired");
        expect(finding!.evidence).toEqual({
            element,
            values: [
                { name: "demarc:expires", value: "2026-11-01", from: "provider default tags" },
                { name: "asOf", value: "2026-11-23" },
            ],
        });
    });
});

describe("a rule admitting a managed prefix list of the stack", () => {
    const withPrefixList = (entries: unknown) => {
        const net = threeZones(false);
        net.add(T.managedPrefixList, "office", { addressFamily: "IPv4", maxEntries: 5, entries });
        net.add(
            T.vpcIngressRule,
            "office-to-app",
            {
                securityGroupId: net.id("app-sg"),
                ipProtocol: "tcp",
                fromPort: 22,
                toPort: 22,
                prefixListId: net.id("office"),
            },
            { securityGroupId: net.get("app-sg"), prefixListId: net.get("office") },
        );
        return forbidRedGreenPaths.evaluate(net.records).filter((f) => nameOf(f.urn) === "office-to-app");
    };

    test("its entries read: the blocks it holds are judged", () => {
        expect(withPrefixList([{ cidr: "10.0.0.0/24" }]).map((f) => f.kind)).toEqual(["zone.red-green.rule"]);
        expect(withPrefixList([{ cidr: "10.0.1.0/24" }])).toEqual([]);
    });

    test("its entries not known until apply: undetermined, naming the prefix list, never called one outside the stack", () => {
        const found = withPrefixList(UNKNOWN);
        expect(found.map((f) => [f.kind, f.evidence?.unknown])).toEqual([
            [
                "zone.red-green.undetermined",
                [
                    {
                        what: 'the entries of managedPrefixList "office", the prefix list of security group rule "office-to-app"',
                        reason: "not known until apply",
                    },
                ],
            ],
        ]);
        expect(found[0]!.message).not.toContain("not in this stack");
    });
});

describe("a network finding's message is rendered from its evidence", () => {
    test("on every layer, the evidence read back from JSON renders the message: the reading of the element, then the verdict", () => {
        const rule = threeZones(false);
        rule.ingress("public-to-app", "app-sg", "10.0.0.0/24", "tcp", [8443, 8443]);
        rule.egress("app-to-public", "app-sg", "10.0.0.0/24", "tcp", [22, 22]);
        const acl = threeZones(false);
        acl.add(
            T.networkAclRule,
            "app-nacl-in-50",
            {
                networkAclId: acl.id("app-nacl"),
                ruleNumber: 50,
                egress: false,
                ruleAction: "allow",
                cidrBlock: "0.0.0.0/0",
                protocol: "-1",
                fromPort: 0,
                toPort: 0,
            },
            { networkAclId: acl.get("app-nacl") },
        );
        const vpn = withClientVpn(false);
        vpn.authorize("to-app", "engineers-vpn", "10.0.2.0/24");
        const findings = [rule, acl, vpn, hub("tgw", false), hub("tgw", false, ["acme", "globex"])].flatMap((net) =>
            [forbidRedGreenPaths, requireEncryptedCrossZoneFlows, isolateTenants].flatMap((p) =>
                p.evaluate(net.records),
            ),
        );
        const read = findings.filter((f) => f.evidence?.reading && f.evidence.from);
        expect(new Set(read.map((f) => f.evidence!.layer))).toEqual(
            new Set(["security-group rule", "network ACL entry", "routing", "Client VPN authorization"]),
        );
        for (const finding of read) {
            const evidence = JSON.parse(JSON.stringify(finding.evidence)) as FindingEvidence;
            expect(finding.message.startsWith(readingText(evidence))).toBe(true);
        }
        expect(notRenderedFromEvidence(findings)).toEqual([]);
    });
});
