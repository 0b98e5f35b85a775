import * as path from "path";
import { rememberConfiguration } from "./configured";
import { PACK_NAME, type DemarcPolicy } from "./kit";
import { checkPolicyInternals, type PolicyInternals } from "./policy-internals";
import { reportUndecodable, tolerantDecode } from "./undecodable";

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
    return { ...implementation, configure, ...undecodableReported(implementation, policies) };
}

/** The coverage policy reports a value the pack cannot decode as undetermined, naming the resource and the property. */
const COVERAGE_POLICY = "report-unmodelled-connectivity";

interface AnalyzeRequest {
    getUrn(): string;
    getType(): string;
    getName(): string;
    getProperties(): { toJavaScript(): unknown } | undefined;
    getResourcesList?(): AnalyzeRequest[];
}

function undecodableReported(
    implementation: AnalyzerImplementation,
    policies: readonly DemarcPolicy[],
): AnalyzerImplementation {
    const policyDir = path.dirname(require.resolve("@pulumi/policy/package.json"));
    const coverage = (policies.find((p) => p.metadata.name === COVERAGE_POLICY) ?? policies[0])?.metadata;
    const wrap =
        (method: string, resourcesOf: (req: AnalyzeRequest) => { resource: AnalyzeRequest; urn: string }[]): Handler =>
        (call, callback) =>
            implementation[method]!(call, (error, response) => {
                if (!error && response && coverage) {
                    const req = call.request as AnalyzeRequest;
                    reportUndecodable(
                        policyDir,
                        coverage,
                        PACK_NAME,
                        resourcesOf(req),
                        response as Parameters<typeof reportUndecodable>[4],
                    );
                }
                callback(error, response);
            });
    return {
        // The engine fills in the urn of an Analyze diagnostic; AnalyzeStack names each resource's.
        analyze: wrap("analyze", (req) => [{ resource: req, urn: "" }]),
        analyzeStack: wrap("analyzeStack", (req) =>
            (req.getResourcesList?.() ?? []).map((r) => ({ resource: r, urn: r.getUrn() })),
        ),
    };
}

/**
 * `@pulumi/policy` decodes every resource's properties again for every stack policy. The decoded
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
    decodeOncePerRequest(internals);
    const server = internals.grpcServer.prototype as {
        addService(service: unknown, implementation: AnalyzerImplementation): void;
    };
    const addService = server.addService;
    server.addService = function (service: unknown, implementation: AnalyzerImplementation) {
        const isAnalyzer =
            typeof implementation?.analyze === "function" && typeof implementation?.configure === "function";
        return addService.call(this, service, isAnalyzer ? wrapAnalyzer(implementation, policies) : implementation);
    };
}
