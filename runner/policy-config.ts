import { Ajv, type ErrorObject } from "ajv";
import type { AnalyzerInfo, EnforcementLevel, PolicyConfigEntry, PolicyInfo } from "./analyzer";

export const ENFORCEMENT_LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "disabled", "remediate"];
export const ALL_POLICIES = "all";
/** The key of a policy config file that names ESC environments rather than a policy. */
export const ENVIRONMENTS_KEY = "environments";

export interface GivenPolicyConfig {
    enforcementLevel?: EnforcementLevel;
    properties?: Record<string, unknown>;
}

export type ReconcileResult = { ok: true; config: Record<string, PolicyConfigEntry> } | { ok: false; errors: string[] };

function isEnforcementLevel(value: unknown): value is EnforcementLevel {
    return typeof value === "string" && (ENFORCEMENT_LEVELS as readonly string[]).includes(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

export interface ParsedPolicyPackConfig {
    config: Record<string, GivenPolicyConfig>;
    /** ESC environments the document names (`"environments": ["project/env", ...]`), whose `policyConfig` the CLI merges in. */
    environments: string[];
    errors: string[];
}

/**
 * Parses a `--policy-pack-config` document as the CLI does: an optional `environments` list of ESC
 * environments, then per policy an enforcement level, or an object with an optional `enforcementLevel` and
 * the policy's properties. Accepts the JSON text or the parsed value.
 */
export function parsePolicyPackConfig(document: unknown): ParsedPolicyPackConfig {
    let value = document;
    if (typeof value === "string") {
        if (value.trim() === "") {
            return { config: {}, environments: [], errors: [] };
        }
        try {
            value = JSON.parse(value);
        } catch (err) {
            return {
                config: {},
                environments: [],
                errors: [`policy pack config is not valid JSON: ${(err as Error).message}`],
            };
        }
    }
    if (value === undefined || value === null) {
        return { config: {}, environments: [], errors: [] };
    }
    if (!isPlainObject(value)) {
        return { config: {}, environments: [], errors: ["policy pack config must be a JSON object"] };
    }
    const config: Record<string, GivenPolicyConfig> = {};
    const errors: string[] = [];
    const { [ENVIRONMENTS_KEY]: environmentList, ...policies } = value;
    const environments: string[] = [];
    if (environmentList !== undefined) {
        if (!Array.isArray(environmentList)) {
            errors.push(`${ENVIRONMENTS_KEY}: must be a list of ESC environment names`);
        } else {
            environmentList.forEach((name, i) => {
                if (typeof name === "string") environments.push(name);
                else errors.push(`${ENVIRONMENTS_KEY}[${i}]: must be an ESC environment name (a string)`);
            });
        }
    }
    for (const [policy, given] of Object.entries(policies)) {
        if (typeof given === "string") {
            if (isEnforcementLevel(given)) {
                config[policy] = { enforcementLevel: given };
            } else {
                errors.push(
                    `${policy}: enforcementLevel: ${JSON.stringify(given)} is not a valid enforcement level (${ENFORCEMENT_LEVELS.join(", ")})`,
                );
            }
            continue;
        }
        if (!isPlainObject(given)) {
            errors.push(`${policy}: must be an enforcement level or an object`);
            continue;
        }
        const { enforcementLevel, ...properties } = given;
        const entry: GivenPolicyConfig = {};
        if (enforcementLevel !== undefined) {
            if (!isEnforcementLevel(enforcementLevel)) {
                errors.push(
                    `${policy}: enforcementLevel: ${JSON.stringify(enforcementLevel)} is not a valid enforcement level (${ENFORCEMENT_LEVELS.join(", ")})`,
                );
                continue;
            }
            entry.enforcementLevel = enforcementLevel;
        }
        if (Object.keys(properties).length > 0) {
            entry.properties = properties;
        }
        if (entry.enforcementLevel !== undefined || entry.properties !== undefined) {
            config[policy] = entry;
        }
    }
    return { config, environments, errors };
}

/**
 * The `policyConfig` of opened ESC environments, as it applies to one pack: a key `pack:policy` applies only to
 * the pack of that name, a plain `policy` key to every pack.
 */
export function environmentPolicyConfig(
    policyConfig: Record<string, unknown>,
    packName: string,
): { config: Record<string, GivenPolicyConfig>; errors: string[] } {
    const applying: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(policyConfig)) {
        const colon = key.indexOf(":");
        if (colon < 0) applying[key] = value;
        else if (key.slice(0, colon) === packName) applying[key.slice(colon + 1)] = value;
    }
    const parsed = parsePolicyPackConfig(applying);
    return { config: parsed.config, errors: parsed.errors.map((e) => `ESC policyConfig: ${e}`) };
}

function defaultsFor(policy: PolicyInfo): Record<string, unknown> {
    const properties: Record<string, unknown> = {};
    for (const [key, schema] of Object.entries(policy.configSchema?.properties ?? {})) {
        if (isPlainObject(schema) && "default" in schema) {
            properties[key] = schema.default;
        }
    }
    return properties;
}

function applyConfig(result: Map<string, PolicyConfigEntry>, given: Record<string, GivenPolicyConfig>): void {
    const all = given[ALL_POLICIES]?.enforcementLevel;
    if (all) {
        for (const entry of result.values()) {
            entry.enforcementLevel = all;
        }
    }
    for (const [policy, config] of Object.entries(given)) {
        let entry = result.get(policy);
        if (!entry) {
            // The CLI keeps entries it has no policy for; an entry without a level reads as advisory.
            entry = { enforcementLevel: "advisory", properties: {} };
            result.set(policy, entry);
        }
        if (config.enforcementLevel) {
            entry.enforcementLevel = config.enforcementLevel;
        }
        Object.assign(entry.properties, config.properties ?? {});
    }
}

function decodePointer(pointer: string): string[] {
    return pointer
        .split("/")
        .slice(1)
        .map((segment) => segment.replace(/~1/g, "/").replace(/~0/g, "~"));
}

function describeError(error: ErrorObject): { field: string; problem: string } {
    const path = decodePointer(error.instancePath);
    let problem = error.message ?? error.keyword;
    if (error.keyword === "required") {
        path.push(String((error.params as { missingProperty: string }).missingProperty));
        problem = "is required";
    } else if (error.keyword === "additionalProperties") {
        path.push(String((error.params as { additionalProperty: string }).additionalProperty));
        problem = "is not an allowed property";
    } else if (error.keyword === "enum") {
        problem = `must be one of ${JSON.stringify((error.params as { allowedValues: unknown[] }).allowedValues)}`;
    }
    return { field: path.length > 0 ? path.join(".") : "(root)", problem };
}

function makeAjv(): Ajv {
    const ajv = new Ajv({ allErrors: true, strict: false, logger: false });
    ajv.addFormat("date", {
        type: "string",
        validate: (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)),
    });
    ajv.addFormat("date-time", {
        type: "string",
        validate: (s: string) =>
            /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(s) && !Number.isNaN(Date.parse(s)),
    });
    return ajv;
}

/** Validates a policy's properties against `{type: "object", properties, required}` (draft-7), as the CLI does. */
export function validatePolicyProperties(
    policy: PolicyInfo,
    properties: Record<string, unknown>,
    ajv: Ajv = makeAjv(),
): string[] {
    if (!policy.configSchema) {
        return [];
    }
    const schema: Record<string, unknown> = { type: "object" };
    if (Object.keys(policy.configSchema.properties).length > 0) {
        schema.properties = policy.configSchema.properties;
    }
    if (policy.configSchema.required.length > 0) {
        schema.required = policy.configSchema.required;
    }
    let validate;
    try {
        validate = ajv.compile(schema);
    } catch (err) {
        return [`${policy.name}: (root): the config schema is invalid: ${(err as Error).message}`];
    }
    if (validate(properties)) {
        return [];
    }
    return (validate.errors ?? []).map((error) => {
        const { field, problem } = describeError(error);
        return `${policy.name}: ${field}: ${problem}`;
    });
}

/**
 * What the CLI does before `Configure`: every policy starts from its declared level and its schema defaults, then the
 * pack's initial config, the policy config of opened ESC environments and the given document apply (`all` sets every
 * level), and each policy's properties are validated against its schema. Entries for names that are not policies of
 * the pack (and `all` itself) go to `Configure` as given, as the CLI sends them: the pack decides what they mean.
 * A document naming ESC environments needs their opened `policyConfig`, which only the Pulumi CLI can resolve.
 */
export function reconcilePolicyPackConfig(
    info: Pick<AnalyzerInfo, "policies"> & Partial<Pick<AnalyzerInfo, "initialConfig" | "name">>,
    document?: unknown,
    environment?: { policyConfig: Record<string, unknown> },
): ReconcileResult {
    const parsed = parsePolicyPackConfig(document);
    const errors = [...parsed.errors];
    if (parsed.environments.length > 0 && !environment) {
        errors.push(
            `${ENVIRONMENTS_KEY}: ${parsed.environments.join(", ")}: ESC environments can only be opened by the Pulumi CLI; ` +
                "give their resolved policyConfig (`esc env get <env> policyConfig --value json`) instead",
        );
    }
    const fromEnvironment = environment
        ? environmentPolicyConfig(environment.policyConfig, info.name ?? "")
        : { config: {}, errors: [] };
    errors.push(...fromEnvironment.errors);

    const result = new Map<string, PolicyConfigEntry>();
    for (const policy of info.policies) {
        result.set(policy.name, { enforcementLevel: policy.enforcementLevel, properties: defaultsFor(policy) });
    }
    const initial: Record<string, GivenPolicyConfig> = {};
    for (const [name, config] of Object.entries(info.initialConfig ?? {})) {
        initial[name] = config.properties
            ? { enforcementLevel: config.enforcementLevel, properties: config.properties }
            : { enforcementLevel: config.enforcementLevel };
    }
    applyConfig(result, initial);
    applyConfig(result, fromEnvironment.config);
    applyConfig(result, parsed.config);

    const ajv = makeAjv();
    for (const policy of info.policies) {
        errors.push(...validatePolicyProperties(policy, result.get(policy.name)!.properties, ajv));
    }
    if (errors.length > 0) {
        return { ok: false, errors };
    }
    return { ok: true, config: Object.fromEntries(result) };
}
