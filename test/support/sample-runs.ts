import * as fs from "fs";
import * as path from "path";
import { decodeFindings } from "../../lib/findings";
import type { PolicyPackProcess } from "../../runner/analyzer";
import { runPolicyPack, startPack } from "../../runner/engine";
import type { CapturedStack } from "../../runner/engine-resource";
import {
    expectedFindings,
    COMPLIANT_FINDINGS,
    PREVIEW_FINDINGS,
    type Network,
    type Scenario,
} from "../../stacks/scenarios";
import { ROOT } from "./captures";
import { nameOf, sortedFindings, type SeenFinding } from "./findings";

export const PACK_DIR = path.join(ROOT, "policy-pack");
export const SAMPLE_POLICY_CONFIG = JSON.parse(
    fs.readFileSync(path.join(ROOT, "examples", "policy-config.json"), "utf8"),
);

let shared: Promise<PolicyPackProcess> | undefined;

/**
 * The sample pack the test files of this worker share. They run one after another in it (the end-to-end project does
 * not isolate files), and every run configures the pack anew, as the engine configures a pack it starts; a file never
 * stops it. Started on first use, and again if it has died; it dies with the worker.
 */
export async function sharedSamplePack(): Promise<PolicyPackProcess> {
    const pack = await shared;
    if (pack?.running) return pack;
    shared = startPack(PACK_DIR).catch((error: unknown) => {
        shared = undefined;
        throw error;
    });
    return shared;
}

/** Which policy flagged which resource at which level: the pack's diagnostics over the protocol, sorted. */
export async function findingsOver(
    pack: PolicyPackProcess,
    captured: CapturedStack,
    policyConfig: unknown = SAMPLE_POLICY_CONFIG,
) {
    const { diagnostics } = await runPolicyPack({ captured, pack, policyConfig });
    const seen = sortedFindings(
        diagnostics.flatMap((d) =>
            decodeFindings(d.message).map(({ kind }) => ({
                policy: d.policyName,
                resource: nameOf(d.urn),
                level: d.enforcementLevel,
                kind,
            })),
        ),
    );
    return { seen, diagnostics };
}

/** What the scenario table expects of a sample run, sorted as {@link findingsOver} sorts what it saw. */
export function expectedOf(network: Network, preview: boolean, scenario?: Scenario): SeenFinding[] {
    const expected = scenario
        ? expectedFindings(scenario, preview)
        : [...COMPLIANT_FINDINGS[network], ...(preview ? PREVIEW_FINDINGS[network] : [])];
    return sortedFindings(expected.map(({ policy, resource, level, kind }) => ({ policy, resource, level, kind })));
}
