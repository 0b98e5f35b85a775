import * as pulumi from "@pulumi/pulumi";
import * as settings from "@pulumi/pulumi/runtime/settings";

/** One resource as the program registered it, with its inputs resolved. */
export interface Registered {
    type: string;
    name: string;
    inputs: Record<string, any>;
}

/**
 * Ids and ARNs the mocks hand out name the resource they belong to, so a test can read references back by name:
 * `id-of:<name>`, `arn:mock:<name>`, and `attachment-of:<name>` for a VPN's transit-gateway attachment.
 */
const ID = "id-of:";
const ARN = "arn:mock:";
const ATTACHMENT = "attachment-of:";

function computedState(type: string, name: string, inputs: Record<string, any>): Record<string, unknown> {
    const state: Record<string, unknown> = { arn: `${ARN}${name}` };
    if (type === "aws:ec2/vpnConnection:VpnConnection") state.transitGatewayAttachmentId = `${ATTACHMENT}${name}`;
    if (type === "aws:s3/bucket:Bucket") state.bucket = inputs.bucket ?? name;
    if (type === "aws:ec2/instance:Instance") state.privateIp = "10.0.0.10";
    if (type === "aws:lb/loadBalancer:LoadBalancer") state.dnsName = `${name}.elb.amazonaws.com`;
    if (
        type === "aws:iam/role:Role" ||
        type === "aws:cloudwatch/logGroup:LogGroup" ||
        type === "aws:rds/subnetGroup:SubnetGroup"
    ) {
        state.name = inputs.name ?? name;
    }
    return state;
}

/** Sets the mocks; call before the program runs. The returned list fills as the program registers resources. */
export function mockNetwork(config: Record<string, string> = {}, secretKeys: string[] = []): Registered[] {
    const registered: Registered[] = [];
    pulumi.runtime.setAllConfig(config, secretKeys);
    pulumi.runtime.setMocks(
        {
            newResource: (args) => {
                registered.push({ type: args.type, name: args.name, inputs: args.inputs });
                return {
                    id: `${ID}${args.name}`,
                    state: { ...args.inputs, ...computedState(args.type, args.name, args.inputs) },
                };
            },
            call: (args) => args.inputs,
        },
        "demarc-samples",
        "test",
        false,
    );
    return registered;
}

/** Waits until the program's outputs resolve and every registration has been sent. */
export async function settle(outputs: unknown): Promise<unknown> {
    const value = await new Promise<unknown>((resolve) =>
        (pulumi.output(outputs) as pulumi.Output<unknown>).apply(resolve),
    );
    await (settings as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
    return value;
}

/** The name of the resource an id, ARN or attachment id came from; other values are returned as they are. */
export function refName(value: unknown): unknown {
    if (typeof value !== "string") return value;
    for (const prefix of [ID, ARN]) {
        if (value.startsWith(prefix)) return value.slice(prefix.length);
    }
    if (value.startsWith(ATTACHMENT)) return `${value.slice(ATTACHMENT.length)} (attachment)`;
    return value;
}

export class Network {
    constructor(readonly resources: readonly Registered[]) {}

    ofType(type: string): Registered[] {
        return this.resources.filter((resource) => resource.type === type);
    }

    named(name: string): Registered {
        const found = this.resources.filter((resource) => resource.name === name);
        if (found.length !== 1) throw new Error(`expected one resource named ${name}, found ${found.length}`);
        return found[0]!;
    }

    /** `name → f(inputs)` for every resource of a type, sorted by name. */
    map<T>(type: string, f: (inputs: Record<string, any>, name: string) => T): Record<string, T> {
        return Object.fromEntries(
            this.ofType(type)
                .map((resource) => [resource.name, f(resource.inputs, resource.name)] as const)
                .sort(([a], [b]) => a.localeCompare(b)),
        );
    }

    /** `owner name → sorted member names` for link resources such as associations. */
    groupBy(type: string, owner: string, member: string): Record<string, string[]> {
        const groups: Record<string, string[]> = {};
        for (const { inputs } of this.ofType(type)) {
            const key = String(refName(inputs[owner]));
            (groups[key] ??= []).push(String(refName(inputs[member])));
        }
        for (const list of Object.values(groups)) list.sort();
        return Object.fromEntries(Object.entries(groups).sort(([a], [b]) => a.localeCompare(b)));
    }

    /** The resource names of every resource that declares tags, with the tags it declares. */
    tags(): Record<string, Record<string, string>> {
        return Object.fromEntries(
            this.resources
                .filter((resource) => resource.inputs.tags !== undefined)
                .map((resource) => [resource.name, resource.inputs.tags as Record<string, string>]),
        );
    }
}

export const TYPES = {
    vpc: "aws:ec2/vpc:Vpc",
    subnet: "aws:ec2/subnet:Subnet",
    securityGroup: "aws:ec2/securityGroup:SecurityGroup",
    ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    egress: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    routeTable: "aws:ec2/routeTable:RouteTable",
    route: "aws:ec2/route:Route",
    routeTableAssociation: "aws:ec2/routeTableAssociation:RouteTableAssociation",
    nacl: "aws:ec2/networkAcl:NetworkAcl",
    naclRule: "aws:ec2/networkAclRule:NetworkAclRule",
    naclAssociation: "aws:ec2/networkAclAssociation:NetworkAclAssociation",
    instance: "aws:ec2/instance:Instance",
    natGateway: "aws:ec2/natGateway:NatGateway",
    flowLog: "aws:ec2/flowLog:FlowLog",
    trail: "aws:cloudtrail/trail:Trail",
    bucket: "aws:s3/bucket:Bucket",
    bucketVersioning: "aws:s3/bucketVersioning:BucketVersioning",
    bucketObjectLock: "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    vpnConnection: "aws:ec2/vpnConnection:VpnConnection",
    customerGateway: "aws:ec2/customerGateway:CustomerGateway",
    vpnGateway: "aws:ec2/vpnGateway:VpnGateway",
    clientVpnEndpoint: "aws:ec2clientvpn/endpoint:Endpoint",
    clientVpnAssociation: "aws:ec2clientvpn/networkAssociation:NetworkAssociation",
    clientVpnAuthorization: "aws:ec2clientvpn/authorizationRule:AuthorizationRule",
    transitGateway: "aws:ec2transitgateway/transitGateway:TransitGateway",
    tgwAttachment: "aws:ec2transitgateway/vpcAttachment:VpcAttachment",
    tgwRouteTable: "aws:ec2transitgateway/routeTable:RouteTable",
    tgwAssociation: "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation",
    tgwPropagation: "aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation",
    provider: "pulumi:providers:aws",
} as const;

/** A security-group rule as `<direction> <group> <peer> <protocol>[:<from>-<to>]`. */
export function describeRule(direction: "in" | "out") {
    return (inputs: Record<string, any>): string => {
        const peer =
            inputs.referencedSecurityGroupId !== undefined
                ? refName(inputs.referencedSecurityGroupId)
                : inputs.cidrIpv4;
        const ports = inputs.ipProtocol === "-1" ? "all" : `${inputs.ipProtocol}:${inputs.fromPort}-${inputs.toPort}`;
        return `${direction} ${refName(inputs.securityGroupId)} ${direction === "in" ? "from" : "to"} ${peer} ${ports}`;
    };
}
