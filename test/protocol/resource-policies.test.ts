import * as path from "path";
import { beforeAll, describe, expect, test } from "vitest";
import type { Diagnostic, PolicyPackProcess } from "../../runner/analyzer";
import { findProvider, isProviderType, type CapturedStack } from "../../runner/engine-resource";
import { reconcilePolicyPackConfig } from "../../runner/policy-config";
import { POLICIES } from "../../policy-pack/policies";
import { cachedCapture, captureSample, ROOT } from "../support/captures";
import { SAMPLE_POLICY_CONFIG, sharedSamplePack } from "../support/sample-runs";

const RESOURCE_POLICIES = new Set<string>(POLICIES.filter((p) => p.kind === "resource").map((p) => p.metadata.name));

let pack: PolicyPackProcess;
beforeAll(async () => {
    pack = await sharedSamplePack();
});

interface Run {
    captured: CapturedStack;
    /** Diagnostics of each resource's Analyze call, by resource name. */
    analyze: Map<string, Diagnostic[]>;
    stack: Diagnostic[];
}

/** The engine's calls, with each Analyze call's diagnostics kept apart from AnalyzeStack's. */
async function run(captured: CapturedStack, policyConfig: unknown = SAMPLE_POLICY_CONFIG): Promise<Run> {
    await pack.configureStack({ ...captured, dryRun: captured.preview });
    const reconciled = reconcilePolicyPackConfig(await pack.getAnalyzerInfo(), policyConfig);
    if (!reconciled.ok) throw new Error(reconciled.errors.join("; "));
    await pack.configure(reconciled.config);
    const analyze = new Map<string, Diagnostic[]>();
    for (const resource of captured.resources) {
        const provider = isProviderType(resource.type) ? undefined : findProvider(resource, captured.resources);
        const diagnostics = await pack.analyze(resource, provider);
        if (diagnostics.length > 0) analyze.set(resource.name, diagnostics);
    }
    return { captured, analyze, stack: await pack.analyzeStack(captured.resources) };
}

const nameOf = (urn: string) => urn.split("::").pop();
const lines = (diagnostics: readonly Diagnostic[]) => diagnostics.flatMap((d) => d.message.split("\n"));

/** No finding is reported twice: no message line comes from both Analyze and AnalyzeStack, nor twice from either. */
function expectEachFindingOnce({ analyze, stack }: Run): void {
    const all = [...[...analyze.values()].flat(), ...stack];
    const seen = lines(all);
    expect(seen.length, "a finding reported twice").toBe(new Set(seen).size);
    for (const d of stack) expect(RESOURCE_POLICIES.has(d.policyName), d.policyName).toBe(false);
    for (const d of [...analyze.values()].flat()) expect(RESOURCE_POLICIES.has(d.policyName), d.policyName).toBe(true);
}

describe("resource policies block at Analyze, and each finding comes once per run", () => {
    test("an expired VPN is refused at Analyze, before it would be created; AnalyzeStack does not repeat it", async () => {
        const result = await run(await captureSample({ network: "client", scenario: "vpn-expired", preview: false }));
        expect(result.analyze.get("mssp-vpn")).toEqual([
            expect.objectContaining({
                policyName: "refuse-expired-access",
                enforcementLevel: "mandatory",
                message:
                    'vpnConnection "mssp-vpn" expired 23 days ago (demarc:expires 2026-10-31) [kind: expiry.expired]',
            }),
        ]);
        expect(result.stack.filter((d) => nameOf(d.urn) === "mssp-vpn")).toEqual([]);
        expectEachFindingOnce(result);
    });

    test("an invalid zone value is refused at Analyze on the VPC that carries it; no stack policy repeats it", async () => {
        const result = await run(await captureSample({ network: "client", scenario: "zone-purple", preview: false }));
        expect(result.analyze.get("client-vpc")).toEqual([
            expect.objectContaining({
                policyName: "validate-demarc-tags",
                enforcementLevel: "mandatory",
                message: expect.stringMatching(
                    /^vpc "client-vpc": demarc:zone is "purple"; allowed: red, yellow, green \[kind: tag\.invalid-value\]$/,
                ),
            }),
        ]);
        expect(lines(result.stack).filter((m) => m.includes("purple"))).toEqual([]);
        expectEachFindingOnce(result);
    });

    test("an expiry that is not a date is a tag-value finding at Analyze; require-access-expiry does not call it missing", async () => {
        const result = await run(
            await captureSample({ network: "client", scenario: "vpn-expiry-bad-format", preview: false }),
        );
        expect(result.analyze.get("mssp-vpn")?.map((d) => [d.policyName, d.enforcementLevel])).toEqual([
            ["validate-demarc-tags", "mandatory"],
        ]);
        expect(result.stack.filter((d) => nameOf(d.urn) === "mssp-vpn")).toEqual([]);
        expectEachFindingOnce(result);
    });

    test("access near expiry warns at Analyze, as advisory, once", async () => {
        const result = await run(await captureSample({ network: "client", preview: false }));
        expect(result.analyze.get("mssp-client-vpn")).toEqual([
            expect.objectContaining({
                policyName: "refuse-expired-access",
                enforcementLevel: "advisory",
                message: expect.stringMatching(
                    /expires in 17 days \(demarc:expires 2026-12-10\) \[kind: expiry\.expiring-soon\]$/,
                ),
            }),
        ]);
        expect([...result.analyze.keys()]).toEqual(["mssp-client-vpn"]);
        expectEachFindingOnce(result);
    });

    test("a first preview: the same Analyze findings, and what is undetermined is reported once", async () => {
        const result = await run(await captureSample({ network: "client", scenario: "vpn-expired", preview: true }));
        expect(result.analyze.get("mssp-vpn")?.map((d) => d.policyName)).toEqual(["refuse-expired-access"]);
        expectEachFindingOnce(result);
    });

    test("a remediate level counts as mandatory, for resource and stack policies alike, as the engine counts it", async () => {
        const remediate = { ...SAMPLE_POLICY_CONFIG, all: "remediate" };
        const expired = await run(
            await captureSample({ network: "client", scenario: "vpn-expired", preview: false }),
            remediate,
        );
        expect(expired.analyze.get("mssp-vpn")?.map((d) => d.enforcementLevel)).toEqual(["mandatory"]);
        const untagged = await run(
            await captureSample({ network: "client", scenario: "missing-zone-tag", preview: false }),
            remediate,
        );
        expect(
            untagged.stack.filter((d) => nameOf(d.urn) === "data-b").map((d) => [d.policyName, d.enforcementLevel]),
        ).toEqual([["require-demarc-tags", "mandatory"]]);
    });

    const ADMIN_RULE = "a role the provider assumes must not hold administrator rights";
    const REFUSED_AT_ANALYZE = [
        {
            scenario: "log-group-short-retention",
            resource: "client-vpn-connection-logs",
            policy: "refuse-short-log-retention",
            stackTwin: "protect-log-stores",
            kind: "evidence.unprotected-store",
            message:
                'logGroup "client-vpn-connection-logs" holds evidence (demarc:role=log-store), but it keeps logs 30 days (retentionInDays), below the minimum of 365 days (logRetentionDays)',
        },
        {
            scenario: "log-group-in-provider-account",
            resource: "client-vpn-connection-logs",
            policy: "refuse-provider-side-log-stores",
            stackTwin: "keep-log-stores-client-side",
            kind: "evidence.foreign-account",
            message:
                "logGroup \"client-vpn-connection-logs\" holds evidence (demarc:role=log-store) but is on the provider side (demarc:side=provider, from the client's plan: provider account 222222222222 (providerAccountIds)); evidence must stay on the client's side [kind: evidence.provider-side]\n" +
                'logGroup "client-vpn-connection-logs" holds evidence (demarc:role=log-store) but is deployed in provider account 222222222222 (providerAccountIds), from provider "mssp-account" allowedAccountIds; evidence must stay on the client\'s side',
        },
        {
            scenario: "provider-role-inline-admin",
            resource: "mssp-operator",
            policy: "refuse-provider-admin-roles",
            stackTwin: "limit-provider-role-permissions",
            kind: "duty.provider-role-admin",
            message: `role "mssp-operator" can be assumed by provider account 222222222222 (Principal "arn:aws:iam::222222222222:root") and carries Action "iam:*" on Resource "*" (every IAM action, with which it can grant itself anything) (inline policy "break-glass"); ${ADMIN_RULE}`,
        },
        {
            scenario: "provider-role-without-expiry",
            resource: "mssp-operator",
            policy: "refuse-open-ended-access",
            stackTwin: "require-access-expiry",
            kind: "expiry.missing-tag",
            message:
                'role "mssp-operator" (trusts account 222222222222) has no demarc:expires; third-party access needs an ISO date YYYY-MM-DD, the last day the access is valid (e.g. 2027-06-30)',
        },
        {
            scenario: "firewall-outdated-standard",
            resource: "fw-b",
            policy: "refuse-outdated-standard",
            stackTwin: "require-current-standard",
            kind: "standard.outdated",
            message:
                'instance "fw-b" (demarc:role=firewall) is built to standard 2.3 (demarc:standard, own tag), older than the current 2.5 (currentStandard setting)',
        },
    ] as const;

    test.each(REFUSED_AT_ANALYZE.flatMap((c) => [false, true].map((preview) => ({ ...c, preview }))))(
        "$scenario (preview: $preview): refused by $policy at the Analyze call of $resource; $stackTwin does not repeat it",
        async ({ scenario, resource, policy, stackTwin, kind, message, preview }) => {
            const result = await run(await captureSample({ network: "client", scenario, preview }));
            expect(result.analyze.get(resource)).toEqual([
                expect.objectContaining({
                    policyName: policy,
                    enforcementLevel: "mandatory",
                    message: `${message} [kind: ${kind}]`,
                }),
            ]);
            expect(result.stack.filter((d) => nameOf(d.urn) === resource)).toEqual([]);
            // A first preview adds the stack's own undetermined findings on other resources (PREVIEW_FINDINGS), nothing on this one.
            if (!preview) expect(result.stack.filter((d) => d.policyName === stackTwin)).toEqual([]);
            expectEachFindingOnce(result);
        },
    );

    test("with no currentStandard configured, the firewall behind the stack's newest standard is the stack's finding, not Analyze's", async () => {
        const { "require-current-standard": _, ...unconfigured } = SAMPLE_POLICY_CONFIG as Record<string, unknown>;
        const result = await run(
            await captureSample({ network: "client", scenario: "firewall-outdated-standard", preview: false }),
            unconfigured,
        );
        expect(result.analyze.get("fw-b")).toBeUndefined();
        expect(result.stack.filter((d) => nameOf(d.urn) === "fw-b")).toEqual([
            expect.objectContaining({
                policyName: "require-current-standard",
                enforcementLevel: "mandatory",
                message: expect.stringMatching(
                    /^instance "fw-b" \(demarc:role=firewall\) is built to standard 2\.3 \(demarc:standard, own tag\), older than the current 2\.5 \(the newest in the stack, on .+\) \[kind: standard\.outdated\]$/,
                ),
            }),
        ]);
        expectEachFindingOnce(result);
    });

    const MANAGED_RULE =
        "the door the provider enters through must be managed by the client (demarc:managed-by=client)";

    test.each([false, true])(
        "a Client VPN endpoint managed by the provider (preview: %s) is refused at its Analyze call; require-client-managed-remote-access does not repeat it",
        async (preview) => {
            const result = await run(
                await captureSample({ network: "client", scenario: "client-vpn-managed-by-provider", preview }),
            );
            expect(result.analyze.get("mssp-client-vpn")).toEqual([
                expect.objectContaining({ policyName: "refuse-expired-access", enforcementLevel: "advisory" }),
                expect.objectContaining({
                    policyName: "refuse-remote-access-not-client-managed",
                    enforcementLevel: "mandatory",
                    message: `Client VPN endpoint "mssp-client-vpn" is a remote-access gateway with demarc:managed-by="provider" (own tag); ${MANAGED_RULE} [kind: duty.remote-access-not-client-managed]`,
                }),
            ]);
            expect(result.stack.filter((d) => nameOf(d.urn) === "mssp-client-vpn")).toEqual([]);
            expect(result.stack.filter((d) => d.policyName === "require-client-managed-remote-access")).toEqual([]);
            expectEachFindingOnce(result);
        },
    );

    test("a bastion in a subnet managed by the provider stays the stack's: its side may come from its subnet", async () => {
        const result = await run(
            await captureSample({ network: "client", scenario: "remote-access-managed-by-provider", preview: false }),
        );
        expect(result.analyze.get("bastion")).toBeUndefined();
        expect(result.stack.filter((d) => nameOf(d.urn) === "bastion")).toEqual([
            expect.objectContaining({
                policyName: "require-client-managed-remote-access",
                enforcementLevel: "mandatory",
                message: `instance "bastion" is a remote-access gateway with demarc:managed-by="provider" (own tag); ${MANAGED_RULE} [kind: duty.remote-access-not-client-managed]`,
            }),
        ]);
        expectEachFindingOnce(result);
    });

    const untaggedNetwork = (preview: boolean) =>
        cachedCapture({
            program: path.join(ROOT, "test", "fixtures", "programs", "zone-plan"),
            project: "zone-plan",
            stack: "untagged",
            config: { "zone-plan:variant": "untagged", "aws:region": "eu-west-1" },
            preview,
        });

    test.each([false, true])(
        "an internet gateway with no side from its tags, its provider or a plan (preview: %s) is refused at its Analyze call by require-demarc-side; require-demarc-tags does not repeat it",
        async (preview) => {
            const result = await run(await untaggedNetwork(preview), {});
            expect(result.analyze.get("core-igw")).toEqual([
                expect.objectContaining({
                    policyName: "require-demarc-side",
                    enforcementLevel: "mandatory",
                    message:
                        'internetGateway "core-igw" has no demarc:side; allowed: client, provider [kind: tag.missing]',
                }),
            ]);
            expect(result.stack.filter((d) => nameOf(d.urn) === "core-igw")).toEqual([]);
            // The places that inherit down the network (the VPC, its subnets) keep their missing side in the stack.
            expect(
                result.stack
                    .filter((d) => d.policyName === "require-demarc-tags")
                    .map((d) => nameOf(d.urn))
                    .sort(),
            ).toEqual(["app-a", "core-vpc", "dmz-a", "edge-a"]);
            expectEachFindingOnce(result);
        },
    );

    test.each([false, true])(
        "a log group in the provider's account tagged side=client against the client's plan (preview: %s) is refused at its Analyze call; follow-zone-plan does not repeat it",
        async (preview) => {
            const claimed = await cachedCapture({
                program: path.join(ROOT, "test", "fixtures", "programs", "zone-plan"),
                project: "zone-plan",
                stack: "log-store-claimed",
                config: { "zone-plan:variant": "log-store-claimed", "aws:region": "eu-west-1" },
                preview,
            });
            const plan = {
                "follow-zone-plan": {
                    asOf: "2026-11-23",
                    clientAccountIds: ["111111111111"],
                    providerAccountIds: ["222222222222"],
                },
            };
            const result = await run(claimed, plan);
            expect(
                result.analyze.get("noc-log-group")?.filter((d) => d.policyName === "refuse-tags-against-plan"),
            ).toEqual([
                expect.objectContaining({
                    enforcementLevel: "mandatory",
                    message:
                        'logGroup "noc-log-group" is tagged demarc:side="client" (own tag), but the client\'s plan says provider, from provider account 222222222222 (providerAccountIds) [kind: plan.tag-disagrees]',
                }),
            ]);
            expect(result.stack.filter((d) => nameOf(d.urn) === "noc-log-group")).toEqual([]);
            expectEachFindingOnce(result);
        },
    );

    test("the client's plan naming the gateway's account gives it its side: no finding at Analyze", async () => {
        const plan = { "follow-zone-plan": { asOf: "2026-11-23", clientAccountIds: ["111111111111"] } };
        const result = await run(await untaggedNetwork(false), plan);
        expect(result.analyze.get("core-igw")).toBeUndefined();
        expect(result.stack.filter((d) => nameOf(d.urn) === "core-igw")).toEqual([]);
    });

    test("administrator rights attached by a separate resource stay the stack's: AnalyzeStack reports them on the attachment, Analyze does not", async () => {
        const result = await run(
            await captureSample({ network: "client", scenario: "provider-role-admin", preview: false }),
        );
        expect(result.analyze.get("mssp-operator")).toBeUndefined();
        expect(result.analyze.get("mssp-operator-admin")).toBeUndefined();
        expect(result.stack.filter((d) => nameOf(d.urn) === "mssp-operator-admin")).toEqual([
            expect.objectContaining({
                policyName: "limit-provider-role-permissions",
                enforcementLevel: "mandatory",
                message: `role "mssp-operator" can be assumed by provider account 222222222222 (Principal "arn:aws:iam::222222222222:root") and carries AdministratorAccess (attached by rolePolicyAttachment "mssp-operator-admin"); ${ADMIN_RULE} [kind: duty.provider-role-admin]`,
            }),
        ]);
        expectEachFindingOnce(result);
    });
});
