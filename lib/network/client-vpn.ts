import type { Placed } from "../placement";
import type { Zone } from "../tag-keys";
import { covers, overlaps, type Cidr } from "../cidr";
import { connection, subnetsInReach, type Endpoint } from "./flows";
import { subnetClasses } from "./joints";
import type { ClientVpnAuthorization, ClientVpnEndpoint, NetworkModel, Subnet } from "./model";
import { effectiveRoutes } from "./paths";
import { ALL_TRAFFIC } from "./traffic";

/** What one authorization rule opens: the endpoint's clients (red, through the tunnel) to the subnets of its block they reach. */
export interface ClientVpnAccess {
    readonly authorization: ClientVpnAuthorization;
    readonly endpoint: ClientVpnEndpoint;
    readonly cidr: Cidr;
    /** The clients: red, riding the endpoint's encrypted tunnel, one endpoint per tenant they belong to. */
    readonly from: readonly Endpoint[];
    /** The subnets of the block the clients reach, by zone and tenant. */
    readonly to: readonly Endpoint[];
}

export interface ClientVpnAccesses {
    readonly accesses: readonly ClientVpnAccess[];
    /** Rules whose reach is partly unknown until apply: what was unknown. */
    readonly undetermined: readonly {
        readonly authorization: ClientVpnAuthorization;
        readonly unknowns: readonly string[];
    }[];
}

const CLIENTS: Placed<Zone> = {
    state: "valid",
    value: "red",
    from: "Client VPN clients connect from outside every address block of this stack",
};
const NAMED_SUBNETS = 10;

/** The clients' tenant: the endpoint's own, else the tenants of the subnets they enter by. */
function clientsOf(model: NetworkModel, endpoint: ClientVpnEndpoint): Endpoint[] {
    const label = `the clients of ${endpoint.label}`;
    const own = model.tenant(endpoint.view);
    const tenants =
        own.state === "valid"
            ? [own]
            : endpoint.subnets.map((s) => model.tenant(s.view)).filter((t) => t.state === "valid");
    const distinct = [...new Map(tenants.map((t) => [t.state === "valid" ? t.value : "", t])).values()];
    if (distinct.length === 0) return [{ label, zone: CLIENTS, vpn: endpoint.label, count: 1 }];
    return distinct.map((tenant) => ({ label, zone: CLIENTS, tenant, vpn: endpoint.label, count: 1 }));
}

/**
 * Whether client traffic to part of a subnet gets there: the endpoint's route table sends the part
 * (longest prefix) to an associated subnet, from whose network interfaces, source-NATed, a request
 * and its reply pass the routes and both subnets' ACLs.
 */
function reaches(model: NetworkModel, endpoint: ClientVpnEndpoint, subnet: Subnet, part: Cidr): boolean {
    return effectiveRoutes(endpoint.routes, (r) => [r.dest], part).some(
        (route) => connection(model, route.subnet, subnet, route.subnet.cidrs, [part], ALL_TRAFFIC) !== undefined,
    );
}

const accessCache = new WeakMap<NetworkModel, ClientVpnAccesses>();

/**
 * Every authorization rule's reach. The clients are red and arrive encrypted; they reach the
 * stack's subnets inside the rule's block where the endpoint routes them and the network lets a
 * request and its reply through from an associated subnet. Addresses outside every declared block
 * are the internet, red like the clients: no zone or tenant rule is at stake there.
 */
export function clientVpnAccessesOf(model: NetworkModel): ClientVpnAccesses {
    const cached = accessCache.get(model);
    if (cached) return cached;
    const accesses: ClientVpnAccess[] = [];
    const undetermined: { authorization: ClientVpnAuthorization; unknowns: readonly string[] }[] = [];
    for (const authorization of model.clientVpnAuthorizations) {
        const { endpoint, cidr } = authorization;
        const unknowns = [...authorization.unknowns, ...(endpoint?.unknowns ?? [])];
        if (unknowns.length > 0) undetermined.push({ authorization, unknowns });
        if (!endpoint || !cidr) continue;
        const vpcs = new Set(endpoint.subnets.map((s) => s.vpc));
        const candidates = new Set([...vpcs].flatMap((vpc) => subnetsInReach(model, cidr, vpc)));
        const reached = [...candidates].filter((subnet) =>
            subnet.cidrs.some((c) => overlaps(c, cidr) && reaches(model, endpoint, subnet, covers(cidr, c) ? c : cidr)),
        );
        if (reached.length === 0) continue;
        accesses.push({
            authorization,
            endpoint,
            cidr,
            from: clientsOf(model, endpoint),
            to: subnetClasses(model, reached, NAMED_SUBNETS),
        });
    }
    const result = { accesses, undetermined };
    accessCache.set(model, result);
    return result;
}
