import { T } from "../../lib/aws-types";
import type { ResourceRecord } from "../../lib/resource";
import type { KindOfPolicy, PolicyName } from "../../policy-pack/policies";
import type { FindingOn } from "../../stacks/scenarios";
import { hub, threeZones, withClientVpn, type Net } from "../network/fixture";
import { withProps } from "../support/mutators";
import { awsProvider, record, UNKNOWN } from "../support/records";
import { baseline, CLIENT_ACCOUNT, CONFIG, PROVIDER_ACCOUNT } from "./stack";

/**
 * The smallest stack on which a policy reports a kind of finding it declares, for the kinds no sample scenario
 * gives: together with the scenarios, every kind each policy declares is shown reported at least once.
 */
export interface KindExemplar {
    readonly finding: FindingOn;
    readonly records: () => readonly ResourceRecord[];
    /** Every policy's settings, each policy reading those it declares. */
    readonly config?: Record<string, unknown>;
    /** The shared section (follow-zone-plan's): the client's plan, accounts and ranges. */
    readonly shared?: Record<string, unknown>;
}

const shows = <P extends PolicyName>(
    policy: P,
    resource: string,
    kind: KindOfPolicy<P>,
    records: () => readonly ResourceRecord[],
    settings: Omit<KindExemplar, "finding" | "records"> = {},
): KindExemplar => ({ finding: { policy, resource, kind } as FindingOn, records, ...settings });

const client = awsProvider({ "demarc:side": "client" });
/** A provider that names the provider's account, as the plan needs to place what it creates before it exists. */
const noc = awsProvider(undefined, "noc");
const inProviderAccount = { ...noc, props: { ...noc.props, allowedAccountIds: [PROVIDER_ACCOUNT] } };

/** The compliant three-zone network of test/network/fixture.ts, changed. */
const threeZonesWith =
    (change: (n: Net) => void, build: () => Net = threeZones) =>
    () => {
        const n = build();
        change(n);
        return n.records;
    };
const atPreview = () => threeZones(true);

/** The compliant demarcation stack of ./stack.ts with one resource changed. */
const stackWith =
    (name: string, change: (r: ResourceRecord) => ResourceRecord, mode: "known" | "preview" = "known") =>
    () =>
        baseline(mode).map((r) => (r.name === name ? change(r) : r));
const props = (values: Record<string, unknown>) => (r: ResourceRecord) => ({ ...r, props: { ...r.props, ...values } });
const onlyRefersToVpc = (r: ResourceRecord): ResourceRecord => ({
    ...r,
    propertyDependencies: { vpcId: r.propertyDependencies?.["vpcId"] ?? [] },
});

const policyDocument = (statement: Record<string, unknown>) =>
    JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", ...statement }] });
const OPEN_TRUST = policyDocument({ Principal: { AWS: "*" }, Action: "sts:AssumeRole" });
const ADMIN = policyDocument({ Action: "*", Resource: "*" });
const ACCOUNTS = { clientAccountIds: ["111111111111"], providerAccountIds: ["333333333333"] };

/** A rule on the green group from a block not known until apply, which the engine names no source for. */
const unknownSourceRule = (n: Net) =>
    n.add(
        T.vpcIngressRule,
        "mystery-in",
        { securityGroupId: n.id("app-sg"), ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: UNKNOWN },
        { securityGroupId: n.get("app-sg") },
    );

/** A rule on the green group open to the internet whose direction is not known until apply. */
export const mysteryDirection = (n: Net) =>
    n.add(
        T.securityGroupRule,
        "mystery-rule",
        {
            securityGroupId: n.id("app-sg"),
            type: UNKNOWN,
            protocol: "tcp",
            fromPort: 443,
            toPort: 443,
            cidrBlocks: ["0.0.0.0/0"],
        },
        { securityGroupId: n.get("app-sg") },
    );

/** An entry of app-a's network ACL admitting `cidr` on TCP `port`. */
const appAclEntry = (cidr: string, port: number) => (n: Net) =>
    n.add(
        T.networkAclRule,
        "app-nacl-in-90",
        {
            networkAclId: n.id("app-nacl"),
            ruleNumber: 90,
            egress: false,
            ruleAction: "allow",
            cidrBlock: cidr,
            protocol: "tcp",
            fromPort: port,
            toPort: port,
        },
        { networkAclId: n.get("app-nacl") },
    );

/** A subnet of tenant globex in the acme VPC. */
const globexSubnet = (n: Net) =>
    n.subnet("globex-a", "core", "10.0.9.0/24", "yellow", {
        tags: { "demarc:zone": "yellow", "demarc:tenant": "globex" },
    });

/** The network's transit gateway, shared through RAM with one principal. */
const sharedHub = (principal: string) =>
    threeZonesWith((n) => {
        const arn = "arn:aws:ec2:us-east-1:111111111111:transit-gateway/tgw-1";
        n.add(T.transitGateway, "hub", { autoAcceptSharedAttachments: "enable", arn });
        n.add(T.ramResourceShare, "hub-share", { name: "hub-share", allowExternalPrincipals: true });
        n.add(
            "aws:ram/resourceAssociation:ResourceAssociation",
            "hub-share-tgw",
            { resourceArn: arn, resourceShareArn: n.id("hub-share") },
            { resourceArn: n.get("hub"), resourceShareArn: n.get("hub-share") },
        );
        n.add(
            T.ramPrincipalAssociation,
            "hub-share-principal",
            { principal, resourceShareArn: n.id("hub-share") },
            { resourceShareArn: n.get("hub-share") },
        );
    });

/** A partner's ingress as an aws.ec2.SecurityGroupRule (which takes no tags) on the group `securityGroupId`. */
const partnerRule = (securityGroupId: string) =>
    threeZonesWith((n) =>
        n.records.push(
            record(
                T.securityGroupRule,
                "partner-in",
                {
                    type: "ingress",
                    securityGroupId,
                    cidrBlocks: ["198.51.100.0/24"],
                    protocol: "tcp",
                    fromPort: 443,
                    toPort: 443,
                },
                { provider: client },
            ),
        ),
    );

/** A log group in no subnet, of an account nobody configured. */
const strayLogGroup =
    (provider = awsProvider(), tags: unknown = {}) =>
    () => [
        ...baseline("known"),
        record(T.logGroup, "stray-logs", { name: "stray-logs", retentionInDays: 400, tags }, { provider }),
    ];

const waivers = (...waiver: Record<string, unknown>[]) => ({
    config: {
        asOf: "2026-11-23",
        waivers: waiver.map((w) => ({ resource: "app-1", justification: "migration", approver: "ciso", ...w })),
    },
});
const withConfig = { config: CONFIG };
const plan = (zone: string) => ({ shared: { zonePlan: { ranges: [{ cidr: "10.0.2.0/24", zone }] } } });

export const KIND_EXEMPLARS: readonly KindExemplar[] = [
    shows("validate-demarc-tags", "tagged", "tag.unknown-key", () => [
        record(T.vpc, "tagged", { cidrBlock: "10.0.0.0/16", tags: { "demarc:zoen": "red" } }, { provider: client }),
    ]),
    shows(
        "require-demarc-tags",
        "app-sg",
        "tag.shared-group",
        threeZonesWith((n) => n.instance("proxy-2", "dmz-a", ["app-sg"])),
    ),
    shows(
        "require-demarc-tags",
        "app-1",
        "tag.placement-conflict",
        threeZonesWith((n) => n.change("app-1", { tags: { "demarc:zone": "red" } })),
    ),
    shows(
        "require-demarc-tags",
        "app-a",
        "tag.undetermined",
        threeZonesWith((n) => n.change("app-a", { tags: { "demarc:zone": UNKNOWN } }), atPreview),
    ),
    shows(
        "follow-zone-plan",
        "app-a",
        "plan.tag-disagrees",
        threeZonesWith(() => undefined),
        plan("yellow"),
    ),
    shows(
        "follow-zone-plan",
        "app-a",
        "plan.tag-invalid",
        threeZonesWith((n) => n.change("app-a", { tags: { "demarc:zone": "purple" } })),
        plan("green"),
    ),
    shows(
        "forbid-red-green-paths",
        "mystery-in",
        "zone.red-green.undetermined",
        threeZonesWith(unknownSourceRule, atPreview),
    ),
    shows(
        "require-encrypted-cross-zone-flows",
        "mystery-in",
        "zone.flow-matrix.undetermined",
        threeZonesWith(unknownSourceRule, atPreview),
    ),
    shows(
        "isolate-tenants",
        "mystery-in",
        "tenant.isolation.undetermined",
        threeZonesWith(unknownSourceRule, atPreview),
    ),
    shows(
        "forbid-red-green-paths",
        "app-nacl-in-90",
        "zone.red-green.acl",
        threeZonesWith(appAclEntry("10.0.0.0/24", 22)),
    ),
    shows(
        "isolate-tenants",
        "app-nacl-in-90",
        "tenant.crossing.acl",
        threeZonesWith((n) => {
            globexSubnet(n);
            appAclEntry("10.0.9.0/24", 8443)(n);
        }),
    ),
    shows(
        "forbid-red-green-paths",
        "vpn-to-green",
        "zone.red-green.client-vpn",
        threeZonesWith((n) => n.authorize("vpn-to-green", "engineers-vpn", "10.0.2.0/24"), withClientVpn),
    ),
    shows(
        "isolate-tenants",
        "engineers-to-globex",
        "tenant.crossing.client-vpn",
        threeZonesWith((n) => {
            globexSubnet(n);
            n.authorize("engineers-to-globex", "engineers-vpn", "10.0.9.0/24");
        }, withClientVpn),
    ),
    shows(
        "forbid-red-green-paths",
        "internet-to-alb",
        "zone.red-green.held-by-one-layer",
        threeZonesWith((n) => n.egress("db-to-alb-out", "db-sg", "alb-sg", "tcp", [443, 443])),
    ),
    shows(
        "forbid-red-green-paths",
        "app-1",
        "zone.green-exposed",
        threeZonesWith((n) => {
            n.change("app-1", { associatePublicIpAddress: true });
            n.route("app-default", "app-rt", "0.0.0.0/0", ["gatewayId", "igw"]);
        }),
    ),
    shows(
        "forbid-red-green-paths",
        "app-1",
        "zone.green-exposed.undetermined",
        threeZonesWith((n) => n.change("app-1", { associatePublicIpAddress: UNKNOWN }), atPreview),
    ),
    shows(
        "require-encrypted-cross-zone-flows",
        "proxy-to-app-in",
        "zone.flow-denied",
        threeZonesWith(() => undefined),
        { config: { zoneFlows: { "yellow->green": "deny" } } },
    ),
    shows(
        "isolate-tenants",
        "shared-to-app-syslog",
        "tenant.shared-plaintext",
        threeZonesWith((n) => {
            n.add(
                T.securityGroup,
                "shared-sg",
                { vpcId: n.id("core"), tags: { "demarc:zone": "green", "demarc:tenant": "shared" } },
                { vpcId: n.get("core") },
            );
            n.ingress("shared-to-app-syslog", "app-sg", "shared-sg", "udp", [514, 514]);
        }),
    ),
    shows(
        "isolate-tenants",
        "green-prop",
        "tenant.crossing.route",
        () => hub("tgw", false, ["acme", "globex"]).records,
    ),
    shows("isolate-tenants", "hub-share-principal", "tenant.share-outside", sharedHub("999999999999"), {
        config: ACCOUNTS,
    }),
    shows(
        "isolate-tenants",
        "hub-share-principal",
        "tenant.share-to-organization",
        sharedHub("arn:aws:organizations::111111111111:organization/o-abcdef"),
        { config: ACCOUNTS },
    ),
    shows("isolate-tenants", "hub-share-principal", "tenant.share.undetermined", sharedHub("111111111111")),
    shows(
        "report-unmodelled-connectivity",
        "dx",
        "coverage.unmodelled",
        threeZonesWith((n) => n.add("aws:directconnect/gateway:Gateway", "dx", { amazonSideAsn: "64512" })),
    ),
    shows(
        "report-unmodelled-connectivity",
        "mystery-rule",
        "coverage.unknown.undetermined",
        threeZonesWith(mysteryDirection),
    ),
    shows(
        "refuse-outdated-standard",
        "fw-2",
        "standard.missing",
        stackWith("fw-2", props({ tags: { "demarc:role": "firewall" } })),
        withConfig,
    ),
    shows(
        "refuse-outdated-standard",
        "fw-2",
        "standard.undetermined",
        stackWith("fw-2", props({ tags: { "demarc:role": "firewall", "demarc:standard": UNKNOWN } })),
        withConfig,
    ),
    shows(
        "require-current-standard",
        "fw-2",
        "standard.outdated",
        stackWith("fw-2", props({ tags: { "demarc:role": "firewall", "demarc:standard": "2.3" } })),
        { config: { clientAccountIds: [CLIENT_ACCOUNT], providerAccountIds: [PROVIDER_ACCOUNT] } },
    ),
    shows(
        "refuse-remote-access-not-client-managed",
        "noc-access",
        "duty.remote-access-no-manager",
        stackWith("noc-access", props({ tags: {} })),
        withConfig,
    ),
    shows(
        "refuse-remote-access-not-client-managed",
        "noc-access",
        "duty.remote-access.undetermined",
        stackWith("noc-access", props({ tags: { "demarc:managed-by": UNKNOWN } })),
        withConfig,
    ),
    shows(
        "require-client-managed-remote-access",
        "fw-1",
        "duty.remote-access-no-manager",
        stackWith("fw-1", props({ tags: { "demarc:role": "remote-access", "demarc:standard": "2.5" } })),
        withConfig,
    ),
    shows(
        "require-client-managed-remote-access",
        "fw-1",
        "duty.remote-access.undetermined",
        stackWith(
            "fw-1",
            props({ tags: { "demarc:role": "remote-access", "demarc:standard": "2.5", "demarc:managed-by": UNKNOWN } }),
        ),
        withConfig,
    ),
    shows(
        "refuse-tags-against-plan",
        "noc-auditor",
        "plan.tag-disagrees",
        () => [
            record(T.iamRole, "noc-auditor", { tags: { "demarc:side": "client" } }, { provider: inProviderAccount }),
        ],
        { shared: { providerAccountIds: [PROVIDER_ACCOUNT] } },
    ),
    shows(
        "refuse-tags-against-plan",
        "noc-auditor",
        "plan.tag-invalid",
        () => [
            record(T.iamRole, "noc-auditor", { tags: { "demarc:side": "clinet" } }, { provider: inProviderAccount }),
        ],
        { shared: { providerAccountIds: [PROVIDER_ACCOUNT] } },
    ),
    shows(
        "require-demarc-side",
        "noc-operator",
        "tag.missing",
        stackWith("noc-operator", (r) => ({ ...r, provider: awsProvider() })),
    ),
    shows(
        "require-demarc-side",
        "noc-access",
        "tag.undetermined",
        stackWith(
            "noc-access",
            (r) => ({ ...r, provider: awsProvider(), props: { ...r.props, tags: UNKNOWN } }),
            "preview",
        ),
    ),
    shows(
        "refuse-provider-admin-roles",
        "noc-operator",
        "duty.role-open-to-anyone",
        stackWith("noc-operator", props({ assumeRolePolicy: OPEN_TRUST })),
        withConfig,
    ),
    shows(
        "refuse-provider-admin-roles",
        "noc-operator",
        "duty.provider-role.undetermined",
        stackWith(
            "noc-operator",
            props({ assumeRolePolicy: UNKNOWN, inlinePolicies: [{ name: "everything", policy: ADMIN }] }),
        ),
        withConfig,
    ),
    shows(
        "refuse-short-log-retention",
        "audit-logs",
        "evidence.protection.undetermined",
        stackWith("audit-logs", props({ retentionInDays: UNKNOWN })),
        withConfig,
    ),
    shows(
        "protect-log-stores",
        "evidence",
        "evidence.protection.undetermined",
        () =>
            withProps(withProps(baseline("known"), "evidence", { objectLockEnabled: UNKNOWN }), "evidence-versioning", {
                versioningConfiguration: UNKNOWN,
            }),
        withConfig,
    ),
    shows("refuse-provider-side-log-stores", "stray-logs", "evidence.side-not-shown", strayLogGroup(), withConfig),
    shows(
        "refuse-provider-side-log-stores",
        "stray-logs",
        "evidence.side.undetermined",
        strayLogGroup(awsProvider(), { "demarc:side": UNKNOWN }),
        withConfig,
    ),
    shows(
        "refuse-provider-side-log-stores",
        "stray-logs",
        "evidence.account.undetermined",
        strayLogGroup(client),
        withConfig,
    ),
    shows(
        "keep-log-stores-client-side",
        "syslog-1",
        "evidence.side-not-shown",
        stackWith("syslog-1", props({ tags: { "demarc:role": "log-server", "demarc:side": "vendor" } })),
        withConfig,
    ),
    shows(
        "keep-log-stores-client-side",
        "syslog-1",
        "evidence.side.undetermined",
        stackWith("syslog-1", props({ tags: { "demarc:role": "log-server", "demarc:side": UNKNOWN } })),
        withConfig,
    ),
    shows(
        "keep-log-stores-client-side",
        "syslog-1",
        "evidence.account.undetermined",
        stackWith("syslog-1", (r) => ({ ...r, provider: client })),
        withConfig,
    ),
    shows(
        "require-vpc-flow-logs",
        "main",
        "evidence.flow-log.undetermined",
        stackWith(
            "vpc-flow",
            (r) => ({ ...r, props: { ...r.props, vpcId: UNKNOWN }, propertyDependencies: {} }),
            "preview",
        ),
        withConfig,
    ),
    shows(
        "deliver-logs-client-side",
        "vpc-flow",
        "evidence.delivery.undetermined",
        stackWith("vpc-flow", (r) => onlyRefersToVpc(props({ logDestination: UNKNOWN })(r)), "preview"),
        withConfig,
    ),
    shows(
        "deliver-logs-client-side",
        "vpc-flow",
        "evidence.account.undetermined",
        stackWith("vpc-flow", (r) => onlyRefersToVpc(props({ logDestination: "arn:aws:s3:::outside-logs" })(r))),
        withConfig,
    ),
    shows(
        "deliver-logs-client-side",
        "vpc-flow",
        "evidence.foreign-account",
        stackWith("vpc-flow", (r) =>
            onlyRefersToVpc(
                props({
                    logDestinationType: "cloud-watch-logs",
                    logDestination: "arn:aws:logs:us-east-1:999999999999:log-group:outside-logs",
                })(r),
            ),
        ),
        withConfig,
    ),
    shows(
        "deliver-logs-client-side",
        "vpc-flow",
        "evidence.side-not-shown",
        stackWith("evidence", (r) => ({ ...props({ tags: {} })(r), provider: awsProvider() })),
        withConfig,
    ),
    shows(
        "deliver-logs-client-side",
        "vpc-flow",
        "evidence.side.undetermined",
        stackWith("evidence", (r) => ({ ...props({ tags: { "demarc:side": UNKNOWN } })(r), provider: awsProvider() })),
        withConfig,
    ),
    shows("require-access-expiry", "partner-in", "expiry.untaggable", partnerRule("sg-elsewhere"), {
        config: { clientCidrs: ["10.0.0.0/16"] },
    }),
    shows("require-access-expiry", "partner-in", "expiry.undetermined", partnerRule(UNKNOWN), {
        config: { clientCidrs: ["10.0.0.0/16"] },
    }),
    shows(
        "refuse-open-ended-access",
        "noc-operator",
        "expiry.undetermined",
        stackWith("noc-operator", props({ tags: { "demarc:expires": UNKNOWN, "demarc:owner": "noc" } })),
        withConfig,
    ),
    shows(
        "validate-waivers",
        "",
        "waiver.malformed",
        threeZonesWith(() => undefined),
        {
            config: { waivers: [{ resource: "app-1" }] },
        },
    ),
    shows(
        "validate-waivers",
        "",
        "waiver.expired",
        threeZonesWith(() => undefined),
        waivers({ expires: "2026-01-31" }),
    ),
    shows(
        "validate-waivers",
        "",
        "waiver.beyond-horizon",
        threeZonesWith(() => undefined),
        waivers({ expires: "2029-01-31" }),
    ),
    shows(
        "validate-waivers",
        "",
        "waiver.unmatched",
        threeZonesWith(() => undefined),
        waivers({ resource: "nothing-*", expires: "2026-12-31" }),
    ),
    shows(
        "validate-waivers",
        "",
        "waiver.by-message",
        threeZonesWith(() => undefined),
        waivers({ finding: "red", expires: "2026-12-31" }),
    ),
];
