import { type ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import type * as grpcTypes from "@grpc/grpc-js";
import type * as analyzerGrpcTypes from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import type * as analyzerPbTypes from "@pulumi/pulumi/proto/analyzer_pb";
import type * as pluginPbTypes from "@pulumi/pulumi/proto/plugin_pb";
import type * as emptyPbTypes from "google-protobuf/google/protobuf/empty_pb";
import type * as structPbTypes from "google-protobuf/google/protobuf/struct_pb";
import { type EngineResource, ROOT_STACK_TYPE, makeUrn, parseProviderReference, rootStackUrn } from "./engine-resource";
import { compiledRunnerFile } from "./paths";

const pulumiRequire = createRequire(require.resolve("@pulumi/pulumi/package.json"));
const grpc = pulumiRequire("@grpc/grpc-js") as typeof grpcTypes;
const analyzerPb = pulumiRequire("@pulumi/pulumi/proto/analyzer_pb") as typeof analyzerPbTypes;
const analyzerGrpc = pulumiRequire("@pulumi/pulumi/proto/analyzer_grpc_pb") as typeof analyzerGrpcTypes;
const structPb = pulumiRequire("google-protobuf/google/protobuf/struct_pb") as typeof structPbTypes;
const Empty = (analyzerGrpc.AnalyzerService.getAnalyzerInfo as unknown as { requestType: typeof emptyPbTypes.Empty })
    .requestType;

export type EnforcementLevel = "advisory" | "mandatory" | "disabled" | "remediate";
export type Severity = "low" | "medium" | "high" | "critical";
export type PolicyType = "resource" | "stack" | "unknown";

export interface PolicyConfigSchema {
    properties: Record<string, Record<string, unknown>>;
    required: string[];
}

export interface PolicyInfo {
    name: string;
    displayName: string;
    description: string;
    message: string;
    enforcementLevel: EnforcementLevel;
    severity?: Severity;
    policyType: PolicyType;
    tags: string[];
    remediationSteps: string;
    url: string;
    framework?: { name: string; version: string; reference: string; specification: string };
    configSchema?: PolicyConfigSchema;
}

export interface PolicyConfigEntry {
    enforcementLevel: EnforcementLevel;
    properties: Record<string, unknown>;
}

export interface InitialPolicyConfig {
    enforcementLevel: EnforcementLevel;
    properties?: Record<string, unknown>;
}

export interface AnalyzerInfo {
    name: string;
    displayName: string;
    version: string;
    supportsConfig: boolean;
    description: string;
    readme: string;
    provider: string;
    tags: string[];
    repository: string;
    policies: PolicyInfo[];
    initialConfig: Record<string, InitialPolicyConfig>;
}

export interface Diagnostic {
    policyName: string;
    policyPackName: string;
    policyPackVersion: string;
    description: string;
    message: string;
    enforcementLevel: EnforcementLevel;
    severity?: Severity;
    urn: string;
}

export interface StackConfiguration {
    organization: string;
    project: string;
    stack: string;
    dryRun: boolean;
    config?: Record<string, string>;
    configSecretKeys?: string[];
    tags?: Record<string, string>;
}

export interface StartPolicyPackOptions {
    packDir: string;
    organization?: string;
    project?: string;
    stack?: string;
    dryRun?: boolean;
    /** Stack config, passed to the pack as PULUMI_CONFIG. */
    config?: Record<string, string>;
    startTimeoutMs?: number;
    /** Variables added to the pack's environment. */
    env?: Record<string, string>;
}

const START_TIMEOUT_MS = 60_000;
const MAX_MESSAGE_SIZE = 400 * 1024 * 1024;
const ENGINE_ADDRESS = "127.0.0.1:0";

const ENFORCEMENT_TO_PROTO: Record<EnforcementLevel, number> = {
    advisory: analyzerPb.EnforcementLevel.ADVISORY,
    mandatory: analyzerPb.EnforcementLevel.MANDATORY,
    disabled: analyzerPb.EnforcementLevel.DISABLED,
    remediate: analyzerPb.EnforcementLevel.REMEDIATE,
};

export function enforcementLevelFromProto(level: number): EnforcementLevel {
    switch (level) {
        case analyzerPb.EnforcementLevel.ADVISORY:
            return "advisory";
        case analyzerPb.EnforcementLevel.MANDATORY:
            return "mandatory";
        case analyzerPb.EnforcementLevel.DISABLED:
            return "disabled";
        case analyzerPb.EnforcementLevel.REMEDIATE:
            return "remediate";
        default:
            throw new Error(`unknown enforcement level ${level}`);
    }
}

export function severityFromProto(severity: number): Severity | undefined {
    switch (severity) {
        case analyzerPb.PolicySeverity.POLICY_SEVERITY_LOW:
            return "low";
        case analyzerPb.PolicySeverity.POLICY_SEVERITY_MEDIUM:
            return "medium";
        case analyzerPb.PolicySeverity.POLICY_SEVERITY_HIGH:
            return "high";
        case analyzerPb.PolicySeverity.POLICY_SEVERITY_CRITICAL:
            return "critical";
        default:
            return undefined;
    }
}

function policyTypeFromProto(type: number): PolicyType {
    switch (type) {
        case analyzerPb.PolicyType.POLICY_TYPE_RESOURCE:
            return "resource";
        case analyzerPb.PolicyType.POLICY_TYPE_STACK:
            return "stack";
        default:
            return "unknown";
    }
}

function toStruct(value: Record<string, unknown>): structPbTypes.Struct {
    return structPb.Struct.fromJavaScript(value as Record<string, structPbTypes.JavaScriptValue>);
}

function fromStruct(struct: structPbTypes.Struct | undefined): Record<string, unknown> {
    return (struct?.toJavaScript() ?? {}) as Record<string, unknown>;
}

function resourceOptions(resource: EngineResource, withParent: boolean): analyzerPbTypes.AnalyzerResourceOptions {
    const { options } = resource;
    const opts = new analyzerPb.AnalyzerResourceOptions();
    opts.setProtect(options.protect);
    opts.setIgnorechangesList(options.ignoreChanges);
    opts.setAliasesList(options.aliases);
    opts.setAdditionalsecretoutputsList(options.additionalSecretOutputs);
    if (options.deleteBeforeReplace !== undefined) {
        opts.setDeletebeforereplacedefined(true);
        opts.setDeletebeforereplace(options.deleteBeforeReplace);
    }
    if (options.customTimeouts) {
        const timeouts = new analyzerPb.AnalyzerResourceOptions.CustomTimeouts();
        timeouts.setCreate(options.customTimeouts.create ?? 0);
        timeouts.setUpdate(options.customTimeouts.update ?? 0);
        timeouts.setDelete(options.customTimeouts.delete ?? 0);
        opts.setCustomtimeouts(timeouts);
    }
    if (withParent && resource.parent) {
        opts.setParent(resource.parent);
    }
    return opts;
}

function providerResource(provider: EngineResource): analyzerPbTypes.AnalyzerProviderResource {
    const msg = new analyzerPb.AnalyzerProviderResource();
    msg.setType(provider.type);
    msg.setUrn(provider.urn);
    msg.setName(provider.name);
    msg.setProperties(toStruct(provider.inputs));
    return msg;
}

/** What `Analyze` and `Remediate` receive: one resource's inputs, with its provider. */
function analyzeRequest(resource: EngineResource, provider?: EngineResource): analyzerPbTypes.AnalyzeRequest {
    const req = new analyzerPb.AnalyzeRequest();
    req.setType(resource.type);
    req.setUrn(resource.urn);
    req.setName(resource.name);
    req.setProperties(toStruct(resource.inputs));
    req.setOptions(resourceOptions(resource, true));
    if (provider) {
        req.setProvider(providerResource(provider));
    }
    return req;
}

/** A diagnostic still raised at the remediate level counts as mandatory, as the engine counts it. */
function reportedLevel(level: EnforcementLevel): EnforcementLevel {
    return level === "remediate" ? "mandatory" : level;
}

function normaliseDiagnostic(d: analyzerPbTypes.AnalyzeDiagnostic, urn: string): Diagnostic {
    const diagnostic: Diagnostic = {
        policyName: d.getPolicyname(),
        policyPackName: d.getPolicypackname(),
        policyPackVersion: d.getPolicypackversion(),
        description: d.getDescription(),
        message: d.getMessage(),
        enforcementLevel: reportedLevel(enforcementLevelFromProto(d.getEnforcementlevel())),
        urn,
    };
    const severity = severityFromProto(d.getSeverity());
    if (severity) {
        diagnostic.severity = severity;
    }
    return diagnostic;
}

function policyInfo(p: analyzerPbTypes.PolicyInfo): PolicyInfo {
    const info: PolicyInfo = {
        name: p.getName(),
        displayName: p.getDisplayname(),
        description: p.getDescription(),
        message: p.getMessage(),
        enforcementLevel: enforcementLevelFromProto(p.getEnforcementlevel()),
        policyType: policyTypeFromProto(p.getPolicyType()),
        tags: p.getTagsList(),
        remediationSteps: p.getRemediationSteps(),
        url: p.getUrl(),
    };
    const severity = severityFromProto(p.getSeverity());
    if (severity) {
        info.severity = severity;
    }
    const framework = p.getFramework();
    if (framework) {
        info.framework = {
            name: framework.getName(),
            version: framework.getVersion(),
            reference: framework.getReference(),
            specification: framework.getSpecification(),
        };
    }
    const schema = p.getConfigschema();
    if (schema) {
        info.configSchema = {
            properties: fromStruct(schema.getProperties()) as Record<string, Record<string, unknown>>,
            required: schema.getRequiredList(),
        };
    }
    return info;
}

type Unary<Req, Res> = (
    request: Req,
    metadata: grpcTypes.Metadata,
    options: Partial<grpcTypes.CallOptions>,
    callback: (error: grpcTypes.ServiceError | null, response: Res) => void,
) => grpcTypes.ClientUnaryCall;

const livePacks = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
    if (exitHookInstalled) {
        return;
    }
    exitHookInstalled = true;
    process.on("exit", () => {
        for (const child of livePacks) {
            child.kill("SIGKILL");
        }
    });
}

/** A policy pack started as the Pulumi engine starts it, driven over the gRPC Analyzer service. */
export class PolicyPackProcess {
    private readonly client: analyzerGrpcTypes.AnalyzerClient;
    private stackUrn: string | undefined;
    private stopped = false;
    private readonly exited: Promise<void>;

    private constructor(
        readonly packDir: string,
        readonly port: number,
        private readonly child: ChildProcess,
        private readonly stderrText: () => string,
    ) {
        this.client = new analyzerGrpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
            "grpc.max_receive_message_length": MAX_MESSAGE_SIZE,
            "grpc.max_send_message_length": MAX_MESSAGE_SIZE,
        });
        this.exited = new Promise((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) {
                resolve();
            } else {
                child.once("exit", () => resolve());
            }
        });
    }

    /** Starts `run-policy-pack <engine-address> .` in the pack directory and waits for the port on its first stdout line. */
    static start(options: StartPolicyPackOptions): Promise<PolicyPackProcess> {
        const packDir = path.resolve(options.packDir);
        if (!fs.existsSync(packDir) || !fs.statSync(packDir).isDirectory()) {
            return Promise.reject(new Error(`policy pack directory ${packDir} does not exist`));
        }
        const runPolicyPack = pulumiRequire.resolve("@pulumi/pulumi/cmd/run-policy-pack");
        const watchdog = compiledRunnerFile("watchdog.js");
        const child = spawn(process.execPath, ["--require", watchdog, runPolicyPack, ENGINE_ADDRESS, "."], {
            cwd: packDir,
            stdio: ["ignore", "pipe", "pipe"],
            env: {
                ...process.env,
                PULUMI_CONFIG: JSON.stringify(options.config ?? {}),
                PULUMI_NODEJS_ORGANIZATION: options.organization ?? "organization",
                PULUMI_NODEJS_PROJECT: options.project ?? "project",
                PULUMI_NODEJS_STACK: options.stack ?? "stack",
                PULUMI_NODEJS_DRY_RUN: String(options.dryRun ?? true),
                ...options.env,
            },
        });
        livePacks.add(child);
        installExitHook();
        child.once("exit", () => livePacks.delete(child));

        let stderr = "";
        child.stderr!.setEncoding("utf8");
        child.stderr!.on("data", (chunk: string) => {
            stderr += chunk;
        });
        return new Promise<PolicyPackProcess>((resolve, reject) => {
            let stdout = "";
            let settled = false;
            const settle = (fn: () => void): void => {
                if (!settled) {
                    settled = true;
                    clearTimeout(timer);
                    fn();
                }
            };
            const timer = setTimeout(() => {
                settle(() => {
                    child.kill("SIGKILL");
                    reject(
                        new Error(
                            `policy pack ${packDir} did not report a port within ${options.startTimeoutMs ?? START_TIMEOUT_MS} ms: ${stderr.trim()}`,
                        ),
                    );
                });
            }, options.startTimeoutMs ?? START_TIMEOUT_MS);
            child.stdout!.setEncoding("utf8");
            child.stdout!.on("data", (chunk: string) => {
                if (settled) {
                    return;
                }
                stdout += chunk;
                const newline = stdout.indexOf("\n");
                if (newline < 0) {
                    return;
                }
                const line = stdout.slice(0, newline).trim();
                const port = Number(line);
                settle(() => {
                    if (!Number.isInteger(port) || port <= 0) {
                        child.kill("SIGKILL");
                        reject(
                            new Error(
                                `policy pack ${packDir} printed ${JSON.stringify(line)} instead of a port: ${stderr.trim()}`,
                            ),
                        );
                        return;
                    }
                    resolve(new PolicyPackProcess(packDir, port, child, () => stderr));
                });
            });
            child.once("exit", (code, signal) => {
                settle(() =>
                    reject(
                        new Error(
                            `policy pack ${packDir} exited (${signal ?? `code ${code}`}) before reporting a port: ${stderr.trim()}`,
                        ),
                    ),
                );
            });
            child.once("error", (err) => settle(() => reject(err)));
        });
    }

    get pid(): number | undefined {
        return this.child.pid;
    }

    /** Whether the pack process is still there to answer: not stopped, not exited. */
    get running(): boolean {
        return !this.stopped && this.child.exitCode === null && this.child.signalCode === null;
    }

    /** Everything the pack wrote to stderr so far. */
    get stderr(): string {
        return this.stderrText();
    }

    private call<Req, Res>(method: Unary<Req, Res>, request: Req): Promise<Res> {
        if (this.stopped) {
            return Promise.reject(new Error(`policy pack ${this.packDir} is stopped`));
        }
        return new Promise<Res>((resolve, reject) => {
            method.call(this.client, request, new grpc.Metadata(), {}, (err, response) => {
                if (err) {
                    const stderr = this.stderrText().trim();
                    reject(
                        Object.assign(new Error(`${err.message}${stderr ? `\npolicy pack stderr:\n${stderr}` : ""}`), {
                            code: err.code,
                        }),
                    );
                } else {
                    resolve(response);
                }
            });
        });
    }

    /** Handshake; `@pulumi/policy` does not implement it, and the engine accepts that. Returns whether it was implemented. */
    async handshake(): Promise<boolean> {
        const req = new analyzerPb.AnalyzerHandshakeRequest();
        req.setEngineAddress(ENGINE_ADDRESS);
        req.setRootDirectory(this.packDir);
        req.setProgramDirectory(this.packDir);
        try {
            await this.call(this.client.handshake, req);
            return true;
        } catch (err) {
            if ((err as { code?: number }).code === grpc.status.UNIMPLEMENTED) {
                return false;
            }
            throw err;
        }
    }

    async configureStack(configuration: StackConfiguration): Promise<void> {
        const req = new analyzerPb.AnalyzerStackConfigureRequest();
        req.setStack(configuration.stack);
        req.setProject(configuration.project);
        req.setOrganization(configuration.organization);
        req.setDryRun(configuration.dryRun);
        req.setConfigSecretKeysList(configuration.configSecretKeys ?? []);
        const config = req.getConfigMap();
        for (const [k, v] of Object.entries(configuration.config ?? {})) {
            config.set(k, v);
        }
        const tags = req.getTagsMap();
        for (const [k, v] of Object.entries(configuration.tags ?? {})) {
            tags.set(k, v);
        }
        await this.call(this.client.configureStack, req);
        this.stackUrn = rootStackUrn(configuration.stack, configuration.project);
    }

    async getPluginInfo(): Promise<{ version: string }> {
        const info: pluginPbTypes.PluginInfo = await this.call(this.client.getPluginInfo, new Empty());
        return { version: info.getVersion() };
    }

    async getAnalyzerInfo(): Promise<AnalyzerInfo> {
        const info: analyzerPbTypes.AnalyzerInfo = await this.call(this.client.getAnalyzerInfo, new Empty());
        const initialConfig: Record<string, InitialPolicyConfig> = {};
        for (const [name, config] of info.getInitialconfigMap().entries()) {
            const entry: InitialPolicyConfig = {
                enforcementLevel: enforcementLevelFromProto(config.getEnforcementlevel()),
            };
            if (config.hasProperties()) {
                entry.properties = fromStruct(config.getProperties());
            }
            initialConfig[name] = entry;
        }
        return {
            name: info.getName(),
            displayName: info.getDisplayname(),
            version: info.getVersion(),
            supportsConfig: info.getSupportsconfig(),
            description: info.getDescription(),
            readme: info.getReadme(),
            provider: info.getProvider(),
            tags: info.getTagsList(),
            repository: info.getRepository(),
            policies: info.getPoliciesList().map(policyInfo),
            initialConfig,
        };
    }

    async configure(config: Record<string, PolicyConfigEntry>): Promise<void> {
        const req = new analyzerPb.ConfigureAnalyzerRequest();
        const map = req.getPolicyconfigMap();
        for (const [name, entry] of Object.entries(config)) {
            const policyConfig = new analyzerPb.PolicyConfig();
            policyConfig.setEnforcementlevel(
                ENFORCEMENT_TO_PROTO[entry.enforcementLevel] as analyzerPbTypes.EnforcementLevel,
            );
            policyConfig.setProperties(toStruct(entry.properties));
            map.set(name, policyConfig);
        }
        await this.call(this.client.configure, req);
    }

    /** Remediate one resource's inputs; returns the names of the policies that would change it. */
    async remediate(resource: EngineResource, provider?: EngineResource): Promise<string[]> {
        const req = analyzeRequest(resource, provider);
        const response: analyzerPbTypes.RemediateResponse = await this.call(this.client.remediate, req);
        return response.getRemediationsList().map((r) => r.getPolicyname());
    }

    /** Analyze one resource's inputs, as the engine does before operating on it. The engine fills in the urn of every diagnostic. */
    async analyze(resource: EngineResource, provider?: EngineResource): Promise<Diagnostic[]> {
        const req = analyzeRequest(resource, provider);
        const response: analyzerPbTypes.AnalyzeResponse = await this.call(this.client.analyze, req);
        return response.getDiagnosticsList().map((d) => normaliseDiagnostic(d, resource.urn));
    }

    /**
     * AnalyzeStack over the resources' outputs. A diagnostic's urn is kept when it names one of the resources and is
     * otherwise the root stack's, as the engine reports it.
     */
    analyzeStack(resources: readonly EngineResource[]): Promise<Diagnostic[]> {
        return this.analyzeStackRequest(resources)();
    }

    /** The AnalyzeStack request built, and how to send it: a benchmark times the call alone, as the engine makes it. */
    analyzeStackRequest(resources: readonly EngineResource[]): () => Promise<Diagnostic[]> {
        const byUrn = new Map(resources.map((r) => [r.urn, r]));
        const req = new analyzerPb.AnalyzeStackRequest();
        for (const resource of resources) {
            const msg = new analyzerPb.AnalyzerResource();
            msg.setType(resource.type);
            msg.setUrn(resource.urn);
            msg.setName(resource.name);
            msg.setProperties(toStruct(resource.outputs));
            msg.setOptions(resourceOptions(resource, false));
            if (resource.parent) {
                msg.setParent(resource.parent);
            }
            msg.setDependenciesList(resource.dependencies);
            const propertyDependencies = msg.getPropertydependenciesMap();
            for (const [key, urns] of Object.entries(resource.propertyDependencies)) {
                const deps = new analyzerPb.AnalyzerPropertyDependencies();
                deps.setUrnsList(urns);
                propertyDependencies.set(key, deps);
            }
            if (resource.provider) {
                const provider = byUrn.get(parseProviderReference(resource.provider).urn);
                if (provider) {
                    msg.setProvider(providerResource(provider));
                }
            }
            req.addResources(msg);
        }
        return async () => {
            const response: analyzerPbTypes.AnalyzeResponse = await this.call(this.client.analyzeStack, req);
            const fallback = this.fallbackUrn(resources);
            return response
                .getDiagnosticsList()
                .map((d) => normaliseDiagnostic(d, byUrn.has(d.getUrn()) ? d.getUrn() : fallback));
        };
    }

    private fallbackUrn(resources: readonly EngineResource[]): string {
        const stack = resources.find((r) => r.type === ROOT_STACK_TYPE);
        if (stack) {
            return stack.urn;
        }
        if (this.stackUrn) {
            return this.stackUrn;
        }
        const first = resources[0];
        if (first) {
            const [, stackName, project] = /^urn:pulumi:([^:]+)::([^:]+)::/.exec(first.urn) ?? [];
            if (stackName !== undefined && project !== undefined) {
                return makeUrn(stackName, project, ROOT_STACK_TYPE, `${project}-${stackName}`);
            }
        }
        return "";
    }

    /** Kills the pack process and closes the connection. */
    async stop(): Promise<void> {
        if (!this.stopped) {
            this.stopped = true;
            this.client.close();
            this.child.kill("SIGKILL");
        }
        await this.exited;
    }
}
