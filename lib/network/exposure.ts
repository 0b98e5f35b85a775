import { T } from "../aws-types";
import { undetermined, UNTIL_APPLY, violation, type Exposure, type Finding, type PlaceEvidence } from "../findings";
import { interfaceSubnets } from "../interfaces";
import { describe } from "../placement";
import { resolveReference } from "../references";
import type { ResourceView } from "../resource";
import type { StackIndex } from "../stack";
import { isUnknown } from "../values";
import { elementOf } from "../urn";
import type { NetworkModel, Subnet } from "./model";
import { partOf } from "./unmodelled";

/**
 * How a resource placed in a subnet is reachable from the internet whatever its groups say: a public
 * address on a subnet routed to an internet gateway, an internet-facing load balancer, a public API
 * endpoint, a publicly accessible database. `exposed` reads the resource: "yes" with what exposes
 * it, "no", or "unknown" until apply.
 */
interface PublicExposure {
    readonly types: readonly string[];
    /** The exposure needs an internet-gateway route from the resource's subnets (a public address). */
    readonly needsInternetRoute: boolean;
    readonly exposed: (
        view: ResourceView,
        subnets: readonly Subnet[],
    ) => { state: "yes"; exposure: Omit<Exposure, "route"> } | { state: "no" } | { state: "unknown"; what: string };
}

const flag = (v: unknown) => (isUnknown(v) ? "unknown" : v === true ? "yes" : "no");

const EXPOSURES: readonly PublicExposure[] = [
    {
        types: [T.instance],
        needsInternetRoute: true,
        exposed: (view, subnets) => {
            const own = view.record.props["associatePublicIpAddress"];
            if (flag(own) === "unknown") return { state: "unknown", what: "associatePublicIpAddress" };
            if (own === true) return { state: "yes", exposure: { by: "public-ip" } };
            if (own === false) return { state: "no" };
            const mapping = subnets.find((s) => s.view.record.props["mapPublicIpOnLaunch"] === true);
            return mapping
                ? { state: "yes", exposure: { by: "subnet-public-ip", subnet: elementOf(mapping.view) } }
                : { state: "no" };
        },
    },
    {
        types: [T.loadBalancer, T.albLoadBalancer],
        needsInternetRoute: false,
        exposed: (view) => {
            const internal = view.record.props["internal"];
            if (isUnknown(internal)) return { state: "unknown", what: "internal" };
            if (internal === true || view.record.props["loadBalancerType"] === "gateway") return { state: "no" };
            return { state: "yes", exposure: { by: "internet-facing" } };
        },
    },
    {
        types: ["aws:eks/cluster:Cluster"],
        needsInternetRoute: false,
        exposed: (view) => {
            const config = view.record.props["vpcConfig"];
            if (isUnknown(config)) return { state: "unknown", what: "vpcConfig" };
            const vpc = (config ?? {}) as Record<string, unknown>;
            const access = vpc["endpointPublicAccess"];
            if (isUnknown(access)) return { state: "unknown", what: "vpcConfig.endpointPublicAccess" };
            if (access === false) return { state: "no" };
            const cidrs = vpc["publicAccessCidrs"];
            const openTo =
                Array.isArray(cidrs) && cidrs.length > 0
                    ? cidrs.filter((c): c is string => typeof c === "string")
                    : ["0.0.0.0/0"];
            return { state: "yes", exposure: { by: "public-endpoint", openTo } };
        },
    },
    {
        types: ["aws:rds/instance:Instance", "aws:rds/cluster:Cluster", "aws:redshift/cluster:Cluster"],
        needsInternetRoute: true,
        exposed: (view) => {
            const v = flag(view.record.props["publiclyAccessible"]);
            if (v === "unknown") return { state: "unknown", what: "publiclyAccessible" };
            return v === "yes" ? { state: "yes", exposure: { by: "publicly-accessible" } } : { state: "no" };
        },
    },
];

/** The route by which a subnet's table sends outside addresses to an internet gateway, if any: the route and the gateway. */
function internetRoute(model: NetworkModel, subnet: Subnet): Exposure["route"] {
    const route = subnet.routeTable?.routes.find(
        (r) => r.target.kind === "igw" && (r.dest === undefined || model.reachesOutside(r.dest)),
    );
    if (!route || route.target.kind !== "igw") return undefined;
    const { view, id } = route.target;
    const gateway = view ? { element: elementOf(view) } : id !== undefined ? { id } : undefined;
    return gateway && { ...partOf(route.view, route.label), gateway };
}

function subnetsOf(model: NetworkModel, index: StackIndex, view: ResourceView): Subnet[] {
    const ref = interfaceSubnets(index, view);
    if (ref.state !== "resolved") return [];
    return ref.targets.map((t) => model.subnetOf(t)).filter((s): s is Subnet => s !== undefined);
}

/** A green resource as an end of what the internet reaches. */
const greenPlace = (view: ResourceView, from: string): PlaceEvidence => ({
    place: describe(view),
    urn: view.urn,
    zone: { value: "green", from },
    count: 1,
});

/** Green placed where the internet reaches it directly: public addresses, Elastic IPs, internet-facing endpoints. */
export function publicExposureFindings(model: NetworkModel): Finding[] {
    const findings: Finding[] = [];
    const judge = (
        element: ResourceView,
        placed: ResourceView,
        exposure: Omit<Exposure, "route">,
        needsRoute: boolean,
    ) => {
        const zone = model.zone(placed);
        if (zone.state !== "valid" || zone.value !== "green") return;
        const subnets = subnetsOf(model, model.index, placed);
        const route = subnets.map((s) => internetRoute(model, s)).find((r) => r !== undefined);
        if (needsRoute && !route) return;
        findings.push(
            violation("zone.green-exposed", element.urn, {
                to: [greenPlace(placed, zone.from)],
                exposure: { ...exposure, ...(route ? { route } : {}) },
            }),
        );
    };
    for (const exposure of EXPOSURES) {
        for (const view of model.index.ofType(...exposure.types)) {
            const read = exposure.exposed(view, subnetsOf(model, model.index, view));
            if (read.state === "yes") judge(view, view, read.exposure, exposure.needsInternetRoute);
            else if (read.state === "unknown") {
                const zone = model.zone(view);
                if (zone.state === "valid" && zone.value === "green")
                    findings.push(
                        undetermined(
                            "zone.green-exposed.undetermined",
                            view.urn,
                            [{ what: read.what, reason: UNTIL_APPLY }],
                            {
                                to: [greenPlace(view, zone.from)],
                            },
                        ),
                    );
            }
        }
    }
    for (const view of model.index.ofType(T.eip, "aws:ec2/eipAssociation:EipAssociation")) {
        for (const [prop, type] of [
            [view.type === T.eip ? "instance" : "instanceId", T.instance],
            ["networkInterface" + (view.type === T.eip ? "" : "Id"), T.networkInterface],
        ] as const) {
            const ref = resolveReference(model.index, view, prop, { types: [type], one: true });
            if (ref.state === "resolved") judge(view, ref.targets[0], { by: "elastic-ip" }, true);
        }
    }
    return findings;
}
