import fc from "fast-check";
import { expect, test } from "vitest";
import { T } from "../../lib/aws-types";
import { networkModel } from "../../lib/network/model";
import { Placement } from "../../lib/placement";
import type { ResourceRecord } from "../../lib/resource";
import { StackIndex } from "../../lib/stack";
import { POLICIES } from "../../policy-pack/policies";
import { awsProvider, UNKNOWN, urnOf } from "../support/records";

const NETWORK_TYPES = [
    T.vpc,
    T.subnet,
    T.securityGroup,
    T.securityGroupRule,
    T.vpcIngressRule,
    T.vpcEgressRule,
    T.networkAcl,
    T.networkAclRule,
    T.networkAclAssociation,
    T.defaultNetworkAcl,
    T.routeTable,
    T.defaultRouteTable,
    T.route,
    T.routeTableAssociation,
    T.mainRouteTableAssociation,
    T.internetGateway,
    T.natGateway,
    T.vpnGateway,
    T.vpnConnection,
    T.vpcPeeringConnection,
    T.transitGateway,
    T.tgwVpcAttachment,
    T.tgwRouteTable,
    T.tgwRouteTableAssociation,
    T.tgwRouteTablePropagation,
    T.tgwRoute,
    T.instance,
    T.networkInterface,
    T.networkInterfaceSgAttachment,
    T.vpcEndpoint,
    T.loadBalancer,
    T.managedPrefixList,
    T.clientVpnEndpoint,
    T.clientVpnNetworkAssociation,
    T.clientVpnAuthorizationRule,
    T.clientVpnRoute,
    T.defaultSecurityGroup,
    "aws:directconnect/gateway:Gateway",
];
const IDS = ["a", "b", "c", "d", "e"].map((n) => `${n}-id`);
const PROPS = [
    "id",
    "vpcId",
    "subnetId",
    "subnetIds",
    "cidrBlock",
    "ipv6CidrBlock",
    "cidrIpv4",
    "cidrIpv6",
    "cidrBlocks",
    "ipv6CidrBlocks",
    "securityGroupId",
    "referencedSecurityGroupId",
    "sourceSecurityGroupId",
    "vpcSecurityGroupIds",
    "securityGroups",
    "ingress",
    "egress",
    "protocol",
    "ipProtocol",
    "fromPort",
    "toPort",
    "type",
    "self",
    "routes",
    "routeTableId",
    "destinationCidrBlock",
    "gatewayId",
    "transitGatewayId",
    "vpcPeeringConnectionId",
    "natGatewayId",
    "peerVpcId",
    "networkAclId",
    "ruleNumber",
    "ruleAction",
    "egress",
    "transitGatewayAttachmentId",
    "transitGatewayRouteTableId",
    "prefixListId",
    "prefixListIds",
    "entries",
    "tags",
    "blackhole",
    "defaultRouteTableAssociation",
    "transitGatewayDefaultRouteTableAssociation",
    "securityGroupIds",
    "clientVpnEndpointId",
    "targetNetworkCidr",
    "targetVpcSubnetId",
    "authorizeAllGroups",
    "transitGatewayConfiguration",
];

const scalar = fc.oneof(
    fc.constantFrom(
        ...IDS,
        UNKNOWN,
        "0.0.0.0/0",
        "::/0",
        "10.0.0.0/16",
        "10.0.1.0/24",
        "10.0.1.128/25",
        "2600::/56",
        "-1",
        "tcp",
        "6",
        "ingress",
        "egress",
        "allow",
        "deny",
        "local",
        "disable",
        "not a cidr/99",
    ),
    fc.integer({ min: -5, max: 70000 }),
    fc.boolean(),
    fc.constant(null),
    fc.string({ maxLength: 6 }),
);
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
    v: fc.oneof(
        { depthSize: "small" },
        scalar,
        fc.array(tie("v"), { maxLength: 3 }),
        fc.dictionary(fc.constantFrom(...PROPS), tie("v"), { maxKeys: 4 }),
    ),
})).v;

const hostileRecord = fc
    .record({
        type: fc.constantFrom(...NETWORK_TYPES),
        name: fc.constantFrom("a", "b", "c", "d", "e", "f"),
        props: fc.dictionary(fc.constantFrom(...PROPS), value, { maxKeys: 10 }),
        zone: fc.constantFrom("red", "yellow", "green", "purple", UNKNOWN, undefined),
        deps: fc.dictionary(
            fc.constantFrom(...PROPS),
            fc.array(fc.constantFrom("a", "b", "c", "d"), { maxLength: 2 }),
            { maxKeys: 3 },
        ),
        depType: fc.constantFrom(...NETWORK_TYPES),
    })
    .map(({ type, name, props, zone, deps, depType }): ResourceRecord => ({
        type,
        name,
        urn: urnOf(type, name),
        props:
            zone === undefined
                ? props
                : { ...props, tags: { "demarc:zone": zone, "demarc:tenant": name === "a" ? "globex" : "acme" } },
        provider: awsProvider({ "demarc:side": "client" }),
        propertyDependencies: Object.fromEntries(
            Object.entries(deps).map(([k, names]) => [k, names.map((n) => urnOf(depType, n))]),
        ),
    }));

test("random and hostile records: the model and every policy return findings or nothing, never throw", () => {
    fc.assert(
        fc.property(fc.array(hostileRecord, { maxLength: 25 }), (records) => {
            const index = new StackIndex(records);
            networkModel(index, new Placement(index));
            for (const policy of POLICIES) {
                for (const finding of policy.evaluate(records)) {
                    expect(typeof finding.message).toBe("string");
                    expect(typeof finding.urn).toBe("string");
                }
            }
        }),
        { numRuns: 1000 },
    );
});
