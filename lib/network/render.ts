import type { FindingEvidence, PlaceEvidence } from "../findings";
import { FROM_WHERE_IT_SITS } from "./model";

/** "green, tenant acme" (and how many places the end stands for); a zone not from a tag says where it came from. */
export function placeEvidenceText(end: PlaceEvidence): string {
    const zone = "value" in end.zone ? end.zone : undefined;
    const parts = [
        zone === undefined
            ? "zone unknown"
            : zone.from.startsWith(FROM_WHERE_IT_SITS)
              ? `${zone.value} (${zone.from})`
              : zone.value,
    ];
    if (end.tenant && "value" in end.tenant) parts.push(`tenant ${end.tenant.value}`);
    if (end.count > 1) parts.push(`and ${end.count - 1} more ${end.count - 1 === 1 ? "subnet" : "subnets"} like it`);
    return parts.join(", ");
}

/** The ends an element names by its peer: `10.0.0.0/24 (subnet "a", red; ...)`, the place's own name left out where it is the peer. */
function peerText(peer: string, ends: readonly PlaceEvidence[]): string {
    return `${peer} (${ends.map((e) => (e.place === peer ? placeEvidenceText(e) : `${e.place}, ${placeEvidenceText(e)}`)).join("; ")})`;
}

const places = (ends: readonly PlaceEvidence[]) => ends.map((e) => `${e.place} (${placeEvidenceText(e)})`).join("; ");

/**
 * How the element of a network finding reads, from its evidence alone: what it lets from which places to which,
 * on what traffic, and by which path. The check adds its verdict.
 */
export function readingText(evidence: FindingEvidence): string {
    const { reading, from = [], to = [] } = evidence;
    if (!reading) throw new Error(`the evidence of ${evidence.element.urn} has no reading`);
    const traffic = evidence.traffic ? ` on ${evidence.traffic}` : "";
    switch (evidence.layer) {
        case "security-group rule": {
            const group = (side: readonly PlaceEvidence[]) =>
                `${reading.group} (${side.map(placeEvidenceText).join("; ")})`;
            return reading.direction === "ingress"
                ? `${reading.label} admits ${peerText(reading.peer!, from)} to ${group(to)}${traffic}`
                : `${reading.label} lets ${group(from)} send to ${peerText(reading.peer!, to)}${traffic}`;
        }
        case "network ACL entry":
            return reading.direction === "egress"
                ? `${reading.label} lets ${places(from)} send to ${peerText(reading.peer!, to)}${traffic}`
                : `${reading.label} lets ${peerText(reading.peer!, from)} into ${places(to)}${traffic}`;
        case "Client VPN authorization":
            return `${reading.label} lets ${from[0]!.place} (${from.map(placeEvidenceText).join("; ")}), arriving over its encrypted tunnel into ${reading.via}, reach ${peerText(reading.peer!, to)}`;
        default: {
            const more = evidence.morePairs ?? 0;
            const others = more > 0 ? ` (and ${more} more ${more === 1 ? "pair" : "pairs"} of places)` : "";
            const path = (evidence.path ?? []).map((h) => h.text).join("; ");
            return `${reading.label} lets ${from[0]!.place} (${placeEvidenceText(from[0]!)}) reach ${to[0]!.place} (${placeEvidenceText(to[0]!)})${others}: ${path}`;
        }
    }
}
