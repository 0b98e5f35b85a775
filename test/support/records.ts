import type { ProviderRecord, ResourceRecord } from "../../lib/resource";
import { UNKNOWN } from "../../lib/values";

export { UNKNOWN };

const STACK = "dev";
const PROJECT = "demarc-test";

export function urnOf(type: string, name: string): string {
    return `urn:pulumi:${STACK}::${PROJECT}::${type}::${name}`;
}

export function awsProvider(defaultTags?: Record<string, string>, name = "default_7_48_0"): ProviderRecord {
    const props: Record<string, unknown> = { region: "us-east-1" };
    if (defaultTags) props["defaultTags"] = JSON.stringify({ tags: defaultTags });
    return { type: "pulumi:providers:aws", urn: urnOf("pulumi:providers:aws", name), name, props };
}

export interface RecordOptions {
    provider?: ProviderRecord;
    /** property name → the records it was computed from (the engine's propertyDependencies) */
    refs?: Record<string, ResourceRecord | readonly ResourceRecord[]>;
    parent?: string;
}

/**
 * A resource as the engine would send it. References given in `refs` are recorded as property
 * dependencies; pass the target's id (or UNKNOWN, as at a first preview) in `props` yourself.
 */
export function record(
    type: string,
    name: string,
    props: Record<string, unknown>,
    options: RecordOptions = {},
): ResourceRecord {
    const propertyDependencies: Record<string, string[]> = {};
    for (const [key, refs] of Object.entries(options.refs ?? {})) {
        propertyDependencies[key] = (Array.isArray(refs) ? refs : [refs]).map((r: ResourceRecord) => r.urn);
    }
    return {
        type,
        urn: urnOf(type, name),
        name,
        props,
        provider: options.provider ?? awsProvider(),
        parent: options.parent,
        dependencies: Object.values(propertyDependencies).flat(),
        propertyDependencies,
    };
}

/** The id a record carries, for another record to refer to it by. */
export function idOf(r: ResourceRecord): string {
    const id = r.props["id"];
    return typeof id === "string" ? id : UNKNOWN;
}
