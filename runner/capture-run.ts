import * as fs from "node:fs";
import * as path from "node:path";
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
    withoutResourceReferences,
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
    /** Config keys whose values are secrets (the program reads them as secret outputs). */
    secretKeys?: string[];
    preview: boolean;
}

export interface Registration {
    type: string;
    name: string;
    custom: boolean;
    /** A component its provider plugin builds (`remote: true`): the engine would call the plugin's Construct. */
    remote: boolean;
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

export interface RegisterResourceRequestLike {
    getType(): string;
    getName(): string;
    getParent(): string;
    getCustom(): boolean;
    getRemote(): boolean;
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
function decoded(value: unknown): unknown {
    if (typeof value !== "string") return value;
    try {
        return JSON.parse(value);
    } catch {
        return value;
    }
}

/** The account a provider deploys into, as far as its inputs say: the first allowed account, else its assumed role's. */
function providerAccount(inputs: Record<string, unknown>): string | undefined {
    const allowed = decoded(inputs.allowedAccountIds);
    if (Array.isArray(allowed) && typeof allowed[0] === "string") return allowed[0];
    for (const key of ["assumeRoles", "assumeRole"]) {
        const roles = decoded(inputs[key]);
        for (const role of Array.isArray(roles) ? roles : [roles]) {
            const arn = typeof role === "object" && role !== null ? (role as { roleArn?: unknown }).roleArn : undefined;
            const account = typeof arn === "string" ? /^arn:[^:]+:iam::(\d{12}):/.exec(arn)?.[1] : undefined;
            if (account) return account;
        }
    }
    return undefined;
}

/** Availability zones a region has for an account; regions not listed answer three, as most do. */
const ZONES_BY_REGION: Record<string, number> = { "us-east-1": 6, "us-west-2": 4, "ap-northeast-1": 3 };

/** The engine's answers where a real run would ask a provider: ids, outputs = inputs, ARNs in the provider's account and region, invokes. */
export class EngineAnswers {
    private readonly providers = new Map<string, { account: string; region: string }>();
    readonly unanswered = new Set<string>();

    constructor(private readonly request: CaptureRequest) {}

    private get defaults(): { account: string; region: string } {
        const config = this.request.config;
        const account = providerAccount({ allowedAccountIds: config["aws:allowedAccountIds"] }) ?? MOCK_ACCOUNT_ID;
        return { account, region: config["aws:region"] ?? DEFAULT_REGION };
    }

    private providerOf(reference: string | undefined): { account: string; region: string } {
        if (!reference) return this.defaults;
        const at = reference.lastIndexOf("::");
        return this.providers.get(at < 0 ? reference : reference.slice(0, at)) ?? this.defaults;
    }

    /** The id and outputs the engine returns for a registration; no id at preview, as for a resource yet to be created. */
    register(urn: string, reg: Registration): { id: string | undefined; state: Record<string, unknown> } {
        const state: Record<string, unknown> = { ...reg.inputs };
        if (isProviderType(reg.type) && reg.type === `${PROVIDER_TYPE_PREFIX}aws`) {
            const region = typeof reg.inputs.region === "string" ? reg.inputs.region : this.defaults.region;
            this.providers.set(urn, { account: providerAccount(reg.inputs) ?? this.defaults.account, region });
        }
        if (!reg.custom || this.request.preview) {
            return { id: undefined, state };
        }
        const id = `${reg.name}-id`;
        if (!isProviderType(reg.type) && !("arn" in state)) {
            const { account, region } = this.providerOf(reg.provider);
            const arn = mockArn(reg.type, id, region, account);
            if (arn) {
                state.arn = arn;
            }
        }
        return { id, state };
    }

    invoke(token: string, args: Record<string, unknown>, provider: string): Record<string, unknown> {
        const { account, region } = this.providerOf(provider);
        if (token.startsWith("aws:index/getCallerIdentity")) {
            return {
                accountId: account,
                arn: `arn:aws:iam::${account}:user/demarc-check`,
                id: account,
                userId: "AIDADEMARCCHECK",
            };
        }
        if (token.startsWith("aws:index/getRegion")) {
            const name =
                typeof args.region === "string" ? args.region : typeof args.name === "string" ? args.name : region;
            return { id: name, name, region: name, description: name, endpoint: `ec2.${name}.amazonaws.com` };
        }
        if (token.startsWith("aws:index/getAvailabilityZones")) {
            const count = ZONES_BY_REGION[region] ?? 3;
            const letters = "abcdefgh".slice(0, count).split("");
            return {
                id: region,
                names: letters.map((l) => `${region}${l}`),
                zoneIds: letters.map((_, i) => `${region}-az${i + 1}`),
                groupNames: [region],
                state: "available",
            };
        }
        if (token.startsWith("aws:index/getPartition")) {
            return { id: "aws", partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws" };
        }
        this.unanswered.add(token);
        return {};
    }
}

export function structToObject(struct: Struct | undefined): Record<string, unknown> {
    return (struct?.toJavaScript() ?? {}) as Record<string, unknown>;
}

export function readRegistration(req: RegisterResourceRequestLike): Registration {
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
        remote: req.getRemote(),
        parent: req.getParent(),
        dependencies: req.getDependenciesList(),
        propertyDependencies,
        provider: req.getProvider(),
        version: req.getVersion(),
        inputs: withoutResourceReferences(structToObject(req.getObject())) as Record<string, unknown>,
        options,
    };
}

/** The version of the program's own `@pulumi/<pkg>`, for a registration that did not say. */
function packageVersion(pkg: string, program: string): string | undefined {
    try {
        const dir = fs.statSync(program).isDirectory() ? program : path.dirname(program);
        const manifest = require.resolve(`@pulumi/${pkg}/package.json`, { paths: [dir] });
        return (JSON.parse(fs.readFileSync(manifest, "utf8")) as { version?: string }).version;
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
        const resolvedVersion = version || packageVersion(pkg, request.program);
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
        if (reg.remote) {
            resource.remote = true;
        }
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
