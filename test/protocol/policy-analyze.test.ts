import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runCheck } from "../../cli/check";
import { decodeFindings } from "../../lib/findings";
import { capturedToStackExport, parseStackExport } from "../../cli/stack-export";
import { analyzeState, REDACTED_SECRET } from "../../runner/engine";
import { SECRET_SIG, SECRET_SIG_KEY, type CapturedStack } from "../../runner/engine-resource";
import { captureSample, ROOT } from "../support/captures";
import { PACK_DIR, SAMPLE_POLICY_CONFIG } from "../support/sample-runs";

const SAMPLE_CONFIG_FILE = path.join(ROOT, "examples", "policy-config.json");
const ECHO_PACK = path.join(ROOT, "test", "fixtures", "packs", "echo-pack");

let dir: string;
beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "demarc-analyze-"));
});
afterAll(() => {
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

async function checkExport(file: string): Promise<Seen[]> {
    const result = await runCheck({
        targets: [{ kind: "export", file }],
        preview: false,
        policyConfig: SAMPLE_CONFIG_FILE,
        packDir: PACK_DIR,
        progress: () => undefined,
    });
    return sorted(
        result.stacks.flatMap((s) =>
            s.findings.map((f) => ({ policy: f.policy, level: f.enforcementLevel, urn: f.urn, message: f.message })),
        ),
    );
}

async function policyAnalyze(text: string): Promise<Seen[]> {
    const { diagnostics } = await analyzeState({
        state: parseStackExport(text, "state.json"),
        packDir: PACK_DIR,
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
    test.each([
        ["client", "vpn-expired"],
        ["client", "zone-purple"],
        ["provider", "cross-tenant-group-reference"],
    ] as const)("%s network, scenario %s", async (network, scenario) => {
        const { file, text } = exportFile(
            await captureSample({ network, scenario, preview: false }),
            `${network}-${scenario}`,
        );
        const [checked, analyzed] = await Promise.all([checkExport(file), policyAnalyze(text)]);
        expect(analyzed).toEqual(checked);
        expect(analyzed.length).toBeGreaterThan(0);
        const scenarioFindings = analyzed.filter((f) => f.level === "mandatory").map((f) => f.policy);
        expect(scenarioFindings).toEqual(
            {
                "vpn-expired": ["refuse-expired-access"],
                "zone-purple": ["validate-demarc-tags"],
                "cross-tenant-group-reference": ["isolate-tenants"],
            }[scenario],
        );
    });
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
            packDir: PACK_DIR,
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
