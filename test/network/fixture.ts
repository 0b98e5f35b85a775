import { T } from "../../lib/aws-types";
import type { ResourceRecord } from "../../lib/resource";
import { awsProvider, record, UNKNOWN } from "../support/records";

const client = awsProvider({ "demarc:side": "client" });

type Refs = Record<string, ResourceRecord | readonly ResourceRecord[]>;

/**
 * A network written the way a program declares it: resources refer to each other by id, and the
 * engine records which resource each property came from. At a preview every id is unknown.
 */
export class Net {
    readonly records: ResourceRecord[] = [];
    private readonly byName = new Map<string, ResourceRecord>();

    constructor(readonly preview = false) {}

    add(type: string, name: string, props: Record<string, unknown>, refs: Refs = {}): ResourceRecord {
        const r = record(
            type,
            name,
            { id: this.preview ? UNKNOWN : `${name}-id`, ...props },
            { provider: client, refs },
        );
        this.records.push(r);
        this.byName.set(name, r);
        return r;
    }

    get(name: string): ResourceRecord {
        const r = this.byName.get(name);
        if (!r) throw new Error(`no resource ${name}`);
        return r;
    }

    /** The id a property holds to refer to a resource (unknown at a preview). */
    id(name: string): string {
        return this.preview ? UNKNOWN : `${name}-id`;
    }

    /** Replaces a resource's props (the rest of the network keeps referring to it). */
    change(name: string, props: Record<string, unknown>): void {
        const i = this.records.findIndex((r) => r.name === name);
        const r = this.records[i];
        const changed = { ...r, props: { ...r.props, ...props } };
        this.records[i] = changed;
        this.byName.set(name, changed);
    }

    remove(name: string): void {
        const i = this.records.findIndex((r) => r.name === name);
        this.records.splice(i, 1);
    }

    vpc(name: string, cidr: string, tags: Record<string, string>, extra: Record<string, unknown> = {}) {
        return this.add(T.vpc, name, { cidrBlock: cidr, tags, ...extra });
    }
    subnet(name: string, vpc: string, cidr: string, zone: string, extra: Record<string, unknown> = {}) {
        return this.add(
            T.subnet,
            name,
            { vpcId: this.id(vpc), cidrBlock: cidr, tags: { "demarc:zone": zone }, ...extra },
            { vpcId: this.get(vpc) },
        );
    }
    group(name: string, vpc: string, zone: string) {
        return this.add(
            T.securityGroup,
            name,
            { vpcId: this.id(vpc), tags: { "demarc:zone": zone } },
            { vpcId: this.get(vpc) },
        );
    }
    /** An ingress rule resource (aws.vpc.SecurityGroupIngressRule) from a CIDR or another group. */
    ingress(name: string, group: string, from: string, protocol: string, ports?: [number, number]) {
        return this.rule(T.vpcIngressRule, name, group, from, protocol, ports);
    }
    egress(name: string, group: string, to: string, protocol: string, ports?: [number, number]) {
        return this.rule(T.vpcEgressRule, name, group, to, protocol, ports);
    }
    private rule(type: string, name: string, group: string, peer: string, protocol: string, ports?: [number, number]) {
        const refs: Refs = { securityGroupId: this.get(group) };
        const props: Record<string, unknown> = { securityGroupId: this.id(group), ipProtocol: protocol };
        if (ports) Object.assign(props, { fromPort: ports[0], toPort: ports[1] });
        if (peer.includes("/")) props[peer.includes(":") ? "cidrIpv6" : "cidrIpv4"] = peer;
        else {
            props["referencedSecurityGroupId"] = this.id(peer);
            refs["referencedSecurityGroupId"] = this.get(peer);
        }
        return this.add(type, name, props, refs);
    }
    instance(name: string, subnet: string, groups: string[]) {
        return this.add(
            T.instance,
            name,
            { subnetId: this.id(subnet), vpcSecurityGroupIds: groups.map((g) => this.id(g)) },
            { subnetId: this.get(subnet), vpcSecurityGroupIds: groups.map((g) => this.get(g)) },
        );
    }
    routeTable(name: string, vpc: string, subnets: string[]) {
        const table = this.add(T.routeTable, name, { vpcId: this.id(vpc) }, { vpcId: this.get(vpc) });
        for (const s of subnets) {
            this.add(
                T.routeTableAssociation,
                `${name}-${s}`,
                { routeTableId: this.id(name), subnetId: this.id(s) },
                { routeTableId: table, subnetId: this.get(s) },
            );
        }
        return table;
    }
    /** A route resource; `target` is the property naming the target and the target's name. */
    route(name: string, table: string, destination: string, target: [string, string]) {
        const [prop, to] = target;
        const destKey = destination.includes(":") ? "destinationIpv6CidrBlock" : "destinationCidrBlock";
        return this.add(
            T.route,
            name,
            { routeTableId: this.id(table), [destKey]: destination, [prop]: this.id(to) },
            { routeTableId: this.get(table), [prop]: this.get(to) },
        );
    }
    /** A Client VPN endpoint carrying the given groups, associated with the given subnets. */
    clientVpn(name: string, vpc: string, groups: string[], subnets: string[]) {
        const endpoint = this.add(
            T.clientVpnEndpoint,
            name,
            {
                vpcId: this.id(vpc),
                securityGroupIds: groups.map((g) => this.id(g)),
                clientCidrBlock: "10.250.0.0/22",
                splitTunnel: true,
                transportProtocol: "tcp",
                vpnPort: 443,
            },
            { vpcId: this.get(vpc), securityGroupIds: groups.map((g) => this.get(g)) },
        );
        for (const s of subnets) {
            this.add(
                T.clientVpnNetworkAssociation,
                `${name}-${s}`,
                { clientVpnEndpointId: this.id(name), subnetId: this.id(s) },
                { clientVpnEndpointId: endpoint, subnetId: this.get(s) },
            );
        }
        return endpoint;
    }
    /** A Client VPN authorization rule for every client group of an endpoint. */
    authorize(name: string, endpoint: string, targetNetworkCidr: string) {
        return this.add(
            T.clientVpnAuthorizationRule,
            name,
            { clientVpnEndpointId: this.id(endpoint), targetNetworkCidr, authorizeAllGroups: true },
            { clientVpnEndpointId: this.get(endpoint) },
        );
    }
    nacl(
        name: string,
        vpc: string,
        subnets: string[],
        rules: [number, boolean, "allow" | "deny", string, string, number, number][],
    ) {
        const acl = this.add(
            T.networkAcl,
            name,
            { vpcId: this.id(vpc), subnetIds: subnets.map((s) => this.id(s)) },
            { vpcId: this.get(vpc), subnetIds: subnets.map((s) => this.get(s)) },
        );
        for (const [n, egress, action, cidr, protocol, from, to] of rules) {
            this.add(
                T.networkAclRule,
                `${name}-${egress ? "out" : "in"}-${n}`,
                {
                    networkAclId: this.id(name),
                    ruleNumber: n,
                    egress,
                    ruleAction: action,
                    cidrBlock: cidr,
                    protocol,
                    fromPort: from,
                    toPort: to,
                },
                { networkAclId: acl },
            );
        }
        return acl;
    }
}

/**
 * A compliant three-zone network of tenant acme: the internet reaches the red load-balancer group on
 * 443 only, red reaches the yellow proxies on 443, yellow reaches green on 8443; green talks to itself.
 * Only red routes to the internet gateway; yellow leaves through a NAT gateway in red; green has no
 * route out; the database in db-a takes connections from the app group and sends nothing. App-a's ACL
 * admits yellow on 8443 and green, with replies to ephemeral ports; db-a's ACL keeps red out and lets
 * the rest of the VPC in. Every flow red's wide rules sweep in is held by two layers.
 */
export function threeZones(preview = false): Net {
    const net = new Net(preview);
    net.vpc("core", "10.0.0.0/16", { "demarc:tenant": "acme" }, { ipv6CidrBlock: "2600:1f18:aaaa::/56" });
    net.subnet("public-a", "core", "10.0.0.0/24", "red");
    net.subnet("dmz-a", "core", "10.0.1.0/24", "yellow", { ipv6CidrBlock: "2600:1f18:aaaa:1::/64" });
    net.subnet("app-a", "core", "10.0.2.0/24", "green", { ipv6CidrBlock: "2600:1f18:aaaa:2::/64" });
    net.subnet("db-a", "core", "10.0.3.0/24", "green", { ipv6CidrBlock: "2600:1f18:aaaa:3::/64" });
    net.add(T.internetGateway, "igw", { vpcId: net.id("core") }, { vpcId: net.get("core") });
    net.add(T.natGateway, "nat-a", { subnetId: net.id("public-a") }, { subnetId: net.get("public-a") });
    net.routeTable("public-rt", "core", ["public-a"]);
    net.route("public-default", "public-rt", "0.0.0.0/0", ["gatewayId", "igw"]);
    net.routeTable("dmz-rt", "core", ["dmz-a"]);
    net.route("dmz-default", "dmz-rt", "0.0.0.0/0", ["natGatewayId", "nat-a"]);
    net.routeTable("app-rt", "core", ["app-a"]);
    net.nacl(
        "app-nacl",
        "core",
        ["app-a"],
        [
            [100, false, "allow", "10.0.1.0/24", "tcp", 8443, 8443],
            [110, false, "allow", "10.0.2.0/24", "-1", 0, 0],
            [100, true, "allow", "10.0.1.0/24", "tcp", 1024, 65535],
            [110, true, "allow", "10.0.2.0/24", "-1", 0, 0],
        ],
    );
    net.nacl(
        "db-nacl",
        "core",
        ["db-a"],
        [
            [100, false, "deny", "10.0.0.0/24", "-1", 0, 0],
            [110, false, "allow", "10.0.0.0/16", "-1", 0, 0],
            [100, true, "deny", "10.0.0.0/24", "-1", 0, 0],
            [110, true, "allow", "10.0.0.0/16", "-1", 0, 0],
        ],
    );
    net.group("alb-sg", "core", "red");
    net.group("proxy-sg", "core", "yellow");
    net.group("app-sg", "core", "green");
    net.ingress("internet-to-alb", "alb-sg", "0.0.0.0/0", "tcp", [443, 443]);
    net.egress("alb-to-proxy-out", "alb-sg", "proxy-sg", "tcp", [443, 443]);
    net.ingress("alb-to-proxy-in", "proxy-sg", "alb-sg", "tcp", [443, 443]);
    net.egress("proxy-to-app-out", "proxy-sg", "app-sg", "tcp", [8443, 8443]);
    net.ingress("proxy-to-app-in", "app-sg", "proxy-sg", "tcp", [8443, 8443]);
    net.ingress("app-peers-in", "app-sg", "app-sg", "-1");
    net.egress("app-peers-out", "app-sg", "app-sg", "-1");
    net.group("db-sg", "core", "green");
    net.egress("app-to-db-out", "app-sg", "db-sg", "tcp", [5432, 5432]);
    net.ingress("app-to-db-in", "db-sg", "app-sg", "tcp", [5432, 5432]);
    net.instance("web-1", "public-a", ["alb-sg"]);
    net.instance("proxy-1", "dmz-a", ["proxy-sg"]);
    net.instance("app-1", "app-a", ["app-sg"]);
    net.instance("app-2", "app-a", ["app-sg"]);
    net.instance("db-1", "db-a", ["db-sg"]);
    return net;
}

/**
 * The three-zone network with a Client VPN for its engineers: the endpoint carries the yellow group
 * "vpn-sg", is associated with the yellow subnet dmz-a, and authorizes its clients to the DMZ only.
 */
export function withClientVpn(preview = false): Net {
    const net = threeZones(preview);
    net.group("vpn-sg", "core", "yellow");
    net.clientVpn("engineers-vpn", "core", ["vpn-sg"], ["dmz-a"]);
    net.authorize("engineers-to-dmz", "engineers-vpn", "10.0.1.0/24");
    return net;
}

/**
 * Three VPCs of tenant acme, red, yellow and green, one subnet each. Red and green are joined
 * either through the yellow VPC by two peerings (red routes green's range to the red-yellow peering,
 * green routes red's to the yellow-green one: AWS does not forward between peerings), or through one
 * transit-gateway route table that both attachments associate with, propagating or not.
 */
export function hub(
    via: "peerings" | "tgw" | "tgw-unpropagated",
    preview = false,
    tenants: [string, string] = ["acme", "acme"],
): Net {
    const net = new Net(preview);
    const vpcs = [
        ["red", "10.1.0.0/16", tenants[0]],
        ["yellow", "10.2.0.0/16", "acme"],
        ["green", "10.3.0.0/16", tenants[1]],
    ] as const;
    for (const [zone, cidr, tenant] of vpcs) {
        net.vpc(`${zone}-vpc`, cidr, { "demarc:zone": zone, "demarc:tenant": tenant });
        net.add(
            T.subnet,
            `${zone}-a`,
            { vpcId: net.id(`${zone}-vpc`), cidrBlock: cidr.replace("0.0/16", "0.0/24") },
            { vpcId: net.get(`${zone}-vpc`) },
        );
        net.routeTable(`${zone}-rt`, `${zone}-vpc`, [`${zone}-a`]);
    }
    const peering = (name: string, a: string, b: string) =>
        net.add(
            T.vpcPeeringConnection,
            name,
            { vpcId: net.id(a), peerVpcId: net.id(b), autoAccept: true },
            { vpcId: net.get(a), peerVpcId: net.get(b) },
        );
    peering("red-yellow", "red-vpc", "yellow-vpc");
    peering("yellow-green", "yellow-vpc", "green-vpc");
    net.route("red-to-yellow", "red-rt", "10.2.0.0/16", ["vpcPeeringConnectionId", "red-yellow"]);
    net.route("yellow-to-red", "yellow-rt", "10.1.0.0/16", ["vpcPeeringConnectionId", "red-yellow"]);
    net.route("yellow-to-green", "yellow-rt", "10.3.0.0/16", ["vpcPeeringConnectionId", "yellow-green"]);
    net.route("green-to-yellow", "green-rt", "10.2.0.0/16", ["vpcPeeringConnectionId", "yellow-green"]);
    if (via === "peerings") {
        net.route("red-to-green", "red-rt", "10.3.0.0/16", ["vpcPeeringConnectionId", "red-yellow"]);
        net.route("green-to-red", "green-rt", "10.1.0.0/16", ["vpcPeeringConnectionId", "yellow-green"]);
        return net;
    }
    net.add(T.transitGateway, "hub", {
        defaultRouteTableAssociation: "disable",
        defaultRouteTablePropagation: "disable",
    });
    net.add(T.tgwRouteTable, "shared-rt", { transitGatewayId: net.id("hub") }, { transitGatewayId: net.get("hub") });
    for (const zone of ["red", "green"]) {
        net.add(
            T.tgwVpcAttachment,
            `${zone}-att`,
            {
                transitGatewayId: net.id("hub"),
                vpcId: net.id(`${zone}-vpc`),
                subnetIds: [net.id(`${zone}-a`)],
                transitGatewayDefaultRouteTableAssociation: false,
                transitGatewayDefaultRouteTablePropagation: false,
            },
            { transitGatewayId: net.get("hub"), vpcId: net.get(`${zone}-vpc`), subnetIds: net.get(`${zone}-a`) },
        );
        const link = {
            transitGatewayAttachmentId: net.id(`${zone}-att`),
            transitGatewayRouteTableId: net.id("shared-rt"),
        };
        const linkRefs = {
            transitGatewayAttachmentId: net.get(`${zone}-att`),
            transitGatewayRouteTableId: net.get("shared-rt"),
        };
        net.add(T.tgwRouteTableAssociation, `${zone}-assoc`, link, linkRefs);
        if (via === "tgw") net.add(T.tgwRouteTablePropagation, `${zone}-prop`, link, linkRefs);
    }
    net.route("red-to-green", "red-rt", "10.3.0.0/16", ["transitGatewayId", "hub"]);
    net.route("green-to-red", "green-rt", "10.1.0.0/16", ["transitGatewayId", "hub"]);
    return net;
}
