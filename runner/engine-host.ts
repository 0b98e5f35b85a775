import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import * as path from "node:path";
import type * as grpcTypes from "@grpc/grpc-js";
import type * as engineGrpcTypes from "@pulumi/pulumi/proto/engine_grpc_pb";
import type * as enginePbTypes from "@pulumi/pulumi/proto/engine_pb";
import type * as providerPbTypes from "@pulumi/pulumi/proto/provider_pb";
import type * as resourceGrpcTypes from "@pulumi/pulumi/proto/resource_grpc_pb";
import type * as resourcePbTypes from "@pulumi/pulumi/proto/resource_pb";
import type * as emptyPbTypes from "google-protobuf/google/protobuf/empty_pb";
import type * as structPbTypes from "google-protobuf/google/protobuf/struct_pb";
import {
    type CaptureRequest,
    EngineAnswers,
    type Registration,
    buildCapturedStack,
    readRegistration,
    structToObject,
} from "./capture-run";
import {
    type CapturedStack,
    ROOT_STACK_TYPE,
    makeUrn,
    urnQualifiedType,
    withoutResourceReferences,
} from "./engine-resource";
import { compiledRunnerFile } from "./paths";
import { type ProgramLocation, type ProgramSdk, locateProgram, programSdk, unsupportedSdk } from "./program";

const pulumiRequire = createRequire(require.resolve("@pulumi/pulumi/package.json"));
const grpc = pulumiRequire("@grpc/grpc-js") as typeof grpcTypes;
const resourceGrpc = pulumiRequire("@pulumi/pulumi/proto/resource_grpc_pb") as typeof resourceGrpcTypes;
const resourcePb = pulumiRequire("@pulumi/pulumi/proto/resource_pb") as typeof resourcePbTypes;
const engineGrpc = pulumiRequire("@pulumi/pulumi/proto/engine_grpc_pb") as typeof engineGrpcTypes;
const enginePb = pulumiRequire("@pulumi/pulumi/proto/engine_pb") as typeof enginePbTypes;
const providerPb = pulumiRequire("@pulumi/pulumi/proto/provider_pb") as typeof providerPbTypes;
const structPb = pulumiRequire("google-protobuf/google/protobuf/struct_pb") as typeof structPbTypes;
const emptyPb = pulumiRequire("google-protobuf/google/protobuf/empty_pb") as typeof emptyPbTypes;
/**
 * The monitor's `Invoke` answers with resource.proto's `ResourceInvokeResponse` in newer SDKs and with provider.proto's
 * `InvokeResponse` in older ones (the same fields on the wire); the served stubs check the class they expect.
 */
const InvokeResponse = ((resourcePb as unknown as { ResourceInvokeResponse?: unknown }).ResourceInvokeResponse ??
    providerPb.InvokeResponse) as new () => { setReturn(value: structPbTypes.Struct): unknown };

const MAX_MESSAGE_SIZE = 400 * 1024 * 1024;

/**
 * What this engine tells a program's SDK it supports. Output values stay off (the SDK then sends plain values with
 * unknowns and secrets in wire form, as the engine passes them on to analyzers); transforms and hooks would need
 * callbacks into the program that no offline run has a use for.
 */
const SUPPORTED_FEATURES = new Set([
    "secrets",
    "resourceReferences",
    "deletedWith",
    "replaceWith",
    "aliasSpecs",
    "parameterization",
]);

const LOG_SEVERITY_ERROR = 3;

export interface ProgramRun {
    readonly captured: CapturedStack;
    /** Invoke tokens the engine had no answer for (answered with an empty result). */
    readonly unansweredInvokes: readonly string[];
    readonly sdk: ProgramSdk;
    readonly location: ProgramLocation;
}

const livePrograms = new Set<ChildProcess>();
let exitHookInstalled = false;

function killOnExit(child: ChildProcess): void {
    livePrograms.add(child);
    child.once("exit", () => livePrograms.delete(child));
    if (!exitHookInstalled) {
        exitHookInstalled = true;
        process.on("exit", () => {
            for (const program of livePrograms) program.kill("SIGKILL");
        });
    }
}

type Handler<Req, Res> = grpcTypes.handleUnaryCall<Req, Res>;

function unary<Req, Res>(fn: (req: Req) => Res): Handler<Req, Res> {
    return (call, callback) => {
        try {
            callback(null, fn(call.request));
        } catch (error) {
            callback({ code: grpc.status.INTERNAL, details: error instanceof Error ? error.message : String(error) });
        }
    };
}

const ANSI_COLOUR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g");
const withoutAnsi = (text: string): string => text.replace(ANSI_COLOUR, "");

function toStruct(value: Record<string, unknown>): structPbTypes.Struct {
    return structPb.Struct.fromJavaScript(value as Record<string, structPbTypes.JavaScriptValue>);
}

/** Environment the Node.js language host gives a program: config, its secret keys, TypeScript through ts-node. */
function programEnvironment(request: CaptureRequest, location: ProgramLocation): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {
        ...process.env,
        NODE_OPTIONS:
            `${process.env["NODE_OPTIONS"] ?? ""} --require ${compiledRunnerFile("program-preload.js")}`.trim(),
        PULUMI_CONFIG: JSON.stringify(request.config),
        PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(request.secretKeys ?? []),
        PULUMI_NODEJS_TYPESCRIPT: String(location.runtimeOptions["typescript"] !== false),
        // A check judges resources, not types: type-checking is the program's own build's job.
        PULUMI_NODEJS_TRANSPILE_ONLY: process.env["PULUMI_NODEJS_TRANSPILE_ONLY"] ?? "true",
    };
    const tsconfig = location.runtimeOptions["tsconfig"];
    if (typeof tsconfig === "string") env["PULUMI_NODEJS_TSCONFIG_PATH"] = tsconfig;
    return env;
}

/**
 * Runs a program as the Pulumi engine does: serves the ResourceMonitor and Engine gRPC services, starts the program
 * with its own SDK's launcher (`@pulumi/pulumi/cmd/run`, as the Node.js language host does), and answers every
 * registration as runtime mocks would (ids, outputs = inputs, nothing known yet at preview). Returns every resource
 * as the engine would send it to an analyzer.
 */
export async function runProgram(request: CaptureRequest, timeoutMs: number): Promise<ProgramRun> {
    const location = locateProgram(request.program);
    const sdk = programSdk(location);
    const unsupported = unsupportedSdk(sdk);
    if (unsupported) throw new Error(unsupported);

    const answers = new EngineAnswers(request);
    const registrations: Registration[] = [];
    const byUrn = new Map<string, Registration>();
    const registeredOutputs = new Map<string, Record<string, unknown>>();
    const errors: string[] = [];
    const packages = new Map<string, string>();
    let rootResource = "";

    const urnOf = (reg: Registration): string => {
        let qualifiedType = reg.type;
        if (reg.parent) {
            const parentType = urnQualifiedType(reg.parent);
            if (parentType !== ROOT_STACK_TYPE) qualifiedType = `${parentType}$${reg.type}`;
        }
        return makeUrn(request.stack, request.project, qualifiedType, reg.name);
    };

    const monitor: Partial<resourceGrpcTypes.IResourceMonitorServer> = {
        supportsFeature: unary((req: resourcePbTypes.SupportsFeatureRequest) =>
            new resourcePb.SupportsFeatureResponse().setHassupport(SUPPORTED_FEATURES.has(req.getId())),
        ),
        registerPackage: unary((req: resourcePbTypes.RegisterPackageRequest) => {
            const ref = `package-${packages.size + 1}`;
            packages.set(ref, req.getVersion());
            return new resourcePb.RegisterPackageResponse().setRef(ref);
        }),
        registerResource: unary((req: resourcePbTypes.RegisterResourceRequest) => {
            const reg = readRegistration(req);
            if (!reg.version && req.getPackageref()) reg.version = packages.get(req.getPackageref()) ?? "";
            const urn = urnOf(reg);
            if (byUrn.has(urn)) throw new Error(`Duplicate resource URN '${urn}'; try giving it a unique name`);
            const { id, state } = answers.register(urn, reg);
            reg.mockUrn = urn;
            reg.id = id;
            reg.state = state;
            registrations.push(reg);
            byUrn.set(urn, reg);
            const response = new resourcePb.RegisterResourceResponse();
            response.setUrn(urn);
            response.setId(id ?? "");
            response.setObject(toStruct(state));
            return response;
        }),
        registerResourceOutputs: unary((req: resourcePbTypes.RegisterResourceOutputsRequest) => {
            registeredOutputs.set(
                req.getUrn(),
                withoutResourceReferences(structToObject(req.getOutputs())) as Record<string, unknown>,
            );
            return new emptyPb.Empty();
        }),
        readResource: unary((req: resourcePbTypes.ReadResourceRequest) => {
            const urn = makeUrn(request.stack, request.project, req.getType(), req.getName());
            const properties = withoutResourceReferences(structToObject(req.getProperties())) as Record<
                string,
                unknown
            >;
            return new resourcePb.ReadResourceResponse().setUrn(urn).setProperties(toStruct(properties));
        }),
        invoke: unary((req: resourcePbTypes.ResourceInvokeRequest): never => {
            const args = withoutResourceReferences(structToObject(req.getArgs())) as Record<string, unknown>;
            const result = answers.invoke(req.getTok(), args, req.getProvider());
            return new InvokeResponse().setReturn(toStruct(result)) as never;
        }),
        call: unary((req: resourcePbTypes.ResourceCallRequest) => {
            answers.unanswered.add(req.getTok());
            return new providerPb.CallResponse().setReturn(toStruct({}));
        }),
        signalAndWaitForShutdown: unary(() => new emptyPb.Empty()),
    };
    const engine: Partial<engineGrpcTypes.IEngineServer> = {
        log: unary((req: enginePbTypes.LogRequest) => {
            if (req.getSeverity() === LOG_SEVERITY_ERROR) errors.push(withoutAnsi(req.getMessage()).trim());
            return new emptyPb.Empty();
        }),
        getRootResource: unary(() => new enginePb.GetRootResourceResponse().setUrn(rootResource)),
        setRootResource: unary((req: enginePbTypes.SetRootResourceRequest) => {
            rootResource = req.getUrn();
            return new enginePb.SetRootResourceResponse();
        }),
        requirePulumiVersion: unary(() => new enginePb.RequirePulumiVersionResponse()),
    };

    const server = new grpc.Server({
        "grpc.max_receive_message_length": MAX_MESSAGE_SIZE,
        "grpc.max_send_message_length": MAX_MESSAGE_SIZE,
    });
    server.addService(resourceGrpc.ResourceMonitorService, monitor as resourceGrpcTypes.IResourceMonitorServer);
    server.addService(engineGrpc.EngineService, engine as engineGrpcTypes.IEngineServer);
    const port = await new Promise<number>((resolve, reject) =>
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, bound) =>
            err ? reject(err) : resolve(bound),
        ),
    );
    const address = `127.0.0.1:${port}`;

    try {
        const args = [
            path.join(sdk.dir, "cmd", "run"),
            "--monitor",
            address,
            "--engine",
            address,
            "--organization",
            request.organization,
            "--project",
            request.project,
            "--root-directory",
            location.projectDir,
            "--stack",
            request.stack,
            "--pwd",
            location.projectDir,
            ...(request.preview ? ["--dry-run"] : []),
            location.programArg,
        ];
        const nodeargs = location.runtimeOptions["nodeargs"];
        const nodeArgs = typeof nodeargs === "string" ? nodeargs.split(/\s+/).filter(Boolean) : [];
        const child = spawn(process.execPath, [...nodeArgs, ...args], {
            cwd: location.projectDir,
            env: programEnvironment(request, location),
            stdio: ["ignore", "pipe", "pipe"],
        });
        killOnExit(child);
        let output = "";
        const collect = (chunk: string): void => {
            output = (output + chunk).slice(-20_000);
        };
        child.stdout.setEncoding("utf8").on("data", collect);
        child.stderr.setEncoding("utf8").on("data", collect);
        const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>(
            (resolve, reject) => {
                const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
                child.once("error", (err) => {
                    clearTimeout(timer);
                    reject(err);
                });
                child.once("close", (exitCode, exitSignal) => {
                    clearTimeout(timer);
                    resolve({ code: exitCode, signal: exitSignal });
                });
            },
        );
        if (code !== 0 || errors.length > 0) {
            const why = signal
                ? `was killed (${signal}${signal === "SIGKILL" ? `, after ${timeoutMs} ms` : ""})`
                : `exited with code ${code}`;
            const detail = [...errors, output.trim()].filter(Boolean).join("\n");
            throw new Error(`the program (@pulumi/pulumi ${sdk.version}) ${why}${detail ? `: ${detail}` : ""}`);
        }
        return {
            captured: buildCapturedStack(request, registrations, registeredOutputs),
            unansweredInvokes: [...answers.unanswered].sort(),
            sdk,
            location,
        };
    } finally {
        server.forceShutdown();
    }
}
