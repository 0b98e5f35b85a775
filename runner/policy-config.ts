import { Ajv, type ErrorObject } from "ajv";
import type { AnalyzerInfo, EnforcementLevel, PolicyConfigEntry, PolicyInfo } from "./analyzer";

export const ENFORCEMENT_LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "disabled", "remediate"];
export const ALL_POLICIES = "all";

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

/**
 * Parses a `--policy-pack-config` document: per policy an enforcement level, or an object with an optional
 * `enforcementLevel` and the policy's properties. Accepts the JSON text or the parsed value.
 */
export function parsePolicyPackConfig(document: unknown): {
    config: Record<string, GivenPolicyConfig>;
    errors: string[];
} {
    let value = document;
    if (typeof value === "string") {
        if (value.trim() === "") {
            return { config: {}, errors: [] };
        }
        try {
            value = JSON.parse(value);
        } catch (err) {
            return { config: {}, errors: [`policy pack config is not valid JSON: ${(err as Error).message}`] };
        }
    }
    if (value === undefined || value === null) {
        return { config: {}, errors: [] };
    }
    if (!isPlainObject(value)) {
        return { config: {}, errors: ["policy pack config must be a JSON object"] };
    }
    const config: Record<string, GivenPolicyConfig> = {};
    const errors: string[] = [];
    for (const [policy, given] of Object.entries(value)) {
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
    return { config, errors };
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
        const entry = result.get(policy);
        if (!entry) {
            continue;
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
 * pack's initial config and the given document apply (`all` sets every level), and each policy's properties are
 * validated. Names in the document that are not policies of the pack are refused.
 */
export function reconcilePolicyPackConfig(
    info: Pick<AnalyzerInfo, "policies"> & Partial<Pick<AnalyzerInfo, "initialConfig">>,
    document?: unknown,
): ReconcileResult {
    const parsed = parsePolicyPackConfig(document);
    const errors = [...parsed.errors];
    const names = new Set(info.policies.map((p) => p.name));
    const unknown = Object.keys(parsed.config).filter((name) => name !== ALL_POLICIES && !names.has(name));
    if (unknown.length > 0) {
        const known = [...names].join(", ");
        for (const name of unknown) {
            errors.push(`${name}: is not a policy of this pack (policies: ${known})`);
        }
    }
    const allProperties = parsed.config[ALL_POLICIES]?.properties;
    if (allProperties) {
        errors.push(
            `${ALL_POLICIES}: ${Object.keys(allProperties).join(", ")}: only enforcementLevel applies to all policies`,
        );
    }

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
