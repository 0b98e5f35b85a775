import * as fs from "fs";
import * as path from "path";
import type { PolicyPackProcess } from "../../runner/analyzer";
import { captureProgram } from "../../runner/capture";
import { runPolicyPack, startPack } from "../../runner/engine";
import type { CapturedStack } from "../../runner/engine-resource";
import {
    expectedFindings,
    COMPLIANT_FINDINGS,
    PREVIEW_FINDINGS,
    type Network,
    type Scenario,
} from "../../stacks/scenarios";
import { POLICIES } from "../../policy-pack/policies";

export const ROOT = path.resolve(__dirname, "..", "..");
export const PACK_DIR = path.join(ROOT, "policy-pack");
export const SAMPLE_POLICY_CONFIG = JSON.parse(
    fs.readFileSync(path.join(ROOT, "examples", "policy-config.json"), "utf8"),
);
const PROGRAM = path.join(ROOT, "dist", "stacks", "index.js");

export interface SeenFinding {
    policy: string;
    resource: string;
    level: string;
}

export function captureSample(
    network: Network,
    scenario: string | undefined,
    preview: boolean,
): Promise<CapturedStack> {
    const config: Record<string, string> = { "demarc-samples:network": network, "aws:region": "us-east-1" };
    if (scenario) config["demarc-samples:scenario"] = scenario;
    return captureProgram({ program: PROGRAM, project: "demarc-samples", stack: network, config, preview });
}

export const startSamplePack = (): Promise<PolicyPackProcess> => startPack(PACK_DIR);

const byText = (a: SeenFinding, b: SeenFinding) => JSON.stringify(a).localeCompare(JSON.stringify(b));

/** Which policy flagged which resource at which level: the pack's diagnostics over the protocol, sorted. */
export async function findingsOver(
    pack: PolicyPackProcess,
    captured: CapturedStack,
    policyConfig: unknown = SAMPLE_POLICY_CONFIG,
) {
    const { diagnostics } = await runPolicyPack({ captured, pack, policyConfig });
    const seen = diagnostics.map((d) => ({
        policy: d.policyName,
        resource: d.urn.split("::").pop() ?? d.urn,
        level: d.enforcementLevel,
    }));
    return { seen: seen.sort(byText), diagnostics };
}

const implemented = new Set(POLICIES.map((p) => p.metadata.name));

/** What the scenario table expects, limited to the policies the pack has. */
export function expectedOf(network: Network, preview: boolean, scenario?: Scenario): SeenFinding[] {
    const expected = scenario
        ? expectedFindings(scenario, preview)
        : [...COMPLIANT_FINDINGS[network], ...(preview ? PREVIEW_FINDINGS[network] : [])];
    return expected
        .filter((f) => implemented.has(f.policy))
        .map((f) => ({ policy: f.policy, resource: f.resource, level: f.level }))
        .sort(byText);
}
