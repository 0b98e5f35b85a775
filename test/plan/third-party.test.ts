import { describe, expect, test } from "vitest";
import { T } from "../../lib/aws-types";
import type { ProviderRecord, ResourceRecord } from "../../lib/resource";
import refuseOpenEndedAccess from "../../policy-pack/policies/refuse-open-ended-access";
import requireAccessExpiry from "../../policy-pack/policies/require-access-expiry";
import { elementOf } from "../../lib/urn";
import { evidencedFindings, policyFindings } from "../support/findings";
import { notRenderedFromEvidence } from "../support/rendered";
import { awsProvider, record, UNKNOWN } from "../support/records";

const CLIENT = "111111111111";
const PROVIDER = "222222222222";
const PARTNER = "444444444444";
const ALLOWED = "an ISO date YYYY-MM-DD, the last day the access is valid (e.g. 2027-06-30)";

function account(id: string, side: string): ProviderRecord {
    const provider = awsProvider({ "demarc:side": side }, `account-${id}`);
    return { ...provider, props: { ...provider.props, allowedAccountIds: [id] } };
}
const client = account(CLIENT, "client");
const provider = account(PROVIDER, "provider");

const vpc = (name: string, tenant: string, on = client) =>
    record(
        T.vpc,
        name,
        { id: `vpc-${name}`, cidrBlock: "10.0.0.0/16", tags: { "demarc:tenant": tenant } },
        { provider: on },
    );
const core = vpc("core", "acme");
const shared = vpc("shared", "acme");
const globex = vpc("globex", "globex");
const noc = vpc("noc", "shared", provider);

function peering(name: string, from: ResourceRecord, to: ResourceRecord | string, props: Record<string, unknown> = {}) {
    const refs: Record<string, ResourceRecord> = { vpcId: from };
    if (typeof to !== "string") refs["peerVpcId"] = to;
    return record(
        T.vpcPeeringConnection,
        name,
        {
            id: `pcx-${name}`,
            vpcId: from.props["id"],
            peerVpcId: typeof to === "string" ? to : to.props["id"],
            ...props,
        },
        { provider: client, refs },
    );
}

const CONFIG = { asOf: "2026-11-23", clientAccountIds: [CLIENT], clientCidrs: ["10.0.0.0/8", "198.51.100.0/24"] };
const VPCS = [core, shared, globex, noc];

/** Presence of expiry and owner as a whole: on the resource where it alone shows the access, else on the stack. */
const judged = (records: readonly ResourceRecord[], config: Record<string, unknown> = CONFIG) =>
    policyFindings([refuseOpenEndedAccess, requireAccessExpiry], [...VPCS, ...records], config)
        .sort(
            (a, b) => records.findIndex((r) => r.name === a.resource) - records.findIndex((r) => r.name === b.resource),
        )
        .map((f) => [f.resource, f.level, f.message]);

/** Why each resource found to be third-party access is, as its findings' evidence says; each message proven rendered from it. */
function accessOf(records: readonly ResourceRecord[], config: Record<string, unknown> = CONFIG) {
    const found = evidencedFindings([refuseOpenEndedAccess, requireAccessExpiry], [...VPCS, ...records], config);
    expect(notRenderedFromEvidence(found)).toEqual([]);
    const why = new Map(found.filter((f) => f.evidence?.access).map((f) => [f.resource, f.evidence?.access]));
    return [...why];
}

const needsExpiry = (name: string, subject: string) => [
    [name, "policy", `${subject} has no demarc:expires; third-party access needs ${ALLOWED}`],
    [name, "policy", `${subject} has no demarc:owner; third-party access needs a team or contract reference`],
];

describe("third-party access decided from facts", () => {
    test("a peering between two of the client's own VPCs in one account and tenant is not third-party access", () => {
        expect(judged([peering("core-to-shared", core, shared)])).toEqual([]);
    });

    test("a peering to another account is, naming the account", () => {
        expect(judged([peering("partner", core, "vpc-0partner", { peerOwnerId: PARTNER })])).toEqual(
            needsExpiry("partner", `vpcPeeringConnection "partner" (joins account ${PARTNER}, not a client account)`),
        );
        expect(judged([peering("to-noc", core, noc, { peerOwnerId: PROVIDER })])).toEqual(
            needsExpiry("to-noc", `vpcPeeringConnection "to-noc" (joins account ${PROVIDER}, not a client account)`),
        );
        expect(accessOf([peering("partner", core, "vpc-0partner", { peerOwnerId: PARTNER })])).toEqual([
            ["partner", { because: "joins", accounts: [PARTNER] }],
        ]);
    });

    test("a peering joining two tenants in the client's own account is, naming both ends", () => {
        expect(judged([peering("core-to-globex", core, globex)])).toEqual(
            needsExpiry(
                "core-to-globex",
                'vpcPeeringConnection "core-to-globex" (joins vpc "core" (tenant acme) and vpc "globex" (tenant globex))',
            ),
        );
        expect(accessOf([peering("core-to-globex", core, globex)])).toEqual([
            [
                "core-to-globex",
                {
                    because: "joins-ends",
                    tag: "tenant",
                    ends: [
                        { element: elementOf(core), value: "acme" },
                        { element: elementOf(globex), value: "globex" },
                    ],
                },
            ],
        ]);
    });

    test("with no client account configured, a peering to an account other than its own is", () => {
        expect(
            judged([peering("partner", core, "vpc-0partner", { peerOwnerId: PARTNER })], { asOf: "2026-11-23" }),
        ).toEqual(
            needsExpiry(
                "partner",
                `vpcPeeringConnection "partner" (joins account ${PARTNER}, and no client account is configured)`,
            ),
        );
        expect(
            accessOf([peering("partner", core, "vpc-0partner", { peerOwnerId: PARTNER })], { asOf: "2026-11-23" }),
        ).toEqual([["partner", { because: "joins", accounts: [PARTNER], unconfigured: true }]]);
    });

    test("unknown facts leave it undetermined, naming what is not known", () => {
        expect(judged([peering("later", core, shared, { peerOwnerId: UNKNOWN })])).toEqual([
            [
                "later",
                "advisory",
                'undetermined: whether vpcPeeringConnection "later" is third-party access: its peerOwnerId is not known until apply',
            ],
        ]);
        expect(judged([peering("elsewhere", core, "vpc-0ffstack")])).toEqual([
            [
                "elsewhere",
                "advisory",
                'undetermined: whether vpcPeeringConnection "elsewhere" is third-party access: its peerVpcId vpc-0ffstack is not in this stack, so the tenant and side of that end cannot be told',
            ],
        ]);
    });

    test("an accepter is judged as the request it accepts; one whose request is elsewhere is undetermined", () => {
        const internal = peering("core-to-shared", core, shared);
        const accepter = (name: string, connection: ResourceRecord | string) =>
            record(
                T.vpcPeeringConnectionAccepter,
                name,
                { vpcPeeringConnectionId: typeof connection === "string" ? connection : connection.props["id"] },
                {
                    provider: client,
                    refs: typeof connection === "string" ? {} : { vpcPeeringConnectionId: connection },
                },
            );
        expect(judged([internal, accepter("accept-internal", internal)])).toEqual([]);
        expect(judged([accepter("accept-foreign", "pcx-0foreign")])).toEqual([
            [
                "accept-foreign",
                "advisory",
                'undetermined: whether vpcPeeringConnectionAccepter "accept-foreign" is third-party access: the request it accepts is not in this stack, so where the other end lies cannot be told',
            ],
        ]);
    });

    test("transit-gateway peering: same account, tenant and side is not third-party access; another account is", () => {
        const tgw = (name: string) =>
            record(
                T.transitGateway,
                name,
                { id: `tgw-${name}`, tags: { "demarc:tenant": "shared" } },
                { provider: client },
            );
        const [east, west] = [tgw("east"), tgw("west")];
        const attach = (name: string, props: Record<string, unknown>) =>
            record(
                T.tgwPeeringAttachment,
                name,
                { transitGatewayId: "tgw-east", peerTransitGatewayId: "tgw-west", peerRegion: "eu-west-1", ...props },
                { provider: client, refs: { transitGatewayId: east, peerTransitGatewayId: west } },
            );
        expect(judged([east, west, attach("east-west", { peerAccountId: CLIENT })])).toEqual([]);
        expect(judged([east, west, attach("east-partner", { peerAccountId: PARTNER })])).toEqual(
            needsExpiry(
                "east-partner",
                `peeringAttachment "east-partner" (joins account ${PARTNER}, not a client account)`,
            ),
        );
    });

    test("a VPN whose customer gateway is a client address is not third-party access; one to any other address is", () => {
        const gateway = (name: string, ipAddress: string) =>
            record(
                T.customerGateway,
                name,
                { id: `cgw-${name}`, bgpAsn: "65000", ipAddress, type: "ipsec.1" },
                { provider: client },
            );
        const vpn = (name: string, cgw: ResourceRecord) =>
            record(
                T.vpnConnection,
                name,
                { customerGatewayId: cgw.props["id"], type: "ipsec.1" },
                { provider: client, refs: { customerGatewayId: cgw } },
            );
        const branch = gateway("branch", "198.51.100.7");
        const partner = gateway("partner", "203.0.113.50");
        expect(judged([branch, vpn("branch-vpn", branch)])).toEqual([]);
        expect(judged([partner, vpn("partner-vpn", partner)])).toEqual([
            ...needsExpiry("partner", 'customerGateway "partner"'),
            ...needsExpiry("partner-vpn", 'vpnConnection "partner-vpn"'),
        ]);
        const unreadable = gateway("unreadable", "not-an-address");
        expect(accessOf([unreadable])).toEqual([
            ["unreadable", { because: "no-address", gateway: elementOf(unreadable), address: '"not-an-address"' }],
        ]);
        expect(judged([gateway("later", UNKNOWN)])).toEqual([
            [
                "later",
                "advisory",
                'undetermined: whether customerGateway "later" is third-party access: its ipAddress is not known until apply',
            ],
        ]);
    });

    test("a VPC attached to another account's transit gateway is, one attached to its own account's is not", () => {
        const hub = record(
            T.transitGateway,
            "hub",
            { id: "tgw-hub", tags: { "demarc:tenant": "shared" } },
            { provider },
        );
        const local = record(T.transitGateway, "local", { id: "tgw-local" }, { provider: client });
        const attach = (name: string, tgw: ResourceRecord) =>
            record(
                T.tgwVpcAttachment,
                name,
                { transitGatewayId: tgw.props["id"], vpcId: "vpc-core" },
                { provider: client, refs: { transitGatewayId: tgw, vpcId: core } },
            );
        expect(judged([local, attach("to-local", local)])).toEqual([]);
        expect(judged([hub, attach("to-hub", hub)])).toEqual(
            needsExpiry(
                "to-hub",
                `vpcAttachment "to-hub" (attaches to transitGateway "hub" across accounts ${CLIENT}, ${PROVIDER})`,
            ),
        );
        expect(accessOf([hub, attach("to-hub", hub)])).toEqual([
            ["to-hub", { because: "attaches", gateway: elementOf(hub), accounts: [CLIENT, PROVIDER] }],
        ]);
        const elsewhere = record(
            T.tgwVpcAttachment,
            "to-elsewhere",
            { transitGatewayId: "tgw-0ffstack", vpcId: "vpc-core" },
            { provider: client, refs: { vpcId: core } },
        );
        expect(judged([elsewhere])).toEqual([
            [
                "to-elsewhere",
                "advisory",
                'undetermined: whether vpcAttachment "to-elsewhere" is third-party access: its transit gateway tgw-0ffstack is not in this stack, so whose account it is cannot be told',
            ],
        ]);
    });

    test("a RAM share to an outside account is, read from its resource share's tags; to a client account it is not", () => {
        const share = record(
            T.ramResourceShare,
            "tgw-share",
            {
                arn: `arn:aws:ram:eu-west-1:${CLIENT}:resource-share/1`,
                id: `arn:aws:ram:eu-west-1:${CLIENT}:resource-share/1`,
                tags: { "demarc:owner": "network-team" },
            },
            { provider: client },
        );
        const associate = (name: string, principal: string) =>
            record(
                T.ramPrincipalAssociation,
                name,
                { principal, resourceShareArn: share.props["arn"] },
                { provider: client, refs: { resourceShareArn: share } },
            );
        expect(judged([share, associate("to-client", CLIENT)])).toEqual([]);
        expect(judged([share, associate("to-partner", `arn:aws:iam::${PARTNER}:root`)])).toEqual([
            [
                "to-partner",
                "policy",
                `principalAssociation "to-partner" (shares with account ${PARTNER}, not a client account, expiry read from resourceShare "tgw-share") has no demarc:expires; third-party access needs ${ALLOWED}`,
            ],
        ]);
        expect(accessOf([share, associate("to-partner", `arn:aws:iam::${PARTNER}:root`)])).toEqual([
            ["to-partner", { because: "shares", account: PARTNER }],
        ]);
        expect(judged([share, associate("to-org", "arn:aws:organizations::111111111111:organization/o-abc")])).toEqual([
            [
                "to-org",
                "advisory",
                'undetermined: whether principalAssociation "to-org" is third-party access: its principal arn:aws:organizations::111111111111:organization/o-abc is an organization or unit, whose accounts cannot be told from the stack',
            ],
        ]);
    });

    test("thirdPartyAccessTypes stays a filter: a type left out is never judged", () => {
        const cross = peering("partner", core, "vpc-0partner", { peerOwnerId: PARTNER });
        expect(judged([cross], { ...CONFIG, thirdPartyAccessTypes: [T.vpnConnection] })).toEqual([]);
    });
});
