import * as path from "path";
import { StackAnalysis } from "../lib/stack-analysis";
import { rememberConfiguration } from "./configured";
import { PACK_NAME, type DemarcPolicy } from "./kit";
import { checkPolicyInternals, type PolicyInternals } from "./policy-internals";
import { analysing, requestRecords, type AnalyzerResourceMessage } from "./stack-request";
import { decodeTolerantly, reportUndecodable, tolerantDecode, undecodableIn, type UndecodableIn } from "./undecodable";

const INVALID_ARGUMENT = 3;

interface PolicyConfigMessage {
    getProperties(): { toJavaScript(): Record<string, unknown> } | undefined;
}
interface ConfigureRequest {
    getPolicyconfigMap(): { entries(): Iterable<[string, PolicyConfigMessage]> };
}
type Callback = (error: unknown, response?: unknown) => void;
type Handler = (call: { request: unknown }, callback: Callback) => unknown;
type AnalyzerImplementation = Record<string, Handler>;
type Decode = PolicyInternals["deserialize"]["deserializeProperties"];

/** A key an ESC environment's `policyConfig` namespaced for another pack (`pack:policy`): not this pack's to judge. */
function isOtherPacksKey(name: string): boolean {
    const colon = name.indexOf(":");
    return colon > 0 && name.slice(0, colon) !== PACK_NAME;
}

/**
 * Every policy's configuration errors, each naming the policy and the field. The CLI sends every name it was given;
 * a name that is no policy of this pack is refused (a typo must not switch a rule off) unless it is namespaced for
 * another pack, and `all` takes an enforcement level only.
 */
export function configurationErrors(
    policies: readonly DemarcPolicy[],
    config: ReadonlyMap<string, Record<string, unknown>>,
): string[] {
    const errors: string[] = [];
    const known = new Set(policies.map((p) => p.metadata.name));
    for (const [name, properties] of config) {
        if (name === "all") {
            const keys = Object.keys(properties);
            if (keys.length > 0) errors.push(`all: ${keys.join(", ")}: only enforcementLevel applies to all policies`);
        } else if (!known.has(name) && !isOtherPacksKey(name)) {
            const hint = name.startsWith(`${PACK_NAME}:`)
                ? ` (an ESC key namespaced ${PACK_NAME}:<policy> reached the pack unmerged; write the policy name alone)`
                : "";
            errors.push(`${name}: not a policy of this pack${hint} (policies: ${[...known].join(", ")})`);
        }
    }
    for (const { metadata, settings } of policies) {
        const props = config.get(metadata.name);
        if (!props) continue;
        const result = settings.parse(props);
        if (!result.ok) errors.push(...result.errors.map((e) => `${metadata.name}: ${e}`));
    }
    return errors;
}

export function wrapAnalyzer(
    implementation: AnalyzerImplementation,
    policies: readonly DemarcPolicy[],
    decode: Decode = checkPolicyInternals().deserialize.deserializeProperties,
): AnalyzerImplementation {
    const configure: Handler = (call, callback) => {
        const config = new Map<string, Record<string, unknown>>();
        for (const [name, entry] of (call.request as ConfigureRequest).getPolicyconfigMap().entries()) {
            config.set(name, entry.getProperties()?.toJavaScript() ?? {});
        }
        const errors = configurationErrors(policies, config);
        if (errors.length > 0) {
            const details = `invalid policy configuration: ${errors.join("; ")}`;
            callback({ code: INVALID_ARGUMENT, details, message: details });
            return;
        }
        rememberConfiguration(config);
        return implementation.configure(call, callback);
    };
    const coverage = (policies.find((p) => p.metadata.name === COVERAGE_POLICY) ?? policies[0])?.metadata;
    const reportAlso = (response: unknown, undecodable: readonly UndecodableIn[]) => {
        if (response && coverage)
            reportUndecodable(
                POLICY_DIR,
                coverage,
                PACK_NAME,
                undecodable,
                response as Parameters<typeof reportUndecodable>[4],
            );
    };
    const analyze: Handler = (call, callback) =>
        implementation.analyze(call, (error, response) => {
            // The engine fills in the urn of an Analyze diagnostic.
            if (!error) reportAlso(response, [undecodableIn(call.request as AnalyzerResourceMessage, "")]);
            callback(error, response);
        });
    return {
        ...implementation,
        configure,
        analyze,
        analyzeStack: oneAnalysisPerRequest(implementation, decode, reportAlso),
    };
}

/** The coverage policy reports a value the pack cannot decode as undetermined, naming the resource and the property. */
const COVERAGE_POLICY = "report-unmodelled-connectivity";

const POLICY_DIR = path.dirname(require.resolve("@pulumi/policy/package.json"));

interface AnalyzeStackRequest {
    getResourcesList(): AnalyzerResourceMessage[];
    clearResourcesList(): void;
}

/** Set to have the pack write, for each `AnalyzeStack` request, where its time went (to stderr). */
export const TIMINGS_VARIABLE = "DEMARC_TIMINGS";

/**
 * `@pulumi/policy` builds every resource of an `AnalyzeStack` request again for each stack policy. The pack
 * decodes the request once instead: every stack policy of the request judges one {@link StackAnalysis},
 * built on first use from the request's resources and dropped with the request, while `@pulumi/policy` runs
 * the policies, levels and reports as ever over a request whose resources it need not build. Every stack
 * policy the pack serves is one of {@link installEngineHooks}'s, which all judge the analysis.
 */
function oneAnalysisPerRequest(
    implementation: AnalyzerImplementation,
    decode: Decode,
    reportAlso: (response: unknown, undecodable: readonly UndecodableIn[]) => void,
): Handler {
    return (call, callback) => {
        const started = performance.now();
        const stackRequest = call.request as AnalyzeStackRequest;
        let resources: readonly AnalyzerResourceMessage[] | undefined = stackRequest.getResourcesList();
        const count = resources.length;
        if (resources.some((r) => !r.getOptions())) {
            const details =
                "A more recent version of the Pulumi CLI is required. To upgrade, see https://www.pulumi.com/docs/get-started/install/";
            callback({ code: INVALID_ARGUMENT, details, message: details });
            return;
        }
        let undecodable: readonly UndecodableIn[] = [];
        const analysis = new StackAnalysis(() => {
            const decoded = requestRecords(resources ?? [], (struct) => decodeTolerantly(decode, struct, false));
            undecodable = decoded.undecodable;
            // Nothing reads the request's messages once decoded: dropping them leaves the policies a smaller heap to collect in.
            resources = undefined;
            stackRequest.clearResourcesList();
            return decoded.records;
        });
        const request = Object.create(call.request as object, { getResourcesList: { value: () => [] } });
        const withoutResources = Object.create(call as object, { request: { value: request } }) as typeof call;
        return analysing(analysis, () =>
            implementation.analyzeStack(withoutResources, (error, response) => {
                if (!error) {
                    try {
                        void analysis.records;
                    } catch {
                        // each policy has reported the records could not be decoded
                    }
                    reportAlso(response, undecodable);
                }
                if (process.env[TIMINGS_VARIABLE]) process.stderr.write(`${timings(analysis, count, started)}\n`);
                callback(error, response);
            }),
        );
    };
}

/** One line: the request's size, each step of its analysis (decoding, the index, the model, each policy) and the total. */
function timings(analysis: StackAnalysis, resources: number, started: number): string {
    const steps = analysis.steps.map((s) => `${s.name} ${s.ms.toFixed(0)} ms`);
    return `demarc AnalyzeStack: ${resources} resources; ${steps.join("; ")}; total ${(performance.now() - started).toFixed(0)} ms`;
}

/**
 * `@pulumi/policy` decodes every resource's properties again for every resource policy. The decoded
 * properties are read-only to demarc's policies, so one decoding per resource and request serves all.
 */
function decodeOncePerRequest({ deserialize }: PolicyInternals): void {
    const decodeProperties = tolerantDecode(deserialize.deserializeProperties);
    const decoded = new WeakMap<object, unknown>();
    deserialize.deserializeProperties = (struct, proxySecrets) => {
        if (proxySecrets || struct === null || typeof struct !== "object")
            return decodeProperties(struct, proxySecrets);
        let properties = decoded.get(struct);
        if (properties === undefined) {
            properties = decodeProperties(struct, proxySecrets);
            decoded.set(struct, properties);
        }
        return properties;
    };
}

/**
 * `@pulumi/policy` neither validates what `Configure` receives nor lets one policy report findings at
 * more than one level, nor a policy see another's configuration. The pack wraps its Analyzer service as
 * it is registered: `Configure` refuses a configuration its zod schemas reject and keeps the rest for
 * the policies that judge every policy's waivers, and marked findings come out advisory.
 */
export function installEngineHooks(policies: readonly DemarcPolicy[]): void {
    const internals = checkPolicyInternals();
    const decode = internals.deserialize.deserializeProperties;
    decodeOncePerRequest(internals);
    const server = internals.grpcServer.prototype as {
        addService(service: unknown, implementation: AnalyzerImplementation): void;
    };
    const addService = server.addService;
    server.addService = function (service: unknown, implementation: AnalyzerImplementation) {
        const isAnalyzer =
            typeof implementation?.analyze === "function" && typeof implementation?.configure === "function";
        return addService.call(
            this,
            service,
            isAnalyzer ? wrapAnalyzer(implementation, policies, decode) : implementation,
        );
    };
}
