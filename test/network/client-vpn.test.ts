import { describe, expect, test } from "vitest";
import { T } from "../../lib/aws-types";
import requireEncryptedCrossZoneFlows from "../../policy-pack/policies/require-encrypted-cross-zone-flows";
import { UNKNOWN } from "../support/records";
import { findings, MODES } from "./findings";
import { type Net, withClientVpn } from "./fixture";

const CLIENTS =
    'the clients of Client VPN endpoint "engineers-vpn" (red, tenant acme), arriving over its encrypted tunnel into subnet "dmz-a" (yellow)';

function redGreen(rule: string, reach: string) {
    return {
        policy: "forbid-red-green-paths",
        resource: rule,
        level: "policy",
        message: `Client VPN authorization rule "${rule}" lets ${CLIENTS}, reach ${reach}: red reaches green directly; route it through yellow`,
    };
}

/** A yellow edge VPC of tenant acme routed to the internet, with a Client VPN into its subnet edge-a authorized everywhere. */
function edgeClientVpn(net: Net) {
    net.vpc("edge", "10.5.0.0/16", { "demarc:tenant": "acme" });
    net.subnet("edge-a", "edge", "10.5.0.0/24", "yellow");
    net.add(T.internetGateway, "edge-igw", { vpcId: net.id("edge") }, { vpcId: net.get("edge") });
    net.routeTable("edge-rt", "edge", ["edge-a"]);
    net.route("edge-default", "edge-rt", "0.0.0.0/0", ["gatewayId", "edge-igw"]);
    net.group("edge-vpn-sg", "edge", "yellow");
    net.clientVpn("edge-vpn", "edge", ["edge-vpn-sg"], ["edge-a"]);
    net.authorize("edge-anywhere", "edge-vpn", "0.0.0.0/0");
    net.add(
        T.clientVpnRoute,
        "edge-internet",
        {
            clientVpnEndpointId: net.id("edge-vpn"),
            destinationCidrBlock: "0.0.0.0/0",
            targetVpcSubnetId: net.id("edge-a"),
        },
        { clientVpnEndpointId: net.get("edge-vpn"), targetVpcSubnetId: net.get("edge-a") },
    );
}

describe.each(MODES)("Client VPN (%s)", (_mode, preview) => {
    test("a Client VPN into yellow, authorized to the DMZ only, has no finding", () => {
        expect(findings(withClientVpn(preview))).toEqual([]);
    });

    test("an authorization rule covering a green subnet lets red reach green", () => {
        const net = withClientVpn(preview);
        net.authorize("engineers-to-app", "engineers-vpn", "10.0.2.0/24");
        expect(findings(net)).toEqual([
            redGreen("engineers-to-app", '10.0.2.0/24 (subnet "app-a", green, tenant acme)'),
        ]);
    });

    test("an authorization rule covering half of a green subnet still reaches green", () => {
        const net = withClientVpn(preview);
        net.authorize("engineers-to-db-half", "engineers-vpn", "10.0.3.128/25");
        expect(findings(net)).toEqual([
            redGreen("engineers-to-db-half", '10.0.3.128/25 (subnet "db-a", green, tenant acme)'),
        ]);
    });

    test("a green subnet whose network ACL keeps the associated subnet out is not reached", () => {
        const net = withClientVpn(preview);
        net.authorize("engineers-to-app", "engineers-vpn", "10.0.2.0/24");
        net.change("app-nacl-in-100", { cidrBlock: "10.0.9.0/24" });
        expect(findings(net)).toEqual([]);
    });

    test("authorizing 0.0.0.0/0 reaches every subnet of the VPC the network lets through", () => {
        const net = withClientVpn(preview);
        net.authorize("engineers-anywhere", "engineers-vpn", "0.0.0.0/0");
        expect(findings(net)).toEqual([
            redGreen("engineers-anywhere", '0.0.0.0/0 (subnets "app-a", "db-a", green, tenant acme)'),
        ]);
    });

    test("authorizing 0.0.0.0/0 with a route to the internet from a VPC without green is red reaching red, until green joins the VPC", () => {
        const net = withClientVpn(preview);
        edgeClientVpn(net);
        expect(findings(net)).toEqual([]);
        net.subnet("edge-b", "edge", "10.5.1.0/24", "green");
        expect(findings(net)).toEqual([
            {
                policy: "forbid-red-green-paths",
                resource: "edge-anywhere",
                level: "policy",
                message:
                    'Client VPN authorization rule "edge-anywhere" lets the clients of Client VPN endpoint "edge-vpn" (red, tenant acme), arriving over its encrypted tunnel into subnet "edge-a" (yellow), reach 0.0.0.0/0 (subnet "edge-b", green, tenant acme): red reaches green directly; route it through yellow',
            },
        ]);
    });

    test("a rule admitting the endpoint's group into green is judged like any other: encrypted passes, plaintext does not", () => {
        const net = withClientVpn(preview);
        net.ingress("vpn-to-app-https", "app-sg", "vpn-sg", "tcp", [443, 443]);
        expect(findings(net)).toEqual([]);
        net.ingress("vpn-to-app-http", "app-sg", "vpn-sg", "tcp", [80, 80]);
        expect(findings(net)).toEqual([
            {
                policy: "require-encrypted-cross-zone-flows",
                resource: "vpn-to-app-http",
                level: "policy",
                message:
                    'security group rule "vpn-to-app-http" admits security group "vpn-sg" (yellow, tenant acme) to security group "app-sg" (green, tenant acme) on tcp 80: tcp 80 is not an encrypted protocol and port; yellow->green flows must be encrypted or ride a VPN',
            },
        ]);
    });

    test("the endpoint's group sits in every associated subnet, whatever the endpoint's own tags", () => {
        const net = withClientVpn(preview);
        net.change("engineers-vpn", { tags: { "demarc:zone": "yellow" } });
        net.add(
            T.clientVpnNetworkAssociation,
            "engineers-vpn-app-a",
            { clientVpnEndpointId: net.id("engineers-vpn"), subnetId: net.id("app-a") },
            { clientVpnEndpointId: net.get("engineers-vpn"), subnetId: net.get("app-a") },
        );
        expect(findings(net)).toEqual([
            {
                policy: "require-demarc-tags",
                resource: "vpn-sg",
                level: "policy",
                message:
                    'security group "vpn-sg" (yellow) is attached to Client VPN endpoint "engineers-vpn" (green, from subnet "app-a"): a group shared across zones lets one zone\'s rules admit another\'s resources; use one group per zone',
            },
        ]);
    });

    test("an authorization rule covering another tenant's subnet", () => {
        const net = withClientVpn(preview);
        net.add(
            T.subnet,
            "globex-a",
            {
                vpcId: net.id("core"),
                cidrBlock: "10.0.9.0/24",
                tags: { "demarc:zone": "yellow", "demarc:tenant": "globex" },
            },
            { vpcId: net.get("core") },
        );
        net.nacl(
            "globex-nacl",
            "core",
            ["globex-a"],
            [
                [100, false, "allow", "10.0.1.0/24", "-1", 0, 0],
                [100, true, "allow", "10.0.1.0/24", "-1", 0, 0],
            ],
        );
        // ACL entries naming the other tenant's subnet (the VPC's whole range, and dmz-a) are breaches of their own.
        expect(findings(net).map((f) => [f.policy, f.resource])).toEqual([
            ["isolate-tenants", "db-nacl-in-110"],
            ["isolate-tenants", "db-nacl-out-110"],
            ["isolate-tenants", "globex-nacl-in-100"],
            ["isolate-tenants", "globex-nacl-out-100"],
        ]);
        net.authorize("engineers-to-globex", "engineers-vpn", "10.0.9.0/24");
        expect(findings(net).filter((f) => f.resource === "engineers-to-globex")).toEqual([
            {
                policy: "isolate-tenants",
                resource: "engineers-to-globex",
                level: "policy",
                message: `Client VPN authorization rule "engineers-to-globex" lets ${CLIENTS}, reach 10.0.9.0/24 (subnet "globex-a", yellow, tenant globex): tenant acme reaches tenant globex; tenants must never reach each other`,
            },
        ]);
    });

    test("the tunnel is encrypted, but a zone flow the matrix denies stays denied", () => {
        const net = withClientVpn(preview);
        const denied = requireEncryptedCrossZoneFlows.evaluate(net.records, { zoneFlows: { "red->yellow": "deny" } });
        expect(denied.filter((f) => f.urn.endsWith("::engineers-to-dmz")).map((f) => [f.level, f.message])).toEqual([
            [
                "policy",
                `Client VPN authorization rule "engineers-to-dmz" lets ${CLIENTS}, reach 10.0.1.0/24 (subnet "dmz-a", yellow, tenant acme): the zone flow matrix denies red->yellow flows`,
            ],
        ]);
    });

    test("an authorization rule on an endpoint outside the stack is listed as unmodelled", () => {
        const net = withClientVpn(preview);
        net.add(T.clientVpnAuthorizationRule, "elsewhere-to-app", {
            clientVpnEndpointId: "cvpn-endpoint-0123456789abcdef0",
            targetNetworkCidr: "10.0.2.0/24",
            authorizeAllGroups: true,
        });
        expect(findings(net)).toEqual([
            {
                policy: "report-unmodelled-connectivity",
                resource: "elsewhere-to-app",
                level: "advisory",
                message:
                    'the network model does not cover 1 connectivity item, so no zone or tenant path through it is checked: Client VPN resources joining what is not in this stack: authorizationRule "elsewhere-to-app" (Client VPN endpoint cvpn-endpoint-0123456789abcdef0, which is not in this stack)',
            },
        ]);
    });

    test("an endpoint attached to a transit gateway is listed as unmodelled", () => {
        const net = withClientVpn(preview);
        net.change("engineers-vpn", { transitGatewayConfiguration: { availabilityZoneIds: ["use1-az1"] } });
        expect(findings(net)).toEqual([
            {
                policy: "report-unmodelled-connectivity",
                resource: "engineers-vpn",
                level: "advisory",
                message:
                    'the network model does not cover 1 connectivity item, so no zone or tenant path through it is checked: Client VPN endpoints attached to a transit gateway: Client VPN endpoint "engineers-vpn"',
            },
        ]);
    });
});

describe("Client VPN unknown values", () => {
    const undetermined = (rule: string, what: string) =>
        [
            ["forbid-red-green-paths", "whether it lets red reach green"],
            ["isolate-tenants", "whether it joins two tenants"],
        ].map(([policy, question]) => ({
            policy,
            resource: rule,
            level: "advisory",
            message: `undetermined: Client VPN authorization rule "${rule}" of Client VPN endpoint "engineers-vpn": ${what} is not known until apply; ${question} cannot be decided`,
        }));

    test("a target network unknown at preview and not named by the engine is undetermined, not compliant", () => {
        const net = withClientVpn(true);
        net.add(
            T.clientVpnAuthorizationRule,
            "engineers-later",
            { clientVpnEndpointId: net.id("engineers-vpn"), targetNetworkCidr: UNKNOWN, authorizeAllGroups: true },
            { clientVpnEndpointId: net.get("engineers-vpn") },
        );
        expect(findings(net)).toEqual(
            undetermined("engineers-later", 'the target network of Client VPN authorization rule "engineers-later"'),
        );
    });

    test("a target network computed from a subnet at a first preview is read from that subnet", () => {
        const net = withClientVpn(true);
        net.add(
            T.clientVpnAuthorizationRule,
            "engineers-to-app",
            { clientVpnEndpointId: net.id("engineers-vpn"), targetNetworkCidr: UNKNOWN, authorizeAllGroups: true },
            { clientVpnEndpointId: net.get("engineers-vpn"), targetNetworkCidr: net.get("app-a") },
        );
        expect(findings(net)).toEqual([
            redGreen("engineers-to-app", '10.0.2.0/24 (subnet "app-a", green, tenant acme)'),
        ]);
    });

    test("an association whose subnet is unknown leaves the endpoint's authorization rules undetermined", () => {
        const net = withClientVpn(true);
        net.add(
            T.clientVpnNetworkAssociation,
            "engineers-vpn-later",
            { clientVpnEndpointId: net.id("engineers-vpn"), subnetId: UNKNOWN },
            { clientVpnEndpointId: net.get("engineers-vpn") },
        );
        expect(findings(net)).toEqual(
            undetermined("engineers-to-dmz", 'the subnet of Client VPN network association "engineers-vpn-later"'),
        );
    });
});
