import { T } from "../aws-types";
import { interfaceGroups, interfaceSubnets, isGatewayEndpoint, TAKES_DEFAULT_GROUP } from "../interfaces";
import { describe, type Placed, type Placement } from "../placement";
import type { Zone } from "../tag-keys";
import type { ResourceView } from "../resource";
import type { StackIndex } from "../stack";
import { resolveReference, type ReferenceSpec, type Resolution } from "../references";
import { isUnknown, leavesAt } from "../values";
import { CidrIndex, CidrSet, parseCidr, type Cidr } from "../cidr";
import { readTraffic, type Traffic, type TrafficRead } from "./traffic";
import { FROM_WHERE_IT_SITS, TRANSIT_GATEWAY, unusableText } from "../messages";
import type { OutsideStack } from "../findings";

/** Something the model could not settle because a value is not known until apply. */
export interface Unknown {
    readonly view: ResourceView;
    readonly what: string;
}

export interface Vpc {
    readonly view: ResourceView;
    readonly cidrs: Cidr[];
    readonly subnets: Subnet[];
    mainRouteTable?: RouteTable;
    defaultNacl?: Nacl;
    readonly attachments: TgwAttachment[];
}

export interface Subnet {
    readonly view: ResourceView;
    readonly vpc?: Vpc;
    readonly cidrs: Cidr[];
    routeTable?: RouteTable;
    /** Undefined: the VPC's default network ACL as AWS creates it, which allows everything. */
    nacl?: Nacl;
    naclUnknown?: string;
    routeTableUnknown?: string;
}

export type Peer =
    | { readonly kind: "cidr"; readonly cidr: Cidr; readonly via?: string }
    | { readonly kind: "group"; readonly group: Group }
    | { readonly kind: "external"; readonly outside: OutsideStack };

export interface SgRule {
    /** The resource that declares the rule: a rule resource, or the group for inline rules. */
    readonly view: ResourceView;
    readonly label: string;
    readonly group: Group;
    readonly direction: "ingress" | "egress";
    readonly traffic?: Traffic;
    readonly peers: Peer[];
    /** What was not known (ports, a referenced group, a CIDR): the rule's reach is undetermined in that part. */
    readonly unknowns: string[];
}

export interface Member {
    readonly view: ResourceView;
    readonly subnets: Subnet[];
    /** Placed by its subnets whatever its own tags: a Client VPN endpoint, whose network interfaces sit in its associated subnets. */
    readonly placedBySubnets: boolean;
}

/** A resource whose security groups are not all known until apply: the groups the engine's dependencies leave possible. */
export interface UnknownMembership {
    readonly view: ResourceView;
    readonly subnets: Subnet[];
    /** The property read. */
    readonly path: string;
    /** The groups it may join; empty where nothing in the stack tells which. */
    readonly candidates: readonly Group[];
}

export interface Group {
    readonly view: ResourceView;
    readonly label: string;
    readonly vpc?: Vpc;
    readonly rules: SgRule[];
    readonly members: Member[];
}

export interface NaclEntry {
    readonly view: ResourceView;
    readonly label: string;
    readonly number: number;
    readonly egress: boolean;
    readonly allow: boolean;
    readonly traffic?: Traffic;
    readonly cidr?: Cidr;
    readonly unknown?: string;
}

export interface Nacl {
    readonly view: ResourceView;
    readonly label: string;
    readonly entries: NaclEntry[];
}

export type RouteTarget =
    | { readonly kind: "local" }
    | {
          readonly kind: "igw" | "eigw" | "vgw" | "nat" | "tgw" | "peering" | "middlebox" | "other";
          readonly view?: ResourceView;
          readonly id?: string;
          /** The property that names a target outside the stack by its id. */
          readonly property?: string;
          readonly label: string;
      }
    | { readonly kind: "unknown"; readonly what: string };

export interface Route {
    readonly view: ResourceView;
    readonly label: string;
    readonly table: RouteTable;
    /** The destination block; undefined when it is the remote networks a VPN gateway propagates, or unknown. */
    readonly dest?: Cidr;
    readonly propagatedFromVpn?: boolean;
    readonly destUnknown?: string;
    readonly target: RouteTarget;
}

export interface RouteTable {
    readonly view: ResourceView;
    readonly label: string;
    readonly vpc?: Vpc;
    readonly routes: Route[];
}

export interface Peering {
    readonly view: ResourceView;
    readonly label: string;
    readonly sides: (Vpc | string)[];
}

export interface Tgw {
    readonly view: ResourceView;
    readonly label: string;
    readonly tables: TgwTable[];
    readonly attachments: TgwAttachment[];
    defaultAssociation?: TgwTable;
    defaultPropagation?: TgwTable;
}

/** A peering attachment's other gateway is in the stack. */
export const isTgw = (peer: Tgw | OutsideStack): peer is Tgw => "tables" in peer;

export interface TgwAttachment {
    readonly view: ResourceView;
    readonly label: string;
    readonly kind: "vpc" | "vpn" | "peering";
    readonly tgw?: Tgw;
    readonly vpc?: Vpc;
    /** A peering attachment's other gateway: in the stack, or the one outside it (its id, where known). */
    readonly peer?: Tgw | OutsideStack;
    readonly associated: TgwTable[];
}

/** What puts a route into a TGW route table: a propagation (resource, or the attachment's default) or a static route. */
export interface TgwRouteEntry {
    readonly view: ResourceView;
    readonly label: string;
    readonly attachment?: TgwAttachment;
    /** Static routes only: their destination. Propagations cover the attachment's VPC (or, for a VPN, the remote networks). */
    readonly dest?: Cidr;
    readonly blackhole: boolean;
    readonly propagated: boolean;
}

export interface TgwTable {
    readonly view?: ResourceView;
    readonly label: string;
    readonly tgw?: Tgw;
    readonly associations: { attachment: TgwAttachment; view: ResourceView }[];
    readonly entries: TgwRouteEntry[];
}

/** A route of a Client VPN endpoint's route table: client traffic to the block leaves through an associated subnet. */
export interface ClientVpnRoute {
    readonly dest: Cidr;
    readonly subnet: Subnet;
}

export interface ClientVpnEndpoint {
    readonly view: ResourceView;
    readonly label: string;
    readonly vpc?: Vpc;
    /** Its network associations' subnets: where client traffic enters the VPC, source-NATed to the association's interfaces. */
    readonly subnets: Subnet[];
    /** The VPC's blocks toward every association (AWS adds them), then the endpoint's `Route` resources. */
    readonly routes: ClientVpnRoute[];
    /** What about its associations and routes is not known until apply. */
    readonly unknowns: string[];
}

/** An authorization rule: the endpoint's clients may reach the target block (without one, nothing). */
export interface ClientVpnAuthorization {
    readonly view: ResourceView;
    readonly label: string;
    readonly endpoint?: ClientVpnEndpoint;
    readonly cidr?: Cidr;
    readonly unknowns: string[];
}

const GROUP_TYPES: readonly string[] = [T.securityGroup, T.defaultSecurityGroup];
const ROUTE_TABLE_TYPES: readonly string[] = [T.routeTable, T.defaultRouteTable];
const NACL_TYPES: readonly string[] = [T.networkAcl, T.defaultNetworkAcl];
const PEERING_TYPES: readonly string[] = [T.vpcPeeringConnection, T.vpcPeeringConnectionAccepter];
const ATTACHMENT_TYPES: readonly string[] = [
    T.tgwVpcAttachment,
    T.tgwPeeringAttachment,
    T.tgwPeeringAttachmentAccepter,
    T.vpnConnection,
];

const TARGET_NAMES: Readonly<Record<string, string>> = {
    igw: "internet gateway",
    eigw: "egress-only internet gateway",
    vgw: "VPN gateway",
    nat: "NAT gateway",
    tgw: "transit gateway",
    peering: "peering connection",
};

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
const record = (v: unknown): Record<string, unknown> | undefined =>
    v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

function ruleNumber(v: unknown): number | undefined {
    if (typeof v === "number" && Number.isInteger(v)) return v;
    if (typeof v === "string" && /^\d+$/.test(v.trim())) return Number(v.trim());
    return undefined;
}

/** The network of one stack: places, the rules that admit traffic to them, and the paths between them. */
export class NetworkModel {
    readonly vpcs: Vpc[] = [];
    readonly subnets: Subnet[] = [];
    readonly groups: Group[] = [];
    readonly rules: SgRule[] = [];
    readonly nacls: Nacl[] = [];
    readonly routeTables: RouteTable[] = [];
    readonly peerings: Peering[] = [];
    readonly tgws: Tgw[] = [];
    readonly tgwTables: TgwTable[] = [];
    readonly attachments: TgwAttachment[] = [];
    readonly clientVpnEndpoints: ClientVpnEndpoint[] = [];
    readonly clientVpnAuthorizations: ClientVpnAuthorization[] = [];
    /** Client VPN resources naming an endpoint or subnet outside this stack: what they join is not known to the model. */
    readonly clientVpnOutside: { readonly view: ResourceView; readonly outside: OutsideStack }[] = [];
    /** What the model dropped because a value is not known until apply, where no check reads the value otherwise. */
    readonly unknowns: Unknown[] = [];
    readonly unknownMemberships: UnknownMembership[] = [];
    /** Every address block the stack declares (VPCs and subnets); addresses outside all of them are the internet. */
    readonly declared: CidrSet;
    readonly subnetIndex = new CidrIndex<Subnet>();
    readonly vpcIndex = new CidrIndex<Vpc>();

    private readonly vpcByUrn = new Map<string, Vpc>();
    private readonly subnetByUrn = new Map<string, Subnet>();
    private readonly groupByUrn = new Map<string, Group>();
    private readonly tableByUrn = new Map<string, RouteTable>();
    private readonly naclByUrn = new Map<string, Nacl>();
    private readonly peeringByUrn = new Map<string, Peering>();
    private readonly tgwByUrn = new Map<string, Tgw>();
    private readonly tgwTableByUrn = new Map<string, TgwTable>();
    private readonly attachmentByUrn = new Map<string, TgwAttachment>();
    private readonly clientVpnByUrn = new Map<string, ClientVpnEndpoint>();

    constructor(
        readonly index: StackIndex,
        readonly placement: Placement,
    ) {
        this.readVpcs();
        for (const vpc of this.vpcs) for (const cidr of vpc.cidrs) this.vpcIndex.add(cidr, vpc);
        this.readSubnets();
        this.declared = new CidrSet([...this.vpcs.flatMap((v) => v.cidrs), ...this.subnets.flatMap((s) => s.cidrs)]);
        this.readRouteTables();
        this.readNacls();
        this.readGroups();
        this.readClientVpn();
        this.readMembers();
        this.readPeerings();
        this.readTransitGateways();
    }

    vpcOf(view: ResourceView): Vpc | undefined {
        return this.vpcByUrn.get(view.urn);
    }
    subnetOf(view: ResourceView): Subnet | undefined {
        return this.subnetByUrn.get(view.urn);
    }
    groupOf(view: ResourceView): Group | undefined {
        return this.groupByUrn.get(view.urn);
    }

    private readonly placedMemo = {
        zone: new Map<string, Placed<string>>(),
        tenant: new Map<string, Placed<string>>(),
    };

    /** The zone the network judges a place by; see `whereItSits`. */
    zone(view: ResourceView): Placed<Zone> {
        return this.whereItSits(view, "zone") as Placed<Zone>;
    }
    tenant(view: ResourceView): Placed<string> {
        return this.whereItSits(view, "tenant");
    }

    /**
     * A missing or invalid tag never switches a network judgement off: the value then comes from where
     * the resource sits (a group's members, a subnet's VPC, a resource's subnets), and says so; else
     * it stays missing or invalid, and the checks call the pair undetermined.
     */
    private whereItSits(view: ResourceView, name: "zone" | "tenant"): Placed<string> {
        const memo = this.placedMemo[name].get(view.urn);
        if (memo) return memo;
        const placed = this.placement[name](view) as Placed<string>;
        let result = placed;
        if (placed.state === "missing" || placed.state === "invalid") {
            const problem = placed.state === "missing" ? placed.reason : unusableText(placed.read, placed.read.of);
            const sits = this.sittingIn(view).map((v) => ({ v, p: this.placement[name](v) as Placed<string> }));
            const values = new Set(sits.map(({ p }) => (p.state === "valid" ? p.value : undefined)));
            const witness = sits[0];
            if (witness && values.size === 1 && witness.p.state === "valid")
                result = {
                    state: "valid",
                    value: witness.p.value,
                    from: `${FROM_WHERE_IT_SITS}${describe(witness.v)}${sits.length > 1 ? ` and ${sits.length - 1} more` : ""}, as ${problem}`,
                };
        }
        this.placedMemo[name].set(view.urn, result);
        return result;
    }

    /** What a resource sits in or stands for: a group's members, a subnet's VPC, a resource's subnets. */
    private sittingIn(view: ResourceView): ResourceView[] {
        const group = this.groupByUrn.get(view.urn);
        if (group) return group.members.flatMap((m) => (m.placedBySubnets ? m.subnets.map((s) => s.view) : [m.view]));
        const subnet = this.subnetByUrn.get(view.urn);
        if (subnet) return subnet.vpc ? [subnet.vpc.view] : [];
        const ref = interfaceSubnets(this.index, view);
        return ref.state === "resolved" ? [...ref.targets] : [];
    }

    /** True when some address of the block lies outside every declared VPC and subnet: the internet. */
    reachesOutside(cidr: Cidr): boolean {
        return this.declared.leavesOut(cidr);
    }

    /** A value not known until apply made the model drop what it joins, and no check reads the value otherwise. */
    private dropped(view: ResourceView, what: string): void {
        this.unknowns.push({ view, what });
    }

    /** What a property refers to (see `resolveReference`): every reference of the model is read this way. */
    private resolve(
        view: ResourceView,
        path: string,
        types: readonly string[],
        spec: Omit<ReferenceSpec, "types"> = {},
    ): Resolution {
        return resolveReference(this.index, view, path, { types, ...spec });
    }

    /** The one resource a property holding a single reference names, when it is in the stack and settled. */
    private one(view: ResourceView, path: string, types: readonly string[]): ResourceView | undefined {
        return this.resolve(view, path, types, { one: true }).targets[0];
    }

    /**
     * Address blocks at a path. At a first preview a block computed from a VPC or subnet is unknown,
     * but the engine names the resource it came from, whose own block is known: that one is used for a
     * top-level property. Nested in an inline rule or route, which block of which dependency it is
     * cannot be told: unknown.
     */
    private cidrsOf(
        view: ResourceView,
        path: string,
        ipv6: boolean,
        one: boolean,
    ): { cidrs: Cidr[]; unknown: boolean } {
        const leaves = leavesAt(view.record.props, path);
        const cidrs = leaves.known.map((l) => parseCidr(l.value)).filter((c): c is Cidr => c !== undefined);
        if (leaves.unknown.length === 0) return { cidrs, unknown: false };
        if (path.includes(".")) return { cidrs, unknown: true };
        const sources = this.resolve(view, path, [T.vpc, T.subnet], { one });
        const derived = sources.targets.map((s) => parseCidr(s.record.props[ipv6 ? "ipv6CidrBlock" : "cidrBlock"]));
        if (sources.state !== "resolved" || sources.unknown.length > 0 || derived.some((c) => c === undefined))
            return { cidrs, unknown: true };
        return { cidrs: [...cidrs, ...(derived as Cidr[])], unknown: false };
    }

    private readVpcs(): void {
        for (const view of this.index.ofType(T.vpc)) {
            const cidrs = [
                parseCidr(view.record.props["cidrBlock"]),
                parseCidr(view.record.props["ipv6CidrBlock"]),
            ].filter((c): c is Cidr => c !== undefined);
            const vpc: Vpc = { view, cidrs, subnets: [], attachments: [] };
            this.vpcs.push(vpc);
            this.vpcByUrn.set(view.urn, vpc);
        }
        for (const view of this.index.ofType(T.vpcIpv4CidrBlockAssociation, T.vpcIpv6CidrBlockAssociation)) {
            const vpc = this.vpcFor(view, "vpcId");
            const cidr = parseCidr(
                view.record.props[view.type === T.vpcIpv4CidrBlockAssociation ? "cidrBlock" : "ipv6CidrBlock"],
            );
            if (vpc && cidr) vpc.cidrs.push(cidr);
        }
    }

    /** The VPC a property names: by its id, or by `attribute`, an output of the VPC (its `defaultNetworkAclId`). */
    private vpcFor(view: ResourceView, path: string, attribute?: string): Vpc | undefined {
        const target = this.resolve(view, path, [T.vpc], { one: true, attribute }).targets[0];
        return target && this.vpcByUrn.get(target.urn);
    }

    private readSubnets(): void {
        for (const view of this.index.ofType(T.subnet)) {
            const cidrs = [
                parseCidr(view.record.props["cidrBlock"]),
                parseCidr(view.record.props["ipv6CidrBlock"]),
            ].filter((c): c is Cidr => c !== undefined);
            const vpc = this.vpcFor(view, "vpcId");
            const subnet: Subnet = { view, vpc, cidrs };
            vpc?.subnets.push(subnet);
            this.subnets.push(subnet);
            this.subnetByUrn.set(view.urn, subnet);
            for (const cidr of cidrs) this.subnetIndex.add(cidr, subnet);
        }
    }

    private subnetsFor(view: ResourceView, path: string, one: boolean): { subnets: Subnet[]; unknown: boolean } {
        const found = this.resolve(view, path, [T.subnet], { one });
        return {
            subnets: found.targets.map((t) => this.subnetByUrn.get(t.urn)).filter((s): s is Subnet => s !== undefined),
            unknown: found.state === "unknown",
        };
    }

    private readRouteTables(): void {
        for (const view of this.index.ofType(...ROUTE_TABLE_TYPES)) {
            const vpc =
                view.type === T.defaultRouteTable
                    ? this.vpcFor(view, "defaultRouteTableId", "defaultRouteTableId")
                    : this.vpcFor(view, "vpcId");
            const table: RouteTable = { view, label: `route table "${view.name}"`, vpc, routes: [] };
            this.routeTables.push(table);
            this.tableByUrn.set(view.urn, table);
            if (view.type === T.defaultRouteTable && vpc) vpc.mainRouteTable = table;
            const inline = view.record.props["routes"];
            if (isUnknown(inline)) this.dropped(view, `the routes of ${table.label}`);
            list(inline).forEach((item, i) => {
                const route = record(item);
                if (route) this.addRoute(table, view, `route ${i + 1} of ${table.label}`, route, `routes.${i}.`);
            });
            for (const vgw of this.resolve(view, "propagatingVgws", [T.vpnGateway]).targets)
                this.addVpnPropagation(table, view, vgw);
        }
        for (const view of this.index.ofType(T.route)) {
            const tableView = this.one(view, "routeTableId", ROUTE_TABLE_TYPES);
            const table = tableView && this.tableByUrn.get(tableView.urn);
            if (table) this.addRoute(table, view, `route "${view.name}"`, view.record.props, "");
        }
        for (const view of this.index.ofType(T.vpnGatewayRoutePropagation)) {
            const tableView = this.one(view, "routeTableId", ROUTE_TABLE_TYPES);
            const table = tableView && this.tableByUrn.get(tableView.urn);
            const vgw = this.one(view, "vpnGatewayId", [T.vpnGateway]);
            if (table && vgw) this.addVpnPropagation(table, view, vgw);
        }
        for (const view of this.index.ofType(T.mainRouteTableAssociation)) {
            const vpc = this.vpcFor(view, "vpcId");
            const tableView = this.one(view, "routeTableId", ROUTE_TABLE_TYPES);
            if (vpc && tableView) vpc.mainRouteTable = this.tableByUrn.get(tableView.urn);
        }
        for (const view of this.index.ofType(T.routeTableAssociation)) {
            const tableRef = this.resolve(view, "routeTableId", ROUTE_TABLE_TYPES, { one: true });
            const { subnets, unknown } = this.subnetsFor(view, "subnetId", true);
            if (unknown) this.dropped(view, `the subnet of route table association "${view.name}"`);
            for (const subnet of subnets) {
                const table = tableRef.targets[0] && this.tableByUrn.get(tableRef.targets[0].urn);
                if (table) subnet.routeTable = table;
                else if (tableRef.state === "unknown")
                    subnet.routeTableUnknown = `the route table of ${describe(subnet.view)}`;
            }
        }
        for (const subnet of this.subnets) {
            if (!subnet.routeTable && !subnet.routeTableUnknown) subnet.routeTable = subnet.vpc?.mainRouteTable;
        }
    }

    private addVpnPropagation(table: RouteTable, view: ResourceView, vgw: ResourceView): void {
        table.routes.push({
            view,
            label: `the routes ${table.label} learns from VPN gateway "${vgw.name}"`,
            table,
            propagatedFromVpn: true,
            target: { kind: "vgw", view: vgw, label: `VPN gateway "${vgw.name}"` },
        });
    }

    /** A route: `props` are the resource's, or an inline route's at `at` (`routes.2.`). */
    private addRoute(
        table: RouteTable,
        view: ResourceView,
        label: string,
        props: Record<string, unknown>,
        at: string,
    ): void {
        const nested = at !== "";
        const v4Key = nested ? "cidrBlock" : "destinationCidrBlock";
        const v6Key = nested ? "ipv6CidrBlock" : "destinationIpv6CidrBlock";
        let dest: Cidr | undefined;
        let destUnknown: string | undefined;
        for (const [key, ipv6] of [
            [v4Key, false],
            [v6Key, true],
        ] as const) {
            const value = props[key];
            if (value === undefined || value === null) continue;
            const read = this.cidrsOf(view, at + key, ipv6, true);
            if (read.cidrs[0]) dest = read.cidrs[0];
            else if (read.unknown) destUnknown = `the destination of ${label}`;
        }
        const prefixList = props["destinationPrefixListId"];
        if (!dest && !destUnknown && prefixList !== undefined && prefixList !== null) {
            const named = this.resolve(view, `${at}destinationPrefixListId`, [T.managedPrefixList], { one: true });
            const cidrs = named.state === "resolved" ? this.prefixListCidrs(named.targets[0]) : undefined;
            if (cidrs) {
                for (const cidr of cidrs)
                    table.routes.push({ view, label, table, dest: cidr, target: this.routeTarget(view, props, at) });
                return;
            }
            destUnknown = `the destination prefix list of ${label}`;
        }
        if (!dest && !destUnknown) return;
        table.routes.push({ view, label, table, dest, destUnknown, target: this.routeTarget(view, props, at) });
    }

    private routeTarget(view: ResourceView, props: Record<string, unknown>, at: string): RouteTarget {
        const targets: [string, RouteTarget["kind"], readonly string[]][] = [
            ["gatewayId", "igw", [T.internetGateway, T.vpnGateway]],
            ["natGatewayId", "nat", [T.natGateway]],
            ["transitGatewayId", "tgw", [T.transitGateway]],
            ["vpcPeeringConnectionId", "peering", PEERING_TYPES],
            ["egressOnlyGatewayId", "eigw", [T.egressOnlyInternetGateway]],
            ["networkInterfaceId", "middlebox", [T.networkInterface]],
            ["instanceId", "middlebox", [T.instance]],
            ["vpcEndpointId", "middlebox", [T.vpcEndpoint]],
            ["carrierGatewayId", "other", []],
            ["localGatewayId", "other", []],
            ["coreNetworkArn", "other", []],
        ];
        for (const [key, kind, types] of targets) {
            const value = props[key];
            if (value === undefined || value === null || value === "") continue;
            if (key === "gatewayId" && value === "local") return { kind: "local" };
            const ref = this.resolve(view, at + key, types, { one: true });
            if (ref.state === "unknown") return { kind: "unknown", what: `the ${key} of a route of ${describe(view)}` };
            if (ref.state === "resolved") {
                const found = ref.targets[0];
                const target = found.type === T.vpcPeeringConnectionAccepter ? (this.accepted(found) ?? found) : found;
                const resolvedKind = key === "gatewayId" ? (target.type === T.vpnGateway ? "vgw" : "igw") : kind;
                return {
                    kind: resolvedKind,
                    view: target,
                    label: `${TARGET_NAMES[resolvedKind] ?? describe(target).split(" ")[0]} "${target.name}"`,
                } as RouteTarget;
            }
            if (ref.state === "external") {
                const id = ref.external[0];
                const externalKind = key === "gatewayId" ? (id.startsWith("vgw-") ? "vgw" : "igw") : kind;
                return { kind: externalKind, id, property: key, label: `${key} ${id}` } as RouteTarget;
            }
        }
        return { kind: "other", label: "a target the model does not cover" };
    }

    private accepted(accepter: ResourceView): ResourceView | undefined {
        return this.one(accepter, "vpcPeeringConnectionId", [T.vpcPeeringConnection]);
    }

    /** The blocks of a managed prefix list in the stack; undefined when they are not all known. */
    private prefixListCidrs(prefixList: ResourceView): Cidr[] | undefined {
        const entries = prefixList.record.props["entries"];
        if (isUnknown(entries)) return undefined;
        const cidrs = list(entries).map((e) => parseCidr(record(e)?.["cidr"]));
        for (const entry of this.index.ofType(T.managedPrefixListEntry)) {
            if (this.one(entry, "prefixListId", [T.managedPrefixList]) === prefixList)
                cidrs.push(parseCidr(entry.record.props["cidr"]));
        }
        if (cidrs.some((c) => c === undefined)) return undefined;
        return cidrs as Cidr[];
    }

    private readNacls(): void {
        for (const view of this.index.ofType(...NACL_TYPES)) {
            const nacl: Nacl = { view, label: `network ACL "${view.name}"`, entries: [] };
            this.nacls.push(nacl);
            this.naclByUrn.set(view.urn, nacl);
            for (const direction of ["ingress", "egress"] as const) {
                const inline = view.record.props[direction];
                if (isUnknown(inline)) {
                    nacl.entries.push({
                        view,
                        label: `the ${direction} rules of ${nacl.label}`,
                        number: -1,
                        egress: direction === "egress",
                        allow: false,
                        unknown: `the ${direction} rules of ${nacl.label}`,
                    });
                    continue;
                }
                for (const [i, item] of list(inline).entries()) {
                    const entry = record(item);
                    if (!entry) continue;
                    const n = ruleNumber(entry["ruleNo"]);
                    this.addNaclEntry(
                        nacl,
                        view,
                        `rule ${n ?? "?"} (${direction}) of ${nacl.label}`,
                        entry,
                        direction === "egress",
                        "ruleNo",
                        "action",
                        `${direction}.${i}.`,
                    );
                }
            }
            if (view.type === T.defaultNetworkAcl) {
                const vpc = this.vpcFor(view, "defaultNetworkAclId", "defaultNetworkAclId");
                if (vpc) vpc.defaultNacl = nacl;
            }
        }
        for (const view of this.index.ofType(T.networkAclRule)) {
            const naclView = this.one(view, "networkAclId", NACL_TYPES);
            const nacl = naclView && this.naclByUrn.get(naclView.urn);
            if (!nacl) continue;
            const egress = view.record.props["egress"] === true;
            this.addNaclEntry(
                nacl,
                view,
                `network ACL rule "${view.name}" (${nacl.label}, ${egress ? "egress" : "ingress"} rule ${ruleNumber(view.record.props["ruleNumber"]) ?? "?"})`,
                view.record.props,
                egress,
                "ruleNumber",
                "ruleAction",
                "",
            );
        }
        for (const nacl of this.nacls) nacl.entries.sort((a, b) => a.number - b.number);
        const associate = (view: ResourceView, subnets: Subnet[], nacl: Nacl) => {
            for (const subnet of subnets) subnet.nacl = nacl;
        };
        for (const view of this.index.ofType(...NACL_TYPES)) {
            const { subnets, unknown } = this.subnetsFor(view, "subnetIds", false);
            if (unknown) this.dropped(view, `the subnets of network ACL "${view.name}"`);
            associate(view, subnets, this.naclByUrn.get(view.urn)!);
        }
        for (const view of this.index.ofType(T.networkAclAssociation)) {
            const naclRef = this.resolve(view, "networkAclId", NACL_TYPES, { one: true });
            const nacl = naclRef.targets[0] && this.naclByUrn.get(naclRef.targets[0].urn);
            const { subnets } = this.subnetsFor(view, "subnetId", true);
            if (nacl) associate(view, subnets, nacl);
            else if (naclRef.state === "unknown")
                for (const s of subnets) s.naclUnknown = `the network ACL of ${describe(s.view)}`;
        }
        for (const subnet of this.subnets) {
            if (!subnet.nacl && !subnet.naclUnknown) subnet.nacl = subnet.vpc?.defaultNacl;
        }
    }

    private addNaclEntry(
        nacl: Nacl,
        view: ResourceView,
        label: string,
        props: Record<string, unknown>,
        egress: boolean,
        numberKey: string,
        actionKey: string,
        at: string,
    ): void {
        const number = ruleNumber(props[numberKey]);
        const action = props[actionKey];
        const traffic = readTraffic(props["protocol"], props["fromPort"], props["toPort"], label);
        let cidr: Cidr | undefined;
        let unknown: string | undefined;
        for (const [key, ipv6] of [
            ["cidrBlock", false],
            ["ipv6CidrBlock", true],
        ] as const) {
            const value = props[key];
            if (value === undefined || value === null || value === "") continue;
            const read = this.cidrsOf(view, at + key, ipv6, true);
            if (read.cidrs[0]) cidr = read.cidrs[0];
            else if (read.unknown) unknown = `the address block of ${label}`;
        }
        if (isUnknown(action) || isUnknown(props[numberKey])) unknown = `the action or number of ${label}`;
        if (traffic.state === "unknown") unknown = traffic.what;
        if (number === undefined && !unknown) return;
        const allow = typeof action === "string" && action.trim().toLowerCase() === "allow";
        nacl.entries.push({
            view,
            label,
            number: number ?? -1,
            egress,
            allow,
            traffic: traffic.state === "known" ? traffic.traffic : undefined,
            cidr,
            unknown,
        });
    }

    private readGroups(): void {
        for (const view of this.index.ofType(...GROUP_TYPES)) {
            const group: Group = {
                view,
                label: `security group "${view.name}"`,
                vpc: this.vpcFor(view, "vpcId"),
                rules: [],
                members: [],
            };
            this.groups.push(group);
            this.groupByUrn.set(view.urn, group);
        }
        for (const group of this.groups) {
            for (const direction of ["ingress", "egress"] as const) {
                const inline = group.view.record.props[direction];
                if (isUnknown(inline)) {
                    this.addRule({
                        view: group.view,
                        label: `the ${direction} rules of ${group.label}`,
                        group,
                        direction,
                        peers: [],
                        unknowns: [`the ${direction} rules of ${group.label}`],
                    });
                    continue;
                }
                list(inline).forEach((item, i) => {
                    const rule = record(item);
                    if (rule) this.readInlineRule(group, direction, i, rule);
                });
            }
        }
        for (const view of this.index.ofType(T.securityGroupRule, T.vpcIngressRule, T.vpcEgressRule)) {
            const groupView = this.one(view, "securityGroupId", GROUP_TYPES);
            const group = groupView && this.groupByUrn.get(groupView.urn);
            if (!group) continue;
            this.readRuleResource(group, view);
        }
    }

    private addRule(rule: SgRule): void {
        this.rules.push(rule);
        rule.group.rules.push(rule);
    }

    private trafficOf(read: TrafficRead, unknowns: string[]): Traffic | undefined {
        if (read.state === "known") return read.traffic;
        unknowns.push(read.what);
        return undefined;
    }

    private readInlineRule(
        group: Group,
        direction: "ingress" | "egress",
        i: number,
        props: Record<string, unknown>,
    ): void {
        const label = `${direction} rule ${i + 1} of ${group.label}`;
        const unknowns: string[] = [];
        const traffic = this.trafficOf(
            readTraffic(props["protocol"], props["fromPort"], props["toPort"], label),
            unknowns,
        );
        const peers: Peer[] = [];
        const at = `${direction}.${i}.`;
        this.cidrPeers(group.view, `${at}cidrBlocks`, false, false, label, peers, unknowns);
        this.cidrPeers(group.view, `${at}ipv6CidrBlocks`, true, false, label, peers, unknowns);
        this.groupPeer(group.view, `${at}securityGroups`, label, peers, unknowns);
        this.prefixListPeer(group.view, `${at}prefixListIds`, label, peers, unknowns);
        if (props["self"] === true) peers.push({ kind: "group", group });
        else if (isUnknown(props["self"])) unknowns.push(`whether ${label} admits its own group`);
        this.addRule({ view: group.view, label, group, direction, traffic, peers, unknowns });
    }

    private readRuleResource(group: Group, view: ResourceView): void {
        const props = view.record.props;
        const label = `security group rule "${view.name}"`;
        const unknowns: string[] = [];
        let direction: "ingress" | "egress";
        let traffic: Traffic | undefined;
        const peers: Peer[] = [];
        if (view.type === T.securityGroupRule) {
            const type = props["type"];
            if (type !== "ingress" && type !== "egress") {
                if (isUnknown(type)) this.dropped(view, `whether ${label} is an ingress or egress rule`);
                return;
            }
            direction = type;
            traffic = this.trafficOf(
                readTraffic(props["protocol"], props["fromPort"], props["toPort"], label),
                unknowns,
            );
            this.cidrPeers(view, "cidrBlocks", false, false, label, peers, unknowns);
            this.cidrPeers(view, "ipv6CidrBlocks", true, false, label, peers, unknowns);
            this.groupPeer(view, "sourceSecurityGroupId", label, peers, unknowns);
            this.prefixListPeer(view, "prefixListIds", label, peers, unknowns);
            if (props["self"] === true) peers.push({ kind: "group", group });
        } else {
            direction = view.type === T.vpcIngressRule ? "ingress" : "egress";
            traffic = this.trafficOf(
                readTraffic(props["ipProtocol"], props["fromPort"], props["toPort"], label),
                unknowns,
            );
            this.cidrPeers(view, "cidrIpv4", false, true, label, peers, unknowns);
            this.cidrPeers(view, "cidrIpv6", true, true, label, peers, unknowns);
            this.groupPeer(view, "referencedSecurityGroupId", label, peers, unknowns);
            this.prefixListPeer(view, "prefixListId", label, peers, unknowns);
        }
        this.addRule({ view, label, group, direction, traffic, peers, unknowns });
    }

    /** Peers named by blocks at a path; `one`: the property holds one block (`cidrIpv4`). */
    private cidrPeers(
        view: ResourceView,
        path: string,
        ipv6: boolean,
        one: boolean,
        label: string,
        peers: Peer[],
        unknowns: string[],
    ): void {
        const read = this.cidrsOf(view, path, ipv6, one);
        for (const cidr of read.cidrs) peers.push({ kind: "cidr", cidr });
        if (read.unknown) unknowns.push(`the ${ipv6 ? "IPv6 " : ""}address blocks of ${label}`);
    }

    private groupPeer(view: ResourceView, path: string, label: string, peers: Peer[], unknowns: string[]): void {
        for (const ref of this.resolve(view, path, GROUP_TYPES, { one: !path.includes(".") }).referents) {
            if (ref.state === "in-stack") peers.push({ kind: "group", group: this.groupByUrn.get(ref.view.urn)! });
            else if (ref.state === "external")
                peers.push({ kind: "external", outside: { what: "security group", id: ref.value } });
            else {
                const names = ref.candidates.map((c) => `"${c.name}"`).join(", ");
                unknowns.push(`the security group ${label} refers to${names ? ` (one of ${names})` : ""}`);
            }
        }
    }

    private prefixListPeer(view: ResourceView, path: string, label: string, peers: Peer[], unknowns: string[]): void {
        for (const ref of this.resolve(view, path, [T.managedPrefixList]).referents) {
            if (ref.state === "in-stack") {
                const cidrs = this.prefixListCidrs(ref.view);
                if (cidrs) for (const cidr of cidrs) peers.push({ kind: "cidr", cidr, via: "prefix list" });
                else unknowns.push(`the entries of ${describe(ref.view)}, the prefix list of ${label}`);
            } else if (ref.state === "unknown" || ref.value === undefined) unknowns.push(`the prefix list of ${label}`);
            else peers.push({ kind: "external", outside: { what: "prefix list", id: ref.value } });
        }
    }

    /**
     * Client VPN: endpoints, their network associations (the subnets client traffic enters by), their
     * routes (the VPC's blocks toward each association, which AWS adds, and `Route` resources), and
     * the authorization rules that let clients reach a block.
     */
    private readClientVpn(): void {
        for (const view of this.index.ofType(T.clientVpnEndpoint)) {
            const endpoint: ClientVpnEndpoint = {
                view,
                label: `Client VPN endpoint "${view.name}"`,
                vpc: this.vpcFor(view, "vpcId"),
                subnets: [],
                routes: [],
                unknowns: [],
            };
            this.clientVpnEndpoints.push(endpoint);
            this.clientVpnByUrn.set(view.urn, endpoint);
        }
        const endpointOf = (view: ResourceView, label: string): { endpoint?: ClientVpnEndpoint; unknown?: string } => {
            const ref = this.resolve(view, "clientVpnEndpointId", [T.clientVpnEndpoint], { one: true });
            const endpoint = ref.targets[0] && this.clientVpnByUrn.get(ref.targets[0].urn);
            if (endpoint) return { endpoint };
            if (ref.state === "unknown") return { unknown: `the Client VPN endpoint of ${label}` };
            if (ref.external.length > 0)
                this.clientVpnOutside.push({ view, outside: { what: "Client VPN endpoint", id: ref.external[0] } });
            return {};
        };
        const subnetOf = (view: ResourceView, path: string, label: string): { subnet?: Subnet; unknown?: string } => {
            const ref = this.resolve(view, path, [T.subnet], { one: true });
            const subnet = ref.targets[0] && this.subnetByUrn.get(ref.targets[0].urn);
            if (subnet) return { subnet };
            if (ref.state === "unknown") return { unknown: `the subnet of ${label}` };
            if (ref.external.length > 0)
                this.clientVpnOutside.push({ view, outside: { what: "subnet", id: ref.external[0] } });
            return {};
        };
        for (const view of this.index.ofType(T.clientVpnNetworkAssociation)) {
            const label = `Client VPN network association "${view.name}"`;
            const { endpoint, unknown } = endpointOf(view, label);
            const subnet = subnetOf(view, "subnetId", label);
            const affected = endpoint ? [endpoint] : unknown ? this.clientVpnEndpoints : [];
            for (const e of affected) {
                if (subnet.subnet && !e.subnets.includes(subnet.subnet)) e.subnets.push(subnet.subnet);
                for (const u of [unknown, subnet.unknown]) if (u) e.unknowns.push(u);
            }
        }
        for (const endpoint of this.clientVpnEndpoints) {
            for (const subnet of endpoint.subnets)
                for (const dest of subnet.vpc?.cidrs ?? []) endpoint.routes.push({ dest, subnet });
        }
        for (const view of this.index.ofType(T.clientVpnRoute)) {
            const label = `Client VPN route "${view.name}"`;
            const { endpoint, unknown } = endpointOf(view, label);
            const dest = this.cidrsOf(view, "destinationCidrBlock", false, true);
            const target = subnetOf(view, "targetVpcSubnetId", label);
            const destUnknown = dest.unknown ? `the destination of ${label}` : undefined;
            for (const e of endpoint ? [endpoint] : unknown ? this.clientVpnEndpoints : []) {
                if (dest.cidrs[0] && target.subnet) e.routes.push({ dest: dest.cidrs[0], subnet: target.subnet });
                for (const u of [unknown, destUnknown, target.unknown]) if (u) e.unknowns.push(u);
            }
        }
        for (const view of this.index.ofType(T.clientVpnAuthorizationRule)) {
            const label = `Client VPN authorization rule "${view.name}"`;
            const { endpoint, unknown } = endpointOf(view, label);
            const target = this.cidrsOf(view, "targetNetworkCidr", false, true);
            const unknowns = [unknown, target.unknown ? `the target network of ${label}` : undefined].filter(
                (u): u is string => u !== undefined,
            );
            if (!endpoint && unknowns.length === 0) continue;
            this.clientVpnAuthorizations.push({ view, label, endpoint, cidr: target.cidrs[0], unknowns });
        }
    }

    private readMembers(): void {
        const membersOf = new Map<Group, Map<string, Member>>();
        const add = (group: Group, member: ResourceView, subnets: Subnet[], placedBySubnets: boolean) => {
            let members = membersOf.get(group);
            if (!members) membersOf.set(group, (members = new Map()));
            if (members.has(member.urn)) return;
            const entry: Member = { view: member, subnets, placedBySubnets };
            members.set(member.urn, entry);
            group.members.push(entry);
        };
        const defaultGroupsOf = (vpc: Vpc | undefined) =>
            this.groups.filter((g) => g.view.type === T.defaultSecurityGroup && g.vpc !== undefined && g.vpc === vpc);
        for (const view of this.index.views) {
            const endpoint = this.clientVpnByUrn.get(view.urn);
            const subnets = endpoint ? endpoint.subnets : this.memberSubnets(view);
            const groups = interfaceGroups(this.index, view, GROUP_TYPES);
            for (const target of groups.state === "resolved" ? groups.targets : [])
                add(this.groupByUrn.get(target.urn)!, view, subnets, endpoint !== undefined);
            if (groups.unknown.length > 0) {
                const candidates = groups.unknown
                    .flatMap((u) => u.candidates)
                    .map((c) => this.groupByUrn.get(c.urn))
                    .filter((g): g is Group => g !== undefined);
                this.unknownMemberships.push({
                    view,
                    subnets,
                    path: groups.path,
                    candidates: [...new Set(candidates)],
                });
            }
            if (groups.state !== "absent") continue;
            // Named no group: AWS attaches its VPC's default group.
            if (endpoint) {
                for (const group of defaultGroupsOf(endpoint.vpc ?? endpoint.subnets[0]?.vpc))
                    add(group, view, subnets, true);
            } else if (TAKES_DEFAULT_GROUP.has(view.type) && !isGatewayEndpoint(view) && subnets.length > 0) {
                for (const group of defaultGroupsOf(subnets[0].vpc)) add(group, view, subnets, false);
            }
        }
        for (const view of this.index.ofType(T.networkInterfaceSgAttachment)) {
            const groupView = this.one(view, "securityGroupId", GROUP_TYPES);
            const eni = this.one(view, "networkInterfaceId", [T.networkInterface]);
            if (groupView && eni) add(this.groupByUrn.get(groupView.urn)!, eni, this.memberSubnets(eni), false);
        }
    }

    private memberSubnets(view: ResourceView): Subnet[] {
        const ref = interfaceSubnets(this.index, view);
        if (ref.state !== "resolved") return [];
        return ref.targets.map((t) => this.subnetByUrn.get(t.urn)).filter((s): s is Subnet => s !== undefined);
    }

    private readPeerings(): void {
        for (const view of this.index.ofType(T.vpcPeeringConnection)) {
            const sides: (Vpc | string)[] = [];
            for (const path of ["vpcId", "peerVpcId"]) {
                const ref = this.resolve(view, path, [T.vpc], { one: true });
                const vpc = ref.targets[0] && this.vpcByUrn.get(ref.targets[0].urn);
                sides.push(
                    vpc ??
                        ref.external[0] ??
                        (ref.state === "unknown"
                            ? `the ${path} of peering connection "${view.name}"`
                            : "a VPC outside this stack"),
                );
            }
            const peering: Peering = { view, label: `peering connection "${view.name}"`, sides };
            this.peerings.push(peering);
            this.peeringByUrn.set(view.urn, peering);
        }
    }

    peeringOf(view: ResourceView): Peering | undefined {
        return this.peeringByUrn.get(view.urn);
    }

    private readTransitGateways(): void {
        for (const view of this.index.ofType(T.transitGateway)) {
            const tgw: Tgw = { view, label: `transit gateway "${view.name}"`, tables: [], attachments: [] };
            this.tgws.push(tgw);
            this.tgwByUrn.set(view.urn, tgw);
        }
        const tgwFor = (view: ResourceView) => {
            const target = this.one(view, "transitGatewayId", [T.transitGateway]);
            return target && this.tgwByUrn.get(target.urn);
        };
        for (const view of this.index.ofType(T.tgwRouteTable)) {
            const tgw = tgwFor(view);
            const table: TgwTable = {
                view,
                label: `transit gateway route table "${view.name}"`,
                tgw,
                associations: [],
                entries: [],
            };
            tgw?.tables.push(table);
            this.tgwTables.push(table);
            this.tgwTableByUrn.set(view.urn, table);
        }
        const tableFor = (view: ResourceView) => {
            const target = this.one(view, "transitGatewayRouteTableId", [T.tgwRouteTable]);
            return target && this.tgwTableByUrn.get(target.urn);
        };
        for (const view of this.index.ofType(T.tgwDefaultRouteTableAssociation, T.tgwDefaultRouteTablePropagation)) {
            const tgw = tgwFor(view);
            const table = tableFor(view);
            if (!tgw || !table) continue;
            if (view.type === T.tgwDefaultRouteTableAssociation) tgw.defaultAssociation = table;
            else tgw.defaultPropagation = table;
        }
        const defaultTable = (tgw: Tgw, kind: "association" | "propagation"): TgwTable | undefined => {
            const setting =
                tgw.view.record.props[
                    kind === "association" ? "defaultRouteTableAssociation" : "defaultRouteTablePropagation"
                ];
            if (setting === "disable") return undefined;
            const declared = kind === "association" ? tgw.defaultAssociation : tgw.defaultPropagation;
            if (declared) return declared;
            let table = tgw.tables.find((t) => t.view === undefined);
            if (!table) {
                table = { label: `the default route table of ${tgw.label}`, tgw, associations: [], entries: [] };
                tgw.tables.push(table);
                this.tgwTables.push(table);
            }
            return table;
        };
        const attach = (
            view: ResourceView,
            kind: "vpc" | "vpn" | "peering",
            tgw: Tgw | undefined,
            vpc: Vpc | undefined,
            peer?: Tgw | OutsideStack,
        ) => {
            const attachment: TgwAttachment = {
                view,
                label:
                    kind === "vpc"
                        ? `transit gateway attachment "${view.name}"`
                        : kind === "peering"
                          ? `transit gateway peering attachment "${view.name}"`
                          : `the transit gateway attachment of VPN connection "${view.name}"`,
                kind,
                tgw,
                vpc,
                peer,
                associated: [],
            };
            this.attachments.push(attachment);
            this.attachmentByUrn.set(view.urn, attachment);
            tgw?.attachments.push(attachment);
            vpc?.attachments.push(attachment);
            if (peer && isTgw(peer)) peer.attachments.push(attachment);
            // A peering attachment joins no default table: it is associated explicitly and routed to by static routes.
            if (!tgw || kind === "peering") return;
            const byDefault = (key: string) => kind === "vpn" || view.record.props[key] !== false;
            if (byDefault("transitGatewayDefaultRouteTableAssociation")) {
                const table = defaultTable(tgw, "association");
                if (table) {
                    table.associations.push({ attachment, view });
                    attachment.associated.push(table);
                }
            }
            if (byDefault("transitGatewayDefaultRouteTablePropagation")) {
                const table = defaultTable(tgw, "propagation");
                table?.entries.push({
                    view,
                    label: `the default propagation of ${attachment.label}`,
                    attachment,
                    blackhole: false,
                    propagated: true,
                });
            }
        };
        for (const view of this.index.ofType(T.tgwVpcAttachment))
            attach(view, "vpc", tgwFor(view), this.vpcFor(view, "vpcId"));
        for (const view of this.index.ofType(T.vpnConnection)) {
            const tgw = tgwFor(view);
            if (tgw || isUnknown(view.record.props["transitGatewayId"])) attach(view, "vpn", tgw, undefined);
        }
        for (const view of this.index.ofType(T.tgwPeeringAttachment)) {
            const ref = this.resolve(view, "peerTransitGatewayId", [T.transitGateway], { one: true });
            const outside = ref.external[0];
            const peer: Tgw | OutsideStack =
                (ref.targets[0] && this.tgwByUrn.get(ref.targets[0].urn)) ??
                (outside !== undefined
                    ? { what: TRANSIT_GATEWAY, id: outside }
                    : { what: TRANSIT_GATEWAY, ...(ref.state === "unknown" ? { unknown: true as const } : {}) });
            attach(view, "peering", tgwFor(view), undefined, peer);
        }
        for (const view of this.index.ofType(T.tgwPeeringAttachmentAccepter)) {
            const accepted = this.one(view, "transitGatewayAttachmentId", [T.tgwPeeringAttachment]);
            const attachment = accepted && this.attachmentByUrn.get(accepted.urn);
            if (!attachment) continue;
            this.attachmentByUrn.set(view.urn, attachment);
        }
        // A VPN connection's attachment is named by its `transitGatewayAttachmentId` output, not its own id.
        const attachmentFor = (view: ResourceView): TgwAttachment | undefined => {
            const target = this.resolve(view, "transitGatewayAttachmentId", ATTACHMENT_TYPES, {
                one: true,
                attribute: "transitGatewayAttachmentId",
            }).targets[0];
            return target && this.attachmentByUrn.get(target.urn);
        };
        for (const view of this.index.ofType(T.tgwRouteTableAssociation)) {
            const table = tableFor(view);
            const attachment = attachmentFor(view);
            if (!table || !attachment) {
                if (containsUnknownRef(view))
                    this.dropped(view, `what transit gateway route table association "${view.name}" joins`);
                continue;
            }
            dropDefaultAssociation(attachment);
            table.associations.push({ attachment, view });
            attachment.associated.push(table);
        }
        for (const view of this.index.ofType(T.tgwRouteTablePropagation)) {
            const table = tableFor(view);
            const attachment = attachmentFor(view);
            if (!table || !attachment) {
                if (containsUnknownRef(view))
                    this.dropped(view, `what transit gateway route table propagation "${view.name}" joins`);
                continue;
            }
            table.entries.push({
                view,
                label: `transit gateway route table propagation "${view.name}"`,
                attachment,
                blackhole: false,
                propagated: true,
            });
        }
        for (const view of this.index.ofType(T.tgwRoute)) {
            const table = tableFor(view);
            if (!table) continue;
            const dest = this.cidrsOf(
                view,
                "destinationCidrBlock",
                String(view.record.props["destinationCidrBlock"]).includes(":"),
                true,
            );
            if (!dest.cidrs[0]) {
                if (dest.unknown) this.dropped(view, `the destination of transit gateway route "${view.name}"`);
                continue;
            }
            table.entries.push({
                view,
                label: `transit gateway route "${view.name}"`,
                attachment: attachmentFor(view),
                dest: dest.cidrs[0],
                blackhole: view.record.props["blackhole"] === true,
                propagated: false,
            });
        }
    }
}

/** An explicit association replaces the one the attachment had by default: an attachment has one associated table. */
function dropDefaultAssociation(attachment: TgwAttachment): void {
    for (const table of attachment.associated) {
        const i = table.associations.findIndex((a) => a.attachment === attachment && a.view === attachment.view);
        if (i >= 0) table.associations.splice(i, 1);
    }
    const kept = attachment.associated.filter((t) => t.associations.some((a) => a.attachment === attachment));
    attachment.associated.splice(0, attachment.associated.length, ...kept);
}

function containsUnknownRef(view: ResourceView): boolean {
    return (
        isUnknown(view.record.props["transitGatewayAttachmentId"]) ||
        isUnknown(view.record.props["transitGatewayRouteTableId"])
    );
}

/** The network model of a stack. The policies of one run share theirs through `StackAnalysis`. */
export function networkModel(index: StackIndex, placement: Placement): NetworkModel {
    return new NetworkModel(index, placement);
}
