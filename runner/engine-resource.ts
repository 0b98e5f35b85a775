import type { ResourceRecord } from "../lib/resource";
import { parseUrn } from "../lib/urn";

export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
export const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";
export const PROVIDER_TYPE_PREFIX = "pulumi:providers:";

export interface EngineResourceOptions {
    protect: boolean;
    ignoreChanges: string[];
    deleteBeforeReplace?: boolean;
    aliases: string[];
    additionalSecretOutputs: string[];
    customTimeouts?: { create?: number; update?: number; delete?: number };
}

export interface EngineResource {
    urn: string;
    type: string;
    name: string;
    custom: boolean;
    id?: string;
    parent?: string;
    provider?: string;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
    inputs: Record<string, unknown>;
    outputs: Record<string, unknown>;
    options: EngineResourceOptions;
    /** A component its provider plugin builds (awsx, eks): its children exist only where the plugin runs. */
    remote?: true;
}

export interface CapturedStack {
    organization: string;
    project: string;
    stack: string;
    preview: boolean;
    config: Record<string, string>;
    resources: EngineResource[];
}

export interface SecretValue {
    [SECRET_SIG_KEY]: typeof SECRET_SIG;
    value: unknown;
}

/** The signature of a resource reference in the wire form of a property value. */
export const RESOURCE_REFERENCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
/** The signature of an output value (what a monitor supporting `outputValues` receives). */
export const OUTPUT_VALUE_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";

/**
 * A property value as the engine sends it to an analyzer (KeepResources off): a resource reference becomes the
 * resource's id (unknown while it is unknown), or its urn when it has none; an output value becomes its value
 * (unknown when unknown, wrapped when secret).
 */
export function withoutResourceReferences(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(withoutResourceReferences);
    if (typeof value !== "object" || value === null) return value;
    const record = value as Record<string, unknown>;
    const sig = record[SECRET_SIG_KEY];
    if (sig === RESOURCE_REFERENCE_SIG) {
        const id = record["id"];
        return id !== undefined && id !== null && id !== "" ? id : record["urn"];
    }
    if (sig === OUTPUT_VALUE_SIG) {
        const inner = "value" in record ? withoutResourceReferences(record["value"]) : UNKNOWN;
        return record["secret"] === true ? makeSecret(inner) : inner;
    }
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, withoutResourceReferences(v)]));
}

export function isUnknown(value: unknown): boolean {
    return value === UNKNOWN;
}

export function isSecret(value: unknown): value is SecretValue {
    return (
        typeof value === "object" && value !== null && (value as Record<string, unknown>)[SECRET_SIG_KEY] === SECRET_SIG
    );
}

export function makeSecret(value: unknown): SecretValue {
    return { [SECRET_SIG_KEY]: SECRET_SIG, value };
}

export function isProviderType(type: string): boolean {
    return type.startsWith(PROVIDER_TYPE_PREFIX);
}

export function makeUrn(stack: string, project: string, qualifiedType: string, name: string): string {
    return `urn:pulumi:${stack}::${project}::${qualifiedType}::${name}`;
}

export function rootStackUrn(stack: string, project: string): string {
    return makeUrn(stack, project, ROOT_STACK_TYPE, `${project}-${stack}`);
}

/** The `type$type$...` segment of a urn. */
export function urnQualifiedType(urn: string): string {
    return parseUrn(urn)?.qualifiedType ?? "";
}

/** A provider reference is `URN::ID`; both halves, split at the last `::`. */
export function parseProviderReference(ref: string): { urn: string; id: string } {
    const at = ref.lastIndexOf("::");
    if (at < 0) {
        throw new Error(`invalid provider reference ${JSON.stringify(ref)}`);
    }
    return { urn: ref.slice(0, at), id: ref.slice(at + 2) };
}

export function findProvider(
    resource: EngineResource,
    resources: readonly EngineResource[],
): EngineResource | undefined {
    if (!resource.provider) {
        return undefined;
    }
    const { urn } = parseProviderReference(resource.provider);
    return resources.find((r) => r.urn === urn);
}

/** Records as the engine would send them in AnalyzeStack: outputs, and each provider as a resource of its own. */
export function asEngineResources(records: readonly ResourceRecord[]): EngineResource[] {
    const options = { protect: false, ignoreChanges: [], aliases: [], additionalSecretOutputs: [] };
    const providers = new Map<string, EngineResource>();
    const resources: EngineResource[] = [];
    for (const r of records) {
        let providerRef: string | undefined;
        if (r.provider) {
            providerRef = `${r.provider.urn}::${r.provider.name}-id`;
            if (!providers.has(r.provider.urn)) {
                const props = { ...r.provider.props } as Record<string, unknown>;
                providers.set(r.provider.urn, {
                    urn: r.provider.urn,
                    type: r.provider.type,
                    name: r.provider.name,
                    custom: true,
                    id: `${r.provider.name}-id`,
                    dependencies: [],
                    propertyDependencies: {},
                    inputs: props,
                    outputs: props,
                    options,
                });
            }
        }
        const props = r.props as Record<string, unknown>;
        resources.push({
            urn: r.urn,
            type: r.type,
            name: r.name,
            custom: true,
            id: typeof props["id"] === "string" ? (props["id"] as string) : undefined,
            provider: providerRef,
            parent: r.parent,
            dependencies: [...(r.dependencies ?? [])],
            propertyDependencies: Object.fromEntries(
                Object.entries(r.propertyDependencies ?? {}).map(([k, v]) => [k, [...v]]),
            ),
            inputs: props,
            outputs: props,
            options,
        });
    }
    return [...providers.values(), ...resources];
}
