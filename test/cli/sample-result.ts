import { T } from "../../lib/aws-types";
import type { CheckResult, CheckedStack, ReportedPolicy } from "../../cli/check-result";
import { awsProvider, record } from "../support/records";

const client = awsProvider({ "demarc:side": "client" });
const provider = awsProvider({ "demarc:side": "provider" }, "mssp");

export const clientVpc = record(
    T.vpc,
    "client-vpc",
    { id: "vpc-1", cidrBlock: "10.0.0.0/16", tags: { "demarc:tenant": "acme" } },
    { provider: client },
);
const subnet = (name: string, zone: string, cidr: string, id: string) =>
    record(
        T.subnet,
        name,
        { id, vpcId: "vpc-1", cidrBlock: cidr, tags: { "demarc:zone": zone } },
        { provider: client, refs: { vpcId: clientVpc } },
    );
export const edgeSubnet = subnet("edge-a", "red", "10.0.0.0/24", "subnet-r");
export const dmzSubnet = subnet("dmz-a", "yellow", "10.0.1.0/24", "subnet-y");
export const appSubnet = subnet("app-a", "green", "10.0.2.0/24", "subnet-g");
const group = (name: string, zone: string, id: string) =>
    record(
        T.securityGroup,
        name,
        { id, vpcId: "vpc-1", tags: { "demarc:zone": zone } },
        { provider: client, refs: { vpcId: clientVpc } },
    );
export const edgeGroup = group("edge", "red", "sg-r");
export const appGroup = group("app", "green", "sg-g");
export const edgeToApp = record(
    T.securityGroupRule,
    "edge-to-app",
    {
        id: "sgr-1",
        type: "ingress",
        protocol: "tcp",
        fromPort: 80,
        toPort: 80,
        securityGroupId: "sg-g",
        sourceSecurityGroupId: "sg-r",
    },
    { provider: client, refs: { securityGroupId: appGroup, sourceSecurityGroupId: edgeGroup } },
);
export const appInstance = record(
    T.instance,
    "app-1",
    { id: "i-1", subnetId: "subnet-g", tags: { "demarc:role": "a|b<script>" } },
    { provider: client, refs: { subnetId: appSubnet } },
);
export const internetGateway = record(
    T.internetGateway,
    "igw",
    { id: "igw-1", vpcId: "vpc-1" },
    { provider: client, refs: { vpcId: clientVpc } },
);
export const msspVpc = record(
    T.vpc,
    "mssp-vpc",
    { id: "vpc-2", cidrBlock: "10.9.0.0/16", tags: { "demarc:tenant": "shared", "demarc:zone": "yellow" } },
    { provider },
);
export const peering = record(
    T.vpcPeeringConnection,
    "mssp-peering",
    { id: "pcx-1", vpcId: "vpc-1", peerVpcId: "vpc-2", tags: { "demarc:side": "provider" } },
    { provider, refs: { vpcId: clientVpc, peerVpcId: msspVpc } },
);

export const POLICIES: ReportedPolicy[] = [
    {
        name: "require-demarc-tags",
        description: "Every network-placed resource has a valid demarc:zone, demarc:tenant and demarc:side.",
        enforcementLevel: "mandatory",
        severity: "high",
        remediationSteps: "Tag the resource with demarc:zone, demarc:tenant and demarc:side.",
        rule: "tags",
        why: "A resource nobody placed is one nobody is accountable for.",
        tags: ["demarc", "tags"],
    },
    {
        name: "forbid-red-green-paths",
        description: "No path lets red reach green directly.",
        enforcementLevel: "mandatory",
        severity: "critical",
        remediationSteps: "Route red to green through a yellow zone, encrypted.",
        rule: "zones",
        tags: ["demarc", "zones"],
    },
    {
        name: "require-access-expiry",
        description: "Third-party access carries an expiry date and an owner.",
        enforcementLevel: "mandatory",
        severity: "medium",
        remediationSteps: "Set demarc:expires and demarc:owner.",
        rule: "expiring access",
        tags: ["demarc", "expiring access"],
    },
    {
        name: "protect-log-stores",
        description: "Log stores are versioned and locked.",
        enforcementLevel: "advisory",
        severity: "low",
        remediationSteps: "Enable versioning and object lock.",
        rule: "log placement",
        tags: ["demarc", "log placement"],
    },
];

export const ROLE_MESSAGE =
    'instance "app-1": demarc:role is "a|b<script>"; allowed: one or more of log-server, log-store (comma-separated)';
export const FLOW_MESSAGE =
    'securityGroupRule "edge-to-app" lets zone red (securityGroup "edge") reach zone green (securityGroup "app") directly on tcp 80';
export const EXPIRY_MESSAGE =
    'vpcPeeringConnection "mssp-peering" expires on 2026-12-01, within 30 days of 2026-11-23 (owner `mssp-ops` @ *contract 7*)';
export const UNDETERMINED_MESSAGE = 'undetermined: subnet "dmz-a": its cidrBlock is not known until apply';

/** What the red-to-green rule's finding rests on, as the pack gives it. */
export const FLOW_EVIDENCE = {
    element: { urn: edgeToApp.urn, name: "edge-to-app", type: T.securityGroupRule },
    layer: "security-group rule",
    from: [
        {
            place: 'security group "edge"',
            urn: edgeGroup.urn,
            zone: { value: "red", from: "own tag" },
            tenant: { value: "acme", from: 'from vpc "client-vpc"' },
            count: 1,
        },
    ],
    to: [
        {
            place: 'security group "app"',
            urn: appGroup.urn,
            zone: { value: "green", from: "own tag" },
            tenant: { value: "acme", from: 'from vpc "client-vpc"' },
            count: 1,
        },
    ],
    traffic: "tcp 80",
    morePairs: 0,
};

export const sampleStack: CheckedStack = {
    project: "demarc-test",
    stack: "dev",
    mode: "known",
    source: { kind: "program", path: "stacks/index.ts" },
    resources: [
        client,
        provider,
        clientVpc,
        edgeSubnet,
        dmzSubnet,
        appSubnet,
        edgeGroup,
        appGroup,
        edgeToApp,
        appInstance,
        internetGateway,
        msspVpc,
        peering,
    ],
    findings: [
        {
            policy: "require-demarc-tags",
            enforcementLevel: "mandatory",
            severity: "high",
            urn: appInstance.urn,
            kind: "tag.invalid-value",
            message: ROLE_MESSAGE,
            undetermined: false,
        },
        {
            policy: "forbid-red-green-paths",
            enforcementLevel: "mandatory",
            severity: "critical",
            urn: edgeToApp.urn,
            kind: "zone.red-green.rule",
            message: FLOW_MESSAGE,
            undetermined: false,
            evidence: FLOW_EVIDENCE,
        },
        {
            policy: "require-access-expiry",
            enforcementLevel: "advisory",
            severity: "medium",
            urn: peering.urn,
            kind: "expiry.expiring-soon",
            message: EXPIRY_MESSAGE,
            undetermined: false,
        },
        {
            policy: "require-demarc-tags",
            enforcementLevel: "advisory",
            severity: "high",
            urn: dmzSubnet.urn,
            kind: "tag.undetermined",
            message: UNDETERMINED_MESSAGE,
            undetermined: true,
        },
    ],
    locations: { [appInstance.urn]: { path: "stacks/app.ts", line: 42 } },
    unjudged: [],
    notes: [],
};

export const sampleResult: CheckResult = {
    pack: { name: "demarc", version: "0.1.0", policies: POLICIES },
    stacks: [sampleStack],
    failures: [],
    acceptUnexpanded: false,
};
