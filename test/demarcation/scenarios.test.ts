import { describe, expect, test } from "vitest";
import { T } from "../../lib/aws-types";
import type { ResourceRecord } from "../../lib/resource";
import { record, UNKNOWN } from "../support/records";
import { edit, named, withProps, without } from "../support/mutators";
import {
    baseline,
    clientProvider,
    CONFIG,
    EVIDENCE_ARN,
    findingsOf,
    nocProvider,
    PROVIDER_ACCOUNT,
    type Mode,
} from "./stack";

const EVIDENCE = "evidence must stay on the client's side";
const MODES: Mode[] = ["known", "preview"];
const known = (mode: Mode, value: string) => (mode === "known" ? value : UNKNOWN);

/** The provider's own network: a VPC with a flow log into the client's evidence bucket, and one subnet. */
function providerNetwork(mode: Mode, records: readonly ResourceRecord[]): ResourceRecord[] {
    const vpc = record(
        T.vpc,
        "noc",
        { id: known(mode, "vpc-noc"), cidrBlock: "10.9.0.0/16", tags: { "demarc:tenant": "shared" } },
        { provider: nocProvider },
    );
    const subnet = record(
        T.subnet,
        "noc-a",
        {
            id: known(mode, "subnet-noc"),
            vpcId: known(mode, "vpc-noc"),
            cidrBlock: "10.9.1.0/24",
            tags: { "demarc:zone": "yellow" },
        },
        { provider: nocProvider, refs: { vpcId: vpc } },
    );
    const flowLog = record(
        T.flowLog,
        "noc-flow",
        { vpcId: known(mode, "vpc-noc"), logDestinationType: "s3", logDestination: known(mode, EVIDENCE_ARN) },
        { provider: nocProvider, refs: { vpcId: vpc, logDestination: named(records, "evidence") } },
    );
    return [vpc, subnet, flowLog];
}

describe.each(MODES)("demarcation scenarios (%s)", (mode) => {
    const stack = baseline(mode);

    test("the compliant baseline has no finding", () => {
        expect(findingsOf(stack)).toEqual([]);
    });

    test("a log server in the provider's VPC", () => {
        const network = providerNetwork(mode, stack);
        const moved = edit([...stack, ...network], "syslog-1", (r) => ({
            ...r,
            provider: nocProvider,
            props: { ...r.props, subnetId: known(mode, "subnet-noc") },
            propertyDependencies: { subnetId: [named(network, "noc-a").urn] },
        }));
        expect(findingsOf(moved)).toEqual([
            {
                policy: "keep-log-stores-client-side",
                resource: "syslog-1",
                level: "policy",
                message: `instance "syslog-1" holds evidence (demarc:role=log-server) but is on the provider side (demarc:side=provider, from subnet "noc-a"); ${EVIDENCE}`,
            },
            {
                policy: "keep-log-stores-client-side",
                resource: "syslog-1",
                level: "policy",
                message: `instance "syslog-1" holds evidence (demarc:role=log-server) but is deployed in provider account 222222222222 (providerAccountIds), from provider "noc" allowedAccountIds; ${EVIDENCE}`,
            },
        ]);
    });

    test("a log relay in the provider's VPC forwards and stores nothing: no finding", () => {
        const network = providerNetwork(mode, stack);
        const relay = record(
            T.instance,
            "noc-relay",
            { subnetId: known(mode, "subnet-noc"), tags: { "demarc:role": "log-relay" } },
            { provider: nocProvider, refs: { subnetId: named(network, "noc-a") } },
        );
        expect(findingsOf([...stack, ...network, relay])).toEqual([]);
    });

    test("flow logs delivered to the provider's bucket", () => {
        const nocLogs = record(
            T.bucket,
            "noc-logs",
            { bucket: "noc-logs", arn: known(mode, "arn:aws:s3:::noc-logs"), tags: { "demarc:side": "provider" } },
            { provider: nocProvider },
        );
        const redirected = edit([...stack, nocLogs], "vpc-flow", (r) => ({
            ...r,
            props: { ...r.props, logDestination: known(mode, "arn:aws:s3:::noc-logs") },
            propertyDependencies: { ...r.propertyDependencies, logDestination: [nocLogs.urn] },
        }));
        expect(findingsOf(redirected)).toEqual([
            {
                policy: "deliver-logs-client-side",
                resource: "vpc-flow",
                level: "policy",
                message: `flowLog "vpc-flow" delivers to bucket "noc-logs", which is on the provider side (demarc:side=provider, own tag); ${EVIDENCE}`,
            },
        ]);
    });

    test("flow logs delivered to a client bucket that is not tagged as a log store: it holds evidence and must be protected", () => {
        const archive = record(T.bucket, "archive", { bucket: "archive", arn: known(mode, "arn:aws:s3:::archive") });
        const redirected = edit([...stack, archive], "vpc-flow", (r) => ({
            ...r,
            props: { ...r.props, logDestination: known(mode, "arn:aws:s3:::archive") },
            propertyDependencies: { ...r.propertyDependencies, logDestination: [archive.urn] },
        }));
        const store = 'bucket "archive" holds evidence (it receives logs from flowLog "vpc-flow")';
        expect(findingsOf(redirected).filter((f) => f.policy === "protect-log-stores")).toEqual([
            {
                policy: "protect-log-stores",
                resource: "archive",
                level: "policy",
                message: `${store}, but it has no versioning, so an overwritten or deleted log is gone`,
            },
            {
                policy: "protect-log-stores",
                resource: "archive",
                level: "policy",
                message: `${store}, but it has no object lock; enable objectLockEnabled with a default retention of at least 365 days (logRetentionDays)`,
            },
        ]);
    });

    test("a VPC without flow logs", () => {
        expect(findingsOf(without(stack, "vpc-flow"))).toEqual([
            {
                policy: "require-vpc-flow-logs",
                resource: "main",
                level: "policy",
                message:
                    'vpc "main" has no flow log: no flowLog in the stack has it as its vpcId; without flow logs there is no evidence of what crossed it',
            },
        ]);
    });

    test("a log bucket without versioning", () => {
        expect(findingsOf(without(stack, "evidence-versioning"))).toEqual([
            {
                policy: "protect-log-stores",
                resource: "evidence",
                level: "policy",
                message:
                    'bucket "evidence" holds evidence (demarc:role=log-store), but it has no versioning, so an overwritten or deleted log is gone',
            },
        ]);
    });

    test("remote access managed by the provider", () => {
        expect(findingsOf(withProps(stack, "noc-access", { tags: { "demarc:managed-by": "provider" } }))).toEqual([
            {
                policy: "refuse-remote-access-not-client-managed",
                resource: "noc-access",
                level: "policy",
                message:
                    'Client VPN endpoint "noc-access" is a remote-access gateway with demarc:managed-by="provider" (own tag); the door the provider enters through must be managed by the client (demarc:managed-by=client)',
            },
        ]);
    });

    test("a role the provider assumes, with AdministratorAccess attached", () => {
        const admin = record(
            T.iamRolePolicyAttachment,
            "noc-operator-admin",
            { role: known(mode, "noc-operator"), policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" },
            { provider: clientProvider, refs: { role: named(stack, "noc-operator") } },
        );
        expect(findingsOf([...stack, admin])).toEqual([
            {
                policy: "limit-provider-role-permissions",
                resource: "noc-operator-admin",
                level: "policy",
                message: `role "noc-operator" can be assumed by provider account ${PROVIDER_ACCOUNT} (Principal "arn:aws:iam::${PROVIDER_ACCOUNT}:root") and carries AdministratorAccess (attached by rolePolicyAttachment "noc-operator-admin"); a role the provider assumes must not hold administrator rights`,
            },
        ]);
    });

    test("one firewall on standard 2.3 while the rest run 2.5", () => {
        expect(
            findingsOf(withProps(stack, "fw-2", { tags: { "demarc:role": "firewall", "demarc:standard": "2.3" } })),
        ).toEqual([
            {
                policy: "refuse-outdated-standard",
                resource: "fw-2",
                level: "policy",
                message:
                    'instance "fw-2" (demarc:role=firewall) is built to standard 2.3 (demarc:standard, own tag), older than the current 2.5 (currentStandard setting)',
            },
        ]);
    });

    test("with no current standard configured, the firewall behind the newest one in the stack", () => {
        const outdated = withProps(stack, "fw-2", { tags: { "demarc:role": "firewall", "demarc:standard": "2.3" } });
        const { currentStandard: _, ...unconfigured } = CONFIG;
        expect(findingsOf(outdated, unconfigured)).toEqual([
            {
                policy: "require-current-standard",
                resource: "fw-2",
                level: "policy",
                message:
                    'instance "fw-2" (demarc:role=firewall) is built to standard 2.3 (demarc:standard, own tag), older than the current 2.5 (the newest in the stack, on instance "fw-1")',
            },
        ]);
    });

    test("the audit log group kept 30 days", () => {
        expect(findingsOf(withProps(stack, "audit-logs", { retentionInDays: 30 }))).toEqual([
            {
                policy: "refuse-short-log-retention",
                resource: "audit-logs",
                level: "policy",
                message:
                    'logGroup "audit-logs" holds evidence (a log group), but it keeps logs 30 days (retentionInDays), below the minimum of 365 days (logRetentionDays)',
            },
        ]);
    });

    test("the role the provider assumes, with an inline policy allowing iam:* and AdministratorAccess attached: each grant once, by the policy that sees it", () => {
        const breakGlass = {
            name: "break-glass",
            policy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: "iam:*", Resource: "*" }] }),
        };
        const admin = record(
            T.iamRolePolicyAttachment,
            "noc-operator-admin",
            { role: known(mode, "noc-operator"), policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" },
            { provider: clientProvider, refs: { role: named(stack, "noc-operator") } },
        );
        const inline = withProps(stack, "noc-operator", {
            inlinePolicies: [...(named(stack, "noc-operator").props["inlinePolicies"] as unknown[]), breakGlass],
        });
        const who = `role "noc-operator" can be assumed by provider account ${PROVIDER_ACCOUNT} (Principal "arn:aws:iam::${PROVIDER_ACCOUNT}:root")`;
        expect(findingsOf([...inline, admin])).toEqual([
            {
                policy: "refuse-provider-admin-roles",
                resource: "noc-operator",
                level: "policy",
                message: `${who} and carries Action "iam:*" on Resource "*" (every IAM action, with which it can grant itself anything) (inline policy "break-glass"); a role the provider assumes must not hold administrator rights`,
            },
            {
                policy: "limit-provider-role-permissions",
                resource: "noc-operator-admin",
                level: "policy",
                message: `${who} and carries AdministratorAccess (attached by rolePolicyAttachment "noc-operator-admin"); a role the provider assumes must not hold administrator rights`,
            },
        ]);
    });
});
