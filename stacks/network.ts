import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { demarcTags, type Demarcation } from "../lib/tagging";
import type { Side } from "../lib/tag-keys";
import { BASE_AMI, PORT, REGION } from "./facts";

/** A resource's tags: its `Name` and its demarcation. */
export function tagged(
    name: string,
    demarcation: Demarcation,
    other: Record<string, string> = {},
): Record<string, string> {
    return demarcTags(demarcation, { Name: name, ...other });
}

/** The AWS provider for one account; its default tags mark every resource it creates, at least with the account's side. */
export function accountProvider(name: string, account: string, defaults: Demarcation & { side: Side }): aws.Provider {
    return new aws.Provider(name, {
        region: REGION,
        allowedAccountIds: [account],
        defaultTags: { tags: demarcTags(defaults) },
    });
}

export interface Traffic {
    protocol: "tcp" | "udp" | "-1";
    from?: number;
    to?: number;
}

export const tcp = (from: number, to: number = from): Traffic => ({ protocol: "tcp", from, to });
export const udp = (from: number, to: number = from): Traffic => ({ protocol: "udp", from, to });
export const allTraffic: Traffic = { protocol: "-1" };
export const ephemeral = tcp(1024, 65535);

export const TRAFFIC = {
    https: tcp(PORT.https),
    httpsAlt: tcp(PORT.httpsAlt),
    ssh: tcp(PORT.ssh),
    syslogTls: tcp(PORT.syslogTls),
    syslog: udp(PORT.syslog),
    postgres: tcp(PORT.postgres),
    http: tcp(PORT.http),
} as const;

/** The other end of a security-group rule: another group, or an address range. */
export type Peer = aws.ec2.SecurityGroup | string;

function peerArgs(peer: Peer): { referencedSecurityGroupId?: pulumi.Input<string>; cidrIpv4?: string } {
    return typeof peer === "string" ? { cidrIpv4: peer } : { referencedSecurityGroupId: peer.id };
}

function trafficArgs(traffic: Traffic): { ipProtocol: string; fromPort?: number; toPort?: number } {
    return traffic.protocol === "-1"
        ? { ipProtocol: "-1" }
        : { ipProtocol: traffic.protocol, fromPort: traffic.from, toPort: traffic.to };
}

export interface RuleSpec {
    description: string;
    traffic: Traffic;
    demarcation: Demarcation;
}

export function ingress(
    name: string,
    group: aws.ec2.SecurityGroup,
    source: Peer,
    spec: RuleSpec,
    opts: pulumi.CustomResourceOptions,
): aws.vpc.SecurityGroupIngressRule {
    return new aws.vpc.SecurityGroupIngressRule(
        name,
        {
            securityGroupId: group.id,
            description: spec.description,
            ...trafficArgs(spec.traffic),
            ...peerArgs(source),
            tags: tagged(name, spec.demarcation),
        },
        opts,
    );
}

export function egress(
    name: string,
    group: aws.ec2.SecurityGroup,
    destination: Peer,
    spec: RuleSpec,
    opts: pulumi.CustomResourceOptions,
): aws.vpc.SecurityGroupEgressRule {
    return new aws.vpc.SecurityGroupEgressRule(
        name,
        {
            securityGroupId: group.id,
            description: spec.description,
            ...trafficArgs(spec.traffic),
            ...peerArgs(destination),
            tags: tagged(name, spec.demarcation),
        },
        opts,
    );
}

/**
 * A flow between two groups, opened on both ends: `<name>-out` on the source's egress,
 * `<name>-in` on the destination's ingress.
 */
export function allowFlow(
    name: string,
    from: aws.ec2.SecurityGroup,
    to: aws.ec2.SecurityGroup,
    spec: RuleSpec,
    opts: pulumi.CustomResourceOptions,
): { ingress: aws.vpc.SecurityGroupIngressRule; egress: aws.vpc.SecurityGroupEgressRule } {
    return {
        egress: egress(`${name}-out`, from, to, spec, opts),
        ingress: ingress(`${name}-in`, to, from, spec, opts),
    };
}

export function securityGroup(
    name: string,
    vpc: aws.ec2.Vpc,
    description: string,
    demarcation: Demarcation,
    opts: pulumi.CustomResourceOptions,
): aws.ec2.SecurityGroup {
    return new aws.ec2.SecurityGroup(name, { vpcId: vpc.id, description, tags: tagged(name, demarcation) }, opts);
}

export interface NaclEntry {
    rule: number;
    egress: boolean;
    action: "allow" | "deny";
    cidr: string;
    traffic: Traffic;
}

export const naclIn = (rule: number, action: NaclEntry["action"], cidr: string, traffic: Traffic): NaclEntry => ({
    rule,
    egress: false,
    action,
    cidr,
    traffic,
});
export const naclOut = (rule: number, action: NaclEntry["action"], cidr: string, traffic: Traffic): NaclEntry => ({
    rule,
    egress: true,
    action,
    cidr,
    traffic,
});

/** A network ACL with its rules (`<name>-in-<n>`, `<name>-out-<n>`) and its subnet associations (`<name>-<subnet>`). */
export function networkAcl(
    name: string,
    vpc: aws.ec2.Vpc,
    demarcation: Demarcation,
    subnets: Record<string, aws.ec2.Subnet>,
    entries: readonly NaclEntry[],
    opts: pulumi.CustomResourceOptions,
): aws.ec2.NetworkAcl {
    const acl = new aws.ec2.NetworkAcl(name, { vpcId: vpc.id, tags: tagged(name, demarcation) }, opts);
    for (const entry of entries) {
        new aws.ec2.NetworkAclRule(
            `${name}-${entry.egress ? "out" : "in"}-${entry.rule}`,
            {
                networkAclId: acl.id,
                ruleNumber: entry.rule,
                egress: entry.egress,
                ruleAction: entry.action,
                cidrBlock: entry.cidr,
                protocol: entry.traffic.protocol,
                fromPort: entry.traffic.from ?? 0,
                toPort: entry.traffic.to ?? 0,
            },
            opts,
        );
    }
    for (const [subnetName, subnet] of Object.entries(subnets)) {
        new aws.ec2.NetworkAclAssociation(`${name}-${subnetName}`, { networkAclId: acl.id, subnetId: subnet.id }, opts);
    }
    return acl;
}

export interface RouteSpec {
    name: string;
    destination: string;
    target:
        | { gatewayId: pulumi.Input<string> }
        | { natGatewayId: pulumi.Input<string> }
        | { transitGatewayId: pulumi.Input<string> }
        | { vpcPeeringConnectionId: pulumi.Input<string> };
}

/** A route table with its routes (each named by its spec) and its subnet associations (`<name>-<subnet>`). */
export function routeTable(
    name: string,
    vpc: aws.ec2.Vpc,
    demarcation: Demarcation,
    subnets: Record<string, aws.ec2.Subnet>,
    routes: readonly RouteSpec[],
    opts: pulumi.CustomResourceOptions,
): aws.ec2.RouteTable {
    const table = new aws.ec2.RouteTable(name, { vpcId: vpc.id, tags: tagged(name, demarcation) }, opts);
    for (const route of routes) {
        addRoute(table, route, opts);
    }
    for (const [subnetName, subnet] of Object.entries(subnets)) {
        new aws.ec2.RouteTableAssociation(
            `${name}-${subnetName}`,
            { routeTableId: table.id, subnetId: subnet.id },
            opts,
        );
    }
    return table;
}

export function addRoute(
    table: aws.ec2.RouteTable,
    route: RouteSpec,
    opts: pulumi.CustomResourceOptions,
): aws.ec2.Route {
    return new aws.ec2.Route(
        route.name,
        { routeTableId: table.id, destinationCidrBlock: route.destination, ...route.target },
        opts,
    );
}

/** A public NAT gateway in a red subnet, with its Elastic IP `<name>-eip`. */
export function natGateway(
    name: string,
    subnet: aws.ec2.Subnet,
    internetGateway: aws.ec2.InternetGateway,
    demarcation: Demarcation,
    opts: pulumi.CustomResourceOptions,
): aws.ec2.NatGateway {
    const owner: Demarcation = { tenant: demarcation.tenant };
    const eip = new aws.ec2.Eip(`${name}-eip`, { domain: "vpc", tags: tagged(`${name}-eip`, owner) }, opts);
    return new aws.ec2.NatGateway(
        name,
        {
            subnetId: subnet.id,
            allocationId: eip.id,
            connectivityType: "public",
            tags: tagged(name, { ...demarcation, zone: "red" }),
        },
        { ...opts, dependsOn: [internetGateway] },
    );
}

export interface InstanceSpec {
    subnet: aws.ec2.Subnet;
    groups: readonly aws.ec2.SecurityGroup[];
    demarcation: Demarcation;
    instanceType?: string;
}

/** A hardened instance: no public address, IMDSv2 only, encrypted root volume. */
export function instance(name: string, spec: InstanceSpec, opts: pulumi.CustomResourceOptions): aws.ec2.Instance {
    return new aws.ec2.Instance(
        name,
        {
            ami: BASE_AMI,
            instanceType: spec.instanceType ?? "t3.small",
            subnetId: spec.subnet.id,
            vpcSecurityGroupIds: spec.groups.map((group) => group.id),
            associatePublicIpAddress: false,
            metadataOptions: { httpTokens: "required", httpEndpoint: "enabled" },
            rootBlockDevice: { encrypted: true, volumeType: "gp3", volumeSize: 20 },
            tags: tagged(name, spec.demarcation),
        },
        opts,
    );
}

/** IKEv2 with AES-256/SHA-256 and DH group 20 on both tunnels; the pre-shared key, when given, stays a secret. */
export function hardenedTunnels(presharedKey?: pulumi.Output<string>): Partial<aws.ec2.VpnConnectionArgs> {
    const tunnel = {
        IkeVersions: ["ikev2"],
        Phase1EncryptionAlgorithms: ["AES256-GCM-16"],
        Phase1IntegrityAlgorithms: ["SHA2-256"],
        Phase1DhGroupNumbers: [20],
        Phase2EncryptionAlgorithms: ["AES256-GCM-16"],
        Phase2IntegrityAlgorithms: ["SHA2-256"],
        Phase2DhGroupNumbers: [20],
        StartupAction: "start",
    };
    const args: Record<string, unknown> = {};
    for (const prefix of ["tunnel1", "tunnel2"]) {
        for (const [key, value] of Object.entries(tunnel)) args[`${prefix}${key}`] = value;
        if (presharedKey !== undefined) args[`${prefix}PresharedKey`] = presharedKey;
    }
    return args as Partial<aws.ec2.VpnConnectionArgs>;
}

/** A trust policy admitting one AWS principal, optionally with an external id. */
export function trustPolicy(principal: { AWS: string } | { Service: string }, externalId?: string): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: principal,
                Action: "sts:AssumeRole",
                ...(externalId === undefined ? {} : { Condition: { StringEquals: { "sts:ExternalId": externalId } } }),
            },
        ],
    });
}

export interface PolicyStatement {
    Sid: string;
    Effect: "Allow" | "Deny";
    Principal?: { AWS: string } | { Service: string } | "*";
    Action: string | string[];
    Resource: pulumi.Input<string> | pulumi.Input<string>[];
    Condition?: Record<string, Record<string, unknown>>;
}

export function policyDocument(statements: readonly PolicyStatement[]): pulumi.Output<string> {
    return pulumi.jsonStringify({ Version: "2012-10-17", Statement: statements });
}

/** A role with its inline policy `<name>-policy`. */
export function role(
    name: string,
    args: {
        roleName: string;
        trust: string;
        policy: pulumi.Input<string>;
        demarcation: Demarcation;
        description: string;
    },
    opts: pulumi.CustomResourceOptions,
): aws.iam.Role {
    const created = new aws.iam.Role(
        name,
        {
            name: args.roleName,
            description: args.description,
            assumeRolePolicy: args.trust,
            maxSessionDuration: 3600,
            tags: tagged(name, args.demarcation),
        },
        opts,
    );
    new aws.iam.RolePolicy(`${name}-policy`, { role: created.id, policy: args.policy }, opts);
    return created;
}

/** A VPC flow log capturing all traffic. */
export function flowLog(
    name: string,
    vpc: aws.ec2.Vpc,
    destination:
        | { type: "s3"; arn: pulumi.Input<string> }
        | {
              type: "cloud-watch-logs";
              arn: pulumi.Input<string>;
              role: pulumi.Input<string>;
              crossAccountRole?: string;
          },
    demarcation: Demarcation,
    opts: pulumi.CustomResourceOptions,
): aws.ec2.FlowLog {
    return new aws.ec2.FlowLog(
        name,
        {
            vpcId: vpc.id,
            trafficType: "ALL",
            maxAggregationInterval: 60,
            logDestinationType: destination.type,
            logDestination: destination.arn,
            ...(destination.type === "cloud-watch-logs"
                ? { iamRoleArn: destination.role, deliverCrossAccountRole: destination.crossAccountRole }
                : {}),
            tags: tagged(name, demarcation),
        },
        opts,
    );
}
