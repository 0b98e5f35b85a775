import { covers, overlaps, type Cidr } from "../cidr";
import {
    isTgw,
    type NetworkModel,
    type Peering,
    type Route,
    type RouteTable,
    type Subnet,
    type Tgw,
    type TgwAttachment,
    type TgwRouteEntry,
    type TgwTable,
    type Vpc,
} from "./model";

/** How a packet leaves a subnet for another place: the VPC's local route, a peering, or a transit gateway. */
export type Hop =
    | { readonly kind: "local"; readonly vpc: Vpc }
    | { readonly kind: "peering"; readonly route: Route; readonly peering: Peering }
    | {
          readonly kind: "tgw";
          readonly route: Route;
          readonly tgw: Tgw;
          readonly from: TgwAttachment;
          readonly table: TgwTable;
          readonly entry: TgwRouteEntry;
          readonly to: TgwAttachment;
          /** Across a transit-gateway peering: the table on the other gateway that routes on. */
          readonly beyond?: { readonly table: TgwTable; readonly entry: TgwRouteEntry };
      };

export type PathResult =
    | { readonly state: "path"; readonly hop: Hop }
    | { readonly state: "none" }
    | { readonly state: "unknown"; readonly what: string };

export function describeHop(hop: Hop): string {
    switch (hop.kind) {
        case "local":
            return `the local route of vpc "${hop.vpc.view.name}"`;
        case "peering":
            return `${hop.route.label} through ${hop.peering.label}`;
        case "tgw":
            return `${hop.route.label} to ${hop.tgw.label}, where ${hop.table.label} (associated with ${hop.from.label}) holds ${hop.entry.label}${hop.beyond ? `, and across it ${hop.beyond.table.label} holds ${hop.beyond.entry.label}` : ""}`;
    }
}

/**
 * The routes a table applies to a destination block, by longest prefix: every route inside the block
 * (it takes part of it), and of the routes containing it the most specific. CIDR blocks nest or are
 * disjoint, so no other case exists.
 */
export function effectiveRoutes<R>(routes: readonly R[], destOf: (r: R) => readonly Cidr[], dest: Cidr): R[] {
    const inside: R[] = [];
    let best: R[] = [];
    let bestPrefix = -1;
    for (const route of routes) {
        for (const d of destOf(route)) {
            if (!overlaps(d, dest)) continue;
            if (covers(dest, d) && d.prefix > dest.prefix) {
                inside.push(route);
            } else if (covers(d, dest)) {
                if (d.prefix > bestPrefix) {
                    best = [route];
                    bestPrefix = d.prefix;
                } else if (d.prefix === bestPrefix && !best.includes(route)) best.push(route);
            }
        }
    }
    return [...inside, ...best];
}

/** What a VPN propagates is the remote networks: addresses outside every declared block. */
function vpcRouteDest(model: NetworkModel, dest: Cidr): (r: Route) => readonly Cidr[] {
    return (r) => (r.dest ? [r.dest] : r.propagatedFromVpn && model.reachesOutside(dest) ? [dest] : []);
}

function tgwEntryDest(model: NetworkModel, dest: Cidr): (e: TgwRouteEntry) => readonly Cidr[] {
    return (e) => {
        if (e.dest) return [e.dest];
        if (!e.propagated || !e.attachment) return [];
        if (e.attachment.kind === "vpn") return model.reachesOutside(dest) ? [dest] : [];
        return e.attachment.vpc?.cidrs ?? [];
    };
}

/** The routes of a subnet's table toward a block (no table: only the local route). */
export function routesToward(model: NetworkModel, table: RouteTable | undefined, dest: Cidr): Route[] {
    return table ? effectiveRoutes(table.routes, vpcRouteDest(model, dest), dest) : [];
}

export function tgwEntriesToward(model: NetworkModel, table: TgwTable, dest: Cidr): TgwRouteEntry[] {
    return effectiveRoutes(table.entries, tgwEntryDest(model, dest), dest);
}

/**
 * Whether packets from a subnet reach another: within a VPC by the local route; between VPCs only
 * by a route in the source subnet's table to a peering that joins exactly these two VPCs (peering is
 * not transitive), or to a transit gateway whose table associated with the source VPC's attachment
 * routes the destination to the destination VPC's attachment.
 */
export function pathBetween(model: NetworkModel, from: Subnet, to: Subnet): PathResult {
    if (!from.vpc || !to.vpc) return { state: "none" };
    if (from.vpc === to.vpc) return { state: "path", hop: { kind: "local", vpc: from.vpc } };
    if (from.routeTableUnknown) return { state: "unknown", what: from.routeTableUnknown };
    let unknown: string | undefined;
    for (const dest of to.cidrs) {
        for (const route of routesToward(model, from.routeTable, dest)) {
            const target = route.target;
            if (target.kind === "unknown") unknown ??= target.what;
            if (target.kind === "peering" && target.view) {
                const peering = model.peeringOf(target.view);
                if (peering && peering.sides.includes(from.vpc) && peering.sides.includes(to.vpc))
                    return { state: "path", hop: { kind: "peering", route, peering } };
            }
            if (target.kind === "tgw" && target.view) {
                const hop = throughTgw(model, route, target.view.urn, from.vpc, to.vpc, dest);
                if (hop) return { state: "path", hop };
            }
        }
    }
    return unknown ? { state: "unknown", what: unknown } : { state: "none" };
}

function throughTgw(
    model: NetworkModel,
    route: Route,
    tgwUrn: string,
    fromVpc: Vpc,
    toVpc: Vpc,
    dest: Cidr,
): Hop | undefined {
    for (const from of fromVpc.attachments) {
        if (!from.tgw || from.tgw.view.urn !== tgwUrn) continue;
        for (const table of from.associated) {
            for (const entry of tgwEntriesToward(model, table, dest)) {
                if (entry.blackhole || !entry.attachment) continue;
                if (entry.attachment.vpc === toVpc)
                    return { kind: "tgw", route, tgw: from.tgw, from, table, entry, to: entry.attachment };
                for (const beyond of acrossPeering(model, entry.attachment, from.tgw, dest))
                    if (beyond.entry.attachment?.vpc === toVpc)
                        return {
                            kind: "tgw",
                            route,
                            tgw: from.tgw,
                            from,
                            table,
                            entry,
                            to: beyond.entry.attachment,
                            beyond,
                        };
            }
        }
    }
    return undefined;
}

/** Where traffic sent into a transit-gateway peering attachment goes on the other gateway: its tables associated with the attachment, toward the block. */
export function acrossPeering(
    model: NetworkModel,
    attachment: TgwAttachment,
    from: Tgw,
    dest: Cidr,
): { table: TgwTable; entry: TgwRouteEntry }[] {
    if (attachment.kind !== "peering") return [];
    const other = attachment.tgw === from ? attachment.peer : attachment.tgw;
    if (other === undefined || !isTgw(other)) return [];
    const found: { table: TgwTable; entry: TgwRouteEntry }[] = [];
    for (const table of attachment.associated) {
        if (table.tgw !== other) continue;
        for (const entry of tgwEntriesToward(model, table, dest))
            if (!entry.blackhole && entry.attachment && entry.attachment !== attachment) found.push({ table, entry });
    }
    return found;
}

const reachCache = new WeakMap<NetworkModel, Map<Vpc, Set<Vpc>>>();

/**
 * The VPCs a VPC's route tables send anything to: itself, the other side of each peering a route
 * uses, and the VPCs whose attachments a transit-gateway table associated with its own attachment
 * routes to. A necessary condition for any path between subnets of the two; it spares checking
 * every subnet a wide block covers.
 */
export function vpcsReachedFrom(model: NetworkModel, vpc: Vpc): Set<Vpc> {
    let cache = reachCache.get(model);
    if (!cache) {
        cache = new Map();
        reachCache.set(model, cache);
        const tablesOf = new Map<Vpc, Set<RouteTable>>();
        for (const subnet of model.subnets) {
            if (!subnet.vpc || !subnet.routeTable) continue;
            const set = tablesOf.get(subnet.vpc) ?? new Set<RouteTable>();
            set.add(subnet.routeTable);
            tablesOf.set(subnet.vpc, set);
        }
        for (const v of model.vpcs) {
            const reached = new Set<Vpc>([v]);
            for (const table of tablesOf.get(v) ?? []) {
                for (const route of table.routes) {
                    const target = route.target;
                    if (target.kind === "peering" && target.view) {
                        for (const side of model.peeringOf(target.view)?.sides ?? [])
                            if (typeof side !== "string") reached.add(side);
                    } else if (target.kind === "tgw" && target.view) {
                        for (const attachment of v.attachments) {
                            if (attachment.tgw?.view.urn !== target.view.urn) continue;
                            for (const t of attachment.associated)
                                for (const e of t.entries) {
                                    if (e.attachment?.vpc) reached.add(e.attachment.vpc);
                                    const across = e.attachment?.kind === "peering" ? e.attachment : undefined;
                                    for (const far of across?.associated ?? [])
                                        if (far.tgw !== attachment.tgw)
                                            for (const fe of far.entries)
                                                if (fe.attachment?.vpc) reached.add(fe.attachment.vpc);
                                }
                        }
                    } else if (target.kind === "unknown") {
                        for (const other of model.vpcs) reached.add(other);
                    }
                }
            }
            cache.set(v, reached);
        }
    }
    return cache.get(vpc) ?? new Set([vpc]);
}
