import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { decodeFindings } from "../../lib/findings";
import { TIMINGS_VARIABLE } from "../../policy-pack/engine-hooks";
import { POLICIES } from "../../policy-pack/policies";
import { PolicyPackProcess, type Diagnostic } from "../../runner/analyzer";
import { asEngineResources } from "../../runner/engine-resource";
import { threeZones } from "../network/fixture";
import { PACK_DIR } from "../support/sample-runs";

/**
 * Each AnalyzeStack request is analysed once, from its own resources: every stack policy of the request judges
 * the same decoded resources, index, placement and network model, and no request sees another's.
 */
const STACK_POLICIES = POLICIES.filter((p) => p.kind === "stack").map((p) => p.metadata.name);

/** The compliant three-zone network, and the same network whose green app group admits the red load balancers. */
function networks() {
    const compliant = threeZones();
    const breached = threeZones();
    breached.change("proxy-to-app-in", { referencedSecurityGroupId: breached.id("alb-sg") });
    return { compliant: asEngineResources(compliant.records), breached: asEngineResources(breached.records) };
}

const judged = (diagnostics: readonly Diagnostic[]) =>
    diagnostics
        .flatMap((d) =>
            decodeFindings(d.message).map((f) => [d.policyName, d.urn.split("::").pop(), f.kind, f.message]),
        )
        .sort((a, b) => a.join(" ").localeCompare(b.join(" ")));

/** What the pack finds on either network, whichever it judged before. */
const FLOW_LOGS = [
    "require-vpc-flow-logs",
    "core",
    "evidence.no-flow-log",
    'vpc "core" has no flow log: no flowLog in the stack has it as its vpcId; without flow logs there is no evidence of what crossed it',
];
const COMPLIANT = [FLOW_LOGS];
const BREACHED = [
    [
        "forbid-red-green-paths",
        "proxy-to-app-in",
        "zone.red-green.rule",
        'security group rule "proxy-to-app-in" admits security group "alb-sg" (red, tenant acme) to security group "app-sg" (green, tenant acme) on tcp 8443: red reaches green directly; route it through yellow',
    ],
    FLOW_LOGS,
];

/** Each request's steps, from the timings the pack writes: how often each was built, and each policy judged. */
function stepsPerRequest(stderr: string): Record<string, number>[] {
    return stderr
        .split("\n")
        .filter((line) => line.startsWith("demarc AnalyzeStack: "))
        .map((line) => {
            const counts: Record<string, number> = {};
            for (const part of line.split("; ").slice(1, -1)) {
                const step = part.replace(/ \d+ ms$/, "");
                counts[step] = (counts[step] ?? 0) + 1;
            }
            return counts;
        });
}

let pack: PolicyPackProcess;
beforeAll(async () => {
    pack = await PolicyPackProcess.start({ packDir: PACK_DIR, env: { [TIMINGS_VARIABLE]: "1" } });
});
afterAll(async () => {
    await pack?.stop();
});

describe("one analysis per AnalyzeStack request", () => {
    test("requests alike in size and in their first and last resource are judged each on its own resources", async () => {
        const { compliant, breached } = networks();
        expect([compliant.length, compliant[0].urn, compliant.at(-1)!.urn]).toEqual([
            breached.length,
            breached[0].urn,
            breached.at(-1)!.urn,
        ]);
        expect(judged(await pack.analyzeStack(compliant))).toEqual(COMPLIANT);
        expect(judged(await pack.analyzeStack(breached))).toEqual(BREACHED);
        expect(judged(await pack.analyzeStack(compliant))).toEqual(COMPLIANT);
        // Sent together, the requests are in the pack at once.
        const together = await Promise.all([
            pack.analyzeStack(breached),
            pack.analyzeStack(compliant),
            pack.analyzeStack(breached),
        ]);
        expect(together.map(judged)).toEqual([BREACHED, COMPLIANT, BREACHED]);
    });

    test("the stack policies of a request decode, index and model the stack once between them", async () => {
        const before = stepsPerRequest(pack.stderr).length;
        const { breached } = networks();
        await pack.analyzeStack(breached);
        await pack.analyzeStack(breached);
        const once = {
            decode: 1,
            index: 1,
            "network model": 1,
            ...Object.fromEntries(STACK_POLICIES.map((p) => [p, 1])),
        };
        expect(stepsPerRequest(pack.stderr).slice(before)).toEqual([once, once]);
    });
});
