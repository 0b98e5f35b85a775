import {
    type AnalyzerInfo,
    type Diagnostic,
    type PolicyConfigEntry,
    PolicyPackProcess,
    type StartPolicyPackOptions,
} from "./analyzer";
import {
    type CapturedStack,
    type EngineResource,
    UNKNOWN,
    findProvider,
    isProviderType,
    isSecret,
    makeSecret,
} from "./engine-resource";
import { reconcilePolicyPackConfig } from "./policy-config";

export class PolicyConfigError extends Error {
    constructor(readonly errors: string[]) {
        super(`invalid policy pack config:\n${errors.map((e) => `  ${e}`).join("\n")}`);
        this.name = "PolicyConfigError";
    }
}

export interface RunPolicyPackOptions {
    captured: CapturedStack;
    /** Start a new pack from this directory (stopped when the run ends) ... */
    packDir?: string;
    /** ... or run against a pack that is already started (left running). */
    pack?: PolicyPackProcess;
    /** A `--policy-pack-config` document (JSON text or parsed value). */
    policyConfig?: unknown;
    stackTags?: Record<string, string>;
}

export interface RunPolicyPackResult {
    info: AnalyzerInfo;
    /** What was sent to `Configure`. */
    config: Record<string, PolicyConfigEntry>;
    /** Diagnostics of every `Analyze` call in resource order, then those of `AnalyzeStack`. */
    diagnostics: Diagnostic[];
}

/** Starts a pack as the engine does for this stack and performs the Handshake. */
export async function startPack(
    packDir: string,
    stack?: Pick<CapturedStack, "organization" | "project" | "stack" | "preview" | "config">,
): Promise<PolicyPackProcess> {
    const options: StartPolicyPackOptions = { packDir };
    if (stack) {
        options.organization = stack.organization;
        options.project = stack.project;
        options.stack = stack.stack;
        options.dryRun = stack.preview;
        options.config = stack.config;
    }
    const pack = await PolicyPackProcess.start(options);
    try {
        await pack.handshake();
    } catch (err) {
        await pack.stop();
        throw err;
    }
    return pack;
}

/**
 * Runs a captured stack through a policy pack in the engine's order: (Handshake when started here,) ConfigureStack,
 * GetPluginInfo, GetAnalyzerInfo, Configure with the reconciled config, Analyze for every registered resource with
 * its provider, then one AnalyzeStack with every resource.
 */
export async function runPolicyPack(options: RunPolicyPackOptions): Promise<RunPolicyPackResult> {
    const { captured } = options;
    let pack = options.pack;
    const owned = !pack;
    if (!pack) {
        if (!options.packDir) {
            throw new Error("runPolicyPack needs a packDir or a started pack");
        }
        pack = await startPack(options.packDir, captured);
    }
    try {
        await pack.configureStack({
            organization: captured.organization,
            project: captured.project,
            stack: captured.stack,
            dryRun: captured.preview,
            config: captured.config,
            tags: options.stackTags ?? {},
        });
        await pack.getPluginInfo();
        const info = await pack.getAnalyzerInfo();
        const reconciled = reconcilePolicyPackConfig(info, options.policyConfig);
        if (!reconciled.ok) {
            throw new PolicyConfigError(reconciled.errors);
        }
        await pack.configure(reconciled.config);

        const diagnostics: Diagnostic[] = [];
        for (const resource of captured.resources) {
            const provider = isProviderType(resource.type) ? undefined : findProvider(resource, captured.resources);
            diagnostics.push(...(await pack.analyze(resource, provider)));
        }
        diagnostics.push(...(await pack.analyzeStack(captured.resources)));
        return { info, config: reconciled.config, diagnostics };
    } finally {
        if (owned) {
            await pack.stop();
        }
    }
}

/** What `pulumi policy analyze` sends for a secret it cannot decrypt offline (its blinding secrets manager). */
export const REDACTED_SECRET = "[secret]";

/**
 * Deployed state as `pulumi policy analyze` reads it without the stack's secrets manager: a secret only held as
 * ciphertext (an unknown secret once read) reaches the pack as the string "[secret]", still marked secret.
 */
export function redactUndecryptableSecrets(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(redactUndecryptableSecrets);
    if (isSecret(value))
        return makeSecret(value.value === UNKNOWN ? REDACTED_SECRET : redactUndecryptableSecrets(value.value));
    if (value === null || typeof value !== "object") return value;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactUndecryptableSecrets(v)]));
}

export interface AnalyzeStateOptions {
    /** Deployed state: each resource's stored inputs and outputs. */
    state: CapturedStack;
    /** Start a new pack from this directory (stopped when the run ends) ... */
    packDir?: string;
    /** ... or run against a pack that is already started and was never given ConfigureStack (left running). */
    pack?: PolicyPackProcess;
    /** A `--policy-pack-config` document (JSON text or parsed value). */
    policyConfig?: unknown;
}

export interface AnalyzeStateResult extends RunPolicyPackResult {
    /** Per resource urn, the policies whose remediation would change it (reported, never applied). */
    remediations: Record<string, string[]>;
}

/**
 * Drives a pack the way `pulumi policy analyze --stack S | --file F` does (pkg/resource/deploy/analyze_snapshot.go):
 * no ConfigureStack; GetAnalyzerInfo and Configure with the reconciled config; for each resource Remediate (reported,
 * not applied) and then Analyze on its stored inputs with its provider's inputs; one AnalyzeStack on the outputs.
 * Secrets it cannot decrypt arrive as "[secret]"; a stack diagnostic naming a urn outside the state lands on the root
 * stack.
 */
export async function analyzeState(options: AnalyzeStateOptions): Promise<AnalyzeStateResult> {
    const resources: EngineResource[] = options.state.resources.map((r) => ({
        ...r,
        inputs: redactUndecryptableSecrets(r.inputs) as Record<string, unknown>,
        outputs: redactUndecryptableSecrets(r.outputs) as Record<string, unknown>,
    }));
    let pack = options.pack;
    const owned = !pack;
    if (!pack) {
        if (!options.packDir) throw new Error("analyzeState needs a packDir or a started pack");
        pack = await startPack(options.packDir);
    }
    try {
        await pack.getPluginInfo();
        const info = await pack.getAnalyzerInfo();
        const reconciled = reconcilePolicyPackConfig(info, options.policyConfig);
        if (!reconciled.ok) throw new PolicyConfigError(reconciled.errors);
        await pack.configure(reconciled.config);

        const diagnostics: Diagnostic[] = [];
        const remediations: Record<string, string[]> = {};
        for (const resource of resources) {
            const provider = isProviderType(resource.type) ? undefined : findProvider(resource, resources);
            const remediated = await pack.remediate(resource, provider);
            if (remediated.length > 0) remediations[resource.urn] = remediated;
            diagnostics.push(...(await pack.analyze(resource, provider)));
        }
        diagnostics.push(...(await pack.analyzeStack(resources)));
        return { info, config: reconciled.config, diagnostics, remediations };
    } finally {
        if (owned) await pack.stop();
    }
}
