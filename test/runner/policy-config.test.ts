import { describe, expect, test } from "vitest";
import type { PolicyInfo } from "../../runner/analyzer";
import { parsePolicyPackConfig, reconcilePolicyPackConfig } from "../../runner/policy-config";

function policy(name: string, fields: Partial<PolicyInfo> = {}): PolicyInfo {
    return {
        name,
        displayName: "",
        description: `${name} description`,
        message: "",
        enforcementLevel: "advisory",
        policyType: "resource",
        tags: [],
        remediationSteps: "",
        url: "",
        ...fields,
    };
}

const zones = policy("zones", {
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            asOf: { type: "string", format: "date" },
            warnDays: { type: "integer", default: 30 },
            matrix: {
                type: "object",
                properties: { red: { type: "array", items: { type: "string", enum: ["red", "yellow", "green"] } } },
                additionalProperties: false,
            },
        },
        required: ["warnDays"],
    },
});
const expiry = policy("expiry", { configSchema: { properties: { owner: { type: "string" } }, required: ["owner"] } });
const inventory = policy("inventory", { policyType: "stack" });

describe("reconcilePolicyPackConfig", () => {
    test("with no document every policy gets its declared level and its schema defaults", () => {
        expect(reconcilePolicyPackConfig({ policies: [zones, inventory] })).toEqual({
            ok: true,
            config: {
                zones: { enforcementLevel: "mandatory", properties: { warnDays: 30 } },
                inventory: { enforcementLevel: "advisory", properties: {} },
            },
        });
    });

    test("given properties merge over the defaults and a string sets the level", () => {
        expect(
            reconcilePolicyPackConfig(
                { policies: [zones, inventory] },
                { zones: { asOf: "2025-06-30" }, inventory: "disabled" },
            ),
        ).toEqual({
            ok: true,
            config: {
                zones: { enforcementLevel: "mandatory", properties: { warnDays: 30, asOf: "2025-06-30" } },
                inventory: { enforcementLevel: "disabled", properties: {} },
            },
        });
    });

    test("all sets every level, and a policy's own level still wins; all itself goes to Configure, as the CLI sends it", () => {
        expect(
            reconcilePolicyPackConfig(
                { policies: [zones, inventory] },
                JSON.stringify({ all: "advisory", inventory: { enforcementLevel: "mandatory" } }),
            ),
        ).toEqual({
            ok: true,
            config: {
                zones: { enforcementLevel: "advisory", properties: { warnDays: 30 } },
                inventory: { enforcementLevel: "mandatory", properties: {} },
                all: { enforcementLevel: "advisory", properties: {} },
            },
        });
    });

    test("the pack's initial config applies before the document", () => {
        expect(
            reconcilePolicyPackConfig(
                {
                    policies: [zones],
                    initialConfig: { zones: { enforcementLevel: "remediate", properties: { warnDays: 7 } } },
                },
                { zones: { asOf: "2025-01-01" } },
            ),
        ).toEqual({
            ok: true,
            config: { zones: { enforcementLevel: "remediate", properties: { warnDays: 7, asOf: "2025-01-01" } } },
        });
    });

    test("every invalid property is reported as policy: field: problem", () => {
        expect(
            reconcilePolicyPackConfig(
                { policies: [zones, expiry] },
                { zones: { warnDays: "thirty", asOf: "2025-13-45", matrix: { red: ["blue"], blue: [] } } },
            ),
        ).toEqual({
            ok: false,
            errors: [
                'zones: asOf: must match format "date"',
                "zones: warnDays: must be integer",
                "zones: matrix.blue: is not an allowed property",
                'zones: matrix.red.0: must be one of ["red","yellow","green"]',
                "expiry: owner: is required",
            ],
        });
    });

    test("a policy name the pack does not have goes to Configure as given, as the CLI sends it: the pack decides", () => {
        expect(
            reconcilePolicyPackConfig({ policies: [zones, inventory] }, { zone: "disabled", other: { x: 1 } }),
        ).toEqual({
            ok: true,
            config: {
                zones: { enforcementLevel: "mandatory", properties: { warnDays: 30 } },
                inventory: { enforcementLevel: "advisory", properties: {} },
                zone: { enforcementLevel: "disabled", properties: {} },
                other: { enforcementLevel: "advisory", properties: { x: 1 } },
            },
        });
    });

    test("properties under all are not the CLI's to refuse: they go to Configure", () => {
        expect(
            reconcilePolicyPackConfig(
                { policies: [inventory] },
                { all: { enforcementLevel: "advisory", asOf: "2025-01-01" } },
            ),
        ).toEqual({
            ok: true,
            config: {
                inventory: { enforcementLevel: "advisory", properties: {} },
                all: { enforcementLevel: "advisory", properties: { asOf: "2025-01-01" } },
            },
        });
    });

    test("an environments key names ESC environments, which only the Pulumi CLI can open", () => {
        expect(
            reconcilePolicyPackConfig(
                { policies: [inventory] },
                { environments: ["security/policy"], inventory: "mandatory" },
            ),
        ).toEqual({
            ok: false,
            errors: [
                "environments: security/policy: ESC environments can only be opened by the Pulumi CLI; give their resolved policyConfig (`esc env get <env> policyConfig --value json`) instead",
            ],
        });
    });

    test("opened ESC policyConfig applies under the file, and pack:policy keys only to that pack", () => {
        expect(
            reconcilePolicyPackConfig(
                { name: "demarc", policies: [zones, inventory] },
                { environments: ["security/policy"], zones: { warnDays: 10 } },
                {
                    policyConfig: {
                        "demarc:zones": { warnDays: 20, asOf: "2025-01-01" },
                        "other-pack:inventory": "disabled",
                        inventory: "mandatory",
                    },
                },
            ),
        ).toEqual({
            ok: true,
            config: {
                zones: { enforcementLevel: "mandatory", properties: { warnDays: 10, asOf: "2025-01-01" } },
                inventory: { enforcementLevel: "mandatory", properties: {} },
            },
        });
    });
});

describe("parsePolicyPackConfig", () => {
    test("reads levels and properties, and drops empty entries", () => {
        expect(
            parsePolicyPackConfig('{"a": "mandatory", "b": {"enforcementLevel": "disabled", "x": 1}, "c": {}}'),
        ).toEqual({
            config: { a: { enforcementLevel: "mandatory" }, b: { enforcementLevel: "disabled", properties: { x: 1 } } },
            environments: [],
            errors: [],
        });
    });

    test("reads the environments key as the CLI does: a list of names, kept apart from the policies", () => {
        expect(parsePolicyPackConfig({ environments: ["a/b", "c"], a: "advisory" })).toEqual({
            config: { a: { enforcementLevel: "advisory" } },
            environments: ["a/b", "c"],
            errors: [],
        });
        expect(parsePolicyPackConfig({ environments: "a/b" }).errors).toEqual([
            "environments: must be a list of ESC environment names",
        ]);
        expect(parsePolicyPackConfig({ environments: ["a", 3] }).errors).toEqual([
            "environments[1]: must be an ESC environment name (a string)",
        ]);
    });

    test("refuses invalid levels and values", () => {
        expect(parsePolicyPackConfig({ a: "strict", b: { enforcementLevel: 1 }, c: 3 })).toEqual({
            config: {},
            environments: [],
            errors: [
                'a: enforcementLevel: "strict" is not a valid enforcement level (advisory, mandatory, disabled, remediate)',
                "b: enforcementLevel: 1 is not a valid enforcement level (advisory, mandatory, disabled, remediate)",
                "c: must be an enforcement level or an object",
            ],
        });
    });

    test("an empty document is no config, a non-object document is an error", () => {
        expect([parsePolicyPackConfig("  "), parsePolicyPackConfig("[1]"), parsePolicyPackConfig("{")]).toEqual([
            { config: {}, environments: [], errors: [] },
            { config: {}, environments: [], errors: ["policy pack config must be a JSON object"] },
            {
                config: {},
                environments: [],
                errors: ["policy pack config is not valid JSON: Expected property name or '}' in JSON at position 1"],
            },
        ]);
    });
});
