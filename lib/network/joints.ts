import { T } from "../aws-types";
import type { ResourceView } from "../resource";
import type { Zone } from "../tag-keys";
import type { Placed } from "../placement";
import { covers, overlaps, type Cidr } from "../cidr";
import type { Endpoint } from "./flows";
import type { PathHop } from "../findings";
import { elementOf } from "../urn";
import { isTgw, type NetworkModel, type Route, type RouteTable, type Subnet, type Vpc } from "./model";
import { outsideText, TRANSIT_GATEWAY } from "../messages";
import { acrossPeering, routesToward, tgwEntriesToward } from "./paths";

/**
 * A place the routing lets one group of subnets send to: by a route out of the stack (internet, VPN,
 * NAT gateway), a peering or a transit gateway. `element` is what makes the joint: the route, the
 * peering connection, or the TGW propagation or static route.
 */
export interface Joint {
    readonly kind: "gateway" | "appliance" | "peering" | "tgw";
    readonly element: ResourceView;
    readonly elementLabel: string;
    readonly from: Endpoint;
    readonly to: Endpoint;
    /** How traffic gets from one end to the other, hop by hop. */
    readonly path: readonly PathHop[];
}

const hop = (element: ResourceView, text: string): PathHop => ({ element: elementOf(element), text });

const RED: Placed<Zone> = { state: "valid", value: "red", from: "outside every address block of this stack" };

function key(p: Placed<unknown> | undefined): string {
    return !p ? "-" : p.state === "valid" ? `v:${String(p.value)}` : p.state;
}

/**
 * Subnets as one endpoint per zone-and-tenant class, naming up to `named` of each class; the rest
 * are counted ("and 2 more subnets like it").
 */
export function subnetClasses(model: NetworkModel, subnets: readonly Subnet[], named = 1): Endpoint[] {
    const byClass = new Map<string, Subnet[]>();
    for (const subnet of subnets) {
        const k = `${key(model.zone(subnet.view))}|${key(model.tenant(subnet.view))}`;
        const members = byClass.get(k);
        if (members) members.push(subnet);
        else byClass.set(k, [subnet]);
    }
    return [...byClass.values()].map((members) => {
        const names = members.slice(0, named).map((s) => `"${s.view.name}"`);
        return {
            label: `${names.length === 1 ? "subnet" : "subnets"} ${names.join(", ")}`,
            view: members[0].view,
            zone: model.zone(members[0].view),
            tenant: model.tenant(members[0].view),
            count: members.length - names.length + 1,
        };
    });
}

const jointCache = new WeakMap<NetworkModel, Joint[]>();

/** Every joint of the stack's routing, one per element and pair of zone-and-tenant classes. */
export function jointsOf(model: NetworkModel): Joint[] {
    const cached = jointCache.get(model);
    if (cached) return cached;
    const joints: Joint[] = [];
    const byTable = new Map<RouteTable, Subnet[]>();
    for (const subnet of model.subnets) {
        if (!subnet.routeTable) continue;
        const list = byTable.get(subnet.routeTable);
        if (list) list.push(subnet);
        else byTable.set(subnet.routeTable, [subnet]);
    }
    const sourceClasses = new Map<RouteTable, Endpoint[]>();
    const sourcesOf = (table: RouteTable) => {
        let found = sourceClasses.get(table);
        if (!found) sourceClasses.set(table, (found = subnetClasses(model, byTable.get(table) ?? [])));
        return found;
    };
    const wholeVpc = new Map<Vpc, Endpoint[]>();
    /** The subnets of a VPC within a block, taken by the routes of a table (longest prefix). */
    const destinations = (vpc: Vpc, dest: Cidr, table: RouteTable, route: Route): Endpoint[] => {
        const all =
            vpc.cidrs.length > 0 && vpc.cidrs.filter((c) => c.family === dest.family).every((c) => covers(dest, c));
        const inRange = vpc.subnets.filter((s) => s.cidrs.some((c) => overlaps(c, dest)));
        const taken = inRange.filter((s) =>
            s.cidrs.some(
                (c) => overlaps(c, dest) && routesToward(model, table, covers(dest, c) ? c : dest).includes(route),
            ),
        );
        if (all && taken.length === inRange.length) {
            let summary = wholeVpc.get(vpc);
            if (!summary) wholeVpc.set(vpc, (summary = subnetClasses(model, vpc.subnets)));
            return summary;
        }
        return subnetClasses(model, taken);
    };
    const add = (
        kind: Joint["kind"],
        element: ResourceView,
        elementLabel: string,
        from: Endpoint[],
        to: Endpoint[],
        path: readonly PathHop[],
    ) => {
        for (const f of from) for (const t of to) joints.push({ kind, element, elementLabel, from: f, to: t, path });
    };
    for (const [table, subnets] of byTable) {
        const vpc = subnets[0].vpc;
        for (const route of table.routes) {
            const target = route.target;
            if (target.kind === "igw" || target.kind === "eigw" || target.kind === "vgw") {
                if (route.dest && !model.reachesOutside(route.dest)) continue;
                const to: Endpoint =
                    target.kind === "vgw"
                        ? { label: `remote networks over ${target.label}`, zone: RED, vpn: target.label, count: 1 }
                        : { label: `the internet through ${target.label}`, zone: RED, count: 1 };
                add(
                    "gateway",
                    route.view,
                    route.label,
                    sourcesOf(table),
                    [to],
                    [
                        hop(
                            route.view,
                            `${route.label} sends ${route.dest?.text ?? "the VPN's remote networks"} to ${target.label}`,
                        ),
                    ],
                );
            } else if (target.kind === "nat" && target.view && target.view.type === T.natGateway) {
                const nat = target.view;
                const to: Endpoint = {
                    label: `NAT gateway "${nat.name}"`,
                    view: nat,
                    zone: model.zone(nat),
                    tenant: model.tenant(nat),
                    count: 1,
                };
                add(
                    "gateway",
                    route.view,
                    route.label,
                    sourcesOf(table),
                    [to],
                    [hop(route.view, `${route.label} sends ${route.dest?.text ?? "traffic"} to ${target.label}`)],
                );
            } else if (target.kind === "middlebox" && target.view) {
                const appliance = target.view;
                const to: Endpoint = {
                    label: target.label,
                    view: appliance,
                    zone: model.zone(appliance),
                    tenant: model.tenant(appliance),
                    count: 1,
                };
                add(
                    "appliance",
                    route.view,
                    route.label,
                    sourcesOf(table),
                    [to],
                    [
                        hop(
                            route.view,
                            `${route.label} sends ${route.dest?.text ?? "traffic"} to ${target.label}, an appliance judged by its own zone and followed no further`,
                        ),
                    ],
                );
            } else if (target.kind === "peering" && target.view && route.dest && vpc) {
                const peering = model.peeringOf(target.view);
                if (!peering) continue;
                const other = peering.sides.find((s): s is Vpc => typeof s !== "string" && s !== vpc);
                if (!other || !peering.sides.includes(vpc)) continue;
                const to = destinations(other, route.dest, table, route);
                add("peering", peering.view, peering.label, sourcesOf(table), to, [
                    hop(route.view, `${route.label} sends ${route.dest.text} through ${peering.label}`),
                ]);
            } else if (target.kind === "tgw" && target.view && route.dest && vpc) {
                const tgwUrn = target.view.urn;
                for (const attachment of vpc.attachments) {
                    if (attachment.tgw?.view.urn !== tgwUrn) continue;
                    for (const tgwTable of attachment.associated) {
                        for (const entry of tgwEntriesToward(model, tgwTable, route.dest)) {
                            const toAttachment = entry.attachment;
                            if (entry.blackhole || !toAttachment || toAttachment === attachment) continue;
                            const path = [
                                hop(route.view, `${route.label} sends ${route.dest.text} to ${attachment.tgw.label}`),
                                hop(
                                    entry.view,
                                    `${tgwTable.label}, associated with ${attachment.label}, holds ${entry.label} toward ${toAttachment.label}`,
                                ),
                            ];
                            if (toAttachment.kind === "vpn") {
                                if (!model.reachesOutside(route.dest)) continue;
                                add(
                                    "tgw",
                                    entry.view,
                                    entry.label,
                                    sourcesOf(table),
                                    [
                                        {
                                            label: `remote networks over ${toAttachment.label}`,
                                            zone: RED,
                                            vpn: toAttachment.label,
                                            count: 1,
                                        },
                                    ],
                                    path,
                                );
                                continue;
                            }
                            if (toAttachment.kind === "peering") {
                                const beyond = acrossPeering(model, toAttachment, attachment.tgw, route.dest);
                                const peer = toAttachment.peer;
                                if ((peer === undefined || !isTgw(peer)) && toAttachment.tgw === attachment.tgw) {
                                    if (model.reachesOutside(route.dest))
                                        add(
                                            "tgw",
                                            entry.view,
                                            entry.label,
                                            sourcesOf(table),
                                            [
                                                {
                                                    label: `the networks beyond ${toAttachment.label} (${outsideText(elementOf(toAttachment.view), peer ?? { what: TRANSIT_GATEWAY })})`,
                                                    zone: RED,
                                                    count: 1,
                                                },
                                            ],
                                            path,
                                        );
                                    continue;
                                }
                                for (const far of beyond) {
                                    const farVpc = far.entry.attachment?.vpc;
                                    if (!farVpc || farVpc === vpc) continue;
                                    for (const range of far.entry.dest ? [far.entry.dest] : farVpc.cidrs) {
                                        if (!overlaps(range, route.dest)) continue;
                                        add(
                                            "tgw",
                                            entry.view,
                                            entry.label,
                                            sourcesOf(table),
                                            destinations(
                                                farVpc,
                                                covers(route.dest, range) ? range : route.dest,
                                                table,
                                                route,
                                            ),
                                            [
                                                ...path,
                                                hop(
                                                    far.entry.view,
                                                    `across it ${far.table.label} holds ${far.entry.label} toward ${far.entry.attachment!.label}`,
                                                ),
                                            ],
                                        );
                                    }
                                }
                                continue;
                            }
                            const toVpc = toAttachment.vpc;
                            if (!toVpc || toVpc === vpc) continue;
                            const ranges = entry.dest ? [entry.dest] : toVpc.cidrs;
                            for (const range of ranges) {
                                if (!overlaps(range, route.dest)) continue;
                                const dest = covers(route.dest, range) ? range : route.dest;
                                add(
                                    "tgw",
                                    entry.view,
                                    entry.label,
                                    sourcesOf(table),
                                    destinations(toVpc, dest, table, route),
                                    path,
                                );
                            }
                        }
                    }
                }
            }
        }
    }
    jointCache.set(model, joints);
    return joints;
}
