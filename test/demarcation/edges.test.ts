import { describe, expect, test } from "vitest";
import { T } from "../../lib/aws-types";
import type { ResourceRecord } from "../../lib/resource";
import refuseRemoteAccessNotClientManaged from "../../policy-pack/policies/refuse-remote-access-not-client-managed";
import refuseShortLogRetention from "../../policy-pack/policies/refuse-short-log-retention";
import requireClientManagedRemoteAccess from "../../policy-pack/policies/require-client-managed-remote-access";
import validateDemarcTags from "../../policy-pack/policies/validate-demarc-tags";
import { awsProvider, record, UNKNOWN } from "../support/records";
import { edit, named, withProps, without } from "../support/mutators";
import { notRenderedFromEvidence } from "../support/rendered";
import { UNTIL_APPLY } from "../../lib/findings";
import { elementOf } from "../../lib/urn";
import {
    accountProvider,
    baseline,
    CLIENT_ACCOUNT,
    clientProvider,
    CONFIG,
    evidencedOf,
    findingsOf,
    nocProvider,
    PROVIDER_ACCOUNT,
    trustPolicy,
    type Mode,
} from "./stack";

const EVIDENCE = "evidence must stay on the client's side";
const ADMIN_RULE = "a role the provider assumes must not hold administrator rights";
const known = baseline("known");
const preview = baseline("preview");

function only(records: readonly ResourceRecord[], policy: string, config: Record<string, unknown> = CONFIG) {
    return findingsOf(records, config)
        .filter((f) => f.policy === policy)
        .map(({ resource, level, message }) => ({ resource, level, message }));
}

/** The stack policy that stands beside each resource policy here, and must not repeat what it reports. */
const TWIN: Readonly<Record<string, string>> = {
    "refuse-provider-admin-roles": "limit-provider-role-permissions",
    "refuse-outdated-standard": "require-current-standard",
    "refuse-short-log-retention": "protect-log-stores",
    "refuse-provider-side-log-stores": "keep-log-stores-client-side",
    "refuse-remote-access-not-client-managed": "require-client-managed-remote-access",
};

/** The resource policy's findings, after checking that its stack twin reports nothing on the same records. */
function ownOnly(records: readonly ResourceRecord[], policy: string, config: Record<string, unknown> = CONFIG) {
    expect(only(records, TWIN[policy], config)).toEqual([]);
    return only(records, policy, config);
}

/** The policy's findings on one resource, with kind and evidence; each message proven the one its evidence renders. */
function evidenced(
    records: readonly ResourceRecord[],
    policy: string,
    resource: string,
    config: Record<string, unknown> = CONFIG,
) {
    const found = evidencedOf(records, config).filter((f) => f.policy === policy && f.resource === resource);
    expect(notRenderedFromEvidence(found)).toEqual([]);
    return found.map(({ kind, level, message, evidence }) => ({ kind, level, message, evidence }));
}

const attach = (
    stack: readonly ResourceRecord[],
    name: string,
    policyArn: string,
    mode: Mode = "known",
    refs: Record<string, ResourceRecord> = {},
) =>
    record(
        T.iamRolePolicyAttachment,
        name,
        { role: mode === "known" ? "noc-operator" : UNKNOWN, policyArn },
        { provider: clientProvider, refs: { role: named(stack, "noc-operator"), ...refs } },
    );

const everything = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*:*", Resource: "*" }] };

describe("refuse-provider-admin-roles: what the role carries itself", () => {
    const policy = "refuse-provider-admin-roles";

    test("principals as an array, one of them a bare provider account id; the trust policy as an object", () => {
        const stack = withProps(known, "noc-operator", {
            assumeRolePolicy: trustPolicy([`arn:aws:iam::${CLIENT_ACCOUNT}:root`, PROVIDER_ACCOUNT]),
            managedPolicyArns: ["arn:aws:iam::aws:policy/PowerUserAccess"],
        });
        expect(ownOnly(stack, policy)).toEqual([
            {
                resource: "noc-operator",
                level: "policy",
                message: `role "noc-operator" can be assumed by provider account ${PROVIDER_ACCOUNT} (Principal "${PROVIDER_ACCOUNT}") and carries PowerUserAccess (managedPolicyArns); ${ADMIN_RULE}`,
            },
        ]);
    });

    test("an inline policy allowing *:* on every resource", () => {
        const stack = withProps(known, "noc-operator", {
            inlinePolicies: [{ name: "break-glass", policy: JSON.stringify(everything) }],
        });
        expect(ownOnly(stack, policy)).toEqual([
            {
                resource: "noc-operator",
                level: "policy",
                message: `role "noc-operator" can be assumed by provider account ${PROVIDER_ACCOUNT} (Principal "arn:aws:iam::${PROVIDER_ACCOUNT}:root") and carries Action "*:*" on Resource "*" (every action) (inline policy "break-glass"); ${ADMIN_RULE}`,
            },
        ]);
    });

    test("a role anyone can assume without a condition is refused on its own", () => {
        const open = JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" }],
        });
        expect(ownOnly(withProps(known, "noc-operator", { assumeRolePolicy: open }), policy)).toEqual([
            {
                resource: "noc-operator",
                level: "policy",
                message:
                    'role "noc-operator" can be assumed by anyone: its trust policy allows Principal "*" with no Condition',
            },
        ]);
    });

    test("with only client accounts configured, any other account counts as outside", () => {
        const stack = withProps(known, "noc-operator", {
            assumeRolePolicy: JSON.stringify(trustPolicy("arn:aws:iam::333333333333:role/partner")),
            managedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"],
        });
        expect(ownOnly(stack, policy, { clientAccountIds: [CLIENT_ACCOUNT] })).toEqual([
            {
                resource: "noc-operator",
                level: "policy",
                message: `role "noc-operator" can be assumed by account 333333333333 (not a client account; Principal "arn:aws:iam::333333333333:role/partner") and carries AdministratorAccess (managedPolicyArns); ${ADMIN_RULE}`,
            },
        ]);
    });

    test("a role trusted only by the client's own account may be an administrator", () => {
        const stack = withProps(known, "noc-operator", {
            assumeRolePolicy: JSON.stringify(trustPolicy(`arn:aws:iam::${CLIENT_ACCOUNT}:root`)),
            managedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"],
        });
        expect(ownOnly(stack, policy)).toEqual([]);
    });

    test("with no accounts configured an administrator role trusted by an account is undetermined", () => {
        const stack = withProps(known, "noc-operator", {
            managedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"],
        });
        expect(ownOnly(stack, policy, {})).toEqual([
            {
                resource: "noc-operator",
                level: "advisory",
                message: `undetermined: role "noc-operator" carries AdministratorAccess (managedPolicyArns) and can be assumed by account ${PROVIDER_ACCOUNT} (Principal "arn:aws:iam::${PROVIDER_ACCOUNT}:root"); configure providerAccountIds or clientAccountIds to tell whether that is the provider`,
            },
        ]);
    });

    test("an unknown or unreadable trust policy on an administrator role is undetermined", () => {
        const admin = { managedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"] };
        expect(ownOnly(withProps(preview, "noc-operator", { ...admin, assumeRolePolicy: UNKNOWN }), policy)).toEqual([
            {
                resource: "noc-operator",
                level: "advisory",
                message:
                    'undetermined: role "noc-operator" carries AdministratorAccess (managedPolicyArns), and its trust policy is not known until apply; cannot tell whether the provider can assume it',
            },
        ]);
        expect(
            ownOnly(withProps(known, "noc-operator", { ...admin, assumeRolePolicy: '{"Statement": [' }), policy),
        ).toEqual([
            {
                resource: "noc-operator",
                level: "advisory",
                message:
                    'undetermined: role "noc-operator" carries AdministratorAccess (managedPolicyArns), and its trust policy cannot be read: it is not valid JSON; cannot tell whether the provider can assume it',
            },
        ]);
    });

    test.each(["known", "preview"] as const)(
        "AWS's AdministratorAccess beside a customer policy of the stack in managedPolicyArns: each policy judges what it sees, once (%s)",
        (mode) => {
            const stack = baseline(mode);
            const customerArn = `arn:aws:iam::${CLIENT_ACCOUNT}:policy/noc-iam`;
            const customer = record(
                T.iamPolicy,
                "noc-iam",
                {
                    arn: mode === "known" ? customerArn : UNKNOWN,
                    policy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: "iam:*", Resource: "*" }] }),
                },
                { provider: clientProvider },
            );
            const both = edit(stack, "noc-operator", (r) => ({
                ...r,
                props: {
                    ...r.props,
                    managedPolicyArns: [
                        "arn:aws:iam::aws:policy/AdministratorAccess",
                        mode === "known" ? customerArn : UNKNOWN,
                    ],
                },
                propertyDependencies: { managedPolicyArns: [customer.urn] },
            }));
            const who = `role "noc-operator" can be assumed by provider account ${PROVIDER_ACCOUNT} (Principal "arn:aws:iam::${PROVIDER_ACCOUNT}:root")`;
            expect(only([...both, customer], policy)).toEqual([
                {
                    resource: "noc-operator",
                    level: "policy",
                    message: `${who} and carries AdministratorAccess (managedPolicyArns); ${ADMIN_RULE}`,
                },
            ]);
            expect(only([...both, customer], "limit-provider-role-permissions")).toEqual([
                {
                    resource: "noc-operator",
                    level: "policy",
                    message: `${who} and carries Action "iam:*" on Resource "*" (every IAM action, with which it can grant itself anything) (the document of policy "noc-iam" (managedPolicyArns)); ${ADMIN_RULE}`,
                },
            ]);
            // Where the role holds each right is a field: the property, and the customer policy whose document grants it.
            const grants = (name: string) =>
                evidenced([...both, customer], name, "noc-operator").map((f) => f.evidence?.grant?.via);
            expect(grants(policy)).toEqual([{ property: "managedPolicyArns" }]);
            expect(grants("limit-provider-role-permissions")).toEqual([
                { property: "managedPolicyArns", policy: elementOf(customer) },
            ]);
        },
    );

    test("inline policies not known until apply on a role the provider can assume are undetermined, on the role", () => {
        expect(ownOnly(withProps(preview, "noc-operator", { inlinePolicies: UNKNOWN }), policy)).toEqual([
            {
                resource: "noc-operator",
                level: "advisory",
                message: `undetermined: role "noc-operator" can be assumed by provider account ${PROVIDER_ACCOUNT} (Principal "arn:aws:iam::${PROVIDER_ACCOUNT}:root"), and its inlinePolicies are not known until apply`,
            },
        ]);
    });

    test("an unknown trust policy on a role with administrator rights of its own and attached: undetermined once, by the role's own policy", () => {
        const stack = withProps(preview, "noc-operator", {
            assumeRolePolicy: UNKNOWN,
            inlinePolicies: [{ name: "break-glass", policy: JSON.stringify(everything) }],
        });
        const admin = attach(stack, "noc-operator-admin", "arn:aws:iam::aws:policy/AdministratorAccess", "preview");
        expect(ownOnly([...stack, admin], policy)).toEqual([
            {
                resource: "noc-operator",
                level: "advisory",
                message:
                    'undetermined: role "noc-operator" carries Action "*:*" on Resource "*" (every action) (inline policy "break-glass"), and its trust policy is not known until apply; cannot tell whether the provider can assume it',
            },
        ]);
        const attachedOnly = withProps(preview, "noc-operator", { assumeRolePolicy: UNKNOWN });
        expect(only([...attachedOnly, admin], policy)).toEqual([]);
        expect(only([...attachedOnly, admin], "limit-provider-role-permissions")).toEqual([
            {
                resource: "noc-operator",
                level: "advisory",
                message:
                    'undetermined: role "noc-operator" carries AdministratorAccess (attached by rolePolicyAttachment "noc-operator-admin"), and its trust policy is not known until apply; cannot tell whether the provider can assume it',
            },
        ]);
        // Where the role holds each right is a field: its inline policy by name, the attachment that attaches it.
        expect(evidenced([...stack, admin], policy, "noc-operator").map((f) => f.evidence?.grant?.via)).toEqual([
            { inline: { name: "break-glass" } },
        ]);
        expect(
            evidenced([...attachedOnly, admin], "limit-provider-role-permissions", "noc-operator").map(
                (f) => f.evidence?.grant?.via,
            ),
        ).toEqual([{ attachment: elementOf(admin) }]);
    });
});

describe("limit-provider-role-permissions: what other resources give the role", () => {
    const policy = "limit-provider-role-permissions";

    test.each(["known", "preview"] as const)(
        "a customer policy in the stack allowing iam:* attached to the role (%s)",
        (mode) => {
            const stack = baseline(mode);
            const document = {
                Version: "2012-10-17",
                Statement: { Effect: "Allow", Action: ["iam:*"], Resource: ["*"] },
            };
            const customer = record(
                T.iamPolicy,
                "noc-iam",
                {
                    arn: mode === "known" ? `arn:aws:iam::${CLIENT_ACCOUNT}:policy/noc-iam` : UNKNOWN,
                    policy: JSON.stringify(document),
                },
                { provider: clientProvider },
            );
            const attachment = attach(
                stack,
                "noc-operator-iam",
                mode === "known" ? `arn:aws:iam::${CLIENT_ACCOUNT}:policy/noc-iam` : UNKNOWN,
                mode,
                { policyArn: customer },
            );
            expect(only([...stack, customer, attachment], policy)).toEqual([
                {
                    resource: "noc-operator-iam",
                    level: "policy",
                    message: `role "noc-operator" can be assumed by provider account ${PROVIDER_ACCOUNT} (Principal "arn:aws:iam::${PROVIDER_ACCOUNT}:root") and carries Action "iam:*" on Resource "*" (every IAM action, with which it can grant itself anything) (the document of policy "noc-iam" (attached by rolePolicyAttachment "noc-operator-iam")); ${ADMIN_RULE}`,
                },
            ]);
        },
    );

    test("a role policy resource granting everything", () => {
        const rolePolicy = record(
            T.iamRolePolicy,
            "noc-operator-all",
            { role: "noc-operator", policy: JSON.stringify(everything) },
            { provider: clientProvider, refs: { role: named(known, "noc-operator") } },
        );
        expect(only([...known, rolePolicy], policy)).toEqual([
            {
                resource: "noc-operator-all",
                level: "policy",
                message: `role "noc-operator" can be assumed by provider account ${PROVIDER_ACCOUNT} (Principal "arn:aws:iam::${PROVIDER_ACCOUNT}:root") and carries Action "*:*" on Resource "*" (every action) (rolePolicy "noc-operator-all"); ${ADMIN_RULE}`,
            },
        ]);
        expect(
            evidenced([...known, rolePolicy], policy, "noc-operator-all").map((f) => [
                f.evidence?.role,
                f.evidence?.grant,
            ]),
        ).toEqual([
            [
                elementOf(named(known, "noc-operator")),
                { what: 'Action "*:*" on Resource "*" (every action)', via: { rolePolicy: elementOf(rolePolicy) } },
            ],
        ]);
    });

    test("an attached policy unknown at preview, with no resource named as its source, is undetermined", () => {
        const attachment = attach(preview, "noc-operator-mystery", UNKNOWN, "preview");
        expect(only([...preview, attachment], policy)).toEqual([
            {
                resource: "noc-operator-mystery",
                level: "advisory",
                message: `undetermined: role "noc-operator" can be assumed by provider account ${PROVIDER_ACCOUNT} (Principal "arn:aws:iam::${PROVIDER_ACCOUNT}:root"), and the policyArn of rolePolicyAttachment "noc-operator-mystery" is not known until apply`,
            },
        ]);
    });
});

describe("refuse-outdated-standard and require-current-standard", () => {
    const policy = "refuse-outdated-standard";
    const firewall = (standard?: string) => ({
        tags: { "demarc:role": "firewall", ...(standard === undefined ? {} : { "demarc:standard": standard }) },
    });

    test("versions compare by number per segment: with no current configured, 2.10 is newer than 2.9 (the stack decides)", () => {
        const stack = withProps(withProps(known, "fw-1", firewall("2.10")), "fw-2", firewall("2.9"));
        expect(only(stack, policy, {})).toEqual([]);
        expect(only(stack, "require-current-standard", {})).toEqual([
            {
                resource: "fw-2",
                level: "policy",
                message:
                    'instance "fw-2" (demarc:role=firewall) is built to standard 2.9 (demarc:standard, own tag), older than the current 2.10 (the newest in the stack, on instance "fw-1")',
            },
        ]);
    });

    test("2.5.0 is 2.5, and a device newer than the configured current is not a breach", () => {
        expect(
            ownOnly(withProps(withProps(known, "fw-1", firewall("2.5.0")), "fw-2", firewall("2.6")), policy),
        ).toEqual([]);
    });

    test("with a current standard configured, a device older than it is refused on its own, whatever the stack's newest", () => {
        const stack = withProps(withProps(preview, "fw-1", firewall("2.4")), "fw-2", firewall("2.3"));
        expect(ownOnly(stack, policy, { currentStandard: "2.4" })).toEqual([
            {
                resource: "fw-2",
                level: "policy",
                message:
                    'instance "fw-2" (demarc:role=firewall) is built to standard 2.3 (demarc:standard, own tag), older than the current 2.4 (currentStandard setting)',
            },
        ]);
    });

    test("a standard from the provider's default tags is the device's own, and the message says where it came from", () => {
        const stamped = {
            ...clientProvider,
            props: {
                ...clientProvider.props,
                defaultTags: JSON.stringify({ tags: { "demarc:side": "client", "demarc:standard": "2.4" } }),
            },
        };
        const stack = edit(withProps(preview, "fw-2", firewall()), "fw-2", (r) => ({ ...r, provider: stamped }));
        expect(ownOnly(stack, policy)).toEqual([
            {
                resource: "fw-2",
                level: "policy",
                message:
                    'instance "fw-2" (demarc:role=firewall) is built to standard 2.4 (demarc:standard, from provider default tags), older than the current 2.5 (currentStandard setting)',
            },
        ]);
    });

    test("a firewall without a standard, and one with a malformed standard (a tag-value finding, judged on the resource)", () => {
        const stack = withProps(withProps(known, "fw-1", firewall()), "fw-2", firewall("two"));
        expect(ownOnly(stack, policy)).toEqual([
            {
                resource: "fw-1",
                level: "policy",
                message:
                    'instance "fw-1" (demarc:role=firewall) has no demarc:standard; the current standard is 2.5 (currentStandard setting)',
            },
        ]);
        expect(ownOnly(stack, policy, {})).toEqual([
            {
                resource: "fw-1",
                level: "policy",
                message:
                    'instance "fw-1" (demarc:role=firewall) has no demarc:standard; tag it with the version of the client\'s standard it was built to',
            },
        ]);
        expect(
            validateDemarcTags
                .evaluate(stack)
                .filter((f) => f.urn.endsWith("::fw-2"))
                .map((f) => f.message),
        ).toEqual([
            'instance "fw-2": demarc:standard is "two"; allowed: a version of the client\'s security standard such as 2.5',
        ]);
    });

    test("a standard not known until apply is undetermined, configured or not", () => {
        expect(ownOnly(withProps(preview, "fw-2", { tags: UNKNOWN }), policy)).toEqual([]);
        const unknownStandard = withProps(preview, "fw-2", {
            tags: { "demarc:role": "firewall", "demarc:standard": UNKNOWN },
        });
        const expected = [
            {
                resource: "fw-2",
                level: "advisory",
                message:
                    'undetermined: instance "fw-2" (demarc:role=firewall): its standard is not known: demarc:standard in its tags is not known until apply',
            },
        ];
        expect(ownOnly(unknownStandard, policy)).toEqual(expected);
        expect(ownOnly(unknownStandard, policy, {})).toEqual(expected);
    });
});

describe("deliver-logs-client-side", () => {
    const policy = "deliver-logs-client-side";

    test("an ARN unknown at preview with no resource named as its source is undetermined", () => {
        const stack = edit(preview, "vpc-flow", (r) => ({
            ...r,
            propertyDependencies: { vpcId: r.propertyDependencies?.["vpcId"] ?? [] },
        }));
        expect(only(stack, policy)).toEqual([
            {
                resource: "vpc-flow",
                level: "advisory",
                message:
                    'undetermined: flowLog "vpc-flow": its logDestination is not known until apply, and no resource in the stack is named as its source',
            },
        ]);
    });

    test("a destination outside the stack is judged by the account in its ARN", () => {
        const to = (arn: string) => withProps(known, "audit-to-archive", { destinationArn: arn });
        const noc = `arn:aws:logs:us-east-1:${PROVIDER_ACCOUNT}:destination:noc-siem`;
        expect(only(to(noc), policy)).toEqual([
            {
                resource: "audit-to-archive",
                level: "policy",
                message: `logSubscriptionFilter "audit-to-archive" delivers to "${noc}" (destinationArn), which is not in this stack, in provider account ${PROVIDER_ACCOUNT} (providerAccountIds); ${EVIDENCE}`,
            },
        ]);
        expect(only(to(`arn:aws:logs:us-east-1:${CLIENT_ACCOUNT}:destination:siem`), policy)).toEqual([]);
        expect(only(to(noc), policy, {})).toEqual([
            {
                resource: "audit-to-archive",
                level: "advisory",
                message: `undetermined: logSubscriptionFilter "audit-to-archive" delivers to "${noc}" (destinationArn), which is not in this stack, in account ${PROVIDER_ACCOUNT}; configure clientAccountIds or providerAccountIds to judge it`,
            },
        ]);
    });

    test("a bucket outside the stack names no account: undetermined", () => {
        expect(only(withProps(known, "audit", { s3BucketName: "somewhere-else" }), policy)).toEqual([
            {
                resource: "audit",
                level: "advisory",
                message:
                    'undetermined: trail "audit" delivers to "somewhere-else" (s3BucketName), which is not in this stack and names no account to judge it by',
            },
        ]);
    });

    test("a destination with no side", () => {
        const stack = edit(known, "log-archive", (r) => ({ ...r, provider: awsProvider() }));
        expect(only(stack, policy)).toEqual([
            {
                resource: "audit-to-archive",
                level: "policy",
                message: `logSubscriptionFilter "audit-to-archive" delivers to firehoseDeliveryStream "log-archive", which is not shown on the client's side: firehoseDeliveryStream "log-archive" has no demarc:side; ${EVIDENCE}`,
            },
        ]);
    });
});

describe("keep-log-stores-client-side", () => {
    const policy = "keep-log-stores-client-side";

    test("a log store in a provider-tagged subnet of the client's VPC", () => {
        const stack = withProps(known, "logs-a", { tags: { "demarc:zone": "green", "demarc:side": "provider" } });
        expect(only(stack, policy)).toEqual([
            {
                resource: "syslog-1",
                level: "policy",
                message: `instance "syslog-1" holds evidence (demarc:role=log-server) but is not shown on the client's side: instance "syslog-1" is tagged demarc:side=client but sits in subnet "logs-a", which is provider; ${EVIDENCE}`,
            },
        ]);
        expect(only(stack, "refuse-provider-side-log-stores")).toEqual([]);
    });

    test("a bucket that holds evidence only because logs are delivered to it needs the stack to tell", () => {
        const inProviderAccount = {
            ...clientProvider,
            name: "provider-account",
            props: { ...clientProvider.props, allowedAccountIds: [PROVIDER_ACCOUNT] },
        };
        for (const mode of ["known", "preview"] as const) {
            const stack = edit(baseline(mode), "evidence", (r) => ({
                ...r,
                provider: inProviderAccount,
                props: { ...r.props, tags: {} },
            }));
            expect(only(stack, "refuse-provider-side-log-stores")).toEqual([]);
            expect(only(stack, policy)).toEqual([
                {
                    resource: "evidence",
                    level: "policy",
                    message: `bucket "evidence" holds evidence (it receives logs from flowLog "vpc-flow") but is deployed in provider account ${PROVIDER_ACCOUNT} (providerAccountIds), from provider "provider-account" allowedAccountIds; ${EVIDENCE}`,
                },
            ]);
            // Why it holds evidence is a field: the resource of the stack that delivers logs to it.
            expect(evidenced(stack, policy, "evidence").map((f) => [f.kind, f.evidence?.holdsEvidence])).toEqual([
                ["evidence.foreign-account", { because: "receives-logs", from: elementOf(named(stack, "vpc-flow")) }],
            ]);
        }
    });
});

describe("refuse-provider-side-log-stores: a log store that sits in no subnet", () => {
    const policy = "refuse-provider-side-log-stores";

    test("a log-store bucket tagged demarc:side=provider over its provider's client default tags, known and at preview", () => {
        for (const mode of ["known", "preview"] as const) {
            const stack = withProps(baseline(mode), "evidence", {
                tags: { "demarc:role": "log-store", "demarc:side": "provider" },
            });
            expect(ownOnly(stack, policy)).toEqual([
                {
                    resource: "evidence",
                    level: "policy",
                    message: `bucket "evidence" holds evidence (demarc:role=log-store) but is on the provider side (demarc:side=provider, own tag); ${EVIDENCE}`,
                },
            ]);
        }
    });

    test("a subnet in the log-server role takes its side from its VPC: the stack's, not refused on its own", () => {
        const unmarked = { ...clientProvider, props: { region: "us-east-1", allowedAccountIds: [CLIENT_ACCOUNT] } };
        const stack = edit(known, "logs-a", (r) => ({
            ...r,
            provider: unmarked,
            props: { ...r.props, tags: { "demarc:zone": "green", "demarc:role": "log-server" } },
        }));
        expect(only(stack, policy)).toEqual([]);
        expect(only(stack, "keep-log-stores-client-side")).toEqual([]);
        const providerVpc = edit(stack, "main", (r) => ({
            ...r,
            props: { ...r.props, tags: { "demarc:tenant": "acme", "demarc:side": "provider" } },
        }));
        expect(only(providerVpc, policy)).toEqual([]);
        expect(only(providerVpc, "keep-log-stores-client-side").map((f) => [f.resource, f.message])).toContainEqual([
            "logs-a",
            `subnet "logs-a" holds evidence (demarc:role=log-server) but is on the provider side (demarc:side=provider, from vpc "main"); ${EVIDENCE}`,
        ]);
    });

    test("a log group tagged with an invalid side is not shown on the client's side", () => {
        const stack = withProps(known, "audit-logs", { tags: { "demarc:side": "nobody" } });
        expect(ownOnly(stack, policy).map((f) => f.resource)).toEqual(["audit-logs"]);
    });

    test("the account comes from the provider's assumed role, given as JSON text", () => {
        const assuming = {
            ...clientProvider,
            name: "via-role",
            props: {
                ...clientProvider.props,
                allowedAccountIds: undefined,
                assumeRoles: JSON.stringify([{ roleArn: `arn:aws:iam::${PROVIDER_ACCOUNT}:role/deployer` }]),
            },
        };
        const stack = edit(preview, "audit-logs", (r) => ({ ...r, provider: assuming }));
        expect(ownOnly(stack, policy)).toEqual([
            {
                resource: "audit-logs",
                level: "policy",
                message: `logGroup "audit-logs" holds evidence (a log group) but is deployed in provider account ${PROVIDER_ACCOUNT} (providerAccountIds), from provider "via-role" assumeRole.roleArn; ${EVIDENCE}`,
            },
        ]);
    });

    test("the resource's own ARN decides over its provider", () => {
        const stack = withProps(known, "audit-logs", {
            arn: `arn:aws:logs:us-east-1:333333333333:log-group:audit-logs`,
        });
        expect(ownOnly(stack, policy)).toEqual([
            {
                resource: "audit-logs",
                level: "policy",
                message: `logGroup "audit-logs" holds evidence (a log group) but is deployed in account 333333333333, not a client account (clientAccountIds: ${CLIENT_ACCOUNT}), from its ARN; ${EVIDENCE}`,
            },
        ]);
    });

    test("an account not known at preview is undetermined", () => {
        const unknownAccounts = { ...clientProvider, props: { ...clientProvider.props, allowedAccountIds: UNKNOWN } };
        const stack = edit(preview, "audit-logs", (r) => ({ ...r, provider: unknownAccounts }));
        expect(ownOnly(stack, policy)).toEqual([
            {
                resource: "audit-logs",
                level: "advisory",
                message:
                    'undetermined: logGroup "audit-logs" holds evidence (a log group); its account is not known: provider "client" allowedAccountIds are not known until apply',
            },
        ]);
    });

    test("a provider log group tagged as a log relay only forwards: not judged as a store", () => {
        const staging = record(
            T.logGroup,
            "noc-staging",
            { name: "noc-staging", retentionInDays: 1, tags: { "demarc:role": "log-relay" } },
            { provider: nocProvider },
        );
        expect(ownOnly([...known, staging], policy)).toEqual([]);
        expect(ownOnly([...known, staging], "refuse-short-log-retention")).toEqual([]);
        const untagged = { ...staging, props: { ...staging.props, tags: {} } };
        expect(ownOnly([...known, untagged], policy).map((f) => f.message)).toEqual([
            `logGroup "noc-staging" holds evidence (a log group) but is on the provider side (demarc:side=provider, from provider default tags); ${EVIDENCE}`,
            `logGroup "noc-staging" holds evidence (a log group) but is deployed in provider account ${PROVIDER_ACCOUNT} (providerAccountIds), from provider "noc" allowedAccountIds; ${EVIDENCE}`,
        ]);
    });

    test("allowedAccountIds given as JSON text are read", () => {
        const textual = {
            ...nocProvider,
            props: {
                ...nocProvider.props,
                allowedAccountIds: JSON.stringify([PROVIDER_ACCOUNT]),
                defaultTags: clientProvider.props["defaultTags"],
            },
        };
        const stack = edit(preview, "audit-logs", (r) => ({ ...r, provider: textual }));
        expect(ownOnly(stack, policy)).toEqual([
            {
                resource: "audit-logs",
                level: "policy",
                message: `logGroup "audit-logs" holds evidence (a log group) but is deployed in provider account ${PROVIDER_ACCOUNT} (providerAccountIds), from provider "noc" allowedAccountIds; ${EVIDENCE}`,
            },
        ]);
        // Whose the account is, as a field.
        expect(evidenced(stack, policy, "audit-logs").map((f) => [f.kind, f.evidence?.values])).toEqual([
            [
                "evidence.foreign-account",
                [
                    {
                        name: "account",
                        value: PROVIDER_ACCOUNT,
                        from: 'provider "noc" allowedAccountIds',
                        owner: "provider",
                    },
                ],
            ],
        ]);
    });
});

describe("refuse-short-log-retention", () => {
    const policy = "refuse-short-log-retention";

    test("a log group kept for less than logRetentionDays (set on protect-log-stores); never-expiring (0 or unset) is fine", () => {
        expect(ownOnly(withProps(known, "audit-logs", { retentionInDays: 30 }), policy)).toEqual([
            {
                resource: "audit-logs",
                level: "policy",
                message:
                    'logGroup "audit-logs" holds evidence (a log group), but it keeps logs 30 days (retentionInDays), below the minimum of 365 days (logRetentionDays)',
            },
        ]);
        expect(ownOnly(withProps(known, "audit-logs", { retentionInDays: 0 }), policy)).toEqual([]);
        expect(ownOnly(withProps(known, "audit-logs", { retentionInDays: undefined }), policy)).toEqual([]);
        expect(
            ownOnly(withProps(known, "audit-logs", { retentionInDays: 30 }), policy, { logRetentionDays: 30 }),
        ).toEqual([]);
    });

    test("a DELIVERY-class log group keeps its events 2 days, whatever retentionInDays says", () => {
        const delivery = withProps(preview, "audit-logs", { logGroupClass: "DELIVERY", retentionInDays: 400 });
        expect(ownOnly(delivery, policy)).toEqual([
            {
                resource: "audit-logs",
                level: "policy",
                message:
                    'logGroup "audit-logs" holds evidence (a log group), but it is of logGroupClass "DELIVERY", whose events CloudWatch keeps 2 days whatever retentionInDays says, below the minimum of 365 days (logRetentionDays)',
            },
        ]);
        expect(ownOnly(delivery, policy, { logRetentionDays: 2 })).toEqual([]);
        expect(ownOnly(withProps(preview, "audit-logs", { logGroupClass: "INFREQUENT_ACCESS" }), policy)).toEqual([]);
    });

    test("a retention or class not known until apply is undetermined", () => {
        for (const unknown of [{ retentionInDays: UNKNOWN }, { logGroupClass: UNKNOWN }]) {
            expect(ownOnly(withProps(preview, "audit-logs", unknown), policy).map((f) => f.message)).toEqual([
                `undetermined: logGroup "audit-logs" holds evidence (a log group); its ${Object.keys(unknown)[0]} is not known until apply`,
            ]);
        }
    });

    test("the minimum is protect-log-stores' logRetentionDays: a configuration it refuses leaves log groups unjudged, not judged against a default", () => {
        expect(() =>
            refuseShortLogRetention.evaluate(
                withProps(known, "audit-logs", { retentionInDays: 30 }),
                {},
                {
                    "protect-log-stores": { logRetentionDays: 0 },
                },
            ),
        ).toThrow("logRetentionDays is read from protect-log-stores, whose configuration is invalid");
    });
});

/** A BucketV2 log store versioned and object-locked inline, with a default retention of `years`. */
const lockedV2 = (years: number) =>
    record(
        T.bucketV2,
        "evidence-v2",
        {
            bucket: "acme-evidence-v2",
            versionings: [{ enabled: true }],
            objectLockEnabled: true,
            objectLockConfiguration: {
                objectLockEnabled: "Enabled",
                rules: [{ defaultRetentions: [{ mode: "COMPLIANCE", years }] }],
            },
            tags: { "demarc:role": "log-store" },
        },
        { provider: clientProvider },
    );

describe("protect-log-stores", () => {
    const policy = "protect-log-stores";

    test("an object-lock retention shorter than logRetentionDays, and object lock without a default retention", () => {
        expect(
            only(
                withProps(known, "evidence-lock", { rule: { defaultRetention: { mode: "GOVERNANCE", days: 30 } } }),
                policy,
            ),
        ).toEqual([
            {
                resource: "evidence",
                level: "policy",
                message:
                    'bucket "evidence" holds evidence (demarc:role=log-store), but its object-lock default retention is 30 days (bucketObjectLockConfiguration "evidence-lock"), below at least 365 days (logRetentionDays)',
            },
        ]);
        expect(
            only(
                withProps(known, "evidence-lock", { rule: { defaultRetention: { mode: "GOVERNANCE", years: 2 } } }),
                policy,
            ),
        ).toEqual([]);
        expect(only(withProps(known, "evidence-lock", { rule: undefined }), policy)).toEqual([
            {
                resource: "evidence",
                level: "policy",
                message:
                    'bucket "evidence" holds evidence (demarc:role=log-store), but its object lock has no default retention, so the writer decides what may be deleted; set one of at least 365 days (logRetentionDays)',
            },
        ]);
    });

    test("suspended versioning names the status and where it is set", () => {
        expect(
            only(withProps(known, "evidence-versioning", { versioningConfiguration: { status: "Suspended" } }), policy),
        ).toEqual([
            {
                resource: "evidence",
                level: "policy",
                message:
                    'bucket "evidence" holds evidence (demarc:role=log-store), but its versioning is "Suspended" (bucketVersioning "evidence-versioning"), not "Enabled"',
            },
        ]);
    });

    test("a BucketV2 with inline versioning and object lock", () => {
        const v2 = lockedV2(1);
        expect(only([...known, v2], policy)).toEqual([]);
        const unlocked = {
            ...v2,
            props: { ...v2.props, objectLockEnabled: false, objectLockConfiguration: undefined },
        };
        expect(only([...known, unlocked], policy)).toEqual([
            {
                resource: "evidence-v2",
                level: "policy",
                message:
                    'bucketV2 "evidence-v2" holds evidence (demarc:role=log-store), but it has no object lock; enable objectLockEnabled with a default retention of at least 365 days (logRetentionDays)',
            },
        ]);
    });

    test("a versioning resource whose bucket is unknown at preview leaves an unversioned bucket undetermined", () => {
        const stack = edit(preview, "evidence-versioning", (r) => ({ ...r, propertyDependencies: {} }));
        expect(only(stack, policy)).toEqual([
            {
                resource: "evidence",
                level: "advisory",
                message:
                    'undetermined: bucket "evidence" holds evidence (demarc:role=log-store); the bucket of bucketVersioning "evidence-versioning" is not known until apply, so its versioning cannot be told',
            },
        ]);
    });
});

describe("a log store's protection as evidence fields: which protection, each value read on which resource, the minimum", () => {
    const STORE = 'bucket "evidence" holds evidence (demarc:role=log-store)';
    const ref = (records: readonly ResourceRecord[], name: string) => elementOf(named(records, name));
    const minimum = (days: number) => ({ name: "logRetentionDays", value: String(days) });

    test("versioning set by several resources, none Enabled: each status with the resource it was read on", () => {
        const evidence = named(known, "evidence");
        const companion = (name: string, versioningConfiguration: unknown) =>
            record(
                T.bucketVersioning,
                name,
                { bucket: "acme-evidence", versioningConfiguration },
                { provider: clientProvider, refs: { bucket: evidence } },
            );
        const stack = [
            ...withProps(known, "evidence-versioning", { versioningConfiguration: { status: "Suspended" } }),
            companion("evidence-versioning-unset", {}),
            companion("evidence-versioning-number", { status: 3 }),
        ];
        expect(evidenced(stack, "protect-log-stores", "evidence")).toEqual([
            {
                kind: "evidence.unprotected-store",
                level: "policy",
                message: `${STORE}, but its versioning is "Suspended" (bucketVersioning "evidence-versioning"), versioningConfiguration.status is not set (bucketVersioning "evidence-versioning-unset"), versioningConfiguration.status is a number, expected a string (bucketVersioning "evidence-versioning-number"), not "Enabled"`,
                evidence: {
                    element: ref(stack, "evidence"),
                    holdsEvidence: { because: "role", roles: ["log-store"] },
                    protection: { what: "versioning", shortfall: "not-enabled" },
                    values: [
                        {
                            of: ref(stack, "evidence-versioning"),
                            name: "versioningConfiguration.status",
                            value: "Suspended",
                        },
                        { of: ref(stack, "evidence-versioning-unset"), name: "versioningConfiguration.status" },
                        {
                            of: ref(stack, "evidence-versioning-number"),
                            name: "versioningConfiguration.status",
                            invalid: "mistyped",
                            found: "number",
                            allowed: "string",
                        },
                    ],
                },
            },
        ]);
    });

    test("no versioning, and no object lock: the protection, and what the bucket writes in its place", () => {
        const stack = without(
            withProps(known, "evidence", { objectLockEnabled: false }),
            "evidence-versioning",
            "evidence-lock",
        );
        expect(evidenced(stack, "protect-log-stores", "evidence")).toEqual([
            {
                kind: "evidence.unprotected-store",
                level: "policy",
                message: `${STORE}, but it has no versioning, so an overwritten or deleted log is gone`,
                evidence: {
                    element: ref(stack, "evidence"),
                    holdsEvidence: { because: "role", roles: ["log-store"] },
                    protection: { what: "versioning", shortfall: "absent" },
                },
            },
            {
                kind: "evidence.unprotected-store",
                level: "policy",
                message: `${STORE}, but it has no object lock; enable objectLockEnabled with a default retention of at least 365 days (logRetentionDays)`,
                evidence: {
                    element: ref(stack, "evidence"),
                    holdsEvidence: { because: "role", roles: ["log-store"] },
                    protection: { what: "object lock", shortfall: "absent" },
                    values: [{ name: "objectLockEnabled", value: "false" }, minimum(365)],
                },
            },
        ]);
    });

    test("a value written where a flag belongs is no read of it: an object in objectLockEnabled reads as no object lock", () => {
        const stack = without(
            withProps(known, "evidence", { objectLockEnabled: Object.create(null) as object }),
            "evidence-lock",
        );
        expect(evidenced(stack, "protect-log-stores", "evidence").map((f) => [f.kind, f.evidence?.values])).toEqual([
            ["evidence.unprotected-store", [minimum(365)]],
        ]);
    });

    test("an object-lock retention below logRetentionDays: its days and mode where the resource that sets it wrote them", () => {
        const stack = withProps(known, "evidence-lock", {
            rule: { defaultRetention: { mode: "GOVERNANCE", days: 30 } },
        });
        expect(evidenced(stack, "protect-log-stores", "evidence")).toEqual([
            {
                kind: "evidence.unprotected-store",
                level: "policy",
                message: `${STORE}, but its object-lock default retention is 30 days (bucketObjectLockConfiguration "evidence-lock"), below at least 365 days (logRetentionDays)`,
                evidence: {
                    element: ref(stack, "evidence"),
                    holdsEvidence: { because: "role", roles: ["log-store"] },
                    protection: { what: "object lock", shortfall: "too-short" },
                    values: [
                        { of: ref(stack, "evidence-lock"), name: "rule.defaultRetention.days", value: "30" },
                        { of: ref(stack, "evidence-lock"), name: "rule.defaultRetention.mode", value: "GOVERNANCE" },
                        minimum(365),
                    ],
                },
            },
        ]);
        const unset = withProps(known, "evidence-lock", { rule: undefined });
        expect(evidenced(unset, "protect-log-stores", "evidence")).toEqual([
            {
                kind: "evidence.unprotected-store",
                level: "policy",
                message: `${STORE}, but its object lock has no default retention, so the writer decides what may be deleted; set one of at least 365 days (logRetentionDays)`,
                evidence: {
                    element: ref(unset, "evidence"),
                    holdsEvidence: { because: "role", roles: ["log-store"] },
                    protection: { what: "object lock", shortfall: "no-default-retention" },
                    values: [{ of: ref(unset, "evidence-lock"), name: "rule.defaultRetention" }, minimum(365)],
                },
            },
        ]);
    });

    test("a retention the bucket writes inline in years: the years as written, the days the message counts", () => {
        const v2 = lockedV2(2);
        const stack = [...known, v2];
        expect(evidenced(stack, "protect-log-stores", "evidence-v2", { ...CONFIG, logRetentionDays: 800 })).toEqual([
            {
                kind: "evidence.unprotected-store",
                level: "policy",
                message:
                    'bucketV2 "evidence-v2" holds evidence (demarc:role=log-store), but its object-lock default retention is 730 days (its objectLockConfiguration), below at least 800 days (logRetentionDays)',
                evidence: {
                    element: ref(stack, "evidence-v2"),
                    holdsEvidence: { because: "role", roles: ["log-store"] },
                    protection: { what: "object lock", shortfall: "too-short" },
                    values: [
                        { name: "objectLockConfiguration.rules.defaultRetentions.years", value: "2" },
                        { name: "objectLockConfiguration.rules.defaultRetentions.mode", value: "COMPLIANCE" },
                        minimum(800),
                    ],
                },
            },
        ]);
    });

    test("a log group's retention: retentionInDays, a DELIVERY class, a retention of the wrong type", () => {
        const retention = (props: Record<string, unknown>) =>
            evidenced(withProps(known, "audit-logs", props), "refuse-short-log-retention", "audit-logs");
        const LOGS = 'logGroup "audit-logs" holds evidence (a log group)';
        /** The one finding on the log group: its shortfall, what the message says after the store, the values read. */
        const unprotected = (shortfall: string, says: string, values: readonly object[]) => [
            {
                kind: "evidence.unprotected-store",
                level: "policy",
                message: `${LOGS}, but ${says}`,
                evidence: {
                    element: ref(known, "audit-logs"),
                    holdsEvidence: { because: "log-group" },
                    protection: { what: "retention", shortfall },
                    values,
                },
            },
        ];
        expect(retention({ retentionInDays: 30 })).toEqual(
            unprotected(
                "too-short",
                "it keeps logs 30 days (retentionInDays), below the minimum of 365 days (logRetentionDays)",
                [{ name: "retentionInDays", value: "30" }, minimum(365)],
            ),
        );
        expect(retention({ logGroupClass: "delivery" })).toEqual(
            unprotected(
                "delivery-class",
                'it is of logGroupClass "DELIVERY", whose events CloudWatch keeps 2 days whatever retentionInDays says, below the minimum of 365 days (logRetentionDays)',
                [{ name: "logGroupClass", value: "delivery" }, minimum(365)],
            ),
        );
        expect(retention({ retentionInDays: "30" })).toEqual(
            unprotected("mistyped", "retentionInDays is a string, expected a number", [
                { name: "retentionInDays", invalid: "mistyped", found: "string", allowed: "number" },
            ]),
        );
    });

    test("undetermined: the resources whose bucket is not known, or the value not known and the resource it is on", () => {
        const unknownBucket = edit(preview, "evidence-versioning", (r) => ({ ...r, propertyDependencies: {} }));
        expect(evidenced(unknownBucket, "protect-log-stores", "evidence")).toEqual([
            {
                kind: "evidence.protection.undetermined",
                level: "advisory",
                message: `undetermined: ${STORE}; the bucket of bucketVersioning "evidence-versioning" is not known until apply, so its versioning cannot be told`,
                evidence: {
                    element: ref(preview, "evidence"),
                    holdsEvidence: { because: "role", roles: ["log-store"] },
                    protection: { what: "versioning" },
                    unknown: [{ of: ref(preview, "evidence-versioning"), what: "bucket", reason: UNTIL_APPLY }],
                },
            },
        ]);
        const unknownDays = withProps(known, "evidence-lock", {
            rule: { defaultRetention: { mode: "COMPLIANCE", days: UNKNOWN } },
        });
        expect(evidenced(unknownDays, "protect-log-stores", "evidence")).toEqual([
            {
                kind: "evidence.protection.undetermined",
                level: "advisory",
                message: `undetermined: ${STORE}; its object-lock retention (bucketObjectLockConfiguration "evidence-lock") is not known until apply`,
                evidence: {
                    element: ref(known, "evidence"),
                    holdsEvidence: { because: "role", roles: ["log-store"] },
                    protection: { what: "object lock" },
                    unknown: [{ of: ref(known, "evidence-lock"), what: "rule.defaultRetention", reason: UNTIL_APPLY }],
                },
            },
        ]);
        const unknownStatus = withProps(known, "evidence-versioning", { versioningConfiguration: { status: UNKNOWN } });
        expect(evidenced(unknownStatus, "protect-log-stores", "evidence")).toEqual([
            {
                kind: "evidence.protection.undetermined",
                level: "advisory",
                message: `undetermined: ${STORE}; the versioning status of bucketVersioning "evidence-versioning" is not known until apply`,
                evidence: {
                    element: ref(known, "evidence"),
                    holdsEvidence: { because: "role", roles: ["log-store"] },
                    protection: { what: "versioning" },
                    unknown: [
                        {
                            of: ref(known, "evidence-versioning"),
                            what: "versioningConfiguration.status",
                            reason: UNTIL_APPLY,
                        },
                    ],
                },
            },
        ]);
        const unlocked = without(withProps(known, "evidence", { objectLockEnabled: UNKNOWN }), "evidence-lock");
        expect(
            evidenced(unlocked, "protect-log-stores", "evidence").map((f) => [f.message, f.evidence?.unknown]),
        ).toEqual([
            [
                `undetermined: ${STORE}; whether it has object lock is not known until apply`,
                [{ what: "objectLockEnabled", reason: UNTIL_APPLY }],
            ],
        ]);
    });
});

describe("require-vpc-flow-logs", () => {
    test("a flow log whose VPC is unknown at preview leaves the VPC undetermined", () => {
        const stack = edit(preview, "vpc-flow", (r) => ({
            ...r,
            propertyDependencies: { logDestination: r.propertyDependencies?.["logDestination"] ?? [] },
        }));
        expect(only(stack, "require-vpc-flow-logs")).toEqual([
            {
                resource: "main",
                level: "advisory",
                message:
                    'undetermined: vpc "main" may have no flow log: the vpcId of flowLog "vpc-flow" is not known until apply',
            },
        ]);
    });

    test("a subnet flow log does not cover its VPC", () => {
        const stack = withProps(known, "vpc-flow", { vpcId: undefined, subnetId: "subnet-logs" });
        expect(only(stack, "require-vpc-flow-logs").map((f) => f.resource)).toEqual(["main"]);
    });
});

describe("remote access: refuse-remote-access-not-client-managed on a gateway in no subnet, require-client-managed-remote-access on one whose side may come from where it sits", () => {
    const policy = "refuse-remote-access-not-client-managed";
    const stackPolicy = "require-client-managed-remote-access";
    const rule = "the door the provider enters through must be managed by the client (demarc:managed-by=client)";
    const shared = (section: Record<string, unknown>) => ({ "follow-zone-plan": section });
    /** The pack's configuration with the client's plan in the shared section, as the engine gives it to every policy. */
    const withPlan = (records: readonly ResourceRecord[], section: Record<string, unknown>) =>
        [refuseRemoteAccessNotClientManaged, requireClientManagedRemoteAccess].flatMap((p) =>
            p.evaluate(records, {}, shared(section)).map((f) => [p.metadata.name, f.urn.split("::").pop(), f.message]),
        );

    test("the baseline's client-managed Client VPN endpoint: no finding, known or at a first preview", () => {
        expect(ownOnly(known, policy)).toEqual([]);
        expect(ownOnly(preview, policy)).toEqual([]);
    });

    test("a VPN gateway without demarc:managed-by is refused on its own; a bastion in a subnet stays the stack's; the provider's own gateway is not judged", () => {
        const vgw = record(T.vpnGateway, "client-vgw", { vpcId: "vpc-1" }, { provider: clientProvider });
        const bastion = record(
            T.instance,
            "bastion",
            {
                subnetId: "subnet-edge",
                tags: { "demarc:role": "remote-access", "demarc:standard": "2.5", "demarc:managed-by": "globex-noc" },
            },
            { provider: clientProvider },
        );
        const nocVgw = record(
            T.vpnGateway,
            "noc-vgw",
            { tags: { "demarc:managed-by": "provider" } },
            { provider: nocProvider },
        );
        const stack = [...known, vgw, bastion, nocVgw];
        expect(only(stack, policy)).toEqual([
            {
                resource: "client-vgw",
                level: "policy",
                message: `vpnGateway "client-vgw" is a remote-access gateway with no demarc:managed-by; ${rule}`,
            },
        ]);
        expect(only(stack, stackPolicy)).toEqual([
            {
                resource: "bastion",
                level: "policy",
                message: `instance "bastion" is a remote-access gateway with demarc:managed-by="globex-noc" (own tag); ${rule}`,
            },
        ]);
    });

    test("managed-by from the provider's default tags says so", () => {
        const managedByNoc = accountProvider("client", CLIENT_ACCOUNT, "client");
        const tagged = {
            ...managedByNoc,
            props: {
                ...managedByNoc.props,
                defaultTags: JSON.stringify({ tags: { "demarc:side": "client", "demarc:managed-by": "provider" } }),
            },
        };
        const stack = edit(known, "noc-access", (r) => ({ ...r, provider: tagged, props: { ...r.props, tags: {} } }));
        expect(ownOnly(stack, policy).map((f) => f.message)).toEqual([
            `Client VPN endpoint "noc-access" is a remote-access gateway with demarc:managed-by="provider" (from provider default tags); ${rule}`,
        ]);
    });

    test("a Client VPN endpoint on the provider's side by its provider's default tags is the provider's own door: exempt", () => {
        const stack = edit(known, "noc-access", (r) => ({
            ...r,
            provider: nocProvider,
            props: { ...r.props, tags: {} },
        }));
        expect(ownOnly(stack, policy)).toEqual([]);
    });

    test("a Client VPN endpoint tagged demarc:side=provider by its provider, in an account the plan gives the client, is judged", () => {
        const stack = withProps(known, "noc-access", {
            tags: { "demarc:side": "provider", "demarc:managed-by": "provider" },
        });
        const message = `Client VPN endpoint "noc-access" is a remote-access gateway with demarc:managed-by="provider" (own tag); ${rule}`;
        expect(only(stack, policy)).toEqual([]);
        expect(withPlan(stack, { clientAccountIds: [CLIENT_ACCOUNT] })).toEqual([[policy, "noc-access", message]]);
    });

    test("an endpoint's own side=client does not hold against a plan that puts its account on the provider's side", () => {
        const stack = withProps(known, "noc-access", { tags: { "demarc:side": "client" } });
        expect(withPlan(stack, { providerAccountIds: [CLIENT_ACCOUNT] })).toEqual([]);
    });

    test("a customer gateway tagged demarc:role=remote-access, in no subnet, is judged on its own", () => {
        const cgw = record(
            T.customerGateway,
            "noc-cgw",
            { bgpAsn: "65000", ipAddress: "203.0.113.10", type: "ipsec.1", tags: { "demarc:role": "Remote-Access " } },
            { provider: clientProvider },
        );
        expect(ownOnly([...known, cgw], policy)).toEqual([
            {
                resource: "noc-cgw",
                level: "policy",
                message: `customerGateway "noc-cgw" is a remote-access gateway with no demarc:managed-by; ${rule}`,
            },
        ]);
    });

    test("at a first preview, tags not known yet: undetermined on the endpoint, at Analyze", () => {
        const stack = withProps(preview, "noc-access", { tags: UNKNOWN });
        expect(ownOnly(stack, policy)).toEqual([
            {
                resource: "noc-access",
                level: "advisory",
                message: expect.stringMatching(
                    /^undetermined: Client VPN endpoint "noc-access" is a remote-access gateway; who manages it is not known: /,
                ),
            },
        ]);
    });

    test("a bastion whose subnet is not known until apply stays the stack's: its side may come from that subnet", () => {
        const bastion = record(
            T.instance,
            "bastion",
            { subnetId: UNKNOWN, tags: { "demarc:role": "remote-access", "demarc:managed-by": "provider" } },
            { provider: awsProvider() },
        );
        expect(only([...preview, bastion], policy)).toEqual([]);
        expect(only([...preview, bastion], stackPolicy)).toEqual([
            {
                resource: "bastion",
                level: "policy",
                message: `instance "bastion" is a remote-access gateway with demarc:managed-by="provider" (own tag); ${rule}`,
            },
        ]);
    });
});
