import * as fs from "node:fs";
import * as path from "node:path";
import { parseIsoDay } from "../lib/dates";
import { isUndeterminedKind } from "../lib/finding-kinds";
import { decodeFindings, decodeLines } from "../lib/findings";
import type { ResourceRecord } from "../lib/resource";
import { UNKNOWN } from "../lib/values";
import type { AnalyzerInfo, Diagnostic, PolicyConfigEntry } from "../runner/analyzer";
import { captureProgramRun } from "../runner/capture";
import { isSecret, parseProviderReference, type CapturedStack, type EngineResource } from "../runner/engine-resource";
import { PolicyConfigError, runPolicyPack, startPack } from "../runner/engine";
import { withBaseline, type BaselineDocument } from "./baseline";
import type {
    CheckResult,
    CheckedStack,
    ReportedFinding,
    ReportedPack,
    SourceLocation,
    StackSource,
    TargetFailure,
    UnjudgedResource,
} from "./check-result";
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
    /** `--config KEY=VALUE` values, for every program (secure values included). */
    readonly config?: Readonly<Record<string, string>>;
    /** Accept components that cannot be expanded offline (`--accept-unexpanded`). */
    readonly acceptUnexpanded?: boolean;
    readonly packDir: string;
    readonly progress: (text: string) => void;
    /** Approved waivers of an earlier run's findings, added to the policy config's own. */
    readonly baseline?: BaselineDocument;
}

interface Loaded {
    readonly captured: CapturedStack;
    readonly source: StackSource;
    readonly locations: Record<string, SourceLocation>;
    readonly notes: readonly string[];
}

/** The packages whose resources demarc judges; `pulumi` is the engine's own (stacks, providers). */
const JUDGED_PACKAGES = new Set(["aws", "pulumi"]);

/** Resources the pack does not judge: components built by provider plugins, resources of other providers. */
export function unjudgedResources(captured: CapturedStack): UnjudgedResource[] {
    return captured.resources.flatMap((r): UnjudgedResource[] => {
        const subject = { urn: r.urn, name: r.name, type: r.type };
        if (r.remote) return [{ ...subject, reason: "unexpanded" }];
        const pkg = r.type.split(":")[0] ?? "";
        if (r.custom && !JUDGED_PACKAGES.has(pkg)) return [{ ...subject, reason: "other-provider" }];
        return [];
    });
}

function targetLabel(target: Target, preview?: boolean): string {
    const what = target.kind === "program" ? `program ${target.program}` : `export ${target.file}`;
    return preview === undefined ? what : `${what} (${preview ? "preview" : "known"})`;
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
    supplied: Readonly<Record<string, string>>,
): Promise<Loaded> {
    const extra: Record<string, string> = { ...supplied, ...(scenario !== undefined ? { scenario } : {}) };
    const stack = programStack(target.program, target.stackConfig, extra);
    const leftOut =
        stack.skipped.length > 0
            ? `secure config left out (encrypted; supply the values with --config KEY=VALUE): ${stack.skipped.join(", ")}`
            : undefined;
    let run: Awaited<ReturnType<typeof captureProgramRun>>;
    try {
        run = await captureProgramRun({
            program: target.program,
            project: stack.project,
            stack: stack.stack,
            config: stack.config,
            secretKeys: stack.secretKeys,
            preview,
        });
    } catch (error) {
        throw new Error(`${messageOf(error)}${leftOut ? `\n${leftOut}` : ""}`, { cause: error });
    }
    const notes: string[] = [];
    if (leftOut) notes.push(leftOut);
    if (run.unansweredInvokes.length > 0)
        notes.push(`answered with an empty result, as no provider runs offline: ${run.unansweredInvokes.join(", ")}`);
    return {
        captured: run.captured,
        source: { kind: "program", path: relativePath(run.location.entry) },
        locations: programLocations(run.location.entry, run.captured.resources),
        notes,
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
        notes: [],
    };
}

/** `@pulumi/policy` opens every message with the policy's description, which the reports show once per policy. */
function withoutDescription(message: string, description: string): string {
    return description !== "" && message.startsWith(`${description}\n`)
        ? message.slice(description.length + 1)
        : message;
}

/** A diagnostic's findings, one per line of its message, each with the kind its marker carries, and the evidence and waiver its description does. */
function reportedFindings(d: Diagnostic): ReportedFinding[] {
    const facts = decodeLines(d.description);
    return decodeFindings(withoutDescription(d.message, d.description)).map((f, i) => ({
        policy: d.policyName,
        enforcementLevel: d.enforcementLevel,
        severity: d.severity,
        urn: d.urn,
        ...(f.kind !== undefined ? { kind: f.kind } : {}),
        message: f.message,
        undetermined: f.kind !== undefined && isUndeterminedKind(f.kind),
        ...facts[i],
    }));
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
    options.progress(`running ${programs} program${programs === 1 ? "" : "s"}, starting the policy pack`);
    const jobs = options.targets.flatMap((target) =>
        target.kind === "export"
            ? [{ label: targetLabel(target), load: Promise.resolve().then(() => loadExport(target.file)) }]
            : modes.map((preview) => ({
                  label: targetLabel(target, options.preview ? preview : undefined),
                  load: loadProgram(target, preview, options.scenario, options.config ?? {}),
              })),
    );
    const packStart = startPack(options.packDir);
    const [packSettled, ...settled] = await Promise.allSettled([packStart, ...jobs.map((j) => j.load)]);
    const pack = packSettled.status === "fulfilled" ? packSettled.value : undefined;
    try {
        if (packSettled.status === "rejected")
            throw new InputError(
                `the policy pack in ${options.packDir} failed to start: ${messageOf(packSettled.reason)}`,
            );
        const failures: TargetFailure[] = [];
        const stacks: CheckedStack[] = [];
        const info = await pack!.getAnalyzerInfo();
        const policyConfig = options.asOf !== undefined ? withAsOf(document, info, options.asOf) : document;
        let reported: ReportedPack | undefined;
        for (const [index, outcome] of settled.entries()) {
            const label = jobs[index]!.label;
            if (outcome.status === "rejected") {
                failures.push({ target: label, message: messageOf(outcome.reason) });
                continue;
            }
            const { captured, source, locations, notes } = outcome.value as Loaded;
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
                failures.push({
                    target: label,
                    message: `the policy pack failed on it: ${messageOf(error).split("\npolicy pack stderr:")[0]}`,
                });
                continue;
            }
            reported ??= reportedPack(run.info, run.config);
            stacks.push({
                project: captured.project,
                stack: captured.stack,
                mode: captured.preview ? "preview" : "known",
                source,
                resources: recordsOf(captured),
                findings: run.diagnostics.filter((d) => d.enforcementLevel !== "disabled").flatMap(reportedFindings),
                locations,
                unjudged: unjudgedResources(captured),
                notes,
            });
        }
        return {
            pack: reported ?? reportedPack(info, {}),
            stacks,
            failures,
            acceptUnexpanded: options.acceptUnexpanded === true,
        };
    } finally {
        await pack?.stop();
    }
}
