import { AsyncLocalStorage } from "node:async_hooks";
import type { ResourceRecord } from "../lib/resource";
import { StackAnalysis } from "../lib/stack-analysis";
import type { Undecodable, UndecodableIn } from "./undecodable";

const running = new AsyncLocalStorage<StackAnalysis>();

/** Runs `work`, and every stack policy it starts, on `analysis`. */
export function analysing<T>(analysis: StackAnalysis, work: () => T): T {
    return running.run(analysis, work);
}

/** The analysis of the request (or in-process evaluation) this code runs for, if any. */
export function currentAnalysis(): StackAnalysis | undefined {
    return running.getStore();
}

/**
 * The analysis to judge `records` on: the running one when it holds these very records (a policy judging
 * for another within one request), else a new one, which the policies `work` starts then share.
 */
export function analysingRecords<T>(records: readonly ResourceRecord[], work: (analysis: StackAnalysis) => T): T {
    const current = running.getStore();
    if (current?.holds(records)) return work(current);
    const analysis = new StackAnalysis(records);
    return running.run(analysis, () => work(analysis));
}

interface StructMessage {
    toJavaScript(): unknown;
}

/** An `AnalyzerResource` of an `AnalyzeStack` request, as `@pulumi/pulumi`'s protobuf stubs give it. */
export interface AnalyzerResourceMessage {
    getUrn(): string;
    getType(): string;
    getName(): string;
    getProperties(): StructMessage | undefined;
    getParent(): string;
    getDependenciesList(): string[];
    getPropertydependenciesMap(): { entries(): Iterable<[string, { getUrnsList(): string[] }]> };
    getProvider():
        | { getUrn(): string; getType(): string; getName(): string; getProperties(): StructMessage | undefined }
        | undefined;
    getOptions(): unknown;
}

export type DecodeProperties = (struct: StructMessage) => { value: unknown; found: Undecodable[] };

/**
 * The records of an `AnalyzeStack` request, as `@pulumi/policy` would hand them to a stack policy: properties
 * decoded (secrets unwrapped, unknowns left as the engine's sentinels), the provider with its properties, and the
 * parent and dependencies that name resources of the request. A provider is one resource of the stack: resources
 * naming the same provider urn share its record.
 */
export function requestRecords(
    resources: readonly AnalyzerResourceMessage[],
    decode: DecodeProperties,
): { records: ResourceRecord[]; undecodable: UndecodableIn[] } {
    const urns = new Set(resources.map((r) => r.getUrn()));
    const inRequest = (urn: string) => urns.has(urn);
    const providers = new Map<string, ResourceRecord["provider"]>();
    const undecodable: UndecodableIn[] = [];
    const propsOf = (struct: StructMessage | undefined) =>
        struct ? decode(struct) : { value: {}, found: [] as Undecodable[] };
    const records = resources.map((r): ResourceRecord => {
        const urn = r.getUrn();
        const type = r.getType();
        const name = r.getName();
        const props = propsOf(r.getProperties());
        if (props.found.length > 0) undecodable.push({ urn, type, name, found: props.found });
        const propertyDependencies: Record<string, string[]> = {};
        for (const [key, deps] of r.getPropertydependenciesMap().entries())
            propertyDependencies[key] = deps.getUrnsList().filter(inRequest);
        const parent = r.getParent();
        return {
            type,
            urn,
            name,
            props: props.value as Record<string, unknown>,
            provider: providerOf(r, providers, propsOf),
            parent: parent && inRequest(parent) ? parent : undefined,
            dependencies: r.getDependenciesList().filter(inRequest),
            propertyDependencies,
        };
    });
    return { records, undecodable };
}

function providerOf(
    r: AnalyzerResourceMessage,
    providers: Map<string, ResourceRecord["provider"]>,
    propsOf: (struct: StructMessage | undefined) => { value: unknown },
): ResourceRecord["provider"] {
    const message = r.getProvider();
    if (!message) return undefined;
    const urn = message.getUrn();
    let provider = providers.get(urn);
    if (!provider) {
        provider = {
            type: message.getType(),
            urn,
            name: message.getName(),
            props: propsOf(message.getProperties()).value as Record<string, unknown>,
        };
        providers.set(urn, provider);
    }
    return provider;
}
