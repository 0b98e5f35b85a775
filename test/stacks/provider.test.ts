import { beforeAll, describe, expect, it } from "vitest";
import { describeRule, mockNetwork, Network, refName, settle, TYPES } from "./mock-network";

let net: Network;
let outputs: any;

beforeAll(async () => {
    const registered = mockNetwork();
    const { providerNetwork } = await import("../../stacks/provider");
    outputs = await settle(providerNetwork().outputs);
    net = new Network(registered);
});

const tenantOf = (inputs: Record<string, any>) => inputs.tags?.["demarc:tenant"];
const zoneOf = (inputs: Record<string, any>) => inputs.tags?.["demarc:zone"];

describe("the compliant provider network", () => {
    it("marks the whole account provider-side once, on an explicit provider", () => {
        expect(
            net.map(TYPES.provider, (inputs) => [JSON.parse(inputs.allowedAccountIds), JSON.parse(inputs.defaultTags)]),
        ).toEqual({
            "provider-account": [["222222222222"], { tags: { "demarc:side": "provider" } }],
        });
    });

    it("names every resource that takes tags and scopes it to one tenant or to the shared services", () => {
        const tags = net.tags();
        expect(Object.entries(tags).filter(([name, t]) => t.Name !== name)).toEqual([]);
        const byTenant: Record<string, string[]> = {};
        for (const [name, t] of Object.entries(tags)) (byTenant[t["demarc:tenant"] ?? "none"] ??= []).push(name);
        for (const list of Object.values(byTenant)) list.sort();
        expect(byTenant).toEqual({
            shared: [
                "flow-log-delivery",
                "mssp-tgw",
                "noc-igw",
                "noc-jump-a",
                "noc-jump-sg",
                "noc-jump-to-internet-https-out",
                "noc-mgmt-a",
                "noc-mgmt-b",
                "noc-mgmt-rt",
                "noc-nat",
                "noc-nat-eip",
                "noc-public-a",
                "noc-public-rt",
                "noc-vpc",
            ],
            acme: [
                "acme-attachment",
                "acme-cgw",
                "acme-collectors-to-relay-syslog-in",
                "acme-log-relay",
                "acme-relay-sg",
                "acme-relay-to-client-syslog-out",
                "acme-services-a",
                "acme-services-b",
                "acme-services-rt",
                "acme-tgw-rt",
                "acme-vpc",
                "acme-vpc-flow-log",
                "acme-vpn",
                "noc-vpc-flow-log-acme",
            ],
            globex: [
                "globex-attachment",
                "globex-cgw",
                "globex-collectors-to-relay-syslog-in",
                "globex-log-relay",
                "globex-relay-sg",
                "globex-relay-to-client-syslog-out",
                "globex-services-a",
                "globex-services-b",
                "globex-services-rt",
                "globex-tgw-rt",
                "globex-vpc",
                "globex-vpc-flow-log",
                "globex-vpn",
                "noc-vpc-flow-log-globex",
            ],
        });
    });

    it("zones the NOC per subnet and each tenant enclave as one yellow VPC", () => {
        expect(net.map(TYPES.vpc, (i) => [i.cidrBlock, zoneOf(i), tenantOf(i)])).toEqual({
            "acme-vpc": ["10.201.0.0/16", "yellow", "acme"],
            "globex-vpc": ["10.202.0.0/16", "yellow", "globex"],
            "noc-vpc": ["10.200.0.0/16", undefined, "shared"],
        });
        expect(net.map(TYPES.subnet, (i) => [refName(i.vpcId), i.cidrBlock, i.availabilityZone, zoneOf(i)])).toEqual({
            "acme-services-a": ["acme-vpc", "10.201.0.0/24", "us-east-1a", undefined],
            "acme-services-b": ["acme-vpc", "10.201.1.0/24", "us-east-1b", undefined],
            "globex-services-a": ["globex-vpc", "10.202.0.0/24", "us-east-1a", undefined],
            "globex-services-b": ["globex-vpc", "10.202.1.0/24", "us-east-1b", undefined],
            "noc-mgmt-a": ["noc-vpc", "10.200.10.0/24", "us-east-1a", "yellow"],
            "noc-mgmt-b": ["noc-vpc", "10.200.11.0/24", "us-east-1b", "yellow"],
            "noc-public-a": ["noc-vpc", "10.200.0.0/24", "us-east-1a", "red"],
        });
        expect(net.map(TYPES.securityGroup, (i) => [refName(i.vpcId), zoneOf(i), tenantOf(i)])).toEqual({
            "acme-relay-sg": ["acme-vpc", "yellow", "acme"],
            "globex-relay-sg": ["globex-vpc", "yellow", "globex"],
            "noc-jump-sg": ["noc-vpc", "yellow", "shared"],
        });
    });

    it("routes only the NOC's public subnet to the internet gateway, and each enclave to its own client through the transit gateway", () => {
        expect(net.groupBy(TYPES.routeTableAssociation, "routeTableId", "subnetId")).toEqual({
            "acme-services-rt": ["acme-services-a", "acme-services-b"],
            "globex-services-rt": ["globex-services-a", "globex-services-b"],
            "noc-mgmt-rt": ["noc-mgmt-a", "noc-mgmt-b"],
            "noc-public-rt": ["noc-public-a"],
        });
        const route = (i: Record<string, any>) =>
            `${refName(i.routeTableId)}: ${i.destinationCidrBlock} -> ${refName(i.gatewayId ?? i.natGatewayId ?? i.transitGatewayId)}`;
        expect(net.map(TYPES.route, route)).toEqual({
            "acme-services-to-client": "acme-services-rt: 10.10.0.0/16 -> mssp-tgw",
            "globex-services-to-client": "globex-services-rt: 10.20.0.0/16 -> mssp-tgw",
            "noc-mgmt-default-route": "noc-mgmt-rt: 0.0.0.0/0 -> noc-nat",
            "noc-public-default-route": "noc-public-rt: 0.0.0.0/0 -> noc-igw",
        });
    });

    it("shares one transit gateway with no default route table", () => {
        expect(
            net.map(TYPES.transitGateway, (i) => [
                i.defaultRouteTableAssociation,
                i.defaultRouteTablePropagation,
                i.autoAcceptSharedAttachments,
                tenantOf(i),
            ]),
        ).toEqual({
            "mssp-tgw": ["disable", "disable", "disable", "shared"],
        });
        expect(
            net.map(TYPES.tgwAttachment, (i) => [
                refName(i.transitGatewayId),
                refName(i.vpcId),
                i.subnetIds.map(refName),
                i.transitGatewayDefaultRouteTableAssociation,
                i.transitGatewayDefaultRouteTablePropagation,
            ]),
        ).toEqual({
            "acme-attachment": ["mssp-tgw", "acme-vpc", ["acme-services-a", "acme-services-b"], false, false],
            "globex-attachment": ["mssp-tgw", "globex-vpc", ["globex-services-a", "globex-services-b"], false, false],
        });
        expect(net.map(TYPES.tgwRouteTable, (i) => [refName(i.transitGatewayId), tenantOf(i)])).toEqual({
            "acme-tgw-rt": ["mssp-tgw", "acme"],
            "globex-tgw-rt": ["mssp-tgw", "globex"],
        });
    });

    it("associates and propagates into each tenant's route table only that tenant's VPC and VPN", () => {
        expect(net.groupBy(TYPES.tgwAssociation, "transitGatewayRouteTableId", "transitGatewayAttachmentId")).toEqual({
            "acme-tgw-rt": ["acme-attachment", "acme-vpn (attachment)"],
            "globex-tgw-rt": ["globex-attachment", "globex-vpn (attachment)"],
        });
        expect(net.groupBy(TYPES.tgwPropagation, "transitGatewayRouteTableId", "transitGatewayAttachmentId")).toEqual({
            "acme-tgw-rt": ["acme-attachment", "acme-vpn (attachment)"],
            "globex-tgw-rt": ["globex-attachment", "globex-vpn (attachment)"],
        });
    });

    it("reaches each tenant over its own expiring, owned VPN on the transit gateway", () => {
        const access = (i: Record<string, any>) => [
            tenantOf(i),
            i.tags["demarc:managed-by"],
            i.tags["demarc:expires"],
            i.tags["demarc:owner"],
        ];
        expect(
            net.map(TYPES.vpnConnection, (i) => [
                refName(i.transitGatewayId),
                refName(i.customerGatewayId),
                ...access(i),
            ]),
        ).toEqual({
            "acme-vpn": [
                "mssp-tgw",
                "acme-cgw",
                "acme",
                "provider",
                "2027-06-30",
                "noc-team@mssp (contract MSSP-2026-014)",
            ],
            "globex-vpn": [
                "mssp-tgw",
                "globex-cgw",
                "globex",
                "provider",
                "2027-03-31",
                "noc-team@mssp (contract MSSP-2026-022)",
            ],
        });
        expect(net.map(TYPES.customerGateway, (i) => [i.ipAddress, i.bgpAsn, ...access(i)])).toEqual({
            "acme-cgw": [
                "198.51.100.20",
                "64512",
                "acme",
                "provider",
                "2027-06-30",
                "noc-team@mssp (contract MSSP-2026-014)",
            ],
            "globex-cgw": [
                "198.51.100.40",
                "64513",
                "globex",
                "provider",
                "2027-03-31",
                "noc-team@mssp (contract MSSP-2026-022)",
            ],
        });
    });

    it("keeps each relay's group to its own tenant: syslog over TLS in from its enclave, out to its client's ingest", () => {
        expect(net.map(TYPES.ingress, describeRule("in"))).toEqual({
            "acme-collectors-to-relay-syslog-in": "in acme-relay-sg from 10.201.0.0/16 tcp:6514-6514",
            "globex-collectors-to-relay-syslog-in": "in globex-relay-sg from 10.202.0.0/16 tcp:6514-6514",
        });
        expect(net.map(TYPES.egress, describeRule("out"))).toEqual({
            "acme-relay-to-client-syslog-out": "out acme-relay-sg to 10.10.10.0/23 tcp:6514-6514",
            "globex-relay-to-client-syslog-out": "out globex-relay-sg to 10.20.10.0/23 tcp:6514-6514",
            "noc-jump-to-internet-https-out": "out noc-jump-sg to 0.0.0.0/0 tcp:443-443",
        });
    });

    it("runs log relays that store nothing, and no log server or log store", () => {
        const device = (i: Record<string, any>) => [
            refName(i.subnetId),
            i.vpcSecurityGroupIds.map(refName),
            zoneOf(i),
            tenantOf(i),
            i.tags["demarc:role"],
            i.tags["demarc:standard"],
        ];
        expect(net.map(TYPES.instance, device)).toEqual({
            "acme-log-relay": ["acme-services-a", ["acme-relay-sg"], "yellow", "acme", "log-relay", "2.5"],
            "globex-log-relay": ["globex-services-a", ["globex-relay-sg"], "yellow", "globex", "log-relay", "2.5"],
            "noc-jump-a": ["noc-mgmt-a", ["noc-jump-sg"], "yellow", "shared", "management", "2.5"],
        });
        expect(net.ofType(TYPES.bucket)).toEqual([]);
        expect(net.ofType("aws:cloudwatch/logGroup:LogGroup")).toEqual([]);
    });

    it("delivers every VPC's flow logs to the client accounts' log groups", () => {
        const destination = (i: Record<string, any>) => [
            refName(i.vpcId),
            i.logDestinationType,
            i.logDestination,
            refName(i.iamRoleArn),
            i.deliverCrossAccountRole,
        ];
        expect(net.map(TYPES.flowLog, destination)).toEqual({
            "acme-vpc-flow-log": [
                "acme-vpc",
                "cloud-watch-logs",
                "arn:aws:logs:us-east-1:111111111111:log-group:/demarc/mssp-flow-logs",
                "flow-log-delivery",
                "arn:aws:iam::111111111111:role/mssp-flow-log-ingest",
            ],
            "globex-vpc-flow-log": [
                "globex-vpc",
                "cloud-watch-logs",
                "arn:aws:logs:us-east-1:333333333333:log-group:/demarc/mssp-flow-logs",
                "flow-log-delivery",
                "arn:aws:iam::333333333333:role/mssp-flow-log-ingest",
            ],
            "noc-vpc-flow-log-acme": [
                "noc-vpc",
                "cloud-watch-logs",
                "arn:aws:logs:us-east-1:111111111111:log-group:/demarc/mssp-flow-logs",
                "flow-log-delivery",
                "arn:aws:iam::111111111111:role/mssp-flow-log-ingest",
            ],
            "noc-vpc-flow-log-globex": [
                "noc-vpc",
                "cloud-watch-logs",
                "arn:aws:logs:us-east-1:333333333333:log-group:/demarc/mssp-flow-logs",
                "flow-log-delivery",
                "arn:aws:iam::333333333333:role/mssp-flow-log-ingest",
            ],
        });
        expect(net.map(TYPES.role, (i) => JSON.parse(i.assumeRolePolicy).Statement)).toEqual({
            "flow-log-delivery": [
                { Effect: "Allow", Principal: { Service: "vpc-flow-logs.amazonaws.com" }, Action: "sts:AssumeRole" },
            ],
        });
    });

    it("exports each tenant's entry points", () => {
        expect(outputs).toEqual({
            nocVpcId: "id-of:noc-vpc",
            transitGatewayId: "id-of:mssp-tgw",
            tenants: {
                acme: {
                    vpcId: "id-of:acme-vpc",
                    vpnConnectionId: "id-of:acme-vpn",
                    transitGatewayRouteTableId: "id-of:acme-tgw-rt",
                    logRelayPrivateIp: "10.0.0.10",
                },
                globex: {
                    vpcId: "id-of:globex-vpc",
                    vpnConnectionId: "id-of:globex-vpn",
                    transitGatewayRouteTableId: "id-of:globex-tgw-rt",
                    logRelayPrivateIp: "10.0.0.10",
                },
            },
        });
    });
});
