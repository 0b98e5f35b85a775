import * as path from "path";
import { beforeAll, describe, expect, test } from "vitest";
import type { PolicyPackProcess } from "../../runner/analyzer";
import type { CapturedStack } from "../../runner/engine-resource";
import { cachedCapture, ROOT } from "../support/captures";
import { findingsOver, sharedSamplePack } from "../support/sample-runs";

/** The client's plan for the zone-plan fixture network, as the client writes it: one shared section. */
const PLAN = {
    "follow-zone-plan": {
        asOf: "2026-11-23",
        clientAccountIds: ["111111111111"],
        providerAccountIds: ["222222222222"],
        zonePlan: {
            ranges: [
                { cidr: "10.0.0.0/23", zone: "red" },
                { cidr: "10.0.10.0/23", zone: "yellow" },
                { cidr: "10.0.20.0/22", zone: "green" },
            ],
            vpcs: [{ vpc: "core", tenant: "acme" }],
        },
    },
};

type Variant = "tagged" | "retagged" | "untagged" | "log-store-claimed" | "peerings";

let pack: PolicyPackProcess;
const captured = new Map<string, CapturedStack>();

function capture(variant: Variant, preview = false): Promise<CapturedStack> {
    return cachedCapture({
        program: path.join(ROOT, "test", "fixtures", "programs", "zone-plan"),
        project: "zone-plan",
        stack: variant,
        config: { "zone-plan:variant": variant, "aws:region": "eu-west-1" },
        preview,
    });
}

beforeAll(async () => {
    pack = await sharedSamplePack();
    const variants: Variant[] = ["tagged", "retagged", "untagged", "log-store-claimed", "peerings"];
    const stacks = await Promise.all(variants.map((v) => capture(v)));
    variants.forEach((v, i) => captured.set(v, stacks[i]));
    captured.set("untagged-preview", await capture("untagged", true));
});

async function judged(stack: string, config: unknown) {
    const { diagnostics } = await findingsOver(pack, captured.get(stack)!, config);
    return diagnostics.map((d) => ({
        policy: d.policyName,
        resource: d.urn.split("::").pop(),
        level: d.enforcementLevel,
        message: d.message,
    }));
}
const which = (findings: { policy: string; resource?: string; level: string }[]) =>
    findings.map((f) => [f.policy, f.resource, f.level]).sort();

const NO_FLOW_LOGS = ["require-vpc-flow-logs", "core-vpc", "mandatory"];
const ROUTE_TO_RED =
    'route "app-default-route" lets subnet "app-a" (green, tenant acme) reach the internet through internet gateway "core-igw" (red)';

describe("the client's plan over the analyzer protocol", () => {
    test("tags that agree with the plan: the same findings as the tags alone", async () => {
        expect(which(await judged("tagged", {}))).toEqual([NO_FLOW_LOGS]);
        expect(which(await judged("tagged", PLAN))).toEqual([NO_FLOW_LOGS]);
    });

    test("the provider re-tags the green subnet yellow and routes it to the internet: caught from the plan", async () => {
        expect(which(await judged("retagged", {}))).toEqual([NO_FLOW_LOGS]);
        const findings = await judged("retagged", PLAN);
        expect(which(findings)).toEqual([
            ["follow-zone-plan", "app-a", "mandatory"],
            ["forbid-red-green-paths", "app-default-route", "mandatory"],
            NO_FLOW_LOGS,
        ]);
        expect(findings.find((f) => f.policy === "follow-zone-plan")?.message).toBe(
            'subnet "app-a" is tagged demarc:zone="yellow" (own tag), but the client\'s plan says green, from 10.0.20.0/22 (zonePlan.ranges[2]) [kind: plan.tag-disagrees]',
        );
        expect(findings.find((f) => f.policy === "forbid-red-green-paths")?.message).toContain(ROUTE_TO_RED);
    });

    test("an untagged network is judged for red-green paths from the plan alone", async () => {
        // Without the plan no zone is known: the routes to the internet gateway are undetermined, never silent.
        // The internet gateway sits in no subnet: its missing side is refused at its own Analyze call, by require-demarc-side.
        const unplanned = await judged("untagged", {});
        expect(which(unplanned)).toEqual([
            ["forbid-red-green-paths", "app-default-route", "advisory"],
            ["forbid-red-green-paths", "edge-default-route", "advisory"],
            ["require-demarc-side", "core-igw", "mandatory"],
            ["require-demarc-tags", "app-a", "mandatory"],
            ["require-demarc-tags", "core-vpc", "mandatory"],
            ["require-demarc-tags", "dmz-a", "mandatory"],
            ["require-demarc-tags", "edge-a", "mandatory"],
            NO_FLOW_LOGS,
        ]);
        expect(unplanned.filter((f) => f.resource === "core-igw").map((f) => f.message)).toEqual([
            'internetGateway "core-igw" has no demarc:side; allowed: client, provider [kind: tag.missing]',
        ]);
        const findings = await judged("untagged", PLAN);
        expect(which(findings)).toEqual([["forbid-red-green-paths", "app-default-route", "mandatory"], NO_FLOW_LOGS]);
        expect(findings[0].message).toContain(ROUTE_TO_RED);
    });

    test("at a first preview, with every id unknown, the plan still places the untagged network", async () => {
        const findings = await judged("untagged-preview", PLAN);
        expect(which(findings)).toEqual([["forbid-red-green-paths", "app-default-route", "mandatory"], NO_FLOW_LOGS]);
    });

    test("a log store in the provider's account tagged side=client is caught", async () => {
        const findings = await judged("log-store-claimed", PLAN);
        expect(which(findings)).toEqual([
            ["refuse-provider-side-log-stores", "noc-log-group", "mandatory"],
            ["refuse-tags-against-plan", "noc-log-group", "mandatory"],
            NO_FLOW_LOGS,
        ]);
        expect(findings.find((f) => f.policy === "refuse-tags-against-plan")?.message).toBe(
            'logGroup "noc-log-group" is tagged demarc:side="client" (own tag), but the client\'s plan says provider, from provider account 222222222222 (providerAccountIds) [kind: plan.tag-disagrees]',
        );
    });

    test("an internal peering is not third-party access and a cross-account one is", async () => {
        const findings = await judged("peerings", PLAN);
        expect(which(findings)).toEqual([
            ["require-access-expiry", "partner-peering", "mandatory"],
            NO_FLOW_LOGS,
            ["require-vpc-flow-logs", "shared-vpc", "mandatory"],
        ]);
        expect(findings.find((f) => f.policy === "require-access-expiry")?.message).toBe(
            'vpcPeeringConnection "partner-peering" (joins account 444444444444, not a client account) has no demarc:expires; ' +
                "third-party access needs an ISO date YYYY-MM-DD, the last day the access is valid (e.g. 2027-06-30) [kind: expiry.missing-tag]\n" +
                'vpcPeeringConnection "partner-peering" (joins account 444444444444, not a client account) has no demarc:owner; ' +
                "third-party access needs a team or contract reference [kind: expiry.missing-tag]",
        );
    });

    test("Configure refuses a plan whose overlapping ranges say different zones, naming both", async () => {
        const overlapping = structuredClone(PLAN);
        overlapping["follow-zone-plan"].zonePlan.ranges.push({ cidr: "10.0.20.0/24", zone: "yellow" });
        await expect(judged("tagged", overlapping)).rejects.toThrow(
            "follow-zone-plan: 10.0.20.0/24 (zonePlan.ranges[3]), zone yellow, overlaps 10.0.20.0/22 (zonePlan.ranges[2]), zone green",
        );
    });
});
