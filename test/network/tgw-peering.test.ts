import { describe, expect, test } from "vitest";
import { T } from "../../lib/aws-types";
import { elementOf } from "../../lib/urn";
import reportUnmodelledConnectivity from "../../policy-pack/policies/report-unmodelled-connectivity";
import { notRenderedFromEvidence } from "../support/rendered";
import { UNKNOWN } from "../support/records";
import { findings, MODES } from "./findings";
import { Net } from "./fixture";

/**
 * Two transit gateways peered, each with one VPC of one subnet: the VPCs route each other's block to
 * their gateway, each gateway's table is associated with its VPC's attachment and with the peering
 * (the accepter on the far side), propagates its VPC, and routes the other VPC's block statically
 * into the peering.
 */
function peeredGateways(
    preview: boolean,
    [a, b]: [{ zone: string; tenant: string }, { zone: string; tenant: string }],
    routesBack = true,
): Net {
    const net = new Net(preview);
    const sides = [
        ["east", "10.1.0.0/16", a],
        ["west", "10.2.0.0/16", b],
    ] as const;
    for (const [name, cidr, place] of sides) {
        net.vpc(`${name}-vpc`, cidr, { "demarc:zone": place.zone, "demarc:tenant": place.tenant });
        net.add(
            T.subnet,
            `${name}-a`,
            { vpcId: net.id(`${name}-vpc`), cidrBlock: cidr.replace("0.0/16", "0.0/24") },
            { vpcId: net.get(`${name}-vpc`) },
        );
        net.routeTable(`${name}-rt`, `${name}-vpc`, [`${name}-a`]);
        net.add(T.transitGateway, `${name}-tgw`, {
            defaultRouteTableAssociation: "disable",
            defaultRouteTablePropagation: "disable",
        });
        net.add(
            T.tgwRouteTable,
            `${name}-tgw-rt`,
            { transitGatewayId: net.id(`${name}-tgw`) },
            { transitGatewayId: net.get(`${name}-tgw`) },
        );
        net.add(
            T.tgwVpcAttachment,
            `${name}-att`,
            {
                transitGatewayId: net.id(`${name}-tgw`),
                vpcId: net.id(`${name}-vpc`),
                subnetIds: [net.id(`${name}-a`)],
                transitGatewayDefaultRouteTableAssociation: false,
                transitGatewayDefaultRouteTablePropagation: false,
            },
            {
                transitGatewayId: net.get(`${name}-tgw`),
                vpcId: net.get(`${name}-vpc`),
                subnetIds: net.get(`${name}-a`),
            },
        );
        link(net, T.tgwRouteTableAssociation, `${name}-assoc`, `${name}-att`, `${name}-tgw-rt`);
        link(net, T.tgwRouteTablePropagation, `${name}-prop`, `${name}-att`, `${name}-tgw-rt`);
    }
    net.add(
        T.tgwPeeringAttachment,
        "east-west",
        {
            transitGatewayId: net.id("east-tgw"),
            peerTransitGatewayId: net.id("west-tgw"),
            peerRegion: "eu-west-1",
            peerAccountId: "222222222222",
        },
        { transitGatewayId: net.get("east-tgw"), peerTransitGatewayId: net.get("west-tgw") },
    );
    net.add(
        T.tgwPeeringAttachmentAccepter,
        "east-west-accept",
        { transitGatewayAttachmentId: net.id("east-west") },
        { transitGatewayAttachmentId: net.get("east-west") },
    );
    link(net, T.tgwRouteTableAssociation, "east-peer-assoc", "east-west", "east-tgw-rt");
    link(net, T.tgwRouteTableAssociation, "west-peer-assoc", "east-west-accept", "west-tgw-rt");
    staticRoute(net, "east-to-west", "east-tgw-rt", "10.2.0.0/16", "east-west");
    net.route("east-vpc-to-west", "east-rt", "10.2.0.0/16", ["transitGatewayId", "east-tgw"]);
    if (routesBack) {
        staticRoute(net, "west-to-east", "west-tgw-rt", "10.1.0.0/16", "east-west-accept");
        net.route("west-vpc-to-east", "west-rt", "10.1.0.0/16", ["transitGatewayId", "west-tgw"]);
    }
    return net;
}

function link(net: Net, type: string, name: string, attachment: string, table: string): void {
    net.add(
        type,
        name,
        { transitGatewayAttachmentId: net.id(attachment), transitGatewayRouteTableId: net.id(table) },
        { transitGatewayAttachmentId: net.get(attachment), transitGatewayRouteTableId: net.get(table) },
    );
}

function staticRoute(net: Net, name: string, table: string, destination: string, attachment: string): void {
    net.add(
        T.tgwRoute,
        name,
        {
            transitGatewayRouteTableId: net.id(table),
            destinationCidrBlock: destination,
            transitGatewayAttachmentId: net.id(attachment),
        },
        { transitGatewayRouteTableId: net.get(table), transitGatewayAttachmentId: net.get(attachment) },
    );
}

const ACME_GREEN = { zone: "green", tenant: "acme" };

describe.each(MODES)("transit gateway peering (%s)", (_mode, preview) => {
    test("one tenant's green VPCs peered through their gateways: no finding", () => {
        expect(findings(peeredGateways(preview, [ACME_GREEN, ACME_GREEN]))).toEqual([]);
    });

    test("two tenants' gateways peered with static routes both ways", () => {
        const found = findings(peeredGateways(preview, [ACME_GREEN, { zone: "green", tenant: "globex" }]));
        expect(found.map((f) => [f.policy, f.resource, f.level])).toEqual([
            ["isolate-tenants", "east-to-west", "policy"],
            ["isolate-tenants", "west-to-east", "policy"],
        ]);
        expect(found[0].message).toBe(
            'transit gateway route "east-to-west" lets subnet "east-a" (green, tenant acme) reach subnet "west-a" (green, tenant globex): route "east-vpc-to-west" sends 10.2.0.0/16 to transit gateway "east-tgw"; transit gateway route table "east-tgw-rt", associated with transit gateway attachment "east-att", holds transit gateway route "east-to-west" toward transit gateway peering attachment "east-west"; across it transit gateway route table "west-tgw-rt" holds transit gateway route table propagation "west-prop" toward transit gateway attachment "west-att"; tenant acme reaches tenant globex; tenants must never share a route',
        );
    });

    test("red and green peered through gateways, one way", () => {
        const found = findings(peeredGateways(preview, [{ zone: "red", tenant: "acme" }, ACME_GREEN], false));
        expect(found.map((f) => [f.policy, f.resource, f.level])).toEqual([
            ["forbid-red-green-paths", "east-to-west", "policy"],
        ]);
    });

    test("a peering to a gateway outside the stack is listed, and a green route into it reaches red", () => {
        const net = peeredGateways(preview, [ACME_GREEN, ACME_GREEN]);
        net.change("east-west", { peerTransitGatewayId: "tgw-0123456789abcdef0" });
        const changed = net.records.find((r) => r.name === "east-west")!;
        net.records[net.records.indexOf(changed)] = {
            ...changed,
            propertyDependencies: { transitGatewayId: [net.get("east-tgw").urn] },
        };
        staticRoute(net, "east-to-far", "east-tgw-rt", "172.16.0.0/12", "east-west");
        net.route("east-vpc-to-far", "east-rt", "172.16.0.0/12", ["transitGatewayId", "east-tgw"]);
        expect(findings(net).map((f) => [f.policy, f.resource, f.level])).toEqual([
            ["forbid-red-green-paths", "east-to-far", "policy"],
            ["report-unmodelled-connectivity", "east-west", "advisory"],
        ]);
        const outside = (peer: string) => {
            net.change("east-west", { peerTransitGatewayId: peer });
            const found = reportUnmodelledConnectivity.evaluate(net.records);
            expect(notRenderedFromEvidence(found)).toEqual([]);
            return found.map((f) => [f.kind, f.evidence?.unmodelled, f.message]);
        };
        const what = "transit gateway peering to gateways outside this stack (what lies beyond is not followed)";
        const element = elementOf(net.get("east-west"));
        expect(outside("tgw-0123456789abcdef0")).toEqual([
            [
                "coverage.unmodelled",
                [{ what, items: [{ element, outside: { what: "transit gateway", id: "tgw-0123456789abcdef0" } }] }],
                `the network model does not cover 1 connectivity item, so no zone or tenant path through it is checked: ${what}: peeringAttachment "east-west" (tgw-0123456789abcdef0)`,
            ],
        ]);
        expect(outside(UNKNOWN)).toEqual([
            [
                "coverage.unmodelled",
                [{ what, items: [{ element, outside: { what: "transit gateway", unknown: true } }] }],
                `the network model does not cover 1 connectivity item, so no zone or tenant path through it is checked: ${what}: peeringAttachment "east-west" (the peer gateway of transit gateway peering attachment "east-west")`,
            ],
        ]);
    });
});
