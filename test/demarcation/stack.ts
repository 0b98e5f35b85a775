import { T } from "../../lib/aws-types";
import type { ProviderRecord, ResourceRecord } from "../../lib/resource";
import deliverLogsClientSide from "../../policy-pack/policies/deliver-logs-client-side";
import keepLogStoresClientSide from "../../policy-pack/policies/keep-log-stores-client-side";
import limitProviderRolePermissions from "../../policy-pack/policies/limit-provider-role-permissions";
import protectLogStores from "../../policy-pack/policies/protect-log-stores";
import refuseOutdatedStandard from "../../policy-pack/policies/refuse-outdated-standard";
import refuseProviderAdminRoles from "../../policy-pack/policies/refuse-provider-admin-roles";
import refuseProviderSideLogStores from "../../policy-pack/policies/refuse-provider-side-log-stores";
import refuseRemoteAccessNotClientManaged from "../../policy-pack/policies/refuse-remote-access-not-client-managed";
import refuseShortLogRetention from "../../policy-pack/policies/refuse-short-log-retention";
import requireClientManagedRemoteAccess from "../../policy-pack/policies/require-client-managed-remote-access";
import requireCurrentStandard from "../../policy-pack/policies/require-current-standard";
import requireVpcFlowLogs from "../../policy-pack/policies/require-vpc-flow-logs";
import { evidencedFindings, policyFindings } from "../support/findings";
import { awsProvider, record, UNKNOWN, type RecordOptions } from "../support/records";

export const CLIENT_ACCOUNT = "111111111111";
export const PROVIDER_ACCOUNT = "222222222222";
export const CONFIG = {
    clientAccountIds: [CLIENT_ACCOUNT],
    providerAccountIds: [PROVIDER_ACCOUNT],
    currentStandard: "2.5",
};

export const DEMARCATION_POLICIES = [
    keepLogStoresClientSide,
    deliverLogsClientSide,
    requireVpcFlowLogs,
    refuseShortLogRetention,
    refuseProviderSideLogStores,
    protectLogStores,
    refuseRemoteAccessNotClientManaged,
    requireClientManagedRemoteAccess,
    refuseProviderAdminRoles,
    limitProviderRolePermissions,
    refuseOutdatedStandard,
    requireCurrentStandard,
];

/** An AWS provider for one account, marking its resources with a side through default tags. */
export function accountProvider(side: "client" | "provider", account: string, name: string): ProviderRecord {
    const provider = awsProvider({ "demarc:side": side }, name);
    return { ...provider, props: { ...provider.props, allowedAccountIds: [account] } };
}

export const clientProvider = accountProvider("client", CLIENT_ACCOUNT, "client");
export const nocProvider = accountProvider("provider", PROVIDER_ACCOUNT, "noc");

export type Mode = "known" | "preview";

export const EVIDENCE_ARN = "arn:aws:s3:::acme-evidence";
export const AUDIT_LOGS_ARN = `arn:aws:logs:us-east-1:${CLIENT_ACCOUNT}:log-group:audit-logs`;
export const ARCHIVE_ARN = `arn:aws:firehose:us-east-1:${CLIENT_ACCOUNT}:deliverystream/log-archive`;

export const trustPolicy = (principal: unknown) => ({
    Version: "2012-10-17",
    Statement: [
        {
            Effect: "Allow",
            Principal: { AWS: principal },
            Action: "sts:AssumeRole",
            Condition: { StringEquals: { "sts:ExternalId": "noc-2026" } },
        },
    ],
});

/**
 * A compliant client stack: a log server in a green client subnet, a versioned and locked log bucket
 * that the flow log, the trail, S3 access logging and a Firehose stream deliver to, a client-managed
 * Client VPN endpoint, a least-privilege role the provider assumes, and firewalls on standard 2.5.
 * At preview every id and ARN is unknown and references are known only through propertyDependencies.
 */
export function baseline(mode: Mode): ResourceRecord[] {
    const known = <V>(value: V) => (mode === "known" ? value : UNKNOWN);
    const client = (type: string, name: string, props: Record<string, unknown>, options: RecordOptions = {}) =>
        record(type, name, props, { provider: clientProvider, ...options });

    const vpc = client(T.vpc, "main", {
        id: known("vpc-1"),
        cidrBlock: "10.0.0.0/16",
        tags: { "demarc:tenant": "acme" },
    });
    const logsSubnet = client(
        T.subnet,
        "logs-a",
        { id: known("subnet-logs"), vpcId: known("vpc-1"), cidrBlock: "10.0.1.0/24", tags: { "demarc:zone": "green" } },
        { refs: { vpcId: vpc } },
    );
    const edgeSubnet = client(
        T.subnet,
        "edge-a",
        {
            id: known("subnet-edge"),
            vpcId: known("vpc-1"),
            cidrBlock: "10.0.2.0/24",
            tags: { "demarc:zone": "yellow" },
        },
        { refs: { vpcId: vpc } },
    );
    const syslog = client(
        T.instance,
        "syslog-1",
        { id: known("i-syslog"), subnetId: known("subnet-logs"), tags: { "demarc:role": "log-server" } },
        { refs: { subnetId: logsSubnet } },
    );
    const firewall = (name: string) =>
        client(
            T.instance,
            name,
            {
                id: known(`i-${name}`),
                subnetId: known("subnet-edge"),
                tags: { "demarc:role": "firewall", "demarc:standard": "2.5" },
            },
            { refs: { subnetId: edgeSubnet } },
        );
    const evidence = client(T.bucket, "evidence", {
        id: known("acme-evidence"),
        bucket: "acme-evidence",
        arn: known(EVIDENCE_ARN),
        objectLockEnabled: true,
        tags: { "demarc:role": "log-store" },
    });
    const versioning = client(
        T.bucketVersioning,
        "evidence-versioning",
        { bucket: known("acme-evidence"), versioningConfiguration: { status: "Enabled" } },
        { refs: { bucket: evidence } },
    );
    const lock = client(
        T.bucketObjectLock,
        "evidence-lock",
        { bucket: known("acme-evidence"), rule: { defaultRetention: { mode: "COMPLIANCE", days: 400 } } },
        { refs: { bucket: evidence } },
    );
    const auditLogs = client(T.logGroup, "audit-logs", {
        name: "audit-logs",
        arn: known(AUDIT_LOGS_ARN),
        retentionInDays: 400,
    });
    const flowLog = client(
        T.flowLog,
        "vpc-flow",
        { vpcId: known("vpc-1"), logDestinationType: "s3", logDestination: known(EVIDENCE_ARN), trafficType: "ALL" },
        { refs: { vpcId: vpc, logDestination: evidence } },
    );
    const trail = client(
        T.trail,
        "audit",
        { s3BucketName: known("acme-evidence"), cloudWatchLogsGroupArn: known(`${AUDIT_LOGS_ARN}:*`) },
        { refs: { s3BucketName: evidence, cloudWatchLogsGroupArn: auditLogs } },
    );
    const appData = client(T.bucket, "app-data", {
        id: known("acme-app-data"),
        bucket: "acme-app-data",
        arn: known("arn:aws:s3:::acme-app-data"),
    });
    const accessLogging = client(
        T.bucketLogging,
        "app-data-access-log",
        { bucket: known("acme-app-data"), targetBucket: known("acme-evidence"), targetPrefix: "s3/" },
        { refs: { bucket: appData, targetBucket: evidence } },
    );
    const archive = client(
        T.firehoseStream,
        "log-archive",
        {
            arn: known(ARCHIVE_ARN),
            destination: "extended_s3",
            extendedS3Configuration: { bucketArn: known(EVIDENCE_ARN) },
        },
        { refs: { extendedS3Configuration: evidence } },
    );
    const subscription = client(
        T.logSubscriptionFilter,
        "audit-to-archive",
        { logGroup: "audit-logs", destinationArn: known(ARCHIVE_ARN), filterPattern: "" },
        { refs: { logGroup: auditLogs, destinationArn: archive } },
    );
    const remoteAccess = client(T.clientVpnEndpoint, "noc-access", {
        id: known("cvpn-endpoint-1"),
        clientCidrBlock: "172.16.0.0/22",
        tags: { "demarc:managed-by": "client" },
    });
    const operator = client(T.iamRole, "noc-operator", {
        id: known("noc-operator"),
        name: "noc-operator",
        arn: known(`arn:aws:iam::${CLIENT_ACCOUNT}:role/noc-operator`),
        assumeRolePolicy: JSON.stringify(trustPolicy(`arn:aws:iam::${PROVIDER_ACCOUNT}:root`)),
        inlinePolicies: [
            {
                name: "describe-network",
                policy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [{ Effect: "Allow", Action: ["ec2:Describe*"], Resource: "*" }],
                }),
            },
        ],
    });
    const readOnly = client(
        T.iamRolePolicyAttachment,
        "noc-operator-readonly",
        { role: known("noc-operator"), policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" },
        { refs: { role: operator } },
    );
    return [
        vpc,
        logsSubnet,
        edgeSubnet,
        syslog,
        firewall("fw-1"),
        firewall("fw-2"),
        evidence,
        versioning,
        lock,
        auditLogs,
        flowLog,
        trail,
        appData,
        accessLogging,
        archive,
        subscription,
        remoteAccess,
        operator,
        readOnly,
    ];
}

/** Every demarcation policy's findings, by policy and logical resource name. */
export const findingsOf = (records: readonly ResourceRecord[], config: Record<string, unknown> = CONFIG) =>
    policyFindings(DEMARCATION_POLICIES, records, config);

/** The findings with their kinds and evidence. */
export const evidencedOf = (records: readonly ResourceRecord[], config: Record<string, unknown> = CONFIG) =>
    evidencedFindings(DEMARCATION_POLICIES, records, config);
