import { describe, expect, test } from "vitest";
import { T } from "../../lib/aws-types";
import type { ResourceRecord } from "../../lib/resource";
import { configurationErrors } from "../../policy-pack/engine-hooks";
import { POLICIES } from "../../policy-pack/policies";
import followZonePlan from "../../policy-pack/policies/follow-zone-plan";
import refuseTagsAgainstPlan from "../../policy-pack/policies/refuse-tags-against-plan";
import forbidRedGreenPaths from "../../policy-pack/policies/forbid-red-green-paths";
import keepLogStoresClientSide from "../../policy-pack/policies/keep-log-stores-client-side";
import refuseProviderSideLogStores from "../../policy-pack/policies/refuse-provider-side-log-stores";
import requireDemarcTags from "../../policy-pack/policies/require-demarc-tags";
import { awsProvider, record, UNKNOWN } from "../support/records";

const CLIENT = "111111111111";
const PROVIDER = "222222222222";

function accountProvider(account: string, defaultTags?: Record<string, string>) {
    const provider = awsProvider(defaultTags, `account-${account}`);
    return { ...provider, props: { ...provider.props, allowedAccountIds: [account] } };
}
const clientAccount = accountProvider(CLIENT);

interface NetworkOptions {
    vpcTags?: Record<string, string>;
    subnetTags?: Record<string, string>;
    sgTags?: Record<string, string>;
    subnetCidr?: string;
    vpcName?: string;
}

/** A VPC 10.0.0.0/16 with subnet app-a (10.0.20.0/24 unless told) and group app-sg, in the client's account. */
function network(options: NetworkOptions = {}): ResourceRecord[] {
    const vpc = record(
        T.vpc,
        options.vpcName ?? "core-vpc",
        { id: "vpc-1", cidrBlock: "10.0.0.0/16", tags: options.vpcTags ?? {} },
        { provider: clientAccount },
    );
    const subnet = record(
        T.subnet,
        "app-a",
        {
            id: "subnet-1",
            vpcId: "vpc-1",
            cidrBlock: options.subnetCidr ?? "10.0.20.0/24",
            tags: options.subnetTags ?? {},
        },
        { provider: clientAccount, refs: { vpcId: vpc } },
    );
    const sg = record(
        T.securityGroup,
        "app-sg",
        { id: "sg-1", vpcId: "vpc-1", tags: options.sgTags ?? {} },
        { provider: clientAccount, refs: { vpcId: vpc } },
    );
    return [vpc, subnet, sg];
}

const shared = (section: Record<string, unknown>) => ({ "follow-zone-plan": section });
const messages = (findings: readonly { urn: string; message: string }[]) =>
    findings.map((f) => [f.urn.split("::").pop(), f.message]);

describe("the plan decides where no tag does", () => {
    test("by VPC name pattern: the VPC, its subnets and groups take tenant and zone, and say so", () => {
        const plan = shared({
            clientAccountIds: [CLIENT],
            zonePlan: { vpcs: [{ vpc: "core-*", zone: "green", tenant: "acme" }] },
        });
        expect(requireDemarcTags.evaluate(network(), {}, plan)).toEqual([]);
        expect(messages(requireDemarcTags.evaluate(network({ vpcName: "edge-vpc" }), {}, plan))).toEqual([
            [
                "edge-vpc",
                'vpc "edge-vpc" has no demarc:tenant; allowed: a tenant id of lower-case letters, digits and hyphens ([a-z0-9-]+), or shared',
            ],
            ["app-a", 'subnet "app-a" has no demarc:zone, nor has vpc "edge-vpc"; allowed: red, yellow, green'],
            [
                "app-a",
                'subnet "app-a" has no demarc:tenant, nor has vpc "edge-vpc"; allowed: a tenant id of lower-case letters, digits and hyphens ([a-z0-9-]+), or shared',
            ],
            [
                "app-sg",
                'securityGroup "app-sg" has no demarc:zone, nor has vpc "edge-vpc"; allowed: red, yellow, green',
            ],
            [
                "app-sg",
                'securityGroup "app-sg" has no demarc:tenant, nor has vpc "edge-vpc"; allowed: a tenant id of lower-case letters, digits and hyphens ([a-z0-9-]+), or shared',
            ],
        ]);
    });

    test("an address range decides before a VPC entry, and a group takes the range that holds its whole VPC", () => {
        const plan = shared({
            zonePlan: {
                ranges: [
                    { cidr: "10.0.20.0/22", zone: "yellow" },
                    { cidr: "10.0.0.0/8", tenant: "acme", side: "client" },
                ],
                vpcs: [{ vpc: "vpc-1", zone: "green" }],
            },
        });
        const subnetClaim = followZonePlan.evaluate(
            network({ subnetTags: { "demarc:zone": "green" } }),
            plan["follow-zone-plan"],
            plan,
        );
        expect(messages(subnetClaim)).toEqual([
            [
                "app-a",
                'subnet "app-a" is tagged demarc:zone="green" (own tag), but the client\'s plan says yellow, from 10.0.20.0/22 (zonePlan.ranges[0])',
            ],
        ]);
        const groupClaim = followZonePlan.evaluate(
            network({ sgTags: { "demarc:tenant": "globex" } }),
            plan["follow-zone-plan"],
            plan,
        );
        expect(messages(groupClaim)).toEqual([
            [
                "app-sg",
                'securityGroup "app-sg" is tagged demarc:tenant="globex" (own tag), but the client\'s plan says acme, from 10.0.0.0/8 (zonePlan.ranges[1])',
            ],
        ]);
    });

    test("for sides the account decides before an address range", () => {
        const plan = shared({ providerAccountIds: [CLIENT], clientCidrs: ["10.0.0.0/16"] });
        const findings = followZonePlan.evaluate(
            network({ vpcTags: { "demarc:side": "client" } }),
            plan["follow-zone-plan"],
            plan,
        );
        expect(messages(findings)).toEqual([
            [
                "core-vpc",
                `vpc "core-vpc" is tagged demarc:side="client" (own tag), but the client's plan says provider, from provider account ${CLIENT} (providerAccountIds)`,
            ],
        ]);
    });

    test("a claim made through the provider's default tags names them", () => {
        const provider = accountProvider(PROVIDER, { "demarc:side": "client" });
        const bucket = record(
            T.bucket,
            "noc-archive",
            { bucket: "noc-archive", tags: { "demarc:role": "log-store" } },
            { provider },
        );
        const plan = shared({ clientAccountIds: [CLIENT], providerAccountIds: [PROVIDER] });
        // A bucket is placed by itself: its claim is refused at Analyze, and the stack twin does not repeat it.
        expect(messages(refuseTagsAgainstPlan.evaluate([bucket], {}, plan))).toEqual([
            [
                "noc-archive",
                `bucket "noc-archive" is tagged demarc:side="client" (its provider's default tags), but the client's plan says provider, from provider account ${PROVIDER} (providerAccountIds)`,
            ],
        ]);
        expect(followZonePlan.evaluate([bucket], plan["follow-zone-plan"], plan)).toEqual([]);
        const [claim] = refuseTagsAgainstPlan.evaluate([bucket], {}, plan);
        expect(claim!.evidence!.values).toEqual([
            { name: "demarc:side", value: "client", from: "provider default tags" },
            { name: "demarc:side", value: "provider", from: expect.stringContaining("providerAccountIds") },
        ]);
        expect(keepLogStoresClientSide.evaluate([bucket], {}, plan)).toEqual([]);
        expect(messages(refuseProviderSideLogStores.evaluate([bucket], {}, plan)).map(([, m]) => m)).toEqual([
            `bucket "noc-archive" holds evidence (demarc:role=log-store) but is on the provider side (demarc:side=provider, from the client's plan: provider account ${PROVIDER} (providerAccountIds)); evidence must stay on the client's side`,
            `bucket "noc-archive" holds evidence (demarc:role=log-store) but is deployed in provider account ${PROVIDER} (providerAccountIds), from provider "account-${PROVIDER}" allowedAccountIds; evidence must stay on the client's side`,
        ]);
    });

    test("a tag the plan overrides but cannot read is a finding naming the value and the plan", () => {
        const plan = shared({ zonePlan: { ranges: [{ cidr: "10.0.20.0/22", zone: "green" }] } });
        const findings = followZonePlan.evaluate(
            network({ subnetTags: { "demarc:zone": "purple" } }),
            plan["follow-zone-plan"],
            plan,
        );
        expect(messages(findings)).toEqual([
            [
                "app-a",
                'subnet "app-a": demarc:zone is "purple"; allowed: red, yellow, green; the client\'s plan says green, from 10.0.20.0/22 (zonePlan.ranges[0])',
            ],
        ]);
    });

    test("an address block not known until apply leaves the zone undetermined, never a tag's word", () => {
        const plan = shared({
            clientAccountIds: [CLIENT],
            zonePlan: {
                ranges: [{ cidr: "10.0.20.0/22", zone: "green" }],
                vpcs: [{ vpc: "core-vpc", tenant: "acme" }],
            },
        });
        const findings = requireDemarcTags.evaluate(
            network({
                subnetCidr: UNKNOWN,
                subnetTags: { "demarc:zone": "yellow" },
                sgTags: { "demarc:zone": "green" },
            }),
            {},
            plan,
        );
        expect(messages(findings)).toEqual([
            [
                "app-a",
                'undetermined: demarc:zone of subnet "app-a": its address block is not known until apply, so the client\'s plan cannot place it',
            ],
        ]);
    });

    test("the plan's zone is the one the network is judged by", () => {
        const vpc = record(T.vpc, "core-vpc", {
            id: "vpc-1",
            cidrBlock: "10.0.0.0/16",
            tags: { "demarc:tenant": "acme", "demarc:side": "client" },
        });
        const subnet = record(
            T.subnet,
            "app-a",
            { id: "subnet-1", vpcId: "vpc-1", cidrBlock: "10.0.20.0/24", tags: { "demarc:zone": "yellow" } },
            { refs: { vpcId: vpc } },
        );
        const igw = record(
            T.internetGateway,
            "igw",
            { id: "igw-1", vpcId: "vpc-1", tags: { "demarc:side": "client" } },
            { refs: { vpcId: vpc } },
        );
        const table = record(
            T.routeTable,
            "app-rt",
            { id: "rtb-1", vpcId: "vpc-1", tags: {} },
            { refs: { vpcId: vpc } },
        );
        const route = record(
            T.route,
            "app-default",
            { routeTableId: "rtb-1", destinationCidrBlock: "0.0.0.0/0", gatewayId: "igw-1" },
            { refs: { routeTableId: table, gatewayId: igw } },
        );
        const association = record(
            T.routeTableAssociation,
            "app-rt-app-a",
            { routeTableId: "rtb-1", subnetId: "subnet-1" },
            { refs: { routeTableId: table, subnetId: subnet } },
        );
        const records = [vpc, subnet, igw, table, route, association];
        expect(forbidRedGreenPaths.evaluate(records, {})).toEqual([]);
        const plan = shared({ zonePlan: { ranges: [{ cidr: "10.0.20.0/22", zone: "green" }] } });
        expect(messages(forbidRedGreenPaths.evaluate(records, {}, plan)).map(([name]) => name)).toEqual([
            "app-default",
        ]);
    });
});

describe("the plan is checked when the configuration arrives", () => {
    const errors = (section: Record<string, unknown>) =>
        configurationErrors(POLICIES, new Map([["follow-zone-plan", section]]));

    test("overlapping ranges that say different things are refused, naming both", () => {
        expect(
            errors({
                zonePlan: {
                    ranges: [
                        { cidr: "10.0.20.0/22", zone: "green" },
                        { cidr: "10.0.21.0/24", zone: "yellow" },
                        { cidr: "10.0.0.0/16", tenant: "acme" },
                    ],
                },
            }),
        ).toEqual([
            "follow-zone-plan: 10.0.21.0/24 (zonePlan.ranges[1]), zone yellow, overlaps 10.0.20.0/22 (zonePlan.ranges[0]), zone green",
        ]);
    });

    test("nested ranges that agree, or decide different things, are accepted", () => {
        expect(
            errors({
                zonePlan: {
                    ranges: [
                        { cidr: "10.0.20.0/22", zone: "green" },
                        { cidr: "10.0.21.0/24", zone: "green", tenant: "acme" },
                        { cidr: "10.0.0.0/16", tenant: "acme", side: "client" },
                    ],
                },
            }),
        ).toEqual([]);
    });

    test("client and provider ranges and accounts that overlap are refused, and so is an entry that decides nothing", () => {
        expect(
            errors({
                clientAccountIds: [CLIENT],
                providerAccountIds: [CLIENT],
                clientCidrs: ["10.0.0.0/16"],
                providerCidrs: ["10.0.128.0/17"],
                zonePlan: { vpcs: [{ vpc: "core-*" }] },
            }),
        ).toEqual([
            "follow-zone-plan: provider range 10.0.128.0/17 (providerCidrs[0]), side provider, overlaps client range 10.0.0.0/16 (clientCidrs[0]), side client",
            `follow-zone-plan: provider account ${CLIENT} (providerAccountIds) says side provider, but client account ${CLIENT} (clientAccountIds) says client`,
            "follow-zone-plan: zonePlan.vpcs[0]: decides nothing (give a zone, a tenant or a side)",
        ]);
    });

    test("a malformed entry is refused naming its field", () => {
        expect(errors({ zonePlan: { ranges: [{ cidr: "10.0.0.0/33", zone: "blue" }] } })).toEqual([
            "follow-zone-plan: zonePlan.ranges.0.cidr: not an IPv4 or IPv6 CIDR block",
            'follow-zone-plan: zonePlan.ranges.0.zone: Invalid option: expected one of "red"|"yellow"|"green"',
        ]);
    });
});
