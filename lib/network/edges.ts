import type { ElementReading, FindingEvidence, PathHop, PlaceEvidence, ValueEvidence } from "../findings";
import { unusableText } from "../messages";
import type { Placed } from "../placement";
import type { ResourceView } from "../resource";
import type { Zone } from "../tag-keys";
import { clientVpnAccessesOf, type ClientVpnAccess } from "./client-vpn";
import { admissionsOf, type Admission, type Endpoint } from "./flows";
import { jointsOf, type Joint } from "./joints";
import type { NetworkModel, Subnet } from "./model";
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
    /** How the element names what it joins, for its findings' messages (rendered from the evidence). */
    readonly reading: ElementReading;
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
    return p?.state === "invalid" ? unusableText(p.read, p.read.of) : undefined;
}

function valueEvidence(p: Placed<string>): ValueEvidence {
    if (p.state === "valid") return { value: p.value, from: p.from };
    return { state: p.state, reason: p.state === "invalid" ? unusableText(p.read, p.read.of) : p.reason };
}

export function placeEvidence(e: Endpoint): PlaceEvidence {
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
    edge: Pick<Edge, "element" | "layer" | "traffic" | "path"> & { readonly reading?: ElementReading },
    from: readonly Endpoint[],
    to: readonly Endpoint[],
    more = 0,
): FindingEvidence {
    return {
        element: elementOf(edge.element),
        layer: edge.layer,
        ...(edge.reading ? { reading: edge.reading } : {}),
        from: from.map(placeEvidence),
        to: to.map(placeEvidence),
        ...(edge.traffic ? { traffic: describeTraffic(edge.traffic) } : {}),
        ...(edge.path ? { path: edge.path } : {}),
        morePairs: more,
    };
}

/** The evidence of a finding on what one security-group rule admits. */
export const admissionEvidence = (a: Admission, from: readonly Endpoint[], to: readonly Endpoint[]) =>
    edgeEvidence(
        { element: a.rule.view, layer: "security-group rule", traffic: a.traffic, reading: admissionReading(a) },
        from,
        to,
    );

/** How a security-group rule names what it admits: the rule, its direction, its peer and its group. */
export const admissionReading = (a: Pick<Admission, "rule" | "peer">): ElementReading => ({
    label: a.rule.label,
    direction: a.rule.direction,
    peer: a.peer,
    group: a.rule.group.label,
});

/** The evidence of a finding on what one Client VPN authorization rule lets its clients reach. */
export const accessEvidence = (
    model: NetworkModel,
    a: ClientVpnAccess,
    from: readonly Endpoint[],
    to: readonly Endpoint[],
) =>
    edgeEvidence(
        { element: a.authorization.view, layer: "Client VPN authorization", reading: accessReading(model, a) },
        from,
        to,
    );

const accessReading = (model: NetworkModel, a: ClientVpnAccess): ElementReading => ({
    label: a.authorization.label,
    endpoint: a.endpoint.label,
    peer: a.cidr.text,
    via: subnetsText(model, a.endpoint.subnets),
});

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
            reading: admissionReading(a),
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
            reading: {
                label: a.entry.label,
                direction: a.entry.egress ? "egress" : "ingress",
                peer: a.entry.cidr!.text,
            },
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
            reading: { label: j.elementLabel },
            source: { kind: "joint", joint: j },
        });
    clientVpnAccessesOf(model).accesses.forEach((a, i) =>
        edges.push({
            element: a.authorization.view,
            layer: "Client VPN authorization",
            from: a.from,
            to: a.to,
            key: `client-vpn ${i}`,
            reading: accessReading(model, a),
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
