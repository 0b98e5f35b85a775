import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { Struct } from "google-protobuf/google/protobuf/struct_pb";
import {
    type CapturedStack,
    type EngineResource,
    type EngineResourceOptions,
    PROVIDER_TYPE_PREFIX,
    ROOT_STACK_TYPE,
    UNKNOWN,
    isProviderType,
    makeUrn,
    parseProviderReference,
    urnQualifiedType,
} from "./engine-resource";
import { computeTagsAll, defaultProviderName, parseGoDuration } from "./emulation";

export const MOCK_ACCOUNT_ID = "123456789012";
export const DEFAULT_REGION = "us-east-1";

export interface CaptureRequest {
    /** Absolute path of a program file or directory. */
    program: string;
    project: string;
    stack: string;
    organization: string;
    config: Record<string, string>;
    preview: boolean;
}

interface Registration {
    type: string;
    name: string;
    custom: boolean;
    parent: string;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
    provider: string;
    version: string;
    inputs: Record<string, unknown>;
    options: EngineResourceOptions;
    mockUrn?: string;
    id?: string;
    state?: Record<string, unknown>;
}

interface ProtoMap<V> {
    entries(): Iterable<[string, V]>;
}

interface RegisterResourceRequestLike {
    getType(): string;
    getName(): string;
    getParent(): string;
    getCustom(): boolean;
    getObject(): Struct | undefined;
    getProtect(): boolean | undefined;
    getDependenciesList(): string[];
    getProvider(): string;
    getPropertydependenciesMap(): ProtoMap<{ getUrnsList(): string[] }>;
    getDeletebeforereplace(): boolean;
    getDeletebeforereplacedefined(): boolean;
    getVersion(): string;
    getIgnorechangesList(): string[];
    getAdditionalsecretoutputsList(): string[];
    getCustomtimeouts(): { getCreate(): string; getUpdate(): string; getDelete(): string } | undefined;
}

interface RegisterResourceResponseLike {
    getUrn(): string;
    getId(): string;
    getObject(): Struct | undefined;
}

interface RegisterResourceOutputsRequestLike {
    getUrn(): string;
    getOutputs(): Struct | undefined;
}

type Callback<R> = (err: Error | null, resp?: R) => void;

interface MockMonitorLike {
    registerResource(req: RegisterResourceRequestLike, cb: Callback<RegisterResourceResponseLike>): unknown;
    registerResourceOutputs(req: RegisterResourceOutputsRequestLike, cb: Callback<unknown>): unknown;
}

interface SettingsModule {
    getMonitor(): unknown;
    waitForRPCs(): Promise<void>;
}

function readPulumiYamlMain(dir: string): string | undefined {
    for (const file of ["Pulumi.yaml", "Pulumi.yml"]) {
        const full = path.join(dir, file);
        if (fs.existsSync(full)) {
            const match = /^main:[ \t]*(.+?)[ \t]*$/m.exec(fs.readFileSync(full, "utf8"));
            return match ? match[1]!.replace(/^(["'])(.*)\1$/, "$2") : undefined;
        }
    }
    return undefined;
}

function resolveFile(candidate: string): string | undefined {
    for (const file of [candidate, `${candidate}.js`, `${candidate}.ts`]) {
        if (fs.existsSync(file) && fs.statSync(file).isFile()) {
            return file;
        }
    }
    if (fs.existsSync(candidate) && fs.statSync(candidate).isDirectory()) {
        return resolveEntry(candidate);
    }
    return undefined;
}

/** The file a program path runs: the file itself, or for a directory Pulumi.yaml `main`, package.json `main`, index.js, index.ts. */
export function resolveEntry(program: string): string {
    const abs = path.resolve(program);
    if (!fs.existsSync(abs)) {
        throw new Error(`program ${abs} does not exist`);
    }
    if (fs.statSync(abs).isFile()) {
        return abs;
    }
    const yamlMain = readPulumiYamlMain(abs);
    if (yamlMain) {
        const found = resolveFile(path.resolve(abs, yamlMain));
        if (!found) {
            throw new Error(`Pulumi.yaml main ${yamlMain} not found in ${abs}`);
        }
        return found;
    }
    const pkgPath = path.join(abs, "package.json");
    if (fs.existsSync(pkgPath)) {
        const main = (JSON.parse(fs.readFileSync(pkgPath, "utf8")) as { main?: unknown }).main;
        if (typeof main === "string") {
            const found = resolveFile(path.resolve(abs, main));
            if (found) {
                return found;
            }
        }
    }
    for (const index of ["index.js", "index.ts"]) {
        const file = path.join(abs, index);
        if (fs.existsSync(file)) {
            return file;
        }
    }
    throw new Error(`no entry point found in ${abs}`);
}

function registerTypeScript(programDir: string): void {
    const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
    const tsNode = require(path.join(pulumiDir, "vendor", "ts-node@7.0.1")) as {
        register(options: Record<string, unknown>): void;
    };
    let compiler: string;
    try {
        compiler = require.resolve("typescript", { paths: [programDir] });
    } catch {
        compiler = require.resolve("typescript");
    }
    tsNode.register({
        transpileOnly: true,
        skipProject: true,
        compiler,
        compilerOptions: {
            module: "commonjs",
            target: "es2020",
            esModuleInterop: true,
            sourceMap: true,
        },
    });
}

function kebab(name: string): string {
    return name.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
}

const GLOBAL_SERVICES = new Set(["iam", "s3", "cloudfront", "route53", "organizations"]);

function mockArn(type: string, id: string, region: string, account: string): string | undefined {
    const match = /^aws:([A-Za-z0-9]+)\/([A-Za-z0-9]+):/.exec(type);
    if (!match) {
        return undefined;
    }
    const service = match[1]!.toLowerCase();
    if (service === "s3") {
        return `arn:aws:s3:::${id}`;
    }
    const where = GLOBAL_SERVICES.has(service) ? "" : region;
    return `arn:aws:${service}:${where}:${account}:${kebab(match[2]!)}/${id}`;
}

/** Provider inputs travel JSON-encoded when they are not strings. */
function firstAllowedAccount(allowed: unknown): string | undefined {
    let list = allowed;
    if (typeof list === "string") {
        try {
            list = JSON.parse(list);
        } catch {
            return undefined;
        }
    }
    return Array.isArray(list) && typeof list[0] === "string" ? list[0] : undefined;
}

function makeMocks(request: CaptureRequest): pulumi.runtime.Mocks {
    const region = request.config["aws:region"] ?? DEFAULT_REGION;
    // A provider restricted to allowed accounts deploys into the first of them: ARNs carry that account.
    const accountByProviderId = new Map<string, string>();
    const accountOf = (providerReference: string | undefined): string => {
        const providerId = providerReference?.slice(providerReference.lastIndexOf("::") + 2);
        return (providerId && accountByProviderId.get(providerId)) || MOCK_ACCOUNT_ID;
    };
    return {
        newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
            const state: Record<string, unknown> = { ...args.inputs };
            if (!args.custom || request.preview) {
                return { id: undefined, state };
            }
            const id = `${args.name}-id`;
            if (isProviderType(args.type)) {
                const account = firstAllowedAccount((args.inputs as { allowedAccountIds?: unknown }).allowedAccountIds);
                if (account) {
                    accountByProviderId.set(id, account);
                }
            }
            if (!isProviderType(args.type) && !("arn" in state)) {
                const arn = mockArn(args.type, id, region, accountOf(args.provider));
                if (arn) {
                    state.arn = arn;
                }
            }
            return { id, state };
        },
        call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
            const inputs = (args.inputs ?? {}) as Record<string, unknown>;
            if (args.token.startsWith("aws:index/getCallerIdentity")) {
                return {
                    accountId: MOCK_ACCOUNT_ID,
                    arn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:user/demarc-mock`,
                    id: MOCK_ACCOUNT_ID,
                    userId: "AIDAMOCKUSERID",
                };
            }
            if (args.token.startsWith("aws:index/getRegion")) {
                const name = typeof inputs.region === "string" ? inputs.region : region;
                return { id: name, name, region: name, description: name, endpoint: `ec2.${name}.amazonaws.com` };
            }
            if (args.token.startsWith("aws:index/getAvailabilityZones")) {
                return {
                    id: region,
                    names: [`${region}a`, `${region}b`],
                    zoneIds: [`${region}-az1`, `${region}-az2`],
                    groupNames: [region],
                    state: "available",
                };
            }
            return {};
        },
    };
}

function structToObject(struct: Struct | undefined): Record<string, unknown> {
    return (struct?.toJavaScript() ?? {}) as Record<string, unknown>;
}

function readRegistration(req: RegisterResourceRequestLike): Registration {
    const propertyDependencies: Record<string, string[]> = {};
    for (const [key, deps] of req.getPropertydependenciesMap().entries()) {
        propertyDependencies[key] = deps.getUrnsList();
    }
    const options: EngineResourceOptions = {
        protect: req.getProtect() === true,
        ignoreChanges: req.getIgnorechangesList(),
        aliases: [],
        additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
    };
    if (req.getDeletebeforereplacedefined()) {
        options.deleteBeforeReplace = req.getDeletebeforereplace();
    }
    const timeouts = req.getCustomtimeouts();
    if (timeouts) {
        const customTimeouts: { create?: number; update?: number; delete?: number } = {};
        if (timeouts.getCreate()) customTimeouts.create = parseGoDuration(timeouts.getCreate());
        if (timeouts.getUpdate()) customTimeouts.update = parseGoDuration(timeouts.getUpdate());
        if (timeouts.getDelete()) customTimeouts.delete = parseGoDuration(timeouts.getDelete());
        if (Object.keys(customTimeouts).length > 0) {
            options.customTimeouts = customTimeouts;
        }
    }
    return {
        type: req.getType(),
        name: req.getName(),
        custom: req.getCustom(),
        parent: req.getParent(),
        dependencies: req.getDependenciesList(),
        propertyDependencies,
        provider: req.getProvider(),
        version: req.getVersion(),
        inputs: structToObject(req.getObject()),
        options,
    };
}

function packageVersion(pkg: string): string | undefined {
    try {
        return (require(`@pulumi/${pkg}/package.json`) as { version?: string }).version;
    } catch {
        return undefined;
    }
}

function packageConfig(config: Record<string, string>, pkg: string): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(config)) {
        const [namespace, name] = key.split(":", 2);
        if (namespace === pkg && name) {
            result[name.replace(/^config:/, "")] = value;
        }
    }
    return result;
}

function emptyOptions(): EngineResourceOptions {
    return { protect: false, ignoreChanges: [], aliases: [], additionalSecretOutputs: [] };
}

export function buildCapturedStack(
    request: CaptureRequest,
    registrations: readonly Registration[],
    registeredOutputs: ReadonlyMap<string, Record<string, unknown>>,
): CapturedStack {
    const { stack, project, preview } = request;
    const byMockUrn = new Map<string, Registration>();
    for (const reg of registrations) {
        if (!reg.mockUrn) {
            throw new Error(`registration of ${reg.type} ${reg.name} did not complete`);
        }
        byMockUrn.set(reg.mockUrn, reg);
    }
    const engineUrns = new Map<string, string>();
    const engineUrn = (mockUrn: string): string => {
        const known = engineUrns.get(mockUrn);
        if (known) {
            return known;
        }
        const reg = byMockUrn.get(mockUrn);
        if (!reg) {
            throw new Error(`reference to unregistered resource ${mockUrn}`);
        }
        let qualifiedType = reg.type;
        if (reg.parent) {
            const parentType = urnQualifiedType(engineUrn(reg.parent));
            if (parentType !== ROOT_STACK_TYPE) {
                qualifiedType = `${parentType}$${reg.type}`;
            }
        }
        const urn = makeUrn(stack, project, qualifiedType, reg.name);
        engineUrns.set(mockUrn, urn);
        return urn;
    };
    const remapReference = (ref: string): string => {
        const { urn, id } = parseProviderReference(ref);
        return `${engineUrn(urn)}::${id}`;
    };

    const resources: EngineResource[] = [];
    const byUrn = new Map<string, EngineResource>();
    const defaultProviders = new Map<string, EngineResource>();
    const push = (resource: EngineResource): void => {
        resources.push(resource);
        byUrn.set(resource.urn, resource);
    };
    const defaultProviderFor = (type: string, version: string): EngineResource => {
        const pkg = type.split(":")[0]!;
        const resolvedVersion = version || packageVersion(pkg);
        const key = `${pkg}@${resolvedVersion ?? ""}`;
        const existing = defaultProviders.get(key);
        if (existing) {
            return existing;
        }
        const name = defaultProviderName(resolvedVersion);
        const inputs: Record<string, unknown> = packageConfig(request.config, pkg);
        if (resolvedVersion) {
            inputs.version = resolvedVersion;
        }
        const provider: EngineResource = {
            urn: makeUrn(stack, project, `${PROVIDER_TYPE_PREFIX}${pkg}`, name),
            type: `${PROVIDER_TYPE_PREFIX}${pkg}`,
            name,
            custom: true,
            id: preview ? UNKNOWN : `${name}-id`,
            dependencies: [],
            propertyDependencies: {},
            inputs,
            outputs: { ...inputs },
            options: emptyOptions(),
        };
        defaultProviders.set(key, provider);
        push(provider);
        return provider;
    };

    for (const reg of registrations) {
        const urn = engineUrn(reg.mockUrn!);
        const propertyDependencies: Record<string, string[]> = {};
        for (const [key, deps] of Object.entries(reg.propertyDependencies)) {
            propertyDependencies[key] = deps.map(engineUrn);
        }
        const resource: EngineResource = {
            urn,
            type: reg.type,
            name: reg.name,
            custom: reg.custom,
            dependencies: reg.dependencies.map(engineUrn),
            propertyDependencies,
            inputs: reg.inputs,
            outputs: {},
            options: reg.options,
        };
        if (reg.parent) {
            resource.parent = engineUrn(reg.parent);
        }
        if (reg.custom) {
            resource.id = preview || !reg.id ? UNKNOWN : reg.id;
        }
        if (isProviderType(reg.type)) {
            if (reg.version) {
                resource.inputs = { ...reg.inputs, version: reg.version };
            }
            resource.outputs = { ...resource.inputs };
        } else if (reg.custom) {
            const provider = reg.provider
                ? byUrn.get(parseProviderReference(remapReference(reg.provider)).urn)
                : defaultProviderFor(reg.type, reg.version);
            resource.provider = reg.provider ? remapReference(reg.provider) : `${provider!.urn}::${provider!.id}`;
            const outputs: Record<string, unknown> = { ...(reg.state ?? reg.inputs), id: resource.id };
            if (reg.type.startsWith("aws:") && "tags" in outputs) {
                outputs.tagsAll = computeTagsAll(outputs.tags, provider?.inputs.defaultTags);
            }
            resource.outputs = outputs;
        } else {
            resource.outputs = registeredOutputs.get(reg.mockUrn!) ?? {};
        }
        push(resource);
    }

    return {
        organization: request.organization,
        project,
        stack,
        preview,
        config: request.config,
        resources,
    };
}

function callProgram(moduleExports: unknown): unknown {
    if (typeof moduleExports === "function") {
        return (moduleExports as () => unknown)();
    }
    if (typeof moduleExports === "object" && moduleExports !== null) {
        const def = (moduleExports as { default?: unknown }).default;
        if (typeof def === "function") {
            return (def as () => unknown)();
        }
    }
    return moduleExports;
}

/** Runs one program under mocks in this process and returns what the engine would have received. */
export async function runCapture(request: CaptureRequest): Promise<CapturedStack> {
    const entry = resolveEntry(request.program);
    pulumi.runtime.setAllConfig(request.config);
    await pulumi.runtime.setMocks(
        makeMocks(request),
        request.project,
        request.stack,
        request.preview,
        request.organization,
    );

    const settings = require("@pulumi/pulumi/runtime/settings") as SettingsModule;
    const monitor = settings.getMonitor() as MockMonitorLike;
    const registrations: Registration[] = [];
    const registeredOutputs = new Map<string, Record<string, unknown>>();

    const registerResource = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, cb) => {
        const registration = readRegistration(req);
        registrations.push(registration);
        return registerResource(req, (err, resp) => {
            if (resp) {
                registration.mockUrn = resp.getUrn();
                registration.id = resp.getId() || undefined;
                registration.state = structToObject(resp.getObject());
            }
            cb(err, resp);
        });
    };
    const registerResourceOutputs = monitor.registerResourceOutputs.bind(monitor);
    monitor.registerResourceOutputs = (req, cb) => {
        registeredOutputs.set(req.getUrn(), structToObject(req.getOutputs()));
        return registerResourceOutputs(req, cb);
    };

    const programDir = path.dirname(entry);
    process.chdir(programDir);
    if (entry.endsWith(".ts")) {
        registerTypeScript(programDir);
    }
    await pulumi.runtime.runInPulumiStack(async () => callProgram(require(entry)));
    await settings.waitForRPCs();
    if (pulumi.log.hasErrors()) {
        throw new Error("the program logged errors");
    }
    return buildCapturedStack(request, registrations, registeredOutputs);
}
