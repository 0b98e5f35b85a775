import { T } from "../../lib/aws-types";
import type { Finding } from "../../lib/findings";
import type { ProviderRecord, ResourceRecord } from "../../lib/resource";
import refuseExpiredAccess from "../../policy-pack/policies/refuse-expired-access";
import refuseOpenEndedAccess from "../../policy-pack/policies/refuse-open-ended-access";
import requireAccessExpiry from "../../policy-pack/policies/require-access-expiry";
import validateDemarcTags from "../../policy-pack/policies/validate-demarc-tags";
import { nameOf } from "../support/findings";
import { awsProvider, record, UNKNOWN } from "../support/records";
import { analysingRecords } from "../../policy-pack/stack-request";

export const AS_OF = "2026-11-23";
export const CLIENT_ACCOUNT = "111111111111";
export const PROVIDER_ACCOUNT = "222222222222";

export const clientAccount = awsProvider({ "demarc:side": "client" });

export const ACCESS_TAGS = {
    "demarc:side": "client",
    "demarc:expires": "2027-06-30",
    "demarc:owner": "network-team / contract C-17",
};

export interface NetworkOptions {
    vpnTags?: Record<string, string>;
    vpnProvider?: ProviderRecord;
    preview?: boolean;
}

/**
 * A client network with one partner VPN (customer gateway and VPN connection, both tagged as
 * third-party access), a security group open to its own VPC and the internet, and a role for EC2.
 */
export function network(options: NetworkOptions = {}): ResourceRecord[] {
    const id = (s: string) => (options.preview ? UNKNOWN : s);
    const vpc = record(
        T.vpc,
        "main",
        { id: id("vpc-1"), cidrBlock: "10.0.0.0/16", tags: { "demarc:tenant": "acme", "demarc:zone": "green" } },
        { provider: clientAccount },
    );
    const vgw = record(
        T.vpnGateway,
        "vgw",
        { id: id("vgw-1"), vpcId: id("vpc-1"), tags: { "demarc:side": "client" } },
        { provider: clientAccount, refs: { vpcId: vpc } },
    );
    const cgw = record(
        T.customerGateway,
        "partner-cgw",
        { id: id("cgw-1"), bgpAsn: "65000", ipAddress: "198.51.100.7", type: "ipsec.1", tags: ACCESS_TAGS },
        { provider: clientAccount },
    );
    const vpn = record(
        T.vpnConnection,
        "partner-vpn",
        {
            id: id("vpn-1"),
            customerGatewayId: id("cgw-1"),
            vpnGatewayId: id("vgw-1"),
            type: "ipsec.1",
            tunnel1PresharedKey: "s3cr3t-psk",
            tags: options.vpnTags ?? ACCESS_TAGS,
        },
        { provider: options.vpnProvider ?? clientAccount, refs: { customerGatewayId: cgw, vpnGatewayId: vgw } },
    );
    const sg = record(
        T.securityGroup,
        "app",
        {
            id: id("sg-1"),
            vpcId: id("vpc-1"),
            ingress: [
                { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"] },
                { protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["10.0.1.0/24"] },
            ],
            tags: { "demarc:zone": "green" },
        },
        { provider: clientAccount, refs: { vpcId: vpc } },
    );
    const role = record(
        T.iamRole,
        "app-instance",
        {
            assumeRolePolicy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
            }),
        },
        { provider: clientAccount },
    );
    return [vpc, vgw, cgw, vpn, sg, role];
}

export const CONFIG = {
    asOf: AS_OF,
    clientAccountIds: [CLIENT_ACCOUNT],
    clientCidrs: ["10.0.0.0/8"],
    providerCidrs: ["172.16.0.0/12"],
};

/**
 * The expiring-access rule as a whole, in resource order: dates on each resource (refuse-expired-access), values
 * that are not dates or owners (validate-demarc-tags), presence on third-party access (refuse-open-ended-access where
 * the resource alone shows it, require-access-expiry where that takes the stack).
 * Each policy gets the settings of `config` it declares.
 */
export function expiringAccessFindings(
    records: readonly ResourceRecord[],
    config: Record<string, unknown> = CONFIG,
): Finding[] {
    const urns = records.map((r) => r.urn);
    const policies = [refuseExpiredAccess, validateDemarcTags, refuseOpenEndedAccess, requireAccessExpiry];
    const ownOf = (policy: (typeof policies)[number]) =>
        Object.fromEntries(Object.entries(config).filter(([key]) => policy.settings.names.includes(key as never)));
    const packConfig = Object.fromEntries(policies.map((p) => [p.metadata.name, ownOf(p)]));
    const findings = analysingRecords(records, () =>
        policies.flatMap((policy) => policy.evaluate(records, ownOf(policy), packConfig)),
    );
    return findings
        .map((finding, order) => ({ finding, order }))
        .sort((a, b) => urns.indexOf(a.finding.urn) - urns.indexOf(b.finding.urn) || a.order - b.order)
        .map(({ finding }) => finding);
}

export const shape = (findings: readonly Finding[]) =>
    findings.map((f) => ({ resource: nameOf(f.urn), level: f.level, message: f.message }));
