import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Diagnostic, PolicyPackProcess } from "../../runner/analyzer";
import { cachedCapture } from "../support/captures";
import { PolicyConfigError, runPolicyPack, startPack } from "../../runner/engine";
import type { CapturedStack } from "../../runner/engine-resource";
import { TINY_PROGRAM, TINY_URNS } from "./tiny-program";

const fixtures = path.join(__dirname, "..", "fixtures");
const echoPack = path.join(fixtures, "packs", "echo-pack");
const emptyPack = path.join(fixtures, "packs", "empty-pack");
const tiny = TINY_PROGRAM;

const { STACK, ACCOUNT, DEFAULT_PROVIDER, VPC, SUBNET, NET, SG, DB } = TINY_URNS;

const RESOURCE_DESCRIPTION = "Echoes what Analyze receives.";
const STACK_DESCRIPTION = "Echoes what AnalyzeStack receives.";

function echoed(d: Diagnostic): unknown {
    const [description, body] = d.message.split("\n", 2) as [string, string];
    expect(description).toBe(d.description);
    return body.startsWith("{") ? JSON.parse(body) : body;
}

function summary(diagnostics: Diagnostic[]): [string, string, string, string | undefined][] {
    return diagnostics.map((d) => [d.policyName, d.urn, d.enforcementLevel, d.severity]);
}

describe("the engine's protocol against the echo pack", () => {
    let known: CapturedStack;
    let preview: CapturedStack;
    let pack: PolicyPackProcess;

    beforeAll(async () => {
        [known, preview] = await Promise.all([
            cachedCapture({ program: tiny, project: "tiny", stack: "dev", config: { "aws:region": "us-east-1" } }),
            cachedCapture({ program: tiny, project: "tiny", stack: "dev", preview: true }),
        ]);
        pack = await startPack(echoPack, known);
    });

    afterAll(async () => {
        await pack?.stop();
    });

    test("the pack does not implement Handshake, which the engine accepts", async () => {
        await expect(pack.handshake()).resolves.toBe(false);
    });

    test("GetPluginInfo reports the policy SDK version", async () => {
        await expect(pack.getPluginInfo()).resolves.toEqual({ version: "1.21.0" });
    });

    test("GetAnalyzerInfo describes the policies and their config schema", async () => {
        const info = await pack.getAnalyzerInfo();
        expect([info.name, info.version, info.supportsConfig, info.initialConfig]).toEqual([
            "echo-pack",
            "0.3.0",
            true,
            {},
        ]);
        expect(info.policies).toEqual([
            {
                name: "echo-resource",
                displayName: "",
                description: RESOURCE_DESCRIPTION,
                message: "",
                enforcementLevel: "advisory",
                severity: "medium",
                policyType: "resource",
                tags: [],
                remediationSteps: "",
                url: "",
                configSchema: {
                    properties: { label: { type: "string", default: "echo" }, limit: { type: "integer", minimum: 1 } },
                    required: ["label"],
                },
            },
            {
                name: "echo-stack",
                displayName: "",
                description: STACK_DESCRIPTION,
                message: "",
                enforcementLevel: "mandatory",
                severity: "high",
                policyType: "stack",
                tags: [],
                remediationSteps: "",
                url: "",
            },
        ]);
    });

    test("a full run in the engine's order returns each diagnostic on its resource with its level", async () => {
        const { config, diagnostics } = await runPolicyPack({
            captured: known,
            pack,
            policyConfig: { "echo-resource": { limit: 3 } },
        });
        expect(config).toEqual({
            "echo-resource": { enforcementLevel: "advisory", properties: { label: "echo", limit: 3 } },
            "echo-stack": { enforcementLevel: "mandatory", properties: {} },
        });
        expect(summary(diagnostics)).toEqual([
            ["echo-resource", DB, "advisory", "medium"],
            ["echo-resource", VPC, "advisory", "medium"],
            ["echo-resource", SG, "advisory", "medium"],
            ["echo-resource", SUBNET, "advisory", "medium"],
            ["echo-stack", DB, "mandatory", "high"],
            ["echo-stack", VPC, "mandatory", "high"],
            ["echo-stack", SG, "mandatory", "high"],
            ["echo-stack", SUBNET, "mandatory", "high"],
            ["echo-stack", STACK, "mandatory", "high"],
        ]);
        expect(diagnostics.map((d) => [d.policyPackName, d.policyPackVersion])).toEqual(
            diagnostics.map(() => ["echo-pack", "0.3.0"]),
        );

        expect(echoed(diagnostics[2]!)).toEqual({
            type: "aws:ec2/securityGroup:SecurityGroup",
            urn: SG,
            name: "sg",
            label: "echo",
            limit: 3,
            parent: NET,
            protect: false,
            customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
            vpcId: "main-id",
            tags: { "demarc:zone": "green" },
            provider: { urn: DEFAULT_PROVIDER, name: "default_7_48_0" },
        });
        expect(echoed(diagnostics[1]!)).toEqual({
            type: "aws:ec2/vpc:Vpc",
            urn: VPC,
            name: "main",
            label: "echo",
            limit: 3,
            parent: STACK,
            protect: false,
            customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
            tags: { Name: "main", "demarc:zone": "green" },
            provider: { urn: ACCOUNT, name: "account", defaultTags: '{"tags":{"demarc:side":"client"}}' },
        });
        expect(echoed(diagnostics[6]!)).toEqual({
            parent: NET,
            dependencies: [VPC],
            propertyDependencies: { vpcId: [VPC] },
            provider: DEFAULT_PROVIDER,
            id: "sg-id",
            tagsAll: { "demarc:zone": "green" },
        });
        expect(echoed(diagnostics[5]!)).toEqual({
            parent: STACK,
            dependencies: [],
            propertyDependencies: {},
            provider: ACCOUNT,
            id: "main-id",
            tagsAll: { "demarc:side": "client", Name: "main", "demarc:zone": "green" },
        });
        expect(echoed(diagnostics[8]!)).toBe("resources: 8");
    });

    test("a secret input reaches the pack unwrapped, with the resource's options", async () => {
        const { diagnostics } = await runPolicyPack({ captured: known, pack });
        expect(echoed(diagnostics[0]!)).toEqual({
            type: "aws:rds/instance:Instance",
            urn: DB,
            name: "db",
            label: "echo",
            parent: STACK,
            protect: true,
            customTimeouts: { createSeconds: 5400, updateSeconds: 0, deleteSeconds: 0 },
            password: "correct-horse-battery-staple",
            provider: { urn: DEFAULT_PROVIDER, name: "default_7_48_0" },
        });
    });

    test("the same pack reconfigured for a preview: all levels set by all, unknowns reach the pack as unknown", async () => {
        const { diagnostics } = await runPolicyPack({ captured: preview, pack, policyConfig: { all: "advisory" } });
        expect(summary(diagnostics).map(([name, urn, level]) => [name, urn, level])).toEqual([
            ["echo-resource", DB, "advisory"],
            ["echo-resource", VPC, "advisory"],
            ["echo-resource", SG, "advisory"],
            ["echo-resource", SUBNET, "advisory"],
            ["echo-stack", DB, "advisory"],
            ["echo-stack", VPC, "advisory"],
            ["echo-stack", SG, "advisory"],
            ["echo-stack", SUBNET, "advisory"],
            ["echo-stack", STACK, "advisory"],
        ]);
        expect([(echoed(diagnostics[3]!) as { vpcId: unknown }).vpcId, echoed(diagnostics[7]!)]).toEqual([
            "<unknown>",
            {
                parent: STACK,
                dependencies: [VPC],
                propertyDependencies: { vpcId: [VPC] },
                provider: ACCOUNT,
                id: "<unknown>",
            },
        ]);
    });

    test("a disabled policy is not run", async () => {
        const { diagnostics } = await runPolicyPack({
            captured: known,
            pack,
            policyConfig: { "echo-resource": "disabled" },
        });
        expect(diagnostics.map((d) => d.policyName)).toEqual(Array(5).fill("echo-stack"));
    });

    test("an invalid config is refused before Configure, listing every error", async () => {
        const run = runPolicyPack({
            captured: known,
            pack,
            policyConfig: { "echo-resource": { limit: "ten" }, environments: "prod" },
        });
        await expect(run).rejects.toBeInstanceOf(PolicyConfigError);
        await expect(run).rejects.toHaveProperty("errors", [
            "environments: must be a list of ESC environment names",
            "echo-resource: limit: must be integer",
        ]);
    });

    test("a name that is no policy of the pack goes to Configure, as the CLI sends it; this pack ignores it", async () => {
        const { config, diagnostics } = await runPolicyPack({
            captured: known,
            pack,
            policyConfig: { "echo-stak": "disabled" },
        });
        expect(config["echo-stak"]).toEqual({ enforcementLevel: "disabled", properties: {} });
        expect(diagnostics.some((d) => d.policyName === "echo-stack")).toBe(true);
    });
});

describe("a pack started and stopped by the run", () => {
    test("the empty pack reports no policies and no diagnostics", async () => {
        const captured = await cachedCapture({ program: tiny, project: "tiny", stack: "dev" });
        const result = await runPolicyPack({ captured, packDir: emptyPack });
        expect([result.info.name, result.info.policies, result.config, result.diagnostics]).toEqual([
            "empty-pack",
            [],
            {},
            [],
        ]);
    });

    test("a stopped pack's process is gone and the pack refuses calls", async () => {
        const pack = await startPack(emptyPack);
        await pack.stop();
        expect(() => process.kill(pack.pid!, 0)).toThrow(expect.objectContaining({ code: "ESRCH" }));
        await expect(pack.getPluginInfo()).rejects.toThrow(new Error(`policy pack ${emptyPack} is stopped`));
    });

    test("a missing directory is refused", async () => {
        const missing = path.join(fixtures, "packs", "missing-pack");
        await expect(startPack(missing)).rejects.toThrow(new Error(`policy pack directory ${missing} does not exist`));
    });

    test("a pack that fails to load rejects the start with its error output", async () => {
        const broken = path.join(fixtures, "packs", "broken-pack");
        const start = startPack(broken);
        await expect(start).rejects.toThrow(
            `policy pack ${broken} exited (code 32) before reporting a port: error: [runtime] Running program '${broken}' failed with an unhandled exception:`,
        );
        await expect(start).rejects.toThrow("the broken pack cannot load its policies");
    });
});
