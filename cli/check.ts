import * as fs from "node:fs";
import * as path from "node:path";
import { parseIsoDay } from "../lib/dates";
import type { ResourceRecord } from "../lib/resource";
import { UNKNOWN } from "../lib/values";
import type { AnalyzerInfo, PolicyConfigEntry } from "../runner/analyzer";
import { captureProgram } from "../runner/capture";
import { resolveEntry } from "../runner/capture-run";
import { isSecret, parseProviderReference, type CapturedStack, type EngineResource } from "../runner/engine-resource";
import { PolicyConfigError, runPolicyPack, startPack } from "../runner/engine";
import type { CheckResult, CheckedStack, ReportedPack, SourceLocation, StackSource } from "./check-result";
import { withBaseline, type BaselineDocument } from "./baseline";
import { InputError, messageOf } from "./errors";
import { exportLocations, programLocations, relativePath } from "./source-locations";
import { programStack } from "./stack-config";
import { readStackExport } from "./stack-export";

export type Target =
    | { readonly kind: "program"; readonly program: string; readonly stackConfig?: string }
    | { readonly kind: "export"; readonly file: string };

export interface CheckOptions {
    readonly targets: readonly Target[];
    /** Also run each program as a first `pulumi preview` sees it. */
    readonly preview: boolean;
    /** A `--policy-pack-config` file. */
    readonly policyConfig?: string;
    readonly asOf?: string;
    readonly scenario?: string;
    readonly packDir: string;
    readonly progress: (text: string) => void;
    /** Approved waivers of an earlier run's findings, added to the policy config's own. */
    readonly baseline?: BaselineDocument;
}

interface Loaded {
    readonly captured: CapturedStack;
    readonly source: StackSource;
    readonly locations: Record<string, SourceLocation>;
}

const GRPC_INVALID_ARGUMENT = 3;

function readPolicyConfig(file: string | undefined): Record<string, unknown> {
    if (!file) return {};
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (error) {
        throw new InputError(`cannot read policy config ${file}: ${messageOf(error)}`);
    }
    let document: unknown;
    try {
        document = text.trim() === "" ? {} : JSON.parse(text);
    } catch (error) {
        throw new InputError(`policy config ${file} is not valid JSON: ${messageOf(error)}`);
    }
    if (typeof document !== "object" || document === null || Array.isArray(document)) {
        throw new InputError(
            `policy config ${file} must be a JSON object of policy names (a --policy-pack-config document)`,
        );
    }
    return document as Record<string, unknown>;
}

/** `asOf` set in the entry of every policy whose schema declares it; the command line wins over the file. */
export function withAsOf(
    document: Record<string, unknown>,
    info: Pick<AnalyzerInfo, "policies">,
    asOf: string,
): Record<string, unknown> {
    const result = { ...document };
    for (const policy of info.policies) {
        if (!policy.configSchema?.properties || !("asOf" in policy.configSchema.properties)) continue;
        const entry = result[policy.name];
        const base =
            typeof entry === "string"
                ? { enforcementLevel: entry }
                : typeof entry === "object" && entry !== null
                  ? entry
                  : {};
        result[policy.name] = { ...base, asOf };
    }
    return result;
}

/** What the AnalyzeStack call saw, free of the wire: secrets unreadable, providers attached. */
function recordsOf(captured: CapturedStack): ResourceRecord[] {
    const byUrn = new Map(captured.resources.map((r) => [r.urn, r]));
    const plain = (value: unknown): unknown => {
        if (isSecret(value)) return UNKNOWN;
        if (Array.isArray(value)) return value.map(plain);
        if (typeof value === "object" && value !== null)
            return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
        return value;
    };
    return captured.resources.map((r: EngineResource) => {
        const provider = r.provider ? byUrn.get(parseProviderReference(r.provider).urn) : undefined;
        const props = plain(r.outputs) as Record<string, unknown>;
        return {
            type: r.type,
            urn: r.urn,
            name: r.name,
            props: r.id !== undefined && props["id"] === undefined ? { ...props, id: r.id } : props,
            provider: provider && {
                type: provider.type,
                urn: provider.urn,
                name: provider.name,
                props: plain(provider.inputs) as Record<string, unknown>,
            },
            parent: r.parent,
            dependencies: r.dependencies,
            propertyDependencies: r.propertyDependencies,
        };
    });
}

async function loadProgram(
    target: Extract<Target, { kind: "program" }>,
    preview: boolean,
    scenario: string | undefined,
): Promise<Loaded> {
    const extra: Record<string, string> = scenario !== undefined ? { scenario } : {};
    const stack = programStack(target.program, target.stackConfig, extra);
    let entry: string;
    try {
        entry = resolveEntry(target.program);
    } catch (error) {
        throw new InputError(messageOf(error));
    }
    let captured: CapturedStack;
    try {
        captured = await captureProgram({
            program: target.program,
            project: stack.project,
            stack: stack.stack,
            config: stack.config,
            preview,
        });
    } catch (error) {
        throw new InputError(`program ${target.program} (stack ${stack.stack}) failed to run: ${messageOf(error)}`);
    }
    return {
        captured,
        source: { kind: "program", path: relativePath(entry) },
        locations: programLocations(entry, captured.resources),
    };
}

function loadExport(file: string): Loaded {
    const { captured, text } = readStackExport(file);
    return {
        captured,
        source: { kind: "export", path: relativePath(file) },
        locations: exportLocations(
            file,
            text,
            captured.resources.map((r) => r.urn),
        ),
    };
}

/** `@pulumi/policy` opens every message with the policy's description, which the reports show once per policy. */
function withoutDescription(message: string, description: string): string {
    return description !== "" && message.startsWith(`${description}\n`)
        ? message.slice(description.length + 1)
        : message;
}

function reportedPack(info: AnalyzerInfo, config: Record<string, PolicyConfigEntry>): ReportedPack {
    return {
        name: info.name,
        version: info.version,
        policies: info.policies.map((p) => ({
            name: p.name,
            description: p.description,
            enforcementLevel: config[p.name]?.enforcementLevel ?? p.enforcementLevel,
            severity: p.severity,
            remediationSteps: p.remediationSteps,
            rule: p.framework?.reference.replace(/^rule: /, ""),
            why: p.framework?.specification,
            tags: p.tags,
        })),
    };
}

function packDirError(packDir: string): string | undefined {
    const manifest = path.join(packDir, "package.json");
    if (!fs.existsSync(path.join(packDir, "PulumiPolicy.yaml")))
        return `${packDir} is not a policy pack (no PulumiPolicy.yaml)`;
    try {
        const main = (JSON.parse(fs.readFileSync(manifest, "utf8")) as { main?: string }).main ?? "index.js";
        if (!fs.existsSync(path.join(packDir, main)))
            return `the policy pack in ${packDir} is not built (${main} is missing): run npm run build`;
    } catch (error) {
        return `cannot read ${manifest}: ${messageOf(error)}`;
    }
    return undefined;
}

/**
 * Runs every target through one policy pack process, as the engine would: programs under mocks (in
 * known mode, and as a first preview when asked), stack exports as deployed state.
 */
export async function runCheck(options: CheckOptions): Promise<CheckResult> {
    if (
        options.asOf !== undefined &&
        (!/^\d{4}-\d{2}-\d{2}$/.test(options.asOf) || parseIsoDay(options.asOf) === undefined)
    ) {
        throw new InputError(`--as-of ${JSON.stringify(options.asOf)} is not a calendar date YYYY-MM-DD`);
    }
    const document = withBaseline(readPolicyConfig(options.policyConfig), options.baseline);
    const packProblem = packDirError(options.packDir);
    if (packProblem) throw new InputError(packProblem);

    const modes = options.preview ? [false, true] : [false];
    const programs = options.targets.filter((t) => t.kind === "program").length;
    options.progress(`running ${programs} program${programs === 1 ? "" : "s"} under mocks, starting the policy pack`);
    const loads: Promise<Loaded>[] = options.targets.flatMap((target) =>
        target.kind === "export"
            ? [Promise.resolve().then(() => loadExport(target.file))]
            : modes.map((preview) => loadProgram(target, preview, options.scenario)),
    );
    const packStart = startPack(options.packDir);
    const settled = await Promise.allSettled([packStart, ...loads]);
    const pack = settled[0].status === "fulfilled" ? settled[0].value : undefined;
    try {
        const failed = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
        if (failed) {
            if (failed === settled[0])
                throw new InputError(
                    `the policy pack in ${options.packDir} failed to start: ${messageOf(failed.reason)}`,
                );
            throw failed.reason;
        }
        const loaded = settled.slice(1).map((s) => (s as PromiseFulfilledResult<Loaded>).value);
        const info = await pack!.getAnalyzerInfo();
        const policyConfig = options.asOf !== undefined ? withAsOf(document, info, options.asOf) : document;
        const stacks: CheckedStack[] = [];
        let reported: ReportedPack | undefined;
        for (const { captured, source, locations } of loaded) {
            options.progress(
                `checking ${captured.project}/${captured.stack} (${captured.preview ? "preview" : "known"})`,
            );
            let run: Awaited<ReturnType<typeof runPolicyPack>>;
            try {
                run = await runPolicyPack({ captured, pack, policyConfig });
            } catch (error) {
                if (error instanceof PolicyConfigError) {
                    throw new InputError(
                        `invalid policy config${options.policyConfig ? ` ${options.policyConfig}` : ""}:\n${error.errors.map((e) => `  ${e}`).join("\n")}`,
                    );
                }
                if ((error as { code?: unknown }).code === GRPC_INVALID_ARGUMENT) {
                    throw new InputError(
                        `the policy pack refused the policy config${options.policyConfig ? ` ${options.policyConfig}` : ""}: ${messageOf(error).split("\npolicy pack stderr:")[0]}`,
                    );
                }
                throw error;
            }
            reported ??= reportedPack(run.info, run.config);
            stacks.push({
                project: captured.project,
                stack: captured.stack,
                mode: captured.preview ? "preview" : "known",
                source,
                resources: recordsOf(captured),
                findings: run.diagnostics
                    .filter((d) => d.enforcementLevel !== "disabled")
                    .map((d) => ({
                        policy: d.policyName,
                        enforcementLevel: d.enforcementLevel,
                        severity: d.severity,
                        urn: d.urn,
                        message: withoutDescription(d.message, d.description),
                    })),
                locations,
            });
        }
        return { pack: reported ?? reportedPack(info, {}), stacks };
    } finally {
        await pack?.stop();
    }
}
