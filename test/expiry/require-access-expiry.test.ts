import { describe, expect, test } from "vitest";
import { T } from "../../lib/aws-types";
import refuseOpenEndedAccess from "../../policy-pack/policies/refuse-open-ended-access";
import requireAccessExpiryPolicy from "../../policy-pack/policies/require-access-expiry";
import { nameOf, policyFindings } from "../support/findings";
import { notRenderedFromEvidence } from "../support/rendered";
import { awsProvider, record, UNKNOWN } from "../support/records";
import { setProps, withProps } from "../support/mutators";
import { ACCESS_TAGS, clientAccount, CONFIG, expiringAccessFindings, network, shape } from "./fixtures";

const findingsOf = (
    records: Parameters<typeof requireAccessExpiryPolicy.evaluate>[0],
    config: Record<string, unknown> = CONFIG,
) => shape(expiringAccessFindings(records, config));

const vpnExpiring = (expires: string, config: Record<string, unknown> = CONFIG) =>
    findingsOf(network({ vpnTags: { ...ACCESS_TAGS, "demarc:expires": expires } }), config);

const ALLOWED = "an ISO date YYYY-MM-DD, the last day the access is valid (e.g. 2027-06-30)";

describe("require-access-expiry: the expiry date", () => {
    test("a compliant network has no finding, known or at a first preview", () => {
        expect(findingsOf(network())).toEqual([]);
        expect(findingsOf(network({ preview: true }))).toEqual([]);
    });

    test("expires today: still valid, and warned as its last day", () => {
        expect(vpnExpiring("2026-11-23")).toEqual([
            {
                resource: "partner-vpn",
                level: "advisory",
                message: 'vpnConnection "partner-vpn" expires today, its last valid day (demarc:expires 2026-11-23)',
            },
        ]);
    });

    test("expired yesterday", () => {
        expect(vpnExpiring("2026-11-22")).toEqual([
            {
                resource: "partner-vpn",
                level: "policy",
                message: 'vpnConnection "partner-vpn" expired 1 day ago (demarc:expires 2026-11-22)',
            },
        ]);
    });

    test("expired weeks ago", () => {
        expect(vpnExpiring("2026-10-01")).toEqual([
            {
                resource: "partner-vpn",
                level: "policy",
                message: 'vpnConnection "partner-vpn" expired 53 days ago (demarc:expires 2026-10-01)',
            },
        ]);
    });

    test("exactly at the warning window warns; a day later does not", () => {
        expect(vpnExpiring("2026-12-23")).toEqual([
            {
                resource: "partner-vpn",
                level: "advisory",
                message: 'vpnConnection "partner-vpn" expires in 30 days (demarc:expires 2026-12-23)',
            },
        ]);
        expect(vpnExpiring("2026-12-24")).toEqual([]);
    });

    test("tomorrow", () => {
        expect(vpnExpiring("2026-11-24")).toEqual([
            {
                resource: "partner-vpn",
                level: "advisory",
                message: 'vpnConnection "partner-vpn" expires in 1 day (demarc:expires 2026-11-24)',
            },
        ]);
    });

    test("a configured warning window", () => {
        expect(vpnExpiring("2027-01-10", { ...CONFIG, expiryWarningDays: 60 })).toEqual([
            {
                resource: "partner-vpn",
                level: "advisory",
                message: 'vpnConnection "partner-vpn" expires in 48 days (demarc:expires 2027-01-10)',
            },
        ]);
    });

    test("exactly at the horizon is allowed; the day after is refused", () => {
        expect(vpnExpiring("2027-11-23")).toEqual([]);
        expect(vpnExpiring("2027-11-24")).toEqual([
            {
                resource: "partner-vpn",
                level: "policy",
                message:
                    'vpnConnection "partner-vpn": demarc:expires 2027-11-24 is 366 days away, beyond the 365-day horizon (latest allowed 2027-11-23)',
            },
        ]);
    });

    test("a configured horizon", () => {
        expect(vpnExpiring("2027-06-30", { ...CONFIG, maxExpiryDays: 90 })).toEqual([
            {
                resource: "partner-cgw",
                level: "policy",
                message:
                    'customerGateway "partner-cgw": demarc:expires 2027-06-30 is 219 days away, beyond the 90-day horizon (latest allowed 2027-02-21)',
            },
            {
                resource: "partner-vpn",
                level: "policy",
                message:
                    'vpnConnection "partner-vpn": demarc:expires 2027-06-30 is 219 days away, beyond the 90-day horizon (latest allowed 2027-02-21)',
            },
        ]);
    });

    test("leap day 2028-02-29 is a date", () => {
        const leapDay = { ...ACCESS_TAGS, "demarc:expires": "2028-02-29" };
        const records = withProps(network({ vpnTags: leapDay }), "partner-cgw", {
            tags: { ...ACCESS_TAGS, "demarc:expires": "2028-06-30" },
        });
        expect(findingsOf(records, { ...CONFIG, asOf: "2028-02-01" })).toEqual([
            {
                resource: "partner-vpn",
                level: "advisory",
                message: 'vpnConnection "partner-vpn" expires in 28 days (demarc:expires 2028-02-29)',
            },
        ]);
        expect(findingsOf(records, { ...CONFIG, asOf: "2028-03-01" })).toEqual([
            {
                resource: "partner-vpn",
                level: "policy",
                message: 'vpnConnection "partner-vpn" expired 1 day ago (demarc:expires 2028-02-29)',
            },
        ]);
    });

    test.each([
        ["2026-02-30"],
        ["2027-02-29"],
        ["31/12/2026"],
        ["2026-12-31T00:00:00Z"],
        ["2026-1-5"],
        ["next year"],
        [""],
        ["   "],
    ])("malformed %j names key, value and the expected format", (value) => {
        expect(vpnExpiring(value)).toEqual([
            {
                resource: "partner-vpn",
                level: "policy",
                message: `vpnConnection "partner-vpn": demarc:expires is ${JSON.stringify(value)}; allowed: ${ALLOWED}`,
            },
        ]);
    });

    test("whitespace around a valid date is the same date", () => {
        expect(vpnExpiring("  2026-12-01 ")).toEqual([
            {
                resource: "partner-vpn",
                level: "advisory",
                message: 'vpnConnection "partner-vpn" expires in 8 days (demarc:expires 2026-12-01)',
            },
        ]);
    });

    test("the tags only in the provider's default tags", () => {
        const partnerAccount = awsProvider(
            { "demarc:side": "client", "demarc:expires": "2026-11-20", "demarc:owner": "network-team" },
            "partner",
        );
        expect(findingsOf(network({ vpnTags: {}, vpnProvider: partnerAccount }))).toEqual([
            {
                resource: "partner-vpn",
                level: "policy",
                message:
                    'vpnConnection "partner-vpn" expired 3 days ago (demarc:expires 2026-11-20, from provider default tags)',
            },
        ]);
    });

    test("the resource's own tag wins over the provider's default tags", () => {
        const partnerAccount = awsProvider(
            { "demarc:side": "client", "demarc:expires": "2026-11-20", "demarc:owner": "network-team" },
            "partner",
        );
        expect(
            findingsOf(network({ vpnTags: { "demarc:expires": "2027-01-31" }, vpnProvider: partnerAccount })),
        ).toEqual([]);
    });

    test("a malformed date in the provider's default tags says so", () => {
        const partnerAccount = awsProvider(
            { "demarc:expires": "31/12/2026", "demarc:owner": "network-team" },
            "partner",
        );
        expect(findingsOf(network({ vpnTags: {}, vpnProvider: partnerAccount }))).toEqual([
            {
                resource: "partner-vpn",
                level: "policy",
                message: `vpnConnection "partner-vpn": demarc:expires is "31/12/2026" (from provider default tags); allowed: ${ALLOWED}`,
            },
        ]);
    });

    test("expires missing", () => {
        const { "demarc:expires": _, ...noExpiry } = ACCESS_TAGS;
        expect(findingsOf(network({ vpnTags: noExpiry }))).toEqual([
            {
                resource: "partner-vpn",
                level: "policy",
                message: `vpnConnection "partner-vpn" has no demarc:expires; third-party access needs ${ALLOWED}`,
            },
        ]);
    });

    test("owner missing", () => {
        const { "demarc:owner": _, ...noOwner } = ACCESS_TAGS;
        expect(findingsOf(network({ vpnTags: noOwner }))).toEqual([
            {
                resource: "partner-vpn",
                level: "policy",
                message:
                    'vpnConnection "partner-vpn" has no demarc:owner; third-party access needs a team or contract reference',
            },
        ]);
    });

    test("owner empty", () => {
        expect(findingsOf(network({ vpnTags: { ...ACCESS_TAGS, "demarc:owner": " " } }))).toEqual([
            {
                resource: "partner-vpn",
                level: "policy",
                message: 'vpnConnection "partner-vpn": demarc:owner is " "; allowed: a team or contract reference',
            },
        ]);
    });

    test("no tags at all: both missing, on exactly that resource", () => {
        expect(findingsOf(network({ vpnTags: {} }))).toEqual([
            {
                resource: "partner-vpn",
                level: "policy",
                message: `vpnConnection "partner-vpn" has no demarc:expires; third-party access needs ${ALLOWED}`,
            },
            {
                resource: "partner-vpn",
                level: "policy",
                message:
                    'vpnConnection "partner-vpn" has no demarc:owner; third-party access needs a team or contract reference',
            },
        ]);
    });

    test("tags not known until apply are undetermined", () => {
        const records = withProps(network(), "partner-vpn", { tags: UNKNOWN });
        expect(findingsOf(records)).toEqual([
            {
                resource: "partner-vpn",
                level: "advisory",
                message:
                    'undetermined: demarc:expires of vpnConnection "partner-vpn": its tags are not known until apply',
            },
            {
                resource: "partner-vpn",
                level: "advisory",
                message:
                    'undetermined: demarc:owner of vpnConnection "partner-vpn": its tags are not known until apply',
            },
        ]);
        expect(findingsOf(records, { ...CONFIG, undetermined: "mandatory" }).map((f) => f.level)).toEqual([
            "policy",
            "policy",
        ]);
    });

    test("the secret of a VPN connection never appears", () => {
        const messages = findingsOf(network({ vpnTags: {} })).map((f) => f.message);
        expect(messages).toHaveLength(2);
        expect(messages.some((m) => m.includes("s3cr3t-psk"))).toBe(false);
    });
});

describe("require-access-expiry: what counts as third-party access", () => {
    const untagged = (type: string, name: string, props: Record<string, unknown> = {}) =>
        record(type, name, { ...props, tags: { "demarc:side": "client" } }, { provider: clientAccount });
    const missing = (subject: string) => [
        { level: "policy", message: `${subject} has no demarc:expires; third-party access needs ${ALLOWED}` },
        {
            level: "policy",
            message: `${subject} has no demarc:owner; third-party access needs a team or contract reference`,
        },
    ];

    test("a Client VPN endpoint counts whole (peerings, VPNs and customer gateways are judged from facts: test/plan)", () => {
        expect(findingsOf([...network(), untagged(T.clientVpnEndpoint, "access")])).toEqual(
            missing('Client VPN endpoint "access"').map((f) => ({ resource: "access", ...f })),
        );
    });

    test("a transit-gateway VPN attachment is a VPN connection, judged by its customer gateway's address", () => {
        const tgwVpn = untagged(T.vpnConnection, "tgw-vpn", {
            transitGatewayId: "tgw-1",
            customerGatewayId: "cgw-1",
            type: "ipsec.1",
        });
        expect(findingsOf([...network(), tgwVpn]).map((f) => f.resource)).toEqual(["tgw-vpn", "tgw-vpn"]);
    });

    test("an attachment to the stack's own transit gateway, VPN gateways and internet gateways are not third-party access", () => {
        const tgw = untagged(T.transitGateway, "tgw", { id: "tgw-1" });
        const others = [
            record(
                T.tgwVpcAttachment,
                "attach",
                { transitGatewayId: "tgw-1", vpcId: "vpc-1", tags: { "demarc:side": "client" } },
                { provider: clientAccount, refs: { transitGatewayId: tgw } },
            ),
            untagged(T.internetGateway, "igw"),
            tgw,
        ];
        expect(findingsOf([...network(), ...others])).toEqual([]);
    });

    test("the list is configurable", () => {
        const records = [...network({ vpnTags: {} }), untagged(T.transitGateway, "tgw")];
        expect(findingsOf(records, { ...CONFIG, thirdPartyAccessTypes: [T.transitGateway] })).toEqual(
            missing('transitGateway "tgw"').map((f) => ({ resource: "tgw", ...f })),
        );
    });

    describe("IAM roles, by their trust policy", () => {
        const role = (assumeRolePolicy: unknown, provider = clientAccount) =>
            record(T.iamRole, "partner-audit", { assumeRolePolicy }, { provider });
        const trust = (principal: unknown, effect = "Allow") => ({
            Version: "2012-10-17",
            Statement: [{ Effect: effect, Principal: principal, Action: "sts:AssumeRole" }],
        });
        const roleFindings = (policy: unknown, config: Record<string, unknown> = CONFIG, provider = clientAccount) =>
            findingsOf([...network(), role(policy, provider)], config);
        const accessBy = (why: string) =>
            missing(`role "partner-audit" (${why})`).map((f) => ({ resource: "partner-audit", ...f }));
        /** Why the role is third-party access, as each of its findings' evidence says; each message proven rendered from it. */
        const accessOf = (policy: unknown) => {
            const found = expiringAccessFindings([...network(), role(policy)]);
            expect(notRenderedFromEvidence(found)).toEqual([]);
            return found.map((f) => [nameOf(f.urn), f.evidence?.access]);
        };

        test("the provider's account root, as JSON text", () => {
            expect(roleFindings(JSON.stringify(trust({ AWS: "arn:aws:iam::222222222222:root" })))).toEqual(
                accessBy("trusts account 222222222222"),
            );
        });

        test("as an object, an array mixing the client's account and a partner's role", () => {
            expect(roleFindings(trust({ AWS: ["111111111111", "arn:aws:iam::333333333333:role/auditor"] }))).toEqual(
                accessBy("trusts account 333333333333"),
            );
        });

        test("a bare account id, and several statements", () => {
            const policy = {
                Statement: [
                    trust({ AWS: "444444444444" }).Statement[0],
                    trust({ AWS: "arn:aws:sts::222222222222:assumed-role/ops/x" }).Statement[0],
                ],
            };
            expect(roleFindings(policy)).toEqual(accessBy("trusts accounts 222222222222, 444444444444"));
            const why = { because: "trusts", accounts: ["222222222222", "444444444444"] };
            expect(accessOf(policy)).toEqual([
                ["partner-audit", why],
                ["partner-audit", why],
            ]);
        });

        test('a principal of "*", plain or as AWS', () => {
            expect(roleFindings(trust("*"))).toEqual(accessBy('trusts any principal ("*")'));
            expect(roleFindings(trust({ AWS: "*" }))).toEqual(accessBy('trusts any principal ("*")'));
            expect(accessOf(trust("*")).map(([, why]) => why)).toEqual([
                { because: "trusts", anyone: true },
                { because: "trusts", anyone: true },
            ]);
        });

        test("the client's own accounts, services and Deny statements are not third-party access", () => {
            expect(roleFindings(trust({ AWS: "arn:aws:iam::111111111111:root" }))).toEqual([]);
            expect(roleFindings(trust({ Service: ["ec2.amazonaws.com", "lambda.amazonaws.com"] }))).toEqual([]);
            expect(roleFindings(trust({ AWS: "arn:aws:iam::333333333333:root" }, "Deny"))).toEqual([]);
        });

        test("a tagged role trusted by the provider is compliant", () => {
            const tagged = {
                ...role(trust({ AWS: "arn:aws:iam::222222222222:root" })),
                props: { assumeRolePolicy: trust({ AWS: "222222222222" }), tags: ACCESS_TAGS },
            };
            expect(findingsOf([...network(), tagged])).toEqual([]);
        });

        test("with no client accounts configured, the accounts the provider allows are the role's own", () => {
            const { clientAccountIds: _, ...noAccounts } = CONFIG;
            const pinned: typeof clientAccount = {
                ...clientAccount,
                props: { ...clientAccount.props, allowedAccountIds: JSON.stringify(["111111111111"]) },
            };
            expect(roleFindings(trust({ AWS: "arn:aws:iam::111111111111:root" }), noAccounts, pinned)).toEqual([]);
            expect(roleFindings(trust({ AWS: "arn:aws:iam::222222222222:root" }), noAccounts, pinned)).toEqual(
                accessBy("trusts account 222222222222"),
            );
        });

        test("with no account information at all, every account a trust policy names counts", () => {
            const { clientAccountIds: _, ...noAccounts } = CONFIG;
            expect(roleFindings(trust({ AWS: "arn:aws:iam::111111111111:root" }), noAccounts)).toEqual(
                accessBy("trusts account 111111111111"),
            );
        });

        test("a trust policy not known until apply is undetermined", () => {
            expect(roleFindings(UNKNOWN)).toEqual([
                {
                    resource: "partner-audit",
                    level: "advisory",
                    message:
                        'undetermined: whether role "partner-audit" is third-party access: the trust policy of role "partner-audit" is not known until apply',
                },
            ]);
            expect(roleFindings(trust({ AWS: [UNKNOWN] }))).toEqual([
                {
                    resource: "partner-audit",
                    level: "advisory",
                    message:
                        'undetermined: whether role "partner-audit" is third-party access: principals in the trust policy of role "partner-audit" are not known until apply',
                },
            ]);
        });

        test("a known outside account decides even when other principals are unknown", () => {
            expect(roleFindings(trust({ AWS: [UNKNOWN, "333333333333"] }))).toEqual(
                accessBy("trusts account 333333333333"),
            );
        });

        test("a trust policy that is not JSON is undetermined, not a pass", () => {
            expect(roleFindings("{not json")).toEqual([
                {
                    resource: "partner-audit",
                    level: "advisory",
                    message:
                        'undetermined: whether role "partner-audit" is third-party access: role "partner-audit": its assumeRolePolicy is not valid JSON',
                },
            ]);
        });
    });

    describe("security-group rules, by the addresses they admit", () => {
        const withIngress = (cidrBlocks: string[], ipv6CidrBlocks: string[] = []) =>
            withProps(network(), "app", {
                ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks, ipv6CidrBlocks }],
            });
        const sgAccess = (why: string) =>
            missing(`securityGroup "app" (${why})`).map((f) => ({ resource: "app", ...f }));

        test("a partner's range, inline", () => {
            expect(findingsOf(withIngress(["198.51.100.0/24", "10.20.0.0/16"]))).toEqual(
                sgAccess("ingress from 198.51.100.0/24"),
            );
        });

        test("a partner's private range, and IPv6", () => {
            expect(findingsOf(withIngress(["192.168.10.0/24"], ["2001:db8::/32"]))).toEqual(
                sgAccess("ingress from 192.168.10.0/24, 2001:db8::/32"),
            );
        });

        test("client ranges, provider ranges and the internet are not third-party access", () => {
            expect(findingsOf(withIngress(["10.20.0.0/16", "172.16.5.0/24", "0.0.0.0/0"], ["::/0"]))).toEqual([]);
        });

        test("a range reaching past the client's is third-party access", () => {
            expect(findingsOf(withIngress(["10.0.0.0/7"]))).toEqual(sgAccess("ingress from 10.0.0.0/7"));
        });

        test("without configured ranges, the stack's own VPCs are not third parties, also when only their union covers a rule", () => {
            const { clientCidrs: _, providerCidrs: __, ...noRanges } = CONFIG;
            const second = record(
                T.vpc,
                "second",
                { id: "vpc-2", cidrBlock: "10.1.0.0/16", tags: { "demarc:tenant": "acme" } },
                { provider: clientAccount },
            );
            const records = [...withIngress(["10.0.0.0/15"]), second];
            expect(findingsOf(records, noRanges)).toEqual([]);
            expect(findingsOf(withIngress(["10.0.0.0/15"]), noRanges)).toEqual(sgAccess("ingress from 10.0.0.0/15"));
        });

        test("a tagged group admitting a partner is compliant", () => {
            const records = withProps(withIngress(["198.51.100.0/24"]), "app", {
                tags: { "demarc:zone": "green", ...ACCESS_TAGS },
            });
            expect(findingsOf(records)).toEqual([]);
        });

        test("a standalone ingress rule is judged on its group's tags", () => {
            const [vpc, vgw, cgw, vpn, sg, role] = network();
            const rule = record(
                T.securityGroupRule,
                "partner-ssh",
                {
                    type: "ingress",
                    securityGroupId: "sg-1",
                    protocol: "tcp",
                    fromPort: 22,
                    toPort: 22,
                    cidrBlocks: ["203.0.113.10/32"],
                },
                { provider: clientAccount, refs: { securityGroupId: sg } },
            );
            expect(findingsOf([vpc, vgw, cgw, vpn, sg, role, rule])).toEqual(
                missing(
                    'securityGroupRule "partner-ssh" (ingress from 203.0.113.10/32, expiry read from securityGroup "app")',
                ).map((f) => ({ resource: "partner-ssh", ...f })),
            );
            const taggedGroup = setProps(sg, { tags: { ...ACCESS_TAGS, "demarc:expires": "2026-12-01" } });
            expect(findingsOf([vpc, vgw, cgw, vpn, taggedGroup, role, rule])).toEqual([
                {
                    resource: "app",
                    level: "advisory",
                    message: 'securityGroup "app" expires in 8 days (demarc:expires 2026-12-01)',
                },
            ]);
            const egress = setProps(rule, { type: "egress" });
            expect(findingsOf([vpc, vgw, cgw, vpn, sg, role, egress])).toEqual([]);
        });

        test("a standalone ingress rule on a group outside the stack cannot carry an expiry", () => {
            const rule = record(
                T.securityGroupRule,
                "partner-ssh",
                { type: "ingress", securityGroupId: "sg-external", cidrBlocks: ["203.0.113.10/32"] },
                { provider: clientAccount },
            );
            expect(findingsOf([...network(), rule])).toEqual([
                {
                    resource: "partner-ssh",
                    level: "policy",
                    message:
                        'securityGroupRule "partner-ssh" (ingress from 203.0.113.10/32) takes no tags and its security group sg-external is not in this stack to carry demarc:expires and demarc:owner; declare it as an aws.vpc.SecurityGroupIngressRule with those tags',
                },
            ]);
            // The group is a field: the property, the id it holds, and that no resource of the stack is it.
            const found = expiringAccessFindings([...network(), rule]);
            expect(found.map((f) => [nameOf(f.urn), f.kind, f.evidence?.values, f.evidence?.access])).toEqual([
                [
                    "partner-ssh",
                    "expiry.untaggable",
                    [{ name: "securityGroupId", value: "sg-external", notInStack: true }],
                    { because: "ingress", blocks: ["203.0.113.10/32"] },
                ],
            ]);
            expect(notRenderedFromEvidence(found)).toEqual([]);
        });

        test("a VPC ingress rule carries its own tags", () => {
            const rule = (tags: Record<string, string>) =>
                record(
                    T.vpcIngressRule,
                    "partner-https",
                    {
                        securityGroupId: "sg-1",
                        ipProtocol: "tcp",
                        fromPort: 443,
                        toPort: 443,
                        cidrIpv4: "198.51.100.0/24",
                        tags,
                    },
                    { provider: clientAccount },
                );
            expect(findingsOf([...network(), rule(ACCESS_TAGS)])).toEqual([]);
            expect(findingsOf([...network(), rule({ ...ACCESS_TAGS, "demarc:expires": "2026-11-01" })])).toEqual([
                {
                    resource: "partner-https",
                    level: "policy",
                    message: 'securityGroupIngressRule "partner-https" expired 22 days ago (demarc:expires 2026-11-01)',
                },
            ]);
        });

        test("a rule range not known until apply, or a VPC range unknown at preview, is undetermined", () => {
            expect(findingsOf(withIngress([UNKNOWN]))).toEqual([
                {
                    resource: "app",
                    level: "advisory",
                    message:
                        'undetermined: whether securityGroup "app" is third-party access: an ingress address range of securityGroup "app" is not known until apply',
                },
            ]);
            const { clientCidrs: _, ...noClientRanges } = CONFIG;
            const preview = withProps(withIngress(["10.0.1.0/24"]), "main", { cidrBlock: UNKNOWN });
            expect(findingsOf(preview, noClientRanges)).toEqual([
                {
                    resource: "app",
                    level: "advisory",
                    message:
                        'undetermined: whether securityGroup "app" is third-party access: whether 10.0.1.0/24 lies in the stack\'s own ranges: the cidrBlock of vpc "main" is not known until apply',
                },
            ]);
            expect(findingsOf(preview)).toEqual([]);
        });
    });
});

describe("presence: judged on the resource where it alone shows the access, on the stack where that takes the rest", () => {
    const byPolicy = (
        records: Parameters<typeof requireAccessExpiryPolicy.evaluate>[0],
        config: Record<string, unknown> = CONFIG,
    ) => policyFindings([refuseOpenEndedAccess, requireAccessExpiryPolicy], records, config);
    const untagged = (records: ReturnType<typeof network>, name: string) =>
        records.map((r) => (r.name === name ? setProps(r, { tags: { "demarc:side": "client" } }) : r));
    const noExpiry = "has no demarc:expires; third-party access needs " + ALLOWED;
    const noOwner = "has no demarc:owner; third-party access needs a team or contract reference";

    test.each([false, true])(
        "a customer gateway outside the client's ranges and its VPN connection, untagged (preview: %s)",
        (preview) => {
            const records = untagged(untagged(network({ preview }), "partner-cgw"), "partner-vpn");
            expect(byPolicy(records).map(({ policy, resource, message }) => [policy, resource, message])).toEqual([
                ["refuse-open-ended-access", "partner-cgw", `customerGateway "partner-cgw" ${noExpiry}`],
                ["refuse-open-ended-access", "partner-cgw", `customerGateway "partner-cgw" ${noOwner}`],
                ["require-access-expiry", "partner-vpn", `vpnConnection "partner-vpn" ${noExpiry}`],
                ["require-access-expiry", "partner-vpn", `vpnConnection "partner-vpn" ${noOwner}`],
            ]);
        },
    );

    test("a role trusting the provider's account, untagged: the resource policy's, not repeated by the stack", () => {
        const role = record(
            T.iamRole,
            "noc-audit",
            {
                assumeRolePolicy: JSON.stringify({
                    Statement: [{ Effect: "Allow", Principal: { AWS: "222222222222" }, Action: "sts:AssumeRole" }],
                }),
            },
            { provider: clientAccount },
        );
        expect(byPolicy([...network(), role])).toEqual([
            {
                policy: "refuse-open-ended-access",
                resource: "noc-audit",
                level: "policy",
                message: `role "noc-audit" (trusts account 222222222222) ${noExpiry}`,
            },
            {
                policy: "refuse-open-ended-access",
                resource: "noc-audit",
                level: "policy",
                message: `role "noc-audit" (trusts account 222222222222) ${noOwner}`,
            },
        ]);
        expect(
            byPolicy([...network(), role], { ...CONFIG, thirdPartyAccessTypes: [T.vpnConnection, T.customerGateway] }),
        ).toEqual([]);
    });

    test("a trust policy not known until apply is undetermined, once", () => {
        const role = record(T.iamRole, "noc-audit", { assumeRolePolicy: UNKNOWN }, { provider: clientAccount });
        expect(byPolicy([...network({ preview: true }), role])).toEqual([
            {
                policy: "refuse-open-ended-access",
                resource: "noc-audit",
                level: "advisory",
                message:
                    'undetermined: whether role "noc-audit" is third-party access: the trust policy of role "noc-audit" is not known until apply',
            },
        ]);
    });
});
