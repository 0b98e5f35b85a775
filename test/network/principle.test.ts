import { describe, expect, test } from "vitest";
import { T } from "../../lib/aws-types";
import { findings, MODES } from "./findings";
import { threeZones } from "./fixture";

/**
 * What an element admits: explicit peers (a group, the internet, a declared subnet a block names
 * within its VPC's range) are judged whatever other layers do; incidental peers (subnets swept into a
 * block wider than their VPC) count where a flow gets through end to end, and where one layer alone
 * holds it, that is advisory.
 */
describe.each(MODES)("explicit and incidental peers (%s)", (_mode, preview) => {
    test("a rule naming the red subnet's block into green is a breach although the green subnet's ACL drops it", () => {
        const net = threeZones(preview);
        net.ingress("public-to-app", "app-sg", "10.0.0.0/24", "tcp", [8443, 8443]);
        expect(findings(net)).toEqual([
            {
                policy: "forbid-red-green-paths",
                resource: "public-to-app",
                level: "policy",
                message:
                    'security group rule "public-to-app" admits 10.0.0.0/24 (subnet "public-a", red, tenant acme) to security group "app-sg" (green, tenant acme) on tcp 8443: red reaches green directly; route it through yellow',
            },
        ]);
    });

    test("a rule naming a green subnet's block into red is a breach although that subnet's ACL denies red", () => {
        const net = threeZones(preview);
        net.ingress("db-to-alb", "alb-sg", "10.0.3.0/24", "tcp", [443, 443]);
        expect(findings(net)).toEqual([
            {
                policy: "forbid-red-green-paths",
                resource: "db-to-alb",
                level: "policy",
                message:
                    'security group rule "db-to-alb" admits 10.0.3.0/24 (subnet "db-a", green, tenant acme) to security group "alb-sg" (red, tenant acme) on tcp 443: green reaches red directly; route it through yellow',
            },
        ]);
    });

    test("0.0.0.0/0 into a red edge group is not green reaching red while green cannot send there; one holding layer is advisory", () => {
        const net = threeZones(preview);
        for (const acl of ["db-nacl", "db-nacl-in-100", "db-nacl-in-110", "db-nacl-out-100", "db-nacl-out-110"])
            net.remove(acl);
        expect(findings(net)).toEqual([
            {
                policy: "forbid-red-green-paths",
                resource: "internet-to-alb",
                level: "advisory",
                message:
                    'security group rule "internet-to-alb" admits 0.0.0.0/0 to security group "alb-sg" (red, tenant acme), a block that sweeps in subnet "db-a" (green, tenant acme): no flow gets through, but only the egress rules of security group "db-sg" in subnet "db-a" holds it; defence in depth: narrow the block',
            },
        ]);
        net.egress("db-to-alb-out", "db-sg", "alb-sg", "tcp", [443, 443]);
        expect(findings(net)).toEqual([
            {
                policy: "forbid-red-green-paths",
                resource: "internet-to-alb",
                level: "policy",
                message:
                    'security group rule "internet-to-alb" admits 0.0.0.0/0 (subnet "db-a", green, tenant acme) to security group "alb-sg" (red, tenant acme) on tcp 443: green reaches red directly; route it through yellow',
            },
        ]);
    });

    test("the same sweep held only by the ACL is advisory, naming the ACL", () => {
        const net = threeZones(preview);
        net.egress("db-to-alb-out", "db-sg", "alb-sg", "tcp", [443, 443]);
        expect(findings(net)).toEqual([
            {
                policy: "forbid-red-green-paths",
                resource: "internet-to-alb",
                level: "advisory",
                message:
                    'security group rule "internet-to-alb" admits 0.0.0.0/0 to security group "alb-sg" (red, tenant acme), a block that sweeps in subnet "db-a" (green, tenant acme): no flow gets through, but only network ACL "db-nacl" holds it; defence in depth: narrow the block',
            },
        ]);
    });

    test("a green subnet's ACL entry allowing everything from 0.0.0.0/0 is judged as a rule while the groups stop the traffic", () => {
        const net = threeZones(preview);
        net.add(
            T.networkAclRule,
            "app-nacl-in-50",
            {
                networkAclId: net.id("app-nacl"),
                ruleNumber: 50,
                egress: false,
                ruleAction: "allow",
                cidrBlock: "0.0.0.0/0",
                protocol: "-1",
                fromPort: 0,
                toPort: 0,
            },
            { networkAclId: net.get("app-nacl") },
        );
        expect(findings(net)).toEqual([
            {
                policy: "forbid-red-green-paths",
                resource: "app-nacl-in-50",
                level: "policy",
                message:
                    'network ACL rule "app-nacl-in-50" (network ACL "app-nacl", ingress rule 50) lets 0.0.0.0/0 (the internet, red) into subnet "app-a" (green, tenant acme) on all traffic (protocol -1): red reaches green directly; route it through yellow',
            },
        ]);
    });

    test("an ACL entry shadowed by an earlier deny admits nothing", () => {
        const net = threeZones(preview);
        net.add(
            T.networkAclRule,
            "db-nacl-in-120",
            {
                networkAclId: net.id("db-nacl"),
                ruleNumber: 120,
                egress: false,
                ruleAction: "allow",
                cidrBlock: "10.0.0.0/24",
                protocol: "tcp",
                fromPort: 443,
                toPort: 443,
            },
            { networkAclId: net.get("db-nacl") },
        );
        expect(findings(net)).toEqual([]);
        net.change("db-nacl-in-120", { ruleNumber: 90 });
        expect(findings(net).map((f) => [f.policy, f.resource, f.level])).toEqual([
            ["forbid-red-green-paths", "db-nacl-in-120", "policy"],
        ]);
    });

    test("the VPC's default ACL, managed by the stack, is judged by its rules", () => {
        const net = threeZones(preview);
        net.add(
            T.defaultNetworkAcl,
            "core-default-acl",
            {
                defaultNetworkAclId: preview ? net.id("core") : "acl-core",
                ingress: [
                    { ruleNo: 100, action: "allow", cidrBlock: "0.0.0.0/0", protocol: "-1", fromPort: 0, toPort: 0 },
                ],
                egress: [
                    { ruleNo: 100, action: "allow", cidrBlock: "0.0.0.0/0", protocol: "-1", fromPort: 0, toPort: 0 },
                ],
            },
            { defaultNetworkAclId: net.get("core") },
        );
        net.change("core", { defaultNetworkAclId: "acl-core" });
        expect(findings(net)).toEqual([]);
        net.subnet("app-b", "core", "10.0.4.0/24", "green");
        const found = findings(net);
        expect(found.map((f) => [f.policy, f.resource, f.level])).toEqual([
            ["forbid-red-green-paths", "internet-to-alb", "policy"],
            ["forbid-red-green-paths", "core-default-acl", "policy"],
            ["forbid-red-green-paths", "core-default-acl", "policy"],
        ]);
        expect(found.slice(1).map((f) => f.message)).toEqual([
            'rule 100 (ingress) of network ACL "core-default-acl" lets 0.0.0.0/0 (the internet, red) into subnet "app-b" (green, tenant acme) on all traffic (protocol -1): red reaches green directly; route it through yellow',
            'rule 100 (egress) of network ACL "core-default-acl" lets subnet "app-b" (green, tenant acme) send to 0.0.0.0/0 (the internet, red) on all traffic (protocol -1): green reaches red directly; route it through yellow',
        ]);
    });
});
