import type { OutsideStack } from "../findings";
import type { Placed } from "../placement";
import type { ResourceView } from "../resource";
import type { Zone } from "../tag-keys";
import { covers, overlaps, type Cidr } from "../cidr";
import type { Group, Nacl, NetworkModel, SgRule, Subnet, Vpc } from "./model";
import { describeHop, pathBetween, routesToward, tgwEntriesToward, vpcsReachedFrom } from "./paths";
import { EPHEMERAL_PORTS, intersect, type Traffic } from "./traffic";

/** One end of a flow: a subnet, a security group, or addresses outside every declared block (red). */
export interface Endpoint {
    readonly label: string;
    readonly view?: ResourceView;
    readonly zone: Placed<Zone>;
    /** Undefined for the internet and remote networks, which belong to no tenant. */
    readonly tenant?: Placed<string>;
    /** The VPN the remote networks are reached through; undefined for the internet and for places in the stack. */
    readonly vpn?: string;
    /** How many places in the stack this endpoint stands for (subnets of one zone and tenant under one CIDR). */
    readonly count: number;
}

/** What one security-group rule admits: traffic between its group and the places its peers cover, whatever the routes. */
export interface Admission {
    readonly rule: SgRule;
    readonly traffic: Traffic;
    /** How the rule names the other end: "0.0.0.0/0", `security group "proxy"`. */
    readonly peer: string;
    readonly from: readonly Endpoint[];
    readonly to: readonly Endpoint[];
}

export interface Admissions {
    readonly admissions: readonly Admission[];
    /** Rules whose reach is partly unknown until apply: what was unknown. */
    readonly undetermined: readonly { readonly rule: SgRule; readonly unknowns: readonly string[] }[];
    /** References the model cannot place (groups and prefix lists outside the stack). */
    readonly external: readonly { readonly rule: SgRule; readonly outside: OutsideStack }[];
    /** Incidental peers whose flow one other layer alone holds. */
    readonly held: readonly Held[];
}

const RED: Placed<Zone> = { state: "valid", value: "red", from: "outside every address block of this stack" };

function placedKey(p: Placed<unknown> | undefined): string {
    if (!p) return "-";
    return p.state === "valid" ? `v:${String(p.value)}` : p.state;
}

export function groupEndpoint(model: NetworkModel, group: Group): Endpoint {
    return {
        label: group.label,
        view: group.view,
        zone: model.zone(group.view),
        tenant: model.tenant(group.view),
        count: 1,
    };
}

function subnetEndpoint(model: NetworkModel, subnet: Subnet, count = 1): Endpoint {
    return {
        label: `subnet "${subnet.view.name}"`,
        view: subnet.view,
        zone: model.zone(subnet.view),
        tenant: model.tenant(subnet.view),
        count,
    };
}

/**
 * The declared subnets a block overlaps that it may name explicitly (see {@link namesExplicitly}): none
 * unless the range of some VPC holds the whole block.
 */
export function explicitCandidates(model: NetworkModel, cidr: Cidr): Subnet[] {
    return model.vpcIndex.holdsAll(cidr) ? model.subnetIndex.overlapping(cidr) : [];
}

/** The subnets of the stack a block names explicitly, seen from a group's VPC: where it overlaps the VPC's own range, the local route wins. */
function explicitSubnets(model: NetworkModel, cidr: Cidr, from: Group): Subnet[] {
    const own = from.vpc?.cidrs ?? [];
    return explicitCandidates(model, cidr).filter(
        (s) =>
            (s.vpc === from.vpc || !s.cidrs.every((sc) => own.some((c) => covers(c, sc)))) && namesExplicitly(s, cidr),
    );
}

/** The subnets a block covers that could exchange packets with a VPC at all: in the VPCs it routes to, both ways. */
export function subnetsInReach(model: NetworkModel, cidr: Cidr, from: Vpc | undefined): Subnet[] {
    if (!from) return [];
    const own = from.cidrs;
    const found: Subnet[] = [];
    for (const vpc of vpcsReachedFrom(model, from)) {
        if (vpc !== from && !vpcsReachedFrom(model, vpc).has(from)) continue;
        for (const s of vpc.subnets) {
            if (!s.cidrs.some((c) => overlaps(c, cidr))) continue;
            if (vpc === from || !s.cidrs.every((sc) => own.some((c) => covers(c, sc)))) found.push(s);
        }
    }
    return found;
}

/** The subnets a group's traffic enters and leaves by: its members' subnets, or without members every subnet of its VPC. */
function groupSubnets(group: Group): Subnet[] {
    const subnets = [...new Set(group.members.flatMap((m) => m.subnets))];
    return subnets.length > 0 ? subnets : (group.vpc?.subnets ?? []);
}

/** Whether the outside addresses of a block are reached over a VPN (a VPN gateway, or a TGW's VPN attachment) rather than from the internet. */
function outsideVia(model: NetworkModel, group: Group, cidr: Cidr): string | undefined {
    let vpn: string | undefined;
    for (const table of new Set(groupSubnets(group).map((s) => s.routeTable))) {
        for (const route of routesToward(model, table, cidr)) {
            if (route.dest && !model.reachesOutside(route.dest)) continue;
            const target = route.target;
            if (target.kind === "vgw") vpn ??= target.label;
            else if (target.kind === "tgw" && target.view) {
                const viaVpn = group.vpc?.attachments
                    .filter((a) => a.tgw?.view.urn === target.view!.urn)
                    .flatMap((a) => a.associated.flatMap((t) => tgwEntriesToward(model, t, cidr)))
                    .find((e) => e.attachment?.kind === "vpn");
                if (viaVpn?.attachment) vpn ??= viaVpn.attachment.label;
                else return undefined;
            } else if (target.kind !== "local") return undefined;
        }
    }
    return vpn;
}

const reachCache = new WeakMap<NetworkModel, Map<SgRule, Map<string, Reach>>>();
const connectedCache = new WeakMap<NetworkModel, Map<Subnet, Map<Subnet, string | undefined>>>();

/** How packets get from one subnet to another and back (routes only), or undefined where they do not. */
export function pathBothWays(model: NetworkModel, from: Subnet, to: Subnet): string | undefined {
    let byFrom = connectedCache.get(model);
    if (!byFrom) connectedCache.set(model, (byFrom = new Map()));
    let cache = byFrom.get(from);
    if (!cache) byFrom.set(from, (cache = new Map()));
    if (cache.has(to)) return cache.get(to);
    const there = pathBetween(model, from, to);
    const back = pathBetween(model, to, from);
    const path =
        there.state !== "none" && back.state !== "none"
            ? from === to
                ? "within the subnet"
                : there.state === "path"
                  ? describeHop(there.hop)
                  : `a path not known until apply (${there.state === "unknown" ? there.what : ""})`
            : undefined;
    cache.set(to, path);
    return path;
}

/** How a request from one subnet to another and its reply get through: a path both ways, and the ACLs of both subnets both ways. */
export function connection(
    model: NetworkModel,
    from: Subnet,
    to: Subnet,
    fromCidrs: readonly Cidr[],
    toCidrs: readonly Cidr[],
    traffic: Traffic,
): { path: string; traffic: Traffic[] } | undefined {
    const path = pathBothWays(model, from, to);
    if (path === undefined) return undefined;
    const passed = throughNacls(from, to, toCidrs, fromCidrs, traffic);
    return passed.length > 0 ? { path, traffic: passed } : undefined;
}

/** A declared subnet a block names within its VPC's range: an explicit peer, judged whatever other layers do. */
export function namesExplicitly(subnet: Subnet, cidr: Cidr): boolean {
    return subnet.vpc !== undefined && subnet.vpc.cidrs.some((c) => covers(c, cidr));
}

/** An incidental peer whose flow one layer alone holds: defence in depth rests on that layer. */
export interface Held {
    readonly rule: SgRule;
    readonly peer: string;
    readonly subnet: Endpoint;
    readonly layer: string;
}

/** The groups whose members sit in each subnet. */
const groupsInCache = new WeakMap<NetworkModel, Map<Subnet, Group[]>>();
function groupsIn(model: NetworkModel, subnet: Subnet): Group[] {
    let cache = groupsInCache.get(model);
    if (!cache) {
        groupsInCache.set(model, (cache = new Map()));
        for (const group of model.groups)
            for (const member of group.members)
                for (const s of member.subnets) {
                    const list = cache.get(s) ?? [];
                    if (!list.includes(group)) list.push(group);
                    cache.set(s, list);
                }
    }
    return cache.get(subnet) ?? [];
}

/** Whether one of a group's rules in a direction reaches a group or a subnet with the traffic (a rule not fully known counts). */
function groupRulesAllow(
    group: Group,
    direction: "ingress" | "egress",
    other: Group,
    otherSubnet: Subnet,
    traffic: Traffic,
): boolean {
    return group.rules.some((rule) => {
        if (rule.direction !== direction) return false;
        if (rule.unknowns.length > 0) return true;
        if (!rule.traffic || !intersect(rule.traffic, traffic)) return false;
        return rule.peers.some((p) =>
            p.kind === "group"
                ? p.group === other
                : p.kind === "cidr"
                  ? otherSubnet.cidrs.some((c) => overlaps(c, p.cidr))
                  : true,
        );
    });
}

/**
 * The other end's security groups: for an ingress rule the sender's egress, for an egress rule the
 * receiver's ingress, at the groups of the stack's resources in the swept subnet. A subnet where the
 * stack places nothing holds nothing back (what sits there is not known).
 */
function otherEndHolds(
    model: NetworkModel,
    rule: SgRule,
    swept: Subnet,
    own: Subnet,
    traffic: Traffic,
): HoldingLayer | undefined {
    const groups = groupsIn(model, swept);
    if (groups.length === 0) return undefined;
    const direction = rule.direction === "ingress" ? "egress" : "ingress";
    if (groups.some((g) => groupRulesAllow(g, direction, rule.group, own, traffic))) return undefined;
    return () => `the ${direction} rules of ${groups.map((g) => g.label).join(", ")} in subnet "${swept.view.name}"`;
}

/** A layer that holds a flow, named only where a finding names it: most flows are held by several. */
type HoldingLayer = () => string;

/** The layers that hold a flow between a swept subnet and one of the group's own, besides the rule itself. */
function holdingLayers(
    model: NetworkModel,
    rule: SgRule,
    swept: Subnet,
    own: Subnet,
    part: readonly Cidr[],
    traffic: Traffic,
): HoldingLayer[] {
    const ingress = rule.direction === "ingress";
    const from = ingress ? swept : own;
    const to = ingress ? own : swept;
    const layers: HoldingLayer[] = [];
    const sg = otherEndHolds(model, rule, swept, own, traffic);
    if (sg) layers.push(sg);
    if (pathBothWays(model, from, to) === undefined)
        layers.push(() => `the routes between subnet "${from.view.name}" and subnet "${to.view.name}"`);
    else if (throughNacls(from, to, ingress ? own.cidrs : part, ingress ? part : own.cidrs, traffic).length === 0)
        layers.push(() => {
            const acls = [from.nacl, to.nacl].filter((n): n is Nacl => n !== undefined && from !== to);
            return acls.map((n) => n.label).join(" and ") || "the network ACLs";
        });
    return layers;
}

interface Reach {
    readonly endpoints: Endpoint[];
    readonly held: { readonly subnet: Subnet; readonly layer: string }[];
}

/**
 * The places a CIDR peer of a rule stands for, one endpoint per zone and tenant with its first subnet
 * as witness. Explicit peers count whatever other layers do: addresses outside every declared block
 * (the internet, or the remote networks of a VPN), and declared subnets the block names within their
 * VPC's range. Incidental peers, subnets swept into a block wider than their VPC (0.0.0.0/0), count
 * only where a flow gets through end to end: the other end's groups, routes both ways, both subnets'
 * ACLs both ways. Where exactly one of those layers holds it, the flow is `held` by that layer.
 */
function cidrReach(model: NetworkModel, rule: SgRule, traffic: Traffic, cidr: Cidr): Reach {
    const group = rule.group;
    let byRule = reachCache.get(model);
    if (!byRule) reachCache.set(model, (byRule = new Map()));
    let cache = byRule.get(rule);
    if (!cache) byRule.set(rule, (cache = new Map()));
    const key = `${traffic.protocol}:${traffic.from}-${traffic.to} ${cidr.text}`;
    const cached = cache.get(key);
    if (cached) return cached;
    const classes = new Map<string, { subnet: Subnet; count: number }>();
    const held: { subnet: Subnet; layer: string }[] = [];
    const count = (subnet: Subnet) => {
        const k = `${placedKey(model.zone(subnet.view))}|${placedKey(model.tenant(subnet.view))}`;
        const seen = classes.get(k);
        if (seen) seen.count++;
        else classes.set(k, { subnet, count: 1 });
    };
    const explicit = explicitSubnets(model, cidr, group);
    for (const subnet of explicit) count(subnet);
    const own = groupSubnets(group);
    for (const subnet of subnetsInReach(model, cidr, group.vpc)) {
        if (explicit.includes(subnet)) continue;
        const part = subnet.cidrs.filter((c) => overlaps(c, cidr)).map((c) => (covers(cidr, c) ? c : cidr));
        let single: HoldingLayer | undefined;
        let passes = false;
        for (const g of own) {
            const layers = holdingLayers(model, rule, subnet, g, part, traffic);
            if (layers.length === 0) {
                passes = true;
                break;
            }
            if (layers.length === 1) single ??= layers[0];
        }
        if (passes) count(subnet);
        else if (single) held.push({ subnet, layer: single() });
    }
    const endpoints = [...classes.values()].map((c) => subnetEndpoint(model, c.subnet, c.count));
    if (model.reachesOutside(cidr)) {
        const vpn = outsideVia(model, group, cidr);
        endpoints.unshift(
            vpn
                ? { label: `remote networks over ${vpn}`, zone: RED, vpn, count: 1 }
                : { label: "the internet", zone: RED, count: 1 },
        );
    }
    const reach = { endpoints, held };
    cache.set(key, reach);
    return reach;
}

export function cidrEndpoints(model: NetworkModel, rule: SgRule, traffic: Traffic, cidr: Cidr): Endpoint[] {
    return cidrReach(model, rule, traffic, cidr).endpoints;
}

const admissionCache = new WeakMap<NetworkModel, Admissions>();

/**
 * Every rule's admissions. A flow between two groups needs the sender's egress and the receiver's
 * ingress; it is judged once, at the ingress rule that admits it. Egress rules are judged toward
 * address blocks, where no rule of this stack decides who receives.
 */
export function admissionsOf(model: NetworkModel): Admissions {
    const cached = admissionCache.get(model);
    if (cached) return cached;
    const admissions: Admission[] = [];
    const undetermined: { rule: SgRule; unknowns: readonly string[] }[] = [];
    const external: { rule: SgRule; outside: OutsideStack }[] = [];
    const held: Held[] = [];
    for (const rule of model.rules) {
        if (rule.unknowns.length > 0) undetermined.push({ rule, unknowns: rule.unknowns });
        if (!rule.traffic) continue;
        const own = groupEndpoint(model, rule.group);
        for (const peer of rule.peers) {
            let peerText: string;
            let others: Endpoint[];
            if (peer.kind === "external") {
                external.push({ rule, outside: peer.outside });
                continue;
            } else if (peer.kind === "group") {
                if (rule.direction === "egress") continue;
                peerText = peer.group === rule.group ? `its own group (${peer.group.label})` : peer.group.label;
                others = [groupEndpoint(model, peer.group)];
            } else {
                peerText = peer.cidr.text;
                const reach = cidrReach(model, rule, rule.traffic, peer.cidr);
                others = reach.endpoints;
                for (const h of reach.held)
                    held.push({ rule, peer: peerText, subnet: subnetEndpoint(model, h.subnet), layer: h.layer });
            }
            if (others.length === 0) continue;
            admissions.push(
                rule.direction === "ingress"
                    ? { rule, traffic: rule.traffic, peer: peerText, from: others, to: [own] }
                    : { rule, traffic: rule.traffic, peer: peerText, from: [own], to: others },
            );
        }
    }
    const result = { admissions, undetermined, external, held };
    admissionCache.set(model, result);
    return result;
}

/** Protocol -1 as the protocols it stands for, so parts of it can be taken away. */
export function expand(t: Traffic): Traffic[] {
    if (t.protocol !== "all") return [t];
    return [
        { protocol: "tcp", from: 0, to: 65535 },
        { protocol: "udp", from: 0, to: 65535 },
        { protocol: "icmp", from: 0, to: 65535 },
        { protocol: "icmpv6", from: 0, to: 65535 },
    ];
}

/** What of some traffic is left once a rule has taken its part. */
export function subtract(t: Traffic, cut: Traffic): Traffic[] {
    const common = intersect(t, cut);
    if (!common) return [t];
    if (t.protocol !== "tcp" && t.protocol !== "udp") return [];
    const parts: Traffic[] = [];
    if (common.from > t.from) parts.push({ ...t, to: common.from - 1 });
    if (common.to < t.to) parts.push({ ...t, from: common.to + 1 });
    return parts;
}

/**
 * The traffic a network ACL lets through for some address of a peer block, rules in number order,
 * first match wins, implicit deny last. A rule covering only part of the block lets its part through
 * but leaves the rest to later rules. No ACL in the model: the VPC default, which allows everything.
 */
export function naclAllows(nacl: Nacl | undefined, egress: boolean, peer: Cidr, wanted: Traffic): Traffic[] {
    if (!nacl) return [wanted];
    let remaining = expand(wanted);
    const allowed: Traffic[] = [];
    for (const entry of nacl.entries) {
        if (entry.egress !== egress || !entry.traffic || !entry.cidr || !overlaps(entry.cidr, peer)) continue;
        const rule = entry.traffic;
        const hit = remaining.flatMap((r) => intersect(r, rule) ?? []);
        if (hit.length === 0) continue;
        if (entry.allow) allowed.push(...hit);
        if (covers(entry.cidr, peer)) remaining = remaining.flatMap((r) => subtract(r, rule));
        if (remaining.length === 0) break;
    }
    return allowed;
}

function replyTraffic(t: Traffic): Traffic {
    return t.protocol === "tcp" || t.protocol === "udp" ? { protocol: t.protocol, ...EPHEMERAL_PORTS } : t;
}

/**
 * Stateless ACLs on both subnets, both ways: the request out of the source and into the destination,
 * the reply (to an ephemeral port) out of the destination and into the source. Within one subnet no
 * ACL applies.
 */
export function throughNacls(
    from: { nacl?: Nacl; cidrs: readonly Cidr[] } | undefined,
    to: Subnet,
    toward: readonly Cidr[],
    fromCidrs: readonly Cidr[],
    traffic: Traffic,
): Traffic[] {
    if (from === to) return [traffic];
    const passed: Traffic[] = [];
    for (const dst of toward) {
        for (const src of fromCidrs) {
            if (src.family !== dst.family) continue;
            const out = from ? naclAllows(from.nacl, true, dst, traffic) : [traffic];
            for (const piece of out) {
                for (const admitted of naclAllows(to.nacl, false, src, piece)) {
                    const reply = replyTraffic(admitted);
                    const repliesOut = naclAllows(to.nacl, true, src, reply).length > 0;
                    const repliesIn = !from || naclAllows(from.nacl, false, dst, reply).length > 0;
                    if (repliesOut && repliesIn) passed.push(admitted);
                }
            }
        }
    }
    return passed;
}
