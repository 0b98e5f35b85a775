import type { UndeterminedKind } from "../finding-kinds";
import {
    advisory,
    undetermined,
    UNTIL_APPLY,
    violation,
    type AttachedMember,
    type Finding,
    type FindingEvidence,
    type UnknownValue,
} from "../findings";
import { describe } from "../placement";
import type { EncryptedPort, FlowTreatment, ZonePair } from "../settings";
import { SHARED_TENANT, TAG, ZONES, type Zone } from "../tag-keys";
import { clientVpnAccessesOf } from "./client-vpn";
import { admissionsOf, groupEndpoint, type Admission, type Endpoint } from "./flows";
import { publicExposureFindings } from "./exposure";
import {
    accessEvidence,
    admissionEvidence,
    admissionReading,
    edgeEvidence,
    edgesOf,
    isRedGreen,
    pick,
    picked,
    tenantOf,
    unknownReason,
    zoneOf,
    type Edge,
} from "./edges";
import type { ClientVpnAuthorization, Member, NetworkModel, SgRule } from "./model";
import { describeTraffic, plaintextParts } from "./traffic";
import { elementOf } from "../urn";

const untilApply = (unknowns: readonly string[]): UnknownValue[] =>
    unknowns.map((what) => ({ what, reason: UNTIL_APPLY }));

function ruleUndetermined(kind: UndeterminedKind, rule: SgRule, unknowns: readonly string[]): Finding {
    return undetermined(kind, rule.view.urn, untilApply(unknowns), {
        layer: "security-group rule",
        reading: { label: rule.label, group: rule.group.label },
    });
}

function authorizationUndetermined(
    kind: UndeterminedKind,
    authorization: ClientVpnAuthorization,
    unknowns: readonly string[],
): Finding {
    return undetermined(kind, authorization.view.urn, untilApply(unknowns), {
        layer: "Client VPN authorization",
        reading: {
            label: authorization.label,
            ...(authorization.endpoint ? { endpoint: authorization.endpoint.label } : {}),
        },
    });
}

/** The kind of a breach on each layer: `zone.red-green.rule`, `tenant.crossing.route`, ... */
const LAYER_KIND = {
    "security-group rule": "rule",
    "network ACL entry": "acl",
    routing: "route",
    "Client VPN authorization": "client-vpn",
} as const satisfies Record<Edge["layer"], string>;

/** The verdict of a predicate on one edge: a breach of its layer's kind, on the ends it picked. */
function verdict(
    breach: "zone.red-green" | "tenant.crossing",
    hit: { edge: Edge; from: Endpoint[]; to: Endpoint[]; more: number },
): Finding {
    return violation(
        `${breach}.${LAYER_KIND[hit.edge.layer]}`,
        hit.edge.element.urn,
        edgeEvidence(hit.edge, hit.from, hit.to, hit.more),
    );
}

/** The end of a pair with the other end red or green whose zone cannot be used, or undefined. */
function undecidedEnd(f: Endpoint, t: Endpoint): Endpoint | undefined {
    const [decided, open] =
        zoneOf(f) === "red" || zoneOf(f) === "green"
            ? [f, t]
            : zoneOf(t) === "red" || zoneOf(t) === "green"
              ? [t, f]
              : [undefined, undefined];
    return decided && unknownReason(open.zone) !== undefined ? open : undefined;
}

/** The zone an end lacks, as an undetermined finding names it. */
function unknownZone(end: Endpoint): UnknownValue {
    return {
        ...(end.view ? { of: elementOf(end.view) } : {}),
        what: `${TAG.zone} of ${end.label}`,
        reason: unknownReason(end.zone)!,
    };
}

/**
 * Red and green joined directly, on any layer: an edge with one end red and the other green; an
 * edge whose other end has no zone is undetermined. Then what one layer alone holds, and green
 * exposed to the internet.
 */
export function redGreenFindings(model: NetworkModel): Finding[] {
    const findings: Finding[] = [];
    const edges = edgesOf(model);
    const redGreen = (f: Endpoint, t: Endpoint) => isRedGreen(zoneOf(f), zoneOf(t));
    const hits = picked(edges, redGreen);
    const breached = new Set(hits.map((h) => h.edge.key));
    for (const hit of hits) findings.push(verdict("zone.red-green", hit));
    for (const open of picked(edges, (f, t) => undecidedEnd(f, t) !== undefined)) {
        if (breached.has(open.edge.key)) continue;
        const ends = [
            ...new Set(open.from.flatMap((f) => open.to.map((t) => undecidedEnd(f, t))).filter((e) => e !== undefined)),
        ];
        findings.push(
            undetermined(
                "zone.red-green.undetermined",
                open.edge.element.urn,
                ends.map(unknownZone),
                edgeEvidence(open.edge, open.from, open.to, open.more),
            ),
        );
    }
    const { undetermined: unknownRules, held } = admissionsOf(model);
    for (const { rule, unknowns } of unknownRules) {
        const zone = model.zone(rule.group.view);
        if (zone.state === "valid" && zone.value === "yellow") continue;
        findings.push(ruleUndetermined("zone.red-green.undetermined", rule, unknowns));
    }
    for (const h of held) {
        const group = groupEndpoint(model, h.rule.group);
        if (!isRedGreen(zoneOf(group), zoneOf(h.subnet))) continue;
        const [from, to] = h.rule.direction === "ingress" ? [h.subnet, group] : [group, h.subnet];
        const evidence = edgeEvidence(
            { element: h.rule.view, layer: "security-group rule", reading: admissionReading(h) },
            [from],
            [to],
        );
        findings.push(advisory("zone.red-green.held-by-one-layer", h.rule.view.urn, { ...evidence, holds: h.layer }));
    }
    for (const { authorization, unknowns } of clientVpnAccessesOf(model).undetermined)
        findings.push(authorizationUndetermined("zone.red-green.undetermined", authorization, unknowns));
    findings.push(...publicExposureFindings(model));
    return findings;
}

/** What of an admission's traffic no encrypted protocol and port covers, as its evidence names it; undefined where all is covered. */
function plaintextOf(a: Admission, encrypted: readonly EncryptedPort[]): FindingEvidence["plaintext"] {
    const parts = plaintextParts(a.traffic, encrypted);
    if (parts.length === 0) return undefined;
    return { parts: parts.map(describeTraffic), ...(a.traffic.protocol === "all" ? { allTraffic: true } : {}) };
}

/** Flows across zone classes: each uses an encrypted protocol and port, or rides a VPN, as the zone flow matrix says. */
export function encryptionFindings(
    model: NetworkModel,
    matrix: Readonly<Record<ZonePair, FlowTreatment>>,
    encrypted: readonly EncryptedPort[],
): Finding[] {
    const findings: Finding[] = [];
    const { admissions, undetermined: unknownRules } = admissionsOf(model);
    for (const a of admissions) {
        const treatment = (f: Endpoint, t: Endpoint): FlowTreatment | undefined => {
            const [zf, zt] = [zoneOf(f), zoneOf(t)];
            if (!zf || !zt || zf === zt || isRedGreen(zf, zt)) return undefined;
            return matrix[`${zf}->${zt}`];
        };
        const denied = pick(a, (f, t) => treatment(f, t) === "deny");
        if (denied)
            findings.push(violation("zone.flow-denied", a.rule.view.urn, admissionEvidence(a, denied.from, denied.to)));
        const plaintext = plaintextOf(a, encrypted);
        if (!plaintext) continue;
        const clear = pick(a, (f, t) => treatment(f, t) === "encrypted" && !f.vpn && !t.vpn);
        if (clear)
            findings.push(
                violation("zone.plaintext", a.rule.view.urn, {
                    ...admissionEvidence(a, clear.from, clear.to),
                    plaintext,
                }),
            );
    }
    for (const { rule, unknowns } of unknownRules)
        findings.push(ruleUndetermined("zone.flow-matrix.undetermined", rule, unknowns));
    findings.push(...clientVpnDenials(model, matrix));
    return findings;
}

/**
 * Client VPN clients ride an encrypted tunnel, which meets every `encrypted` treatment; what the zone
 * flow matrix denies from red (other than to green, which `forbid-red-green-paths` owns) is still denied.
 */
function clientVpnDenials(model: NetworkModel, matrix: Readonly<Record<ZonePair, FlowTreatment>>): Finding[] {
    const denied = (z: Zone | undefined) =>
        z !== undefined && z !== "red" && z !== "green" && matrix[`red->${z}`] === "deny";
    if (!ZONES.some(denied)) return [];
    const findings: Finding[] = [];
    const vpn = clientVpnAccessesOf(model);
    for (const a of vpn.accesses) {
        const hit = pick(a, (_f, t) => denied(zoneOf(t)));
        if (!hit) continue;
        findings.push(
            violation("zone.flow-denied", a.authorization.view.urn, accessEvidence(model, a, hit.from, hit.to)),
        );
    }
    for (const { authorization, unknowns } of vpn.undetermined)
        findings.push(authorizationUndetermined("zone.flow-matrix.undetermined", authorization, unknowns));
    return findings;
}

const crossTenant = (a: string | undefined, b: string | undefined) => a !== undefined && b !== undefined && a !== b;

const apart = (f: Endpoint, t: Endpoint) =>
    crossTenant(tenantOf(f), tenantOf(t)) && tenantOf(f) !== SHARED_TENANT && tenantOf(t) !== SHARED_TENANT;

/** No edge of any layer joins two tenants; shared services reach a tenant by a rule only encrypted. */
export function tenantFindings(model: NetworkModel, encrypted: readonly EncryptedPort[]): Finding[] {
    const findings: Finding[] = [];
    const edges = edgesOf(model);
    const hits = picked(edges, apart);
    const breached = new Set(hits.map((h) => h.edge.key));
    for (const hit of hits) findings.push(verdict("tenant.crossing", hit));
    for (const edge of edges) {
        if (edge.source.kind !== "admission" || breached.has(edge.key)) continue;
        const a = edge.source.admission;
        const plaintext = plaintextOf(a, encrypted);
        const shared = plaintext && pick(a, (f, t) => crossTenant(tenantOf(f), tenantOf(t)) && !f.vpn && !t.vpn);
        if (!shared) continue;
        findings.push(
            violation("tenant.shared-plaintext", a.rule.view.urn, {
                ...edgeEvidence(edge, shared.from, shared.to),
                plaintext,
            }),
        );
    }
    for (const { rule, unknowns } of admissionsOf(model).undetermined)
        findings.push(ruleUndetermined("tenant.isolation.undetermined", rule, unknowns));
    for (const { authorization, unknowns } of clientVpnAccessesOf(model).undetermined)
        findings.push(authorizationUndetermined("tenant.isolation.undetermined", authorization, unknowns));
    return findings;
}

/** The zones a group's member sits in: its own, or its subnets'. */
function memberZones(model: NetworkModel, member: Member): { value: Zone; from: string }[] {
    const own = model.zone(member.view);
    return own.state === "valid" && !member.placedBySubnets
        ? [{ value: own.value, from: own.from }]
        : member.subnets.flatMap((s) => {
              const p = model.zone(s.view);
              return p.state === "valid" ? [{ value: p.value, from: `from ${describe(s.view)}` }] : [];
          });
}

/**
 * A resource whose security groups are not known until apply, where a group of another zone may be among them: the
 * groups the engine's dependencies leave possible, or, where they tell nothing, any group of its VPC.
 */
function unknownMembershipFindings(model: NetworkModel): Finding[] {
    const findings: Finding[] = [];
    for (const membership of model.unknownMemberships) {
        const vpc = membership.subnets[0]?.vpc;
        const possible =
            membership.candidates.length > 0 ? membership.candidates : model.groups.filter((g) => vpc && g.vpc === vpc);
        for (const placed of memberZones(model, { ...membership, placedBySubnets: false })) {
            const others = possible.filter((g) => {
                const zone = model.zone(g.view);
                return zone.state === "valid" && zone.value !== placed.value;
            });
            if (others.length === 0) continue;
            const property = membership.path.replace(/\.\d+(?=\.|$)/g, "");
            findings.push(
                undetermined("tag.undetermined", membership.view.urn, [{ what: property, reason: UNTIL_APPLY }], {
                    values: [{ name: TAG.zone, value: placed.value, from: placed.from }],
                    mayBeAmong: others.map((g) => ({
                        group: elementOf(g.view),
                        zone: (model.zone(g.view) as { value: Zone }).value,
                    })),
                }),
            );
            break;
        }
    }
    return findings;
}

/** A group carries one zone, and every resource it is attached to sits in that zone. */
export function groupZoneFindings(model: NetworkModel): Finding[] {
    const findings: Finding[] = unknownMembershipFindings(model);
    for (const group of model.groups) {
        const zone = model.zone(group.view);
        if (zone.state !== "valid") continue;
        const outside: AttachedMember[] = [];
        for (const member of group.members) {
            for (const p of memberZones(model, member)) {
                if (p.value !== zone.value)
                    outside.push({ member: elementOf(member.view), zone: p.value, from: p.from });
            }
        }
        if (outside.length > 0) {
            findings.push(
                violation("tag.shared-group", group.view.urn, {
                    reading: { label: group.label },
                    values: [{ name: TAG.zone, value: zone.value, from: zone.from }],
                    attached: outside,
                }),
            );
        }
    }
    return findings;
}
