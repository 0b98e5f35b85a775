import type { FindingEvidence, PathHop, PlaceEvidence, ValueEvidence } from "../findings";
import type { Placed } from "../placement";
import type { ResourceView } from "../resource";
import type { Zone } from "../tag-keys";
import { clientVpnAccessesOf, type ClientVpnAccess } from "./client-vpn";
import { admissionsOf, type Admission, type Endpoint } from "./flows";
import { jointsOf, pathText, type Joint } from "./joints";
import { FROM_WHERE_IT_SITS, type NetworkModel, type Subnet } from "./model";
import { naclAdmissionsOf, type NaclAdmission } from "./nacl-rules";
import { describeTraffic, type Traffic } from "./traffic";
import { elementOf } from "../urn";

/**
 * What every layer produces: an element (a security-group rule, an ACL entry, a route, peering or
 * transit-gateway entry, a Client VPN authorization rule) that lets traffic from some places to
 * others, both ends with zone and tenant. The checks are predicates over edges.
 */
export interface Edge {
    readonly element: ResourceView;
    readonly layer: "security-group rule" | "network ACL entry" | "routing" | "Client VPN authorization";
    readonly from: readonly Endpoint[];
    readonly to: readonly Endpoint[];
    /** What it lets through, where one rule says (routing lets everything through). */
    readonly traffic?: Traffic;
    /** How routing carries traffic from one end to the other, hop by hop. */
    readonly path?: readonly PathHop[];
    /** Edges of one element found by one predicate make one finding: the first as witness, the rest counted. */
    readonly key: string;
    /** How the edge reads, naming only the endpoints at issue (and how many more pairs the element joins). */
    readonly text: (from: readonly Endpoint[], to: readonly Endpoint[], more: number) => string;
    /** What joins the reading to the verdict: a rule "admits ...: verdict", a path "...: the path; verdict". */
    readonly separator: ":" | ";";
    /** How a tenant rule reads for this layer. */
    readonly tenancy: string;
    readonly source:
        | { readonly kind: "admission"; readonly admission: Admission }
        | { readonly kind: "acl"; readonly admission: NaclAdmission }
        | { readonly kind: "joint"; readonly joint: Joint }
        | { readonly kind: "client-vpn"; readonly access: ClientVpnAccess };
}

export const zoneOf = (e: Endpoint): Zone | undefined => (e.zone.state === "valid" ? e.zone.value : undefined);
export const tenantOf = (e: Endpoint): string | undefined => (e.tenant?.state === "valid" ? e.tenant.value : undefined);

/** Why a zone cannot be used: not known until apply, or neither tagged nor taken from where the resource sits. */
export function unknownReason(p: Placed<unknown> | undefined): string | undefined {
    if (p?.state === "unknown" || p?.state === "missing") return p.reason;
    return p?.state === "invalid" ? p.problem : undefined;
}

function valueEvidence(p: Placed<string>): ValueEvidence {
    if (p.state === "valid") return { value: p.value, from: p.from };
    return { state: p.state, reason: p.state === "invalid" ? p.problem : p.reason };
}

function placeEvidence(e: Endpoint): PlaceEvidence {
    return {
        place: e.label,
        ...(e.view ? { urn: e.view.urn } : {}),
        zone: valueEvidence(e.zone),
        ...(e.tenant ? { tenant: valueEvidence(e.tenant) } : {}),
        ...(e.vpn !== undefined ? { vpn: e.vpn } : {}),
        count: e.count,
    };
}

/** What a finding on an edge rests on: the element, its layer, the ends at issue with where their values came from, the traffic. */
export function edgeEvidence(
    edge: Pick<Edge, "element" | "layer" | "traffic" | "path">,
    from: readonly Endpoint[],
    to: readonly Endpoint[],
    more = 0,
): FindingEvidence {
    return {
        element: elementOf(edge.element),
        layer: edge.layer,
        from: from.map(placeEvidence),
        to: to.map(placeEvidence),
        ...(edge.traffic ? { traffic: describeTraffic(edge.traffic) } : {}),
        ...(edge.path ? { path: edge.path } : {}),
        morePairs: more,
    };
}

/** The evidence of a finding on what one security-group rule admits. */
export const admissionEvidence = (a: Admission, from: readonly Endpoint[], to: readonly Endpoint[]) =>
    edgeEvidence({ element: a.rule.view, layer: "security-group rule", traffic: a.traffic }, from, to);

/** "green, tenant acme" (and how many places the endpoint stands for); a zone not from a tag says where it came from. */
export function placeText(e: Endpoint): string {
    const zone = zoneOf(e);
    const parts = [
        zone === undefined
            ? "zone unknown"
            : e.zone.state === "valid" && e.zone.from.startsWith(FROM_WHERE_IT_SITS)
              ? `${zone} (${e.zone.from})`
              : zone,
    ];
    const tenant = tenantOf(e);
    if (tenant) parts.push(`tenant ${tenant}`);
    if (e.count > 1) parts.push(`and ${e.count - 1} more ${e.count - 1 === 1 ? "subnet" : "subnets"} like it`);
    return parts.join(", ");
}

function endpointText(e: Endpoint, peer?: string): string {
    return e.label === peer ? placeText(e) : `${e.label}, ${placeText(e)}`;
}

function peerText(peer: string, endpoints: readonly Endpoint[]): string {
    return `${peer} (${endpoints.map((e) => endpointText(e, peer)).join("; ")})`;
}

function groupText(a: Admission, side: readonly Endpoint[]): string {
    return `${a.rule.group.label} (${side.map((e) => placeText(e)).join("; ")})`;
}

/** How the rule reads, naming on its peer's side only the endpoints at issue. */
export function admissionText(a: Admission, from: readonly Endpoint[], to: readonly Endpoint[]): string {
    return a.rule.direction === "ingress"
        ? `${a.rule.label} admits ${peerText(a.peer, from)} to ${groupText(a, to)} on ${describeTraffic(a.traffic)}`
        : `${a.rule.label} lets ${groupText(a, from)} send to ${peerText(a.peer, to)} on ${describeTraffic(a.traffic)}`;
}

/** How a network ACL entry reads, naming on its peer's side only the endpoints at issue. */
function naclText(a: NaclAdmission, from: readonly Endpoint[], to: readonly Endpoint[]): string {
    const peer = a.entry.cidr!.text;
    const places = (side: readonly Endpoint[]) => side.map((e) => `${e.label} (${placeText(e)})`).join("; ");
    return a.entry.egress
        ? `${a.entry.label} lets ${places(from)} send to ${peerText(peer, to)} on ${describeTraffic(a.traffic)}`
        : `${a.entry.label} lets ${peerText(peer, from)} into ${places(to)} on ${describeTraffic(a.traffic)}`;
}

/** Subnets named by zone: `subnets "dmz-a", "dmz-b" (yellow)`. */
function subnetsText(model: NetworkModel, subnets: readonly Subnet[]): string {
    const byZone = new Map<string, string[]>();
    for (const s of subnets) {
        const zone = model.zone(s.view);
        const z = zone.state === "valid" ? zone.value : "zone unknown";
        byZone.set(z, [...(byZone.get(z) ?? []), `"${s.view.name}"`]);
    }
    return `${subnets.length === 1 ? "subnet" : "subnets"} ${[...byZone].map(([zone, names]) => `${names.join(", ")} (${zone})`).join(" and ")}`;
}

/** How an authorization rule reads: its endpoint's clients, where they enter, and the block and places at issue. */
export function accessText(
    model: NetworkModel,
    a: ClientVpnAccess,
    from: readonly Endpoint[],
    to: readonly Endpoint[],
): string {
    return `${a.authorization.label} lets ${from[0].label} (${from.map(placeText).join("; ")}), arriving over its encrypted tunnel into ${subnetsText(model, a.endpoint.subnets)}, reach ${peerText(a.cidr.text, to)}`;
}

/** The endpoint pairs of an admission or a Client VPN access that a predicate picks, grouped back by side. */
export function pick(
    a: { readonly from: readonly Endpoint[]; readonly to: readonly Endpoint[] },
    picked: (from: Endpoint, to: Endpoint) => boolean,
): { from: Endpoint[]; to: Endpoint[] } | undefined {
    const from = new Set<Endpoint>();
    const to = new Set<Endpoint>();
    for (const f of a.from)
        for (const t of a.to)
            if (picked(f, t)) {
                from.add(f);
                to.add(t);
            }
    return from.size > 0 ? { from: [...from], to: [...to] } : undefined;
}

export const isRedGreen = (a: Zone | undefined, b: Zone | undefined) =>
    (a === "red" && b === "green") || (a === "green" && b === "red");

function jointText(j: Joint, more: number): string {
    const others = more > 0 ? ` (and ${more} more ${more === 1 ? "pair" : "pairs"} of places)` : "";
    return `${j.elementLabel} lets ${j.from.label} (${placeText(j.from)}) reach ${j.to.label} (${placeText(j.to)})${others}: ${pathText(j.path)}`;
}

const REACH = "tenants must never reach each other";
const cache = new WeakMap<NetworkModel, Edge[]>();

/** Every edge of the stack, layer by layer: rules, ACL entries, routing, Client VPN. */
export function edgesOf(model: NetworkModel): Edge[] {
    const cached = cache.get(model);
    if (cached) return cached;
    const edges: Edge[] = [];
    admissionsOf(model).admissions.forEach((a, i) =>
        edges.push({
            element: a.rule.view,
            layer: "security-group rule",
            from: a.from,
            to: a.to,
            traffic: a.traffic,
            key: `rule ${i}`,
            text: (from, to) => admissionText(a, from, to),
            separator: ":",
            tenancy: REACH,
            source: { kind: "admission", admission: a },
        }),
    );
    naclAdmissionsOf(model).forEach((a, i) =>
        edges.push({
            element: a.entry.view,
            layer: "network ACL entry",
            from: a.from,
            to: a.to,
            traffic: a.traffic,
            key: `acl ${i}`,
            text: (from, to) => naclText(a, from, to),
            separator: ":",
            tenancy: REACH,
            source: { kind: "acl", admission: a },
        }),
    );
    for (const j of jointsOf(model))
        edges.push({
            element: j.element,
            layer: "routing",
            from: [j.from],
            to: [j.to],
            path: j.path,
            key: `joint ${j.element.urn}\u0000${j.elementLabel}`,
            text: (_from, _to, more) => jointText(j, more),
            separator: ";",
            tenancy: "tenants must never share a route",
            source: { kind: "joint", joint: j },
        });
    clientVpnAccessesOf(model).accesses.forEach((a, i) =>
        edges.push({
            element: a.authorization.view,
            layer: "Client VPN authorization",
            from: a.from,
            to: a.to,
            key: `client-vpn ${i}`,
            text: (from, to) => accessText(model, a, from, to),
            separator: ":",
            tenancy: REACH,
            source: { kind: "client-vpn", access: a },
        }),
    );
    cache.set(model, edges);
    return edges;
}

/** The edges a predicate over their ends picks, one finding's worth per element: the first hit as witness, how many more. */
export function picked(
    edges: readonly Edge[],
    predicate: (from: Endpoint, to: Endpoint) => boolean,
): { edge: Edge; from: Endpoint[]; to: Endpoint[]; more: number }[] {
    const found = new Map<string, { edge: Edge; from: Endpoint[]; to: Endpoint[]; more: number }>();
    for (const edge of edges) {
        const hit = pick(edge, predicate);
        if (!hit) continue;
        const seen = found.get(edge.key);
        if (seen) seen.more++;
        else found.set(edge.key, { edge, ...hit, more: 0 });
    }
    return [...found.values()];
}
