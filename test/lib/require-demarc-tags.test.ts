import { describe, expect, test } from "vitest";
import followZonePlan from "../../policy-pack/policies/follow-zone-plan";
import refuseTagsAgainstPlan from "../../policy-pack/policies/refuse-tags-against-plan";
import requireDemarcSide from "../../policy-pack/policies/require-demarc-side";
import requireDemarcTags from "../../policy-pack/policies/require-demarc-tags";
import validateDemarcTags from "../../policy-pack/policies/validate-demarc-tags";
import { T } from "../../lib/aws-types";
import type { ResourceRecord } from "../../lib/resource";
import type { FindingKind } from "../../lib/finding-kinds";
import type { Finding, FindingEvidence } from "../../lib/findings";
import { elementOfUrn } from "../../lib/urn";
import { awsProvider, record, UNKNOWN } from "../support/records";

const clientAccount = awsProvider({ "demarc:side": "client" });

function network(
    overrides: {
        vpcTags?: Record<string, string>;
        subnetTags?: Record<string, string>;
        sgTags?: Record<string, string>;
        instanceTags?: Record<string, string>;
        preview?: boolean;
    } = {},
) {
    const id = (s: string) => (overrides.preview ? UNKNOWN : s);
    const vpc = record(
        T.vpc,
        "main",
        { id: id("vpc-1"), cidrBlock: "10.0.0.0/16", tags: overrides.vpcTags ?? { "demarc:tenant": "acme" } },
        { provider: clientAccount },
    );
    const subnet = record(
        T.subnet,
        "app-a",
        {
            id: id("subnet-1"),
            vpcId: id("vpc-1"),
            cidrBlock: "10.0.1.0/24",
            tags: overrides.subnetTags ?? { "demarc:zone": "green" },
        },
        { provider: clientAccount, refs: { vpcId: vpc } },
    );
    const sg = record(
        T.securityGroup,
        "app",
        { id: id("sg-1"), vpcId: id("vpc-1"), tags: overrides.sgTags ?? { "demarc:zone": "green" } },
        { provider: clientAccount, refs: { vpcId: vpc } },
    );
    const instance = record(
        T.instance,
        "app-1",
        {
            id: id("i-1"),
            subnetId: id("subnet-1"),
            vpcSecurityGroupIds: [id("sg-1")],
            tags: overrides.instanceTags ?? {},
        },
        { provider: clientAccount, refs: { subnetId: subnet, vpcSecurityGroupIds: [sg] } },
    );
    return [vpc, subnet, sg, instance];
}

/** What the tags rule finds, resource policy and stack policy together, each finding with the policy that reports it. */
const findingsOf = (records: ReturnType<typeof network>) =>
    [validateDemarcTags, requireDemarcTags].flatMap((policy) =>
        policy.evaluate(records).map((f) => ({
            policy: policy.metadata.name,
            resource: f.urn.split("::").pop(),
            level: f.level,
            message: f.message,
        })),
    );

describe("the tags rule: validate-demarc-tags on each resource, require-demarc-tags on the stack", () => {
    test("a compliant network has no finding, known or at a first preview", () => {
        expect(findingsOf(network())).toEqual([]);
        expect(findingsOf(network({ preview: true }))).toEqual([]);
    });

    test("a subnet with no zone in a VPC without one", () => {
        expect(findingsOf(network({ subnetTags: {} }))).toEqual([
            {
                policy: "require-demarc-tags",
                resource: "app-a",
                level: "policy",
                message: 'subnet "app-a" has no demarc:zone, nor has vpc "main"; allowed: red, yellow, green',
            },
            {
                policy: "require-demarc-tags",
                resource: "app-1",
                level: "policy",
                message: 'instance "app-1" has no demarc:zone, nor has subnet "app-a"; allowed: red, yellow, green',
            },
        ]);
    });

    test("zone purple names key, value and allowed values, on the resource that carries it, once", () => {
        expect(findingsOf(network({ sgTags: { "demarc:zone": "purple" } }))).toEqual([
            {
                policy: "validate-demarc-tags",
                resource: "app",
                level: "policy",
                message: 'securityGroup "app": demarc:zone is "purple"; allowed: red, yellow, green',
            },
        ]);
    });

    test("an invalid zone on a VPC is reported on the VPC alone, not again on the subnet and instance that inherit it", () => {
        expect(
            findingsOf(network({ vpcTags: { "demarc:tenant": "acme", "demarc:zone": "purple" }, subnetTags: {} })),
        ).toEqual([
            {
                policy: "validate-demarc-tags",
                resource: "main",
                level: "policy",
                message: 'vpc "main": demarc:zone is "purple"; allowed: red, yellow, green',
            },
        ]);
    });

    test("an invalid side in the provider's default tags is a finding of every resource it marks, at Analyze", () => {
        const records = network().map((r) => ({ ...r, provider: awsProvider({ "demarc:side": "clinet" }) }));
        const found = findingsOf(records);
        expect(found.map((f) => [f.policy, f.resource])).toEqual([
            ["validate-demarc-tags", "main"],
            ["validate-demarc-tags", "app-a"],
            ["validate-demarc-tags", "app"],
            ["validate-demarc-tags", "app-1"],
        ]);
        expect(found[0].message).toBe(
            'vpc "main": demarc:side is "clinet" (from provider default tags); allowed: client, provider',
        );
    });

    test("a bucket outside any VPC needs its side (its own, its provider's or the plan's): judged on the bucket alone", () => {
        const bucket = record(T.bucket, "logs", { tags: { "demarc:role": "log-store" } });
        expect(requireDemarcSide.evaluate([bucket]).map((f) => [f.kind, f.message])).toEqual([
            ["tag.missing", 'bucket "logs" has no demarc:side; allowed: client, provider'],
        ]);
        expect(requireDemarcTags.evaluate([bucket])).toEqual([]);
        expect(validateDemarcTags.evaluate([bucket])).toEqual([]);
    });

    test("odd case and whitespace are the same value", () => {
        expect(findingsOf(network({ subnetTags: { " Demarc:Zone ": " Green " } }))).toEqual([]);
    });

    test("an instance tagged with another zone than its subnet's", () => {
        expect(findingsOf(network({ instanceTags: { "demarc:zone": "red" } }))).toEqual([
            {
                policy: "require-demarc-tags",
                resource: "app-1",
                level: "policy",
                message: 'instance "app-1" is tagged demarc:zone=red but sits in subnet "app-a", which is green',
            },
        ]);
    });

    test("an instance tagged with another zone than its subnet's: its own value and the subnet's are fields of the evidence", () => {
        const records = network({ instanceTags: { "demarc:zone": "Red" } });
        const [, subnet, , instance] = records;
        expect(requireDemarcTags.evaluate(records)).toEqual([
            {
                kind: "tag.placement-conflict",
                urn: instance!.urn,
                level: "policy",
                message: 'instance "app-1" is tagged demarc:zone=red but sits in subnet "app-a", which is green',
                evidence: {
                    element: elementOfUrn(instance!.urn),
                    values: [
                        {
                            name: "demarc:zone",
                            value: "red",
                            from: "own tag",
                            invalid: "differs-from-subnet",
                            subnets: [{ subnet: elementOfUrn(subnet!.urn), value: "green" }],
                            allowed: "red, yellow, green",
                        },
                    ],
                },
            },
        ]);
    });

    test("a load balancer spanning three subnets of two zones names every subnet with its zone, grouped by zone", () => {
        const [vpc, appA, sg] = network();
        const subnet = (name: string, id: string, cidr: string, zone: string) =>
            record(
                T.subnet,
                name,
                { id, vpcId: "vpc-1", cidrBlock: cidr, tags: { "demarc:zone": zone } },
                { provider: clientAccount, refs: { vpcId: vpc! } },
            );
        const dmz = subnet("dmz-a", "subnet-2", "10.0.2.0/24", "yellow");
        const appB = subnet("app-b", "subnet-3", "10.0.3.0/24", "green");
        const lb = record(
            T.loadBalancer,
            "front",
            { subnets: ["subnet-1", "subnet-2", "subnet-3"], securityGroups: ["sg-1"], tags: {} },
            { provider: clientAccount, refs: { subnets: [appA!, dmz, appB], securityGroups: [sg!] } },
        );
        const conflicts = requireDemarcTags
            .evaluate([vpc!, appA!, dmz, appB, sg!, lb])
            .filter((f) => f.kind === "tag.placement-conflict");
        expect(conflicts).toEqual([
            {
                kind: "tag.placement-conflict",
                urn: lb.urn,
                level: "policy",
                message:
                    'loadBalancer "front" spans subnets of different demarc:zone values: green (subnet "app-a", subnet "app-b"), yellow (subnet "dmz-a")',
                evidence: {
                    element: elementOfUrn(lb.urn),
                    values: [
                        {
                            name: "demarc:zone",
                            invalid: "subnets-differ",
                            subnets: [
                                { subnet: elementOfUrn(appA!.urn), value: "green" },
                                { subnet: elementOfUrn(dmz.urn), value: "yellow" },
                                { subnet: elementOfUrn(appB.urn), value: "green" },
                            ],
                            allowed: "red, yellow, green",
                        },
                    ],
                },
            },
        ]);
    });

    test("side missing when no provider default tags mark the account", () => {
        const records = network().map((r) => ({ ...r, provider: awsProvider() }));
        expect(findingsOf(records).map((f) => f.resource)).toEqual(["main", "app-a", "app", "app-1"]);
        expect(findingsOf(records)[0].message).toBe('vpc "main" has no demarc:side; allowed: client, provider');
    });

    test("an unknown tag map at preview is undetermined, not a pass and not a violation", () => {
        const [vpc, subnet, sg, instance] = network({ preview: true });
        const unknownTags = { ...subnet, props: { ...subnet.props, tags: UNKNOWN } };
        const subnetTags = 'subnet "app-a": its tags are not known until apply';
        expect(findingsOf([vpc, unknownTags, sg, instance])).toEqual([
            {
                policy: "require-demarc-tags",
                resource: "app-a",
                level: "advisory",
                message: 'undetermined: demarc:zone of subnet "app-a": its tags are not known until apply',
            },
            {
                policy: "require-demarc-tags",
                resource: "app-a",
                level: "advisory",
                message: 'undetermined: demarc:tenant of subnet "app-a": its tags are not known until apply',
            },
            {
                policy: "require-demarc-tags",
                resource: "app-a",
                level: "advisory",
                message: 'undetermined: demarc:side of subnet "app-a": its tags are not known until apply',
            },
            {
                policy: "require-demarc-tags",
                resource: "app-1",
                level: "advisory",
                message: `undetermined: demarc:zone of instance "app-1": ${subnetTags}`,
            },
            {
                policy: "require-demarc-tags",
                resource: "app-1",
                level: "advisory",
                message: `undetermined: demarc:tenant of instance "app-1": ${subnetTags}`,
            },
        ]);
    });
});

/** A finding with a message of the test's own: combining and decoding carry whatever a check found. */
const found = (
    kind: FindingKind,
    urn: string,
    message: string,
    evidence: Omit<FindingEvidence, "element"> = {},
    level: Finding["level"] = "policy",
): Finding => ({ kind, urn, message, level, evidence: { element: elementOfUrn(urn), ...evidence } });

describe("combining findings per resource", () => {
    test("a diagnostic's description carries its lines' evidence, one entry per line, read back in order", async () => {
        const { decodeEvidence, diagnosesOf } = await import("../../lib/findings");
        const urn = "urn:pulumi:dev::p::aws:ec2/route:Route::a";
        const evidence = {
            element: { urn, name: "a", type: "aws:ec2/route:Route" },
            layer: "routing",
            from: [{ place: 'subnet "app-a"', zone: { value: "green", from: "own tag" }, count: 1 }],
            to: [{ place: "the internet", zone: { value: "red", from: "the internet is red" }, count: 1 }],
            morePairs: 0,
        };
        const [diagnosis] = diagnosesOf([
            found("tag.missing", urn, "no tenant", { values: [{ name: "demarc:tenant" }] }),
            { ...found("zone.red-green.route", urn, "green reaches red"), evidence },
            found("tag.missing", urn, "no side"),
        ]);
        expect(decodeEvidence(diagnosis!.description!)).toEqual([
            { element: evidence.element, values: [{ name: "demarc:tenant" }] },
            evidence,
            { element: evidence.element },
        ]);
        expect(decodeEvidence("A description the pack did not write.")).toEqual([]);
        expect(decodeEvidence('{"demarcEvidence": 2, "lines": []}')).toEqual([]);
    });

    test("one resource's problems under one policy become one diagnostic per level, a line each with its kind; other resources stay apart", async () => {
        const { diagnosesOf } = await import("../../lib/findings");
        expect(
            diagnosesOf([
                found("tag.missing", "urn:a", "no zone"),
                found("tag.missing", "urn:b", "no zone"),
                found("tag.missing", "urn:a", "no tenant"),
                found("expiry.expiring-soon", "urn:a", "expires in 3 days", {}, "advisory"),
                found("tag.missing", "urn:a", "no zone"),
            ]).map(({ urn, level, message }) => ({ urn, level, message })),
        ).toEqual([
            { urn: "urn:a", level: "policy", message: "no zone [kind: tag.missing]\nno tenant [kind: tag.missing]" },
            { urn: "urn:b", level: "policy", message: "no zone [kind: tag.missing]" },
            { urn: "urn:a", level: "advisory", message: "expires in 3 days [kind: expiry.expiring-soon]" },
        ]);
    });

    test("a diagnostic reads back as its findings: kind and message from each line's marker, evidence and waivers from the description, not from its words", async () => {
        const { decodeFindings, decodeLines, diagnosesOf } = await import("../../lib/findings");
        const waivedBy = { approver: "ciso", expires: "2026-12-01", justification: "ok" };
        const waived = {
            ...found("zone.red-green.rule", "urn:a", 'tagged demarc:zone="x [kind: waiver.expired]"'),
            level: "advisory" as const,
            waived: waivedBy,
        };
        const lapsed = {
            ...found("zone.red-green.rule", "urn:a", "waived (approved by ciso until 2026-12-01: ok): words only"),
            level: "advisory" as const,
            waiverLapsed: { approver: "noc", expires: "2026-11-01" },
        };
        const unknown = [{ what: "the peer", reason: "not known until apply" }];
        const [diagnosis, ...others] = diagnosesOf([
            found(
                "zone.red-green.undetermined",
                "urn:a",
                "undetermined: the peer is not known\nuntil apply",
                { unknown },
                "advisory",
            ),
            waived,
            lapsed,
        ]);
        expect(others).toEqual([]);
        expect(decodeFindings(diagnosis!.message)).toEqual([
            {
                kind: "zone.red-green.undetermined",
                message: "undetermined: the peer is not known until apply",
                waived: false,
                waiverLapsed: false,
            },
            {
                kind: "zone.red-green.rule",
                message: 'tagged demarc:zone="x [kind: waiver.expired]"',
                waived: true,
                waiverLapsed: false,
            },
            { kind: "zone.red-green.rule", message: lapsed.message, waived: false, waiverLapsed: true },
        ]);
        const element = elementOfUrn("urn:a");
        expect(decodeLines(diagnosis!.description!)).toEqual([
            { evidence: { element, unknown } },
            { evidence: { element }, waived: waivedBy },
            { evidence: { element }, waiverLapsed: { approver: "noc", expires: "2026-11-01" } },
        ]);
        expect(decodeFindings("a message the pack did not write")).toEqual([
            { message: "a message the pack did not write", waived: false, waiverLapsed: false },
        ]);
    });

    test("a waiver on a finding that names no resource travels in the description too, which has no evidence then", async () => {
        const { decodeLines, diagnosesOf } = await import("../../lib/findings");
        const waiverLapsed = { approver: "noc", expires: "2026-11-01" };
        const [diagnosis] = diagnosesOf([
            {
                kind: "check.undetermined",
                urn: "",
                message: "undetermined: the check failed",
                level: "policy",
                waiverLapsed,
            },
        ]);
        expect(decodeLines(diagnosis!.description!)).toEqual([{ waiverLapsed }]);
        expect(diagnosesOf([{ kind: "check.undetermined", urn: "", message: "x", level: "policy" }])).toEqual([
            { urn: "", level: "policy", message: "x [kind: check.undetermined]" },
        ]);
    });
});

describe("require-demarc-side: the side of a judged resource placed by itself, judged on the resource alone", () => {
    const CLIENT = "111111111111";
    const PROVIDER = "222222222222";
    const inAccount = (account: string, defaultTags?: Record<string, string>) => {
        const provider = awsProvider(defaultTags, `account-${account}`);
        return { ...provider, props: { ...provider.props, allowedAccountIds: [account] } };
    };
    const clientSide = inAccount(CLIENT, { "demarc:side": "client" });
    const unmarked = inAccount(CLIENT);
    const TAGS_RULE = [validateDemarcTags, requireDemarcSide, refuseTagsAgainstPlan, requireDemarcTags, followZonePlan];

    /** A client VPC and, in no subnet, a role, a log group, a customer gateway, a VPN connection, a Client VPN endpoint and an internet gateway. */
    function judged(preview = false): ResourceRecord[] {
        const id = (s: string) => (preview ? UNKNOWN : s);
        const [vpc] = network({ preview });
        const cgw = record(
            T.customerGateway,
            "partner-cgw",
            { id: id("cgw-1"), bgpAsn: "65000", ipAddress: "203.0.113.10", type: "ipsec.1" },
            { provider: clientSide },
        );
        return [
            vpc,
            record(T.iamRole, "ops", { assumeRolePolicy: "{}" }, { provider: clientSide }),
            record(T.logGroup, "audit", { retentionInDays: 365 }, { provider: clientSide }),
            cgw,
            record(
                T.vpnConnection,
                "partner-vpn",
                { customerGatewayId: id("cgw-1"), type: "ipsec.1" },
                { provider: clientSide, refs: { customerGatewayId: cgw } },
            ),
            record(
                T.clientVpnEndpoint,
                "noc-access",
                { clientCidrBlock: "172.16.0.0/22", tags: { "demarc:managed-by": "client" } },
                { provider: clientSide },
            ),
            record(T.internetGateway, "igw", { vpcId: id("vpc-1") }, { provider: clientSide, refs: { vpcId: vpc } }),
        ];
    }

    /** Every finding of the tags rule with its policy, the client's plan (when given) in the shared section. */
    function tagsRule(records: readonly ResourceRecord[], plan?: Record<string, unknown>) {
        const pack = plan ? { "follow-zone-plan": plan } : undefined;
        return TAGS_RULE.flatMap((policy) =>
            policy
                .evaluate(records, policy === followZonePlan ? (plan ?? {}) : {}, pack)
                .map((f) => [policy.metadata.name, f.urn.split("::").pop(), f.level, f.message, f.kind]),
        );
    }
    const retag = (records: ResourceRecord[], name: string, change: (r: ResourceRecord) => ResourceRecord) =>
        records.map((r) => (r.name === name ? change(r) : r));
    const missing = (name: string, what: string) => [
        "require-demarc-side",
        name,
        "policy",
        `${what} has no demarc:side; allowed: client, provider`,
        "tag.missing",
    ];

    test("the baseline, its side from its provider's default tags: no finding, known or at a first preview", () => {
        expect(tagsRule(judged())).toEqual([]);
        expect(tagsRule(judged(true))).toEqual([]);
    });

    test("a role whose provider marks no side: refused by require-demarc-side, not the stack", () => {
        const records = retag(judged(), "ops", (r) => ({ ...r, provider: unmarked }));
        expect(tagsRule(records)).toEqual([missing("ops", 'role "ops"')]);
    });

    test("every connection and log store placed by itself, unmarked: one finding each, all at Analyze", () => {
        const records = judged().map((r) => (r.type === T.vpc ? r : { ...r, provider: unmarked }));
        expect(tagsRule(records)).toEqual([
            missing("ops", 'role "ops"'),
            missing("audit", 'logGroup "audit"'),
            missing("partner-cgw", 'customerGateway "partner-cgw"'),
            missing("partner-vpn", 'vpnConnection "partner-vpn"'),
            missing("noc-access", 'Client VPN endpoint "noc-access"'),
            missing("igw", 'internetGateway "igw"'),
        ]);
    });

    test("its own tag gives the side where its provider marks none, in odd case and with spaces", () => {
        const records = retag(judged(), "ops", (r) => ({
            ...r,
            provider: unmarked,
            props: { ...r.props, tags: { " Demarc:Side ": " Provider " } },
        }));
        expect(tagsRule(records)).toEqual([]);
    });

    test("an unmarked account the client's plan names gives the side, at Analyze as at AnalyzeStack", () => {
        const records = judged().map((r) => ({ ...r, provider: unmarked }));
        expect(tagsRule(records, { clientAccountIds: [CLIENT] })).toEqual([]);
        expect(tagsRule(records, { zonePlan: { accounts: [{ account: CLIENT, side: "client" }] } })).toEqual([]);
        expect(tagsRule(records, { zonePlan: { accounts: [{ account: "333333333333", side: "client" }] } })).toEqual(
            tagsRule(records),
        );
    });

    test("a provider labelling its own role client-side where the plan gives its account to the provider: the plan decides, the claim is refused at Analyze, no side is missing", () => {
        const records = [
            ...judged(),
            record(T.iamRole, "noc-operator", {}, { provider: inAccount(PROVIDER, { "demarc:side": "client" }) }),
        ];
        expect(tagsRule(records, { clientAccountIds: [CLIENT], providerAccountIds: [PROVIDER] })).toEqual([
            [
                "refuse-tags-against-plan",
                "noc-operator",
                "policy",
                `role "noc-operator" is tagged demarc:side="client" (its provider's default tags), but the client's plan says provider, from provider account ${PROVIDER} (providerAccountIds)`,
                "plan.tag-disagrees",
            ],
        ]);
    });

    test("an invalid side on the resource is its tag-value finding alone, not a missing side", () => {
        const records = retag(judged(), "ops", (r) => ({
            ...r,
            provider: unmarked,
            props: { ...r.props, tags: { "demarc:side": "clinet" } },
        }));
        expect(tagsRule(records)).toEqual([
            [
                "validate-demarc-tags",
                "ops",
                "policy",
                'role "ops": demarc:side is "clinet"; allowed: client, provider',
                "tag.invalid-value",
            ],
        ]);
    });

    test("tags not known until apply at a first preview: undetermined, at Analyze, once", () => {
        const records = retag(judged(true), "noc-access", (r) => ({
            ...r,
            provider: unmarked,
            props: { ...r.props, tags: UNKNOWN },
        }));
        expect(tagsRule(records)).toEqual([
            [
                "require-demarc-side",
                "noc-access",
                "advisory",
                'undetermined: demarc:side of Client VPN endpoint "noc-access": its tags are not known until apply',
                "tag.undetermined",
            ],
        ]);
    });

    test("an instance whose subnet is absent or not known until apply stays the stack's: its side would come from the subnet", () => {
        const absent = record(
            T.instance,
            "loose",
            { tags: { "demarc:zone": "green", "demarc:tenant": "acme" } },
            { provider: unmarked },
        );
        const unknown = record(
            T.instance,
            "pending",
            { subnetId: UNKNOWN, tags: { "demarc:zone": "green", "demarc:tenant": "acme" } },
            { provider: unmarked },
        );
        expect(tagsRule([...judged(true), absent, unknown])).toEqual([
            [
                "require-demarc-tags",
                "loose",
                "policy",
                'instance "loose" has no demarc:side, and its subnet is not in this stack to take one from; allowed: client, provider',
                "tag.missing",
            ],
            [
                "require-demarc-tags",
                "pending",
                "advisory",
                'undetermined: instance "pending" has no demarc:side and its subnetId is not known until apply',
                "tag.undetermined",
            ],
        ]);
    });

    test("a judged type that puts an interface in a subnet (a Firehose stream in a VPC) is placed there: the stack's", () => {
        const stream = record(
            T.firehoseStream,
            "archive",
            { elasticsearchConfiguration: { vpcConfig: { subnetIds: ["subnet-9"], securityGroupIds: [] } } },
            { provider: unmarked },
        );
        expect(requireDemarcSide.evaluate([stream])).toEqual([]);
        expect(
            requireDemarcTags
                .evaluate([stream])
                .filter((f) => f.message.includes("demarc:side"))
                .map((f) => [f.kind, f.message]),
        ).toEqual([
            [
                "tag.missing",
                'firehoseDeliveryStream "archive" has no demarc:side, and its subnet is not in this stack to take one from; allowed: client, provider',
            ],
        ]);
    });
});
