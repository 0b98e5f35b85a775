import { CONNECTIONS, T } from "./aws-types";
import type { ResourceView } from "./resource";
import { combine, resolveReference, type Resolution } from "./references";
import type { StackIndex } from "./stack";
import { containsUnknown, isUnknown } from "./values";

/**
 * Where a resource puts network interfaces: the subnets it names and the security groups it joins,
 * whatever the property shape (`subnetId`, `subnets`, `vpcConfig.subnetIds`,
 * `networkConfiguration.subnets`, `ipAddresses[].subnetId`, `subnetMappings[].subnetId`, ...), or
 * through a subnet group (RDS, ElastiCache, Redshift, ...). The rule is general: any property whose
 * name says it holds subnets or security groups, at any depth. Only the resources below name subnets
 * without putting an interface of their own in them.
 */
const NAMES_SUBNETS_ONLY: ReadonlySet<string> = new Set([
    T.subnet,
    T.routeTableAssociation,
    T.networkAcl,
    T.networkAclAssociation,
    T.defaultNetworkAcl,
    T.flowLog,
    T.clientVpnNetworkAssociation,
    T.clientVpnRoute,
    "aws:ec2/subnetCidrReservation:SubnetCidrReservation",
    "aws:ram/resourceAssociation:ResourceAssociation",
    "aws:ec2/vpcEndpointSubnetAssociation:VpcEndpointSubnetAssociation",
]);

/** Rules and attachments name a group they belong to or refer to; they are no member of it. */
const NAMES_GROUPS_ONLY: ReadonlySet<string> = new Set([
    T.securityGroup,
    T.defaultSecurityGroup,
    T.securityGroupRule,
    T.vpcIngressRule,
    T.vpcEgressRule,
    T.networkInterfaceSgAttachment,
]);

/** Subnet groups: a list of subnets that a database or cache cluster places its interfaces in, named by the cluster. */
export const SUBNET_GROUPS: readonly { readonly type: string; readonly prop: string }[] = [
    { type: "aws:rds/subnetGroup:SubnetGroup", prop: "dbSubnetGroupName" },
    { type: "aws:docdb/subnetGroup:SubnetGroup", prop: "dbSubnetGroupName" },
    { type: "aws:neptune/subnetGroup:SubnetGroup", prop: "neptuneSubnetGroupName" },
    { type: "aws:elasticache/subnetGroup:SubnetGroup", prop: "subnetGroupName" },
    { type: "aws:memorydb/subnetGroup:SubnetGroup", prop: "subnetGroupName" },
    { type: "aws:dax/subnetGroup:SubnetGroup", prop: "subnetGroupName" },
    { type: "aws:redshift/subnetGroup:SubnetGroup", prop: "clusterSubnetGroupName" },
    { type: "aws:dms/replicationSubnetGroup:ReplicationSubnetGroup", prop: "replicationSubnetGroupId" },
];
const SUBNET_GROUP_TYPES: ReadonlySet<string> = new Set(SUBNET_GROUPS.map((g) => g.type));

/** How a resource's property names each kind of subnet group: built once, since every resource is asked. */
const SUBNET_GROUP_REFERENCES = SUBNET_GROUPS.map(({ type, prop }) => ({
    prop,
    spec: { types: [type], names: true, one: true } as const,
}));

/**
 * Resources that take their VPC's default security group when they name none (AWS attaches it).
 * Others (Lambda, EKS, resolver endpoints) require groups, or bring their own.
 */
export const TAKES_DEFAULT_GROUP: ReadonlySet<string> = new Set([
    T.instance,
    T.networkInterface,
    T.vpcEndpoint,
    T.loadBalancer,
    T.albLoadBalancer,
    "aws:ecs/service:Service",
    "aws:rds/instance:Instance",
    "aws:rds/cluster:Cluster",
    "aws:elasticache/cluster:Cluster",
    "aws:elasticache/replicationGroup:ReplicationGroup",
    "aws:redshift/cluster:Cluster",
    "aws:efs/mountTarget:MountTarget",
]);

const SUBNET_KEY = /^(subnets|subnetIds?|\w+Subnets|\w+SubnetIds?)$/;
const GROUP_KEY = /^(securityGroups|securityGroupIds|\w+SecurityGroupIds)$/;

/** Dotted paths (arrays read through) of every property whose name matches, at any depth. */
function pathsOf(props: Readonly<Record<string, unknown>>, key: RegExp): string[] {
    const found: string[] = [];
    const walk = (value: object, path: string, depth: number) => {
        let seen: Set<string> | undefined;
        const fields = (item: unknown) => {
            if (item === null || typeof item !== "object" || Array.isArray(item)) return;
            for (const k in item) {
                const v = (item as Record<string, unknown>)[k];
                if (key.test(k)) {
                    const text = path === "" ? k : `${path}.${k}`;
                    seen ??= new Set();
                    if (!seen.has(text)) found.push(text);
                    seen.add(text);
                } else if (depth < 6 && v !== null && typeof v === "object")
                    walk(v, path === "" ? k : `${path}.${k}`, depth + 1);
            }
        };
        if (Array.isArray(value)) value.forEach(fields);
        else fields(value);
    };
    walk(props, "", 0);
    return found;
}

/**
 * A subnet group a cluster names: by the engine's propertyDependencies, by id, or by the group's name
 * (which is what the cluster property holds).
 */
function subnetGroupOf(index: StackIndex, view: ResourceView): { group?: ResourceView; ref?: Resolution } {
    for (const { prop, spec } of SUBNET_GROUP_REFERENCES) {
        const ref = resolveReference(index, view, prop, spec);
        if (ref.state === "absent") continue;
        return ref.state === "resolved" ? { group: ref.targets[0] } : { ref };
    }
    return {};
}

const subnetCache = new WeakMap<StackIndex, Map<string, Resolution>>();

const ABSENT: readonly Resolution[] = [];

/** The subnets a resource puts its interfaces in (resolved, unknown until apply, outside the stack, or none). */
export function interfaceSubnets(index: StackIndex, view: ResourceView): Resolution {
    let cache = subnetCache.get(index);
    if (!cache) subnetCache.set(index, (cache = new Map()));
    let ref = cache.get(view.urn);
    if (!ref) {
        ref = readSubnets(index, view);
        cache.set(view.urn, ref);
    }
    return ref;
}

/** References at every path of one top-level property: each is `sole` when no other path of that property holds the same kind. */
function resolvePaths(index: StackIndex, view: ResourceView, paths: readonly string[], types: readonly string[]) {
    const top = (p: string) => p.split(".")[0];
    return paths.map((p) =>
        resolveReference(index, view, p, { types, sole: paths.filter((q) => top(q) === top(p)).length === 1 }),
    );
}

function readSubnets(index: StackIndex, view: ResourceView): Resolution {
    if (NAMES_SUBNETS_ONLY.has(view.type) || CONNECTIONS.has(view.type)) return combine(ABSENT, "subnetId");
    if (SUBNET_GROUP_TYPES.has(view.type)) return resolveReference(index, view, "subnetIds", { types: [T.subnet] });
    const paths = pathsOf(view.record.props, SUBNET_KEY);
    const refs = resolvePaths(index, view, paths, [T.subnet]);
    const { group, ref } = subnetGroupOf(index, view);
    if (group) refs.push(interfaceSubnets(index, group));
    else if (ref) refs.push(ref);
    if (paths.length === 0 && !group) {
        // A whole nested value unknown at a preview: the engine still names the subnets it came from.
        for (const prop in view.record.props) {
            const value = view.record.props[prop];
            if (!containsUnknown(value)) continue;
            for (const place of unknownPlaces(value, prop)) {
                const ref = resolveReference(index, view, place, { types: [T.subnet], sole: true });
                if (ref.state === "resolved" || ref.unknown.some((u) => u.candidates.length > 0)) refs.push(ref);
            }
        }
    }
    return combine(refs, paths[0] ?? "subnetId");
}

/** Where unknown values sit in a value: itself, a field of an object, or an array holding unknown elements. */
function unknownPlaces(value: unknown, path: string): string[] {
    if (isUnknown(value)) return [path];
    if (Array.isArray(value))
        return value.some(isUnknown) ? [path] : value.flatMap((v, i) => unknownPlaces(v, `${path}.${i}`));
    if (value !== null && typeof value === "object")
        return Object.entries(value).flatMap(([k, v]) => unknownPlaces(v, `${path}.${k}`));
    return [];
}

/** The security groups a resource's interfaces join, whatever the property shape. */
export function interfaceGroups(index: StackIndex, view: ResourceView, types: readonly string[]): Resolution {
    if (NAMES_GROUPS_ONLY.has(view.type) || view.type.startsWith("aws:vpc/securityGroup"))
        return combine(ABSENT, "securityGroupIds");
    const paths = pathsOf(view.record.props, GROUP_KEY);
    return combine(resolvePaths(index, view, paths, types), paths[0] ?? "securityGroupIds");
}

/** A gateway VPC endpoint (S3, DynamoDB) joins route tables, not subnets: it has no interface and no zone. */
export function isGatewayEndpoint(view: ResourceView): boolean {
    if (view.type !== T.vpcEndpoint) return false;
    const type = view.record.props["vpcEndpointType"];
    return type === undefined || type === null || (typeof type === "string" && type.toLowerCase() === "gateway");
}

/** A resource that sits in a subnet and takes its zone: the usual kinds, and anything else that puts an interface there. */
export function placesInterfaces(index: StackIndex, view: ResourceView): boolean {
    if (isGatewayEndpoint(view)) return false;
    if (
        view.type === T.instance ||
        view.type === T.networkInterface ||
        view.type === T.vpcEndpoint ||
        view.type === T.loadBalancer ||
        view.type === T.albLoadBalancer ||
        view.type === T.natGateway
    )
        return true;
    return interfaceSubnets(index, view).state !== "absent";
}

/** A network place: it has a zone, a tenant and a side (VPCs, subnets, security groups, and what sits in a subnet). */
export function isPlace(index: StackIndex, view: ResourceView): boolean {
    return (
        view.type === T.vpc || view.type === T.subnet || view.type === T.securityGroup || placesInterfaces(index, view)
    );
}
