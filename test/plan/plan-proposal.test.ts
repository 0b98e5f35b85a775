import { expect, test } from "vitest";
import { T } from "../../lib/aws-types";
import { proposePlan } from "../../lib/plan-proposal";
import type { ProviderRecord } from "../../lib/resource";
import { awsProvider, record } from "../support/records";

function account(id: string, side?: string): ProviderRecord {
    const provider = awsProvider(side ? { "demarc:side": side } : undefined, `account-${id}`);
    return { ...provider, props: { ...provider.props, allowedAccountIds: [id] } };
}

test("a proposal from tags, routes and providers, naming what it could not decide", () => {
    const client = account("111111111111", "client");
    const provider = account("222222222222", "provider");
    const mixed = account("555555555555");
    const vpc = record(
        T.vpc,
        "core-vpc",
        { id: "vpc-1", cidrBlock: "10.0.0.0/16", tags: { "demarc:tenant": "acme" } },
        { provider: client },
    );
    const subnet = (name: string, cidrBlock: string, tags: Record<string, string> = {}) =>
        record(
            T.subnet,
            name,
            { id: `subnet-${name}`, vpcId: "vpc-1", cidrBlock, tags },
            { provider: client, refs: { vpcId: vpc } },
        );
    const app = subnet("app-a", "10.0.20.0/24", { "demarc:zone": "green" });
    const edge = subnet("edge-a", "10.0.0.0/24");
    const loose = subnet("loose-a", "10.0.30.0/24", { "demarc:tenant": "globex" });
    const igw = record(
        T.internetGateway,
        "igw",
        { id: "igw-1", vpcId: "vpc-1" },
        { provider: client, refs: { vpcId: vpc } },
    );
    const table = record(
        T.routeTable,
        "edge-rt",
        { id: "rtb-1", vpcId: "vpc-1" },
        { provider: client, refs: { vpcId: vpc } },
    );
    const route = record(
        T.route,
        "edge-default",
        { routeTableId: "rtb-1", destinationCidrBlock: "0.0.0.0/0", gatewayId: "igw-1" },
        { provider: client, refs: { routeTableId: table, gatewayId: igw } },
    );
    const association = record(
        T.routeTableAssociation,
        "edge-rt-edge-a",
        { routeTableId: "rtb-1", subnetId: "subnet-edge-a" },
        { provider: client, refs: { routeTableId: table, subnetId: edge } },
    );
    const nocLogs = record(T.logGroup, "noc-logs", { tags: {} }, { provider });
    const both = [
        record(T.logGroup, "a", { tags: { "demarc:side": "client" } }, { provider: mixed }),
        record(T.logGroup, "b", { tags: { "demarc:side": "provider" } }, { provider: mixed }),
    ];
    const proposal = proposePlan([[vpc, app, edge, loose, igw, table, route, association, nocLogs, ...both]]);
    expect(proposal.clientAccountIds).toEqual(["111111111111"]);
    expect(proposal.providerAccountIds).toEqual(["222222222222"]);
    expect(proposal.zonePlan).toEqual({
        ranges: [
            { cidr: "10.0.20.0/24", zone: "green" },
            { cidr: "10.0.0.0/24", zone: "red" },
            { cidr: "10.0.30.0/24", tenant: "globex" },
        ],
        vpcs: [{ vpc: "core-vpc", tenant: "acme" }],
        accounts: [],
    });
    expect(proposal.notes).toEqual([
        'subnet "edge-a" (10.0.0.0/24): red, since route "edge-default" sends it to an internet gateway',
        'subnet "loose-a" (10.0.30.0/24): no zone to propose; decide it in zonePlan.ranges',
        'account 555555555555 holds both sides, client (logGroup "a") and provider (logGroup "b"): left out; list it where it belongs',
    ]);
});
