import { covers, overlaps, type Cidr } from "../cidr";
import { expand, explicitCandidates, namesExplicitly, subtract, type Endpoint } from "./flows";
import { subnetClasses } from "./joints";
import type { Nacl, NaclEntry, NetworkModel, Subnet } from "./model";
import type { Traffic } from "./traffic";
import type { Placed } from "../placement";
import type { Zone } from "../tag-keys";

/** What one network ACL entry lets in or out of its subnets, toward its explicit peers. */
export interface NaclAdmission {
    readonly nacl: Nacl;
    readonly entry: NaclEntry;
    readonly traffic: Traffic;
    /** Toward the ACL's subnets for an ingress entry, from them for an egress entry. */
    readonly from: readonly Endpoint[];
    readonly to: readonly Endpoint[];
}

const RED: Placed<Zone> = { state: "valid", value: "red", from: "outside every address block of this stack" };

/** Whether an allow entry still decides some traffic for a peer block once the entries before it (first match wins) have taken theirs. */
function decidesFor(nacl: Nacl, entry: NaclEntry, peer: Cidr): boolean {
    let remaining = expand(entry.traffic!);
    for (const earlier of nacl.entries) {
        if (earlier === entry) break;
        if (earlier.egress !== entry.egress || !earlier.traffic || !earlier.cidr) continue;
        if (covers(earlier.cidr, peer)) remaining = remaining.flatMap((r) => subtract(r, earlier.traffic!));
        if (remaining.length === 0) return false;
    }
    return true;
}

const cache = new WeakMap<NetworkModel, NaclAdmission[]>();

/**
 * Network ACL entries judged as rules, by the same principle as security-group rules: an allow entry's
 * explicit peers (the internet, i.e. addresses outside every declared block, and declared subnets it
 * names within their VPC's range) count whatever other layers do. Subnets swept into a wider block
 * count only where a flow gets through end to end, and that flow is judged once, at the
 * security-group rule that admits it.
 */
export function naclAdmissionsOf(model: NetworkModel): NaclAdmission[] {
    const cached = cache.get(model);
    if (cached) return cached;
    const found: NaclAdmission[] = [];
    const subnetsOf = new Map<Nacl, Subnet[]>();
    for (const subnet of model.subnets) {
        if (!subnet.nacl) continue;
        const list = subnetsOf.get(subnet.nacl);
        if (list) list.push(subnet);
        else subnetsOf.set(subnet.nacl, [subnet]);
    }
    for (const [nacl, subnets] of subnetsOf) {
        const vpc = subnets[0].vpc;
        const own = subnetClasses(model, subnets);
        for (const entry of nacl.entries) {
            if (!entry.allow || !entry.traffic || !entry.cidr) continue;
            const cidr = entry.cidr;
            const peers: Endpoint[] = [];
            if (model.reachesOutside(cidr) && decidesFor(nacl, entry, cidr))
                peers.push({ label: "the internet", zone: RED, count: 1 });
            const named = explicitCandidates(model, cidr).filter(
                (s) =>
                    !subnets.includes(s) &&
                    namesExplicitly(s, cidr) &&
                    (s.vpc === vpc || !s.cidrs.every((sc) => vpc?.cidrs.some((c) => covers(c, sc)))) &&
                    s.cidrs.some((c) => overlaps(c, cidr) && decidesFor(nacl, entry, covers(cidr, c) ? c : cidr)),
            );
            peers.push(...subnetClasses(model, named));
            if (peers.length === 0) continue;
            found.push(
                entry.egress
                    ? { nacl, entry, traffic: entry.traffic, from: own, to: peers }
                    : { nacl, entry, traffic: entry.traffic, from: peers, to: own },
            );
        }
    }
    cache.set(model, found);
    return found;
}
