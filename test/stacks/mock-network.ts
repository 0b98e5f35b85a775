import * as pulumi from "@pulumi/pulumi";
import * as settings from "@pulumi/pulumi/runtime/settings";

/** One resource as the program registered it, with its inputs resolved. */
export interface Registered {
    type: string;
    name: string;
    inputs: Record<string, unknown>;
}

/**
 * Ids and ARNs the mocks hand out name the resource they belong to, so a test can read references back by name:
 * `id-of:<name>`, `arn:mock:<name>`, and `attachment-of:<name>` for a VPN's transit-gateway attachment.
 */
const ID = "id-of:";
const ARN = "arn:mock:";
const ATTACHMENT = "attachment-of:";

function computedState(type: string, name: string, inputs: Record<string, unknown>): Record<string, unknown> {
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
}

/** The tags a resource declares. */
export const tagsOf = (resource: Registered): Record<string, string> =>
    (resource.inputs.tags as Record<string, string> | undefined) ?? {};

export const TYPES = {
    tgwPropagation: "aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation",
    provider: "pulumi:providers:aws",
} as const;
