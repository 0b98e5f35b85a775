import { describe, expect, test } from "vitest";
import forbidRedGreenPaths from "../../policy-pack/policies/forbid-red-green-paths";
import isolateTenants from "../../policy-pack/policies/isolate-tenants";
import requireEncryptedCrossZoneFlows from "../../policy-pack/policies/require-encrypted-cross-zone-flows";
import { threeZones } from "./fixture";

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
        expect([...from, ...to].map((e) => [e.place, "value" in e.zone ? e.zone.value : e.zone.state])).toEqual([
            ['subnet "db-a"', "green"],
            ['security group "alb-sg"', "red"],
        ]);
    });
});
