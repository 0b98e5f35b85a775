import { advisory, undetermined, violation, type Finding } from "../findings";
import { describe, type Placed } from "../placement";
import type { EncryptedPort, FlowTreatment, ZonePair } from "../settings";
import { SHARED_TENANT, ZONES, type Zone } from "../tag-keys";
import { clientVpnAccessesOf, type ClientVpnAccess } from "./client-vpn";
import { admissionsOf, groupEndpoint, type Admission, type Endpoint } from "./flows";
import { publicExposureFindings } from "./exposure";
import { jointsOf, type Joint } from "./joints";
import { naclAdmissionsOf, type NaclAdmission } from "./nacl-rules";
import { FROM_WHERE_IT_SITS, type ClientVpnAuthorization, type NetworkModel, type SgRule, type Subnet } from "./model";
import { describeTraffic, plaintextParts } from "./traffic";

const zoneOf = (e: Endpoint): Zone | undefined => (e.zone.state === "valid" ? e.zone.value : undefined);
const tenantOf = (e: Endpoint): string | undefined => (e.tenant?.state === "valid" ? e.tenant.value : undefined);

/** Why a zone cannot be used: not known until apply, or neither tagged nor taken from where the resource sits. */
function unknownReason(p: Placed<unknown> | undefined): string | undefined {
    if (p?.state === "unknown" || p?.state === "missing") return p.reason;
    return p?.state === "invalid" ? p.problem : undefined;
}

/** "green, tenant acme" (and how many places the endpoint stands for); a zone not from a tag says where it came from. */
function placeText(e: Endpoint): string {
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
function admissionText(a: Admission, from: readonly Endpoint[], to: readonly Endpoint[]): string {
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
function accessText(
    model: NetworkModel,
    a: ClientVpnAccess,
    from: readonly Endpoint[],
    to: readonly Endpoint[],
): string {
    return `${a.authorization.label} lets ${from[0].label} (${from.map(placeText).join("; ")}), arriving over its encrypted tunnel into ${subnetsText(model, a.endpoint.subnets)}, reach ${peerText(a.cidr.text, to)}`;
}

/** The endpoint pairs of an admission or a Client VPN access that a predicate picks, grouped back by side. */
function pick(
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

const isRedGreen = (a: Zone | undefined, b: Zone | undefined) =>
    (a === "red" && b === "green") || (a === "green" && b === "red");

function jointText(j: Joint, more: number): string {
    const others = more > 0 ? ` (and ${more} more ${more === 1 ? "pair" : "pairs"} of places)` : "";
    return `${j.elementLabel} lets ${j.from.label} (${placeText(j.from)}) reach ${j.to.label} (${placeText(j.to)})${others}: ${j.path}`;
}

/** The joints an element makes that a predicate picks: one finding per element, the first pair as witness. */
function byElement(joints: readonly Joint[], picked: (j: Joint) => boolean): { first: Joint; more: number }[] {
    const found = new Map<string, { first: Joint; more: number }>();
    for (const j of joints) {
        if (!picked(j)) continue;
        const seen = found.get(j.element.urn + "\u0000" + j.elementLabel);
        if (seen) seen.more++;
        else found.set(j.element.urn + "\u0000" + j.elementLabel, { first: j, more: 0 });
    }
    return [...found.values()];
}

function undeterminedOf(urn: string, subject: string, what: string, question: string): Finding {
    return undetermined(
        urn,
        `${subject}: ${what} ${what.includes(";") ? "are" : "is"} not known until apply; ${question} cannot be decided`,
    );
}

function ruleUndetermined(rule: SgRule, what: string, question: string): Finding {
    return undeterminedOf(rule.view.urn, `${rule.label} on ${rule.group.label}`, what, question);
}

function authorizationUndetermined(authorization: ClientVpnAuthorization, what: string, question: string): Finding {
    return undeterminedOf(
        authorization.view.urn,
        authorization.endpoint ? `${authorization.label} of ${authorization.endpoint.label}` : authorization.label,
        what,
        question,
    );
}

/** Red and green joined directly: by a rule that admits one to the other, a route out of green to the internet, a peering or a transit gateway. */
export function redGreenFindings(model: NetworkModel): Finding[] {
    const findings: Finding[] = [];
    const { admissions, undetermined: unknownRules } = admissionsOf(model);
    for (const a of admissions) {
        const hit = pick(a, (f, t) => isRedGreen(zoneOf(f), zoneOf(t)));
        if (hit) {
            const from = zoneOf(hit.from[0]);
            findings.push(
                violation(
                    a.rule.view.urn,
                    `${admissionText(a, hit.from, hit.to)}: ${from} reaches ${from === "red" ? "green" : "red"} directly; route it through yellow`,
                ),
            );
            continue;
        }
        const open = pick(
            a,
            (f, t) =>
                (zoneOf(f) === "red" || zoneOf(f) === "green"
                    ? unknownReason(t.zone)
                    : zoneOf(t) === "red" || zoneOf(t) === "green"
                      ? unknownReason(f.zone)
                      : undefined) !== undefined,
        );
        if (open) {
            const reason = [...open.from, ...open.to].map((e) => unknownReason(e.zone)).find((r) => r !== undefined);
            findings.push(
                undetermined(
                    a.rule.view.urn,
                    `${a.rule.label} on ${a.rule.group.label}: whether it lets red reach green cannot be decided: ${reason}`,
                ),
            );
        }
    }
    for (const { rule, what } of unknownRules) {
        const zone = model.zone(rule.group.view);
        if (zone.state === "valid" && zone.value === "yellow") continue;
        findings.push(ruleUndetermined(rule, what, "whether it lets red reach green"));
    }
    for (const { first, more } of byElement(jointsOf(model), (j) => isRedGreen(zoneOf(j.from), zoneOf(j.to)))) {
        const from = zoneOf(first.from);
        findings.push(
            violation(
                first.element.urn,
                `${jointText(first, more)}; ${from} reaches ${from === "red" ? "green" : "red"} directly; route it through yellow`,
            ),
        );
    }
    for (const a of naclAdmissionsOf(model)) {
        const hit = pick(a, (f, t) => isRedGreen(zoneOf(f), zoneOf(t)));
        if (hit) {
            const from = zoneOf(hit.from[0]);
            findings.push(
                violation(
                    a.entry.view.urn,
                    `${naclText(a, hit.from, hit.to)}: ${from} reaches ${from === "red" ? "green" : "red"} directly; route it through yellow`,
                ),
            );
        }
    }
    for (const h of admissionsOf(model).held) {
        const group = groupEndpoint(model, h.rule.group);
        if (!isRedGreen(zoneOf(group), zoneOf(h.subnet))) continue;
        const reads =
            h.rule.direction === "ingress"
                ? `admits ${h.peer} to ${h.rule.group.label} (${placeText(group)})`
                : `lets ${h.rule.group.label} (${placeText(group)}) send to ${h.peer}`;
        findings.push(
            advisory(
                h.rule.view.urn,
                `${h.rule.label} ${reads}, a block that sweeps in ${h.subnet.label} (${placeText(h.subnet)}): no flow gets through, but only ${h.layer} holds it; defence in depth: narrow the block`,
            ),
        );
    }
    const vpn = clientVpnAccessesOf(model);
    for (const a of vpn.accesses) {
        const hit = pick(a, (f, t) => isRedGreen(zoneOf(f), zoneOf(t)));
        if (hit) {
            findings.push(
                violation(
                    a.authorization.view.urn,
                    `${accessText(model, a, hit.from, hit.to)}: red reaches green directly; route it through yellow`,
                ),
            );
            continue;
        }
        const reason = a.to.map((e) => unknownReason(e.zone)).find((r) => r !== undefined);
        if (reason)
            findings.push(
                undetermined(
                    a.authorization.view.urn,
                    `${a.authorization.label} of ${a.endpoint.label}: whether it lets red reach green cannot be decided: ${reason}`,
                ),
            );
    }
    for (const { authorization, what } of vpn.undetermined)
        findings.push(authorizationUndetermined(authorization, what, "whether it lets red reach green"));
    findings.push(...publicExposureFindings(model));
    return findings;
}

function plaintextOf(a: Admission, encrypted: readonly EncryptedPort[]): string | undefined {
    const parts = plaintextParts(a.traffic, encrypted);
    if (parts.length === 0) return undefined;
    if (a.traffic.protocol === "all") return "all traffic (protocol -1) is not limited to encrypted protocols";
    return `${parts.map(describeTraffic).join(", ")} ${parts.length === 1 ? "is" : "are"} not an encrypted protocol and port`;
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
        if (denied) {
            const pair = `${zoneOf(denied.from[0])}->${zoneOf(denied.to[0])}`;
            findings.push(
                violation(
                    a.rule.view.urn,
                    `${admissionText(a, denied.from, denied.to)}: the zone flow matrix denies ${pair} flows`,
                ),
            );
        }
        const plaintext = plaintextOf(a, encrypted);
        if (!plaintext) continue;
        const clear = pick(a, (f, t) => treatment(f, t) === "encrypted" && !f.vpn && !t.vpn);
        if (clear) {
            const pair = `${zoneOf(clear.from[0])}->${zoneOf(clear.to[0])}`;
            findings.push(
                violation(
                    a.rule.view.urn,
                    `${admissionText(a, clear.from, clear.to)}: ${plaintext}; ${pair} flows must be encrypted or ride a VPN`,
                ),
            );
        }
    }
    for (const { rule, what } of unknownRules)
        findings.push(ruleUndetermined(rule, what, "whether the flows it admits are encrypted"));
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
        if (hit)
            findings.push(
                violation(
                    a.authorization.view.urn,
                    `${accessText(model, a, hit.from, hit.to)}: the zone flow matrix denies red->${zoneOf(hit.to[0])} flows`,
                ),
            );
    }
    for (const { authorization, what } of vpn.undetermined)
        findings.push(
            authorizationUndetermined(authorization, what, "whether it opens a flow the zone flow matrix denies"),
        );
    return findings;
}

const crossTenant = (a: string | undefined, b: string | undefined) => a !== undefined && b !== undefined && a !== b;

/** No rule, route, peering or transit-gateway table joins two tenants; shared services reach a tenant only encrypted. */
export function tenantFindings(model: NetworkModel, encrypted: readonly EncryptedPort[]): Finding[] {
    const findings: Finding[] = [];
    const { admissions, undetermined: unknownRules } = admissionsOf(model);
    for (const a of admissions) {
        const apart = pick(
            a,
            (f, t) =>
                crossTenant(tenantOf(f), tenantOf(t)) && tenantOf(f) !== SHARED_TENANT && tenantOf(t) !== SHARED_TENANT,
        );
        if (apart) {
            findings.push(
                violation(
                    a.rule.view.urn,
                    `${admissionText(a, apart.from, apart.to)}: tenant ${tenantOf(apart.from[0])} reaches tenant ${tenantOf(apart.to[0])}; tenants must never reach each other`,
                ),
            );
            continue;
        }
        const plaintext = plaintextOf(a, encrypted);
        const shared = plaintext && pick(a, (f, t) => crossTenant(tenantOf(f), tenantOf(t)) && !f.vpn && !t.vpn);
        if (shared) {
            const tenant = [tenantOf(shared.from[0]), tenantOf(shared.to[0])].find((t) => t !== SHARED_TENANT);
            findings.push(
                violation(
                    a.rule.view.urn,
                    `${admissionText(a, shared.from, shared.to)}: ${plaintext}; shared services reach tenant ${tenant} only encrypted`,
                ),
            );
        }
    }
    for (const { rule, what } of unknownRules)
        findings.push(ruleUndetermined(rule, what, "whether it joins two tenants"));
    const apart = (j: Joint) =>
        crossTenant(tenantOf(j.from), tenantOf(j.to)) &&
        tenantOf(j.from) !== SHARED_TENANT &&
        tenantOf(j.to) !== SHARED_TENANT;
    for (const { first, more } of byElement(jointsOf(model), apart)) {
        findings.push(
            violation(
                first.element.urn,
                `${jointText(first, more)}; tenant ${tenantOf(first.from)} reaches tenant ${tenantOf(first.to)}; tenants must never share a route`,
            ),
        );
    }
    for (const a of naclAdmissionsOf(model)) {
        const hit = pick(
            a,
            (f, t) =>
                crossTenant(tenantOf(f), tenantOf(t)) && tenantOf(f) !== SHARED_TENANT && tenantOf(t) !== SHARED_TENANT,
        );
        if (hit)
            findings.push(
                violation(
                    a.entry.view.urn,
                    `${naclText(a, hit.from, hit.to)}: tenant ${tenantOf(hit.from[0])} reaches tenant ${tenantOf(hit.to[0])}; tenants must never reach each other`,
                ),
            );
    }
    const vpn = clientVpnAccessesOf(model);
    for (const a of vpn.accesses) {
        const hit = pick(
            a,
            (f, t) =>
                crossTenant(tenantOf(f), tenantOf(t)) && tenantOf(f) !== SHARED_TENANT && tenantOf(t) !== SHARED_TENANT,
        );
        if (hit)
            findings.push(
                violation(
                    a.authorization.view.urn,
                    `${accessText(model, a, hit.from, hit.to)}: tenant ${tenantOf(hit.from[0])} reaches tenant ${tenantOf(hit.to[0])}; tenants must never reach each other`,
                ),
            );
    }
    for (const { authorization, what } of vpn.undetermined)
        findings.push(authorizationUndetermined(authorization, what, "whether it joins two tenants"));
    return findings;
}

/** A group carries one zone, and every resource it is attached to sits in that zone. */
export function groupZoneFindings(model: NetworkModel): Finding[] {
    const findings: Finding[] = [];
    for (const group of model.groups) {
        const zone = model.zone(group.view);
        if (zone.state !== "valid") continue;
        const outside: string[] = [];
        for (const member of group.members) {
            const own = model.zone(member.view);
            const placed =
                own.state === "valid" && !member.placedBySubnets
                    ? [{ value: own.value, from: own.from }]
                    : member.subnets.flatMap((s) => {
                          const p = model.zone(s.view);
                          return p.state === "valid" ? [{ value: p.value, from: `from ${describe(s.view)}` }] : [];
                      });
            for (const p of placed) {
                if (p.value !== zone.value)
                    outside.push(`${describe(member.view)} (${p.value}${p.from === "own tag" ? "" : `, ${p.from}`})`);
            }
        }
        if (outside.length > 0) {
            findings.push(
                violation(
                    group.view.urn,
                    `${group.label} (${zone.value}) is attached to ${outside.join(", ")}: a group shared across zones lets one zone's rules admit another's resources; use one group per zone`,
                ),
            );
        }
    }
    return findings;
}
