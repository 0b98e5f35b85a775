import { describe, expect, test } from "vitest";
import { T } from "../../lib/aws-types";
import requireEncryptedCrossZoneFlows from "../../policy-pack/policies/require-encrypted-cross-zone-flows";
import { UNKNOWN } from "../support/records";
import { findings, MODES } from "./findings";
import { hub, threeZones } from "./fixture";

describe.each(MODES)("network policies (%s)", (_mode, preview) => {
    test("a compliant three-zone network has no finding", () => {
        expect(findings(threeZones(preview))).toEqual([]);
    });

    test("a green group open to the internet", () => {
        const net = threeZones(preview);
        net.ingress("green-from-anywhere", "app-sg", "0.0.0.0/0", "tcp", [443, 443]);
        expect(findings(net)).toEqual([
            {
                policy: "forbid-red-green-paths",
                resource: "green-from-anywhere",
                level: "policy",
                message:
                    'security group rule "green-from-anywhere" admits 0.0.0.0/0 (the internet, red) to security group "app-sg" (green, tenant acme) on tcp 443: red reaches green directly; route it through yellow',
            },
        ]);
    });

    test("IPv6: a green group open to ::/0", () => {
        const net = threeZones(preview);
        net.ingress("green-from-anywhere-v6", "app-sg", "::/0", "tcp", [443, 443]);
        expect(findings(net)).toEqual([
            {
                policy: "forbid-red-green-paths",
                resource: "green-from-anywhere-v6",
                level: "policy",
                message:
                    'security group rule "green-from-anywhere-v6" admits ::/0 (the internet, red) to security group "app-sg" (green, tenant acme) on tcp 443: red reaches green directly; route it through yellow',
            },
        ]);
    });

    test("a route from a green subnet to the internet gateway", () => {
        const net = threeZones(preview);
        net.route("app-default", "app-rt", "0.0.0.0/0", ["gatewayId", "igw"]);
        expect(findings(net)).toEqual([
            {
                policy: "forbid-red-green-paths",
                resource: "app-default",
                level: "policy",
                message:
                    'route "app-default" lets subnet "app-a" (green, tenant acme) reach the internet through internet gateway "igw" (red): route "app-default" sends 0.0.0.0/0 to internet gateway "igw"; green reaches red directly; route it through yellow',
            },
        ]);
    });

    const plaintext = (name: string, what: string, traffic: string, why: string) => ({
        policy: "require-encrypted-cross-zone-flows",
        resource: name,
        level: "policy",
        message: `security group rule "${name}" admits ${what} to security group "app-sg" (green, tenant acme) on ${traffic}: ${why}; yellow->green flows must be encrypted or ride a VPN`,
    });
    const fromProxy = 'security group "proxy-sg" (yellow, tenant acme)';

    test("plaintext HTTP from yellow to green", () => {
        const net = threeZones(preview);
        net.ingress("proxy-to-app-http", "app-sg", "proxy-sg", "tcp", [80, 80]);
        expect(findings(net)).toEqual([
            plaintext("proxy-to-app-http", fromProxy, "tcp 80", "tcp 80 is not an encrypted protocol and port"),
        ]);
    });

    test("protocol -1 from yellow to green", () => {
        const net = threeZones(preview);
        net.ingress("proxy-to-app-all", "app-sg", "proxy-sg", "-1");
        expect(findings(net)).toEqual([
            plaintext(
                "proxy-to-app-all",
                fromProxy,
                "all traffic (protocol -1)",
                "all traffic (protocol -1) is not limited to encrypted protocols",
            ),
        ]);
    });

    test("a port range that includes plaintext ports around an encrypted one", () => {
        const net = threeZones(preview);
        net.ingress("proxy-to-app-range", "app-sg", "proxy-sg", "tcp", [8000, 9000]);
        expect(findings(net)).toEqual([
            plaintext(
                "proxy-to-app-range",
                fromProxy,
                "tcp 8000-9000",
                "tcp 8000-8442, tcp 8444-9000 are not an encrypted protocol and port",
            ),
        ]);
        const encryptedRange = threeZones(preview);
        encryptedRange.ingress("proxy-to-app-range", "app-sg", "proxy-sg", "tcp", [8000, 9000]);
        expect(
            requireEncryptedCrossZoneFlows.evaluate(encryptedRange.records, {
                encryptedPorts: [
                    { protocol: "tcp", from: 443, to: 443, name: "HTTPS" },
                    { protocol: "tcp", from: 8000, to: 9000, name: "TLS services" },
                ],
            }),
        ).toEqual([]);
    });

    test("a rule whose CIDR covers only half of a green subnet still reaches green", () => {
        const net = threeZones(preview);
        net.ingress("db-half-to-proxy", "proxy-sg", "10.0.3.128/25", "tcp", [80, 80]);
        expect(findings(net)).toEqual([
            {
                policy: "require-encrypted-cross-zone-flows",
                resource: "db-half-to-proxy",
                level: "policy",
                message:
                    'security group rule "db-half-to-proxy" admits 10.0.3.128/25 (subnet "db-a", green, tenant acme) to security group "proxy-sg" (yellow, tenant acme) on tcp 80: tcp 80 is not an encrypted protocol and port; green->yellow flows must be encrypted or ride a VPN',
            },
        ]);
    });

    test("IPv6: a rule naming part of a green subnet's IPv6 block is judged though the ACL has no IPv6 entry", () => {
        const net = threeZones(preview);
        net.ingress("db-v6-to-proxy", "proxy-sg", "2600:1f18:aaaa:3::/80", "tcp", [80, 80]);
        expect(findings(net)).toEqual([
            {
                policy: "require-encrypted-cross-zone-flows",
                resource: "db-v6-to-proxy",
                level: "policy",
                message:
                    'security group rule "db-v6-to-proxy" admits 2600:1f18:aaaa:3::/80 (subnet "db-a", green, tenant acme) to security group "proxy-sg" (yellow, tenant acme) on tcp 80: tcp 80 is not an encrypted protocol and port; green->yellow flows must be encrypted or ride a VPN',
            },
        ]);
    });

    test("a group referencing itself stays in its zone", () => {
        const net = threeZones(preview);
        net.ingress("alb-peers", "alb-sg", "alb-sg", "-1");
        net.add(
            T.securityGroup,
            "inline-sg",
            {
                vpcId: net.id("core"),
                tags: { "demarc:zone": "green" },
                ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, self: true }],
            },
            { vpcId: net.get("core") },
        );
        expect(findings(net)).toEqual([]);
    });

    test("a group used by resources in two zones", () => {
        const net = threeZones(preview);
        net.instance("proxy-2", "dmz-a", ["app-sg"]);
        expect(findings(net)).toEqual([
            {
                policy: "require-demarc-tags",
                resource: "app-sg",
                level: "policy",
                message:
                    'security group "app-sg" (green) is attached to instance "proxy-2" (yellow, from subnet "dmz-a"): a group shared across zones lets one zone\'s rules admit another\'s resources; use one group per zone',
            },
        ]);
    });

    test("a rule admitting another tenant's group", () => {
        const net = threeZones(preview);
        net.add(
            T.securityGroup,
            "globex-sg",
            { vpcId: net.id("core"), tags: { "demarc:zone": "green", "demarc:tenant": "globex" } },
            { vpcId: net.get("core") },
        );
        net.ingress("globex-to-app", "app-sg", "globex-sg", "tcp", [8443, 8443]);
        expect(findings(net)).toEqual([
            {
                policy: "isolate-tenants",
                resource: "globex-to-app",
                level: "policy",
                message:
                    'security group rule "globex-to-app" admits security group "globex-sg" (green, tenant globex) to security group "app-sg" (green, tenant acme) on tcp 8443: tenant globex reaches tenant acme; tenants must never reach each other',
            },
        ]);
    });

    test("shared services reach a tenant only encrypted", () => {
        const net = threeZones(preview);
        net.add(
            T.securityGroup,
            "shared-sg",
            { vpcId: net.id("core"), tags: { "demarc:zone": "green", "demarc:tenant": "shared" } },
            { vpcId: net.get("core") },
        );
        net.ingress("shared-to-app-tls", "app-sg", "shared-sg", "tcp", [6514, 6514]);
        expect(findings(net)).toEqual([]);
        net.ingress("shared-to-app-syslog", "app-sg", "shared-sg", "udp", [514, 514]);
        expect(findings(net)).toEqual([
            {
                policy: "isolate-tenants",
                resource: "shared-to-app-syslog",
                level: "policy",
                message:
                    'security group rule "shared-to-app-syslog" admits security group "shared-sg" (green, tenant shared) to security group "app-sg" (green, tenant acme) on udp 514: udp 514 is not an encrypted protocol and port; shared services reach tenant acme only encrypted',
            },
        ]);
    });

    test("connectivity the model does not cover is listed in one advisory", () => {
        const net = threeZones(preview);
        net.add("aws:directconnect/gateway:Gateway", "dx", { amazonSideAsn: "64512" });
        net.add("aws:networkfirewall/firewall:Firewall", "nfw", { vpcId: net.id("core") }, { vpcId: net.get("core") });
        expect(findings(net)).toEqual([
            {
                policy: "report-unmodelled-connectivity",
                resource: "dx",
                level: "advisory",
                message:
                    'the network model does not cover 2 connectivity items, so no zone or tenant path through them is checked: Direct Connect: gateway "dx"; Network Firewall: firewall "nfw"',
            },
        ]);
    });

    test("red and green peered with routes both ways", () => {
        const net = threeZones(preview);
        net.vpc("edge", "10.9.0.0/16", { "demarc:zone": "red", "demarc:tenant": "acme" });
        net.add(T.subnet, "edge-a", { vpcId: net.id("edge"), cidrBlock: "10.9.0.0/24" }, { vpcId: net.get("edge") });
        net.routeTable("edge-rt", "edge", ["edge-a"]);
        net.add(
            T.vpcPeeringConnection,
            "edge-to-green-peering",
            { vpcId: net.id("edge"), peerVpcId: net.id("core") },
            { vpcId: net.get("edge"), peerVpcId: net.get("core") },
        );
        net.route("edge-to-green", "edge-rt", "10.0.2.0/24", ["vpcPeeringConnectionId", "edge-to-green-peering"]);
        expect(findings(net)).toEqual([
            {
                policy: "forbid-red-green-paths",
                resource: "edge-to-green-peering",
                level: "policy",
                message:
                    'peering connection "edge-to-green-peering" lets subnet "edge-a" (red, tenant acme) reach subnet "app-a" (green, tenant acme): route "edge-to-green" sends 10.0.2.0/24 through peering connection "edge-to-green-peering"; red reaches green directly; route it through yellow',
            },
        ]);
    });
});

describe.each(MODES)("transit and peering paths (%s)", (_mode, preview) => {
    test("red-yellow and yellow-green peerings give no red-green path, even with routes that try", () => {
        expect(findings(hub("peerings", preview))).toEqual([]);
    });

    const propagation = (
        name: string,
        from: string,
        to: string,
        route: string,
        dest: string,
        att: string,
        toAtt: string,
        reaches: string,
    ) => ({
        policy: "forbid-red-green-paths",
        resource: name,
        level: "policy",
        message: `transit gateway route table propagation "${name}" lets subnet "${from} reach subnet "${to}: route "${route}" sends ${dest} to transit gateway "hub"; transit gateway route table "shared-rt", associated with transit gateway attachment "${att}", holds transit gateway route table propagation "${name}" toward transit gateway attachment "${toAtt}"; ${reaches} directly; route it through yellow`,
    });

    test("red and green joined through one transit-gateway route table", () => {
        expect(findings(hub("tgw", preview))).toEqual([
            propagation(
                "green-prop",
                'red-a" (red, tenant acme)',
                'green-a" (green, tenant acme)',
                "red-to-green",
                "10.3.0.0/16",
                "red-att",
                "green-att",
                "red reaches green",
            ),
            propagation(
                "red-prop",
                'green-a" (green, tenant acme)',
                'red-a" (red, tenant acme)',
                "green-to-red",
                "10.1.0.0/16",
                "green-att",
                "red-att",
                "green reaches red",
            ),
        ]);
    });

    test("a transit-gateway route table that associates but does not propagate gives no path", () => {
        expect(findings(hub("tgw-unpropagated", preview))).toEqual([]);
    });

    test("two tenants sharing a transit-gateway route table", () => {
        const tenantFindings = findings(hub("tgw", preview, ["acme", "globex"])).filter(
            (f) => f.policy === "isolate-tenants",
        );
        expect(tenantFindings.map((f) => [f.resource, f.message.split("; ").slice(-2).join("; ")])).toEqual([
            ["green-prop", "tenant acme reaches tenant globex; tenants must never share a route"],
            ["yellow-green", "tenant acme reaches tenant globex; tenants must never share a route"],
            ["red-prop", "tenant globex reaches tenant acme; tenants must never share a route"],
        ]);
    });
});

describe("unknown values", () => {
    test("a rule whose source is unknown and not named by the engine is undetermined, not compliant", () => {
        const net = threeZones(true);
        net.add(
            T.vpcIngressRule,
            "mystery-in",
            { securityGroupId: net.id("app-sg"), ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: UNKNOWN },
            { securityGroupId: net.get("app-sg") },
        );
        const what =
            'security group rule "mystery-in" on security group "app-sg": the address blocks of security group rule "mystery-in" is not known until apply';
        expect(findings(net)).toEqual([
            {
                policy: "forbid-red-green-paths",
                resource: "mystery-in",
                level: "advisory",
                message: `undetermined: ${what}; whether it lets red reach green cannot be decided`,
            },
            {
                policy: "require-encrypted-cross-zone-flows",
                resource: "mystery-in",
                level: "advisory",
                message: `undetermined: ${what}; whether the flows it admits are encrypted cannot be decided`,
            },
            {
                policy: "isolate-tenants",
                resource: "mystery-in",
                level: "advisory",
                message: `undetermined: ${what}; whether it joins two tenants cannot be decided`,
            },
        ]);
    });

    test("a CIDR computed from a subnet at a first preview is read from that subnet", () => {
        const net = threeZones(true);
        net.add(
            T.vpcIngressRule,
            "db-to-proxy",
            { securityGroupId: net.id("proxy-sg"), ipProtocol: "tcp", fromPort: 80, toPort: 80, cidrIpv4: UNKNOWN },
            { securityGroupId: net.get("proxy-sg"), cidrIpv4: net.get("db-a") },
        );
        expect(findings(net).map((f) => [f.policy, f.resource, f.level])).toEqual([
            ["require-encrypted-cross-zone-flows", "db-to-proxy", "policy"],
        ]);
    });

    test("ports unknown at preview fail closed when configured", () => {
        const net = threeZones(true);
        net.add(
            T.vpcIngressRule,
            "proxy-to-app-later",
            {
                securityGroupId: net.id("app-sg"),
                ipProtocol: "tcp",
                fromPort: UNKNOWN,
                toPort: UNKNOWN,
                referencedSecurityGroupId: net.id("proxy-sg"),
            },
            { securityGroupId: net.get("app-sg"), referencedSecurityGroupId: net.get("proxy-sg") },
        );
        const found = requireEncryptedCrossZoneFlows.evaluate(net.records, { undetermined: "mandatory" });
        expect(found.map((f) => [f.urn.split("::").pop(), f.level, f.message])).toEqual([
            [
                "proxy-to-app-later",
                "policy",
                'undetermined: security group rule "proxy-to-app-later" on security group "app-sg": the ports of security group rule "proxy-to-app-later" is not known until apply; whether the flows it admits are encrypted cannot be decided',
            ],
        ]);
    });
});
