import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runCheck } from "../../cli/check";
import { decodeFindings } from "../../lib/findings";
import { capturedToStackExport, parseStackExport } from "../../cli/stack-export";
import type { PolicyPackProcess } from "../../runner/analyzer";
import { analyzeState, REDACTED_SECRET, startPack } from "../../runner/engine";
import { SECRET_SIG, SECRET_SIG_KEY, type CapturedStack } from "../../runner/engine-resource";
import { captureSample, ROOT } from "../support/captures";
import { PACK_DIR, SAMPLE_POLICY_CONFIG } from "../support/sample-runs";

const SAMPLE_CONFIG_FILE = path.join(ROOT, "examples", "policy-config.json");
const ECHO_PACK = path.join(ROOT, "test", "fixtures", "packs", "echo-pack");

/** The scenarios compared, each with the mandatory policies its breach draws. */
const COMPARED = [
    { network: "client", scenario: "vpn-expired", mandatory: ["refuse-expired-access"] },
    { network: "client", scenario: "zone-purple", mandatory: ["validate-demarc-tags"] },
    { network: "provider", scenario: "cross-tenant-group-reference", mandatory: ["isolate-tenants"] },
] as const;

let dir: string;
/** One pack for every `pulumi policy analyze` run here: each run configures it again, as the engine configures a pack it starts. */
let analyzePack: PolicyPackProcess;
/** Per export file, what one `demarc check` over all of them found in it. */
let checked: Map<string, Seen[]>;
const exported = new Map<string, { file: string; text: string }>();

beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "demarc-analyze-"));
    const captures = await Promise.all(
        COMPARED.map(({ network, scenario }) => captureSample({ network, scenario, preview: false })),
    );
    COMPARED.forEach(({ network, scenario }, i) =>
        exported.set(scenario, exportFile(captures[i]!, `${network}-${scenario}`)),
    );
    [analyzePack, checked] = await Promise.all([
        startPack(PACK_DIR),
        checkExports([...exported.values()].map((e) => e.file)),
    ]);
});
afterAll(async () => {
    await analyzePack?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
});

interface Seen {
    policy: string;
    level: string;
    urn: string;
    message: string;
}
const sorted = (seen: Seen[]) => seen.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

/** The state `pulumi stack export` writes after `pulumi up` of the sample (secrets as ciphertext), as a file. */
function exportFile(captured: CapturedStack, name: string): { file: string; text: string } {
    const text = JSON.stringify(capturedToStackExport(captured));
    const file = path.join(dir, `${name}.json`);
    fs.writeFileSync(file, text);
    return { file, text };
}

/** One `demarc check` over several exports, as a pipeline checks them: what it found in each, by file. */
async function checkExports(files: readonly string[]): Promise<Map<string, Seen[]>> {
    const result = await runCheck({
        targets: files.map((file) => ({ kind: "export", file })),
        preview: false,
        policyConfig: SAMPLE_CONFIG_FILE,
        packDir: PACK_DIR,
        progress: () => undefined,
    });
    expect(result.failures).toEqual([]);
    return new Map(
        result.stacks.map((s, i) => [
            files[i]!,
            sorted(
                s.findings.map((f) => ({
                    policy: f.policy,
                    level: f.enforcementLevel,
                    urn: f.urn,
                    message: f.message,
                })),
            ),
        ]),
    );
}

async function policyAnalyze(text: string): Promise<Seen[]> {
    const { diagnostics } = await analyzeState({
        state: parseStackExport(text, "state.json"),
        pack: analyzePack,
        policyConfig: SAMPLE_POLICY_CONFIG,
    });
    return sorted(
        diagnostics.flatMap((d) =>
            decodeFindings(d.message).map((f) => ({
                policy: d.policyName,
                level: d.enforcementLevel,
                urn: d.urn,
                message: f.message,
            })),
        ),
    );
}

describe("demarc check --export and pulumi policy analyze --file give the same findings", () => {
    test.each(COMPARED.map((c) => [c.network, c.scenario, c.mandatory] as const))(
        "%s network, scenario %s",
        async (_network, scenario, mandatory) => {
            const { file, text } = exported.get(scenario)!;
            const analyzed = await policyAnalyze(text);
            expect(analyzed).toEqual(checked.get(file));
            expect(analyzed.filter((f) => f.level === "mandatory").map((f) => f.policy)).toEqual(mandatory);
        },
    );
});

describe("the pack driven as pulumi policy analyze drives it", () => {
    test('a secret it cannot decrypt reaches the pack as the string "[secret]", without ConfigureStack', async () => {
        const urn = "urn:pulumi:prod::net::aws:rds/instance:Instance::db";
        const state = parseStackExport(
            JSON.stringify({
                version: 3,
                deployment: {
                    resources: [
                        {
                            urn,
                            custom: true,
                            id: "db-1",
                            type: "aws:rds/instance:Instance",
                            inputs: { password: { [SECRET_SIG_KEY]: SECRET_SIG, ciphertext: "v1:AAAA" } },
                            outputs: {},
                        },
                    ],
                },
            }),
            "state.json",
        );
        const { diagnostics } = await analyzeState({ state, packDir: ECHO_PACK });
        const echoed = diagnostics.filter((d) => d.policyName === "echo-resource");
        expect(echoed.map((d) => JSON.parse(d.message.split("\n").pop()!).password)).toEqual([REDACTED_SECRET]);
        expect(echoed[0].urn).toBe(urn);
    });

    test("a stack finding about no resource of the state (a waiver matching nothing) lands on the root stack", async () => {
        const captured = await captureSample({ network: "client", preview: false });
        const config = {
            ...SAMPLE_POLICY_CONFIG,
            "refuse-expired-access": {
                ...SAMPLE_POLICY_CONFIG["refuse-expired-access"],
                waivers: [
                    {
                        resource: "ghost",
                        justification: "decommissioned",
                        approver: "ciso@client.example",
                        expires: "2026-12-01",
                    },
                ],
            },
        };
        const { diagnostics } = await analyzeState({
            state: parseStackExport(JSON.stringify(capturedToStackExport(captured)), "state.json"),
            pack: analyzePack,
            policyConfig: config,
        });
        const waiver = diagnostics.filter((d) => d.policyName === "validate-waivers");
        expect(waiver.map((d) => [d.urn, d.message])).toEqual([
            [
                "urn:pulumi:client::demarc-samples::pulumi:pulumi:Stack::demarc-samples-client",
                'waiver 1 of refuse-expired-access (resource "ghost") matches no resource in the stack [kind: waiver.unmatched]',
            ],
        ]);
    });
});
