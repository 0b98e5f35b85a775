import * as fs from "node:fs";
import {
    SECRET_SIG,
    SECRET_SIG_KEY,
    UNKNOWN,
    makeSecret,
    RESOURCE_REFERENCE_SIG,
    withoutResourceReferences,
    type CapturedStack,
    type EngineResource,
    type EngineResourceOptions,
} from "../runner/engine-resource";
import { InputError, messageOf } from "./errors";
import { parseUrn } from "../lib/urn";

/** The deployment versions `pulumi stack export` writes that this reader understands. */
const DEPLOYMENT_VERSIONS = [3];

const SHAPE = 'a `pulumi stack export` file has {"version": 3, "deployment": {"resources": [{"urn", "type", ...}]}}';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === "string") : []);

/**
 * State values as the engine sends them: secrets stay wrapped in their wire form, and a secret only
 * held as ciphertext becomes an unknown secret, so nothing encrypted is ever read as a value; a
 * resource reference becomes the resource's id, or its urn when it has none.
 */
function wireValue(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(wireValue);
    if (!isObject(value)) return value;
    if (value[SECRET_SIG_KEY] === RESOURCE_REFERENCE_SIG) return withoutResourceReferences(value);
    if (value[SECRET_SIG_KEY] === SECRET_SIG) {
        if ("value" in value) return makeSecret(wireValue(value["value"]));
        if (typeof value["plaintext"] === "string") {
            try {
                return makeSecret(wireValue(JSON.parse(value["plaintext"])));
            } catch {
                return makeSecret(UNKNOWN);
            }
        }
        return makeSecret(UNKNOWN);
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, wireValue(v)]));
}

function options(resource: Json): EngineResourceOptions {
    const result: EngineResourceOptions = {
        protect: resource["protect"] === true,
        ignoreChanges: strings(resource["ignoreChanges"]),
        aliases: strings(resource["aliases"]),
        additionalSecretOutputs: strings(resource["additionalSecretOutputs"]),
    };
    if (typeof resource["deleteBeforeReplace"] === "boolean")
        result.deleteBeforeReplace = resource["deleteBeforeReplace"];
    const timeouts = resource["customTimeouts"];
    if (isObject(timeouts)) {
        const seconds = (key: string) => (typeof timeouts[key] === "number" ? (timeouts[key] as number) : undefined);
        result.customTimeouts = { create: seconds("create"), update: seconds("update"), delete: seconds("delete") };
    }
    return result;
}

function engineResource(raw: unknown, index: number, origin: string): EngineResource | undefined {
    const where = `${origin}: deployment.resources[${index}]`;
    if (!isObject(raw)) throw new InputError(`${where} is not an object; ${SHAPE}`);
    const urn = raw["urn"];
    const type = raw["type"];
    if (typeof urn !== "string" || typeof type !== "string")
        throw new InputError(`${where} has no urn or type; ${SHAPE}`);
    if (raw["delete"] === true) return undefined;
    const parts = parseUrn(urn);
    if (!parts) throw new InputError(`${where}: ${JSON.stringify(urn)} is not a Pulumi urn`);
    const propertyDependencies: Record<string, string[]> = {};
    if (isObject(raw["propertyDependencies"])) {
        for (const [key, deps] of Object.entries(raw["propertyDependencies"]))
            propertyDependencies[key] = strings(deps);
    }
    const resource: EngineResource = {
        urn,
        type,
        name: parts.name,
        custom: raw["custom"] === true,
        dependencies: strings(raw["dependencies"]),
        propertyDependencies,
        inputs: isObject(raw["inputs"]) ? (wireValue(raw["inputs"]) as Json) : {},
        outputs: isObject(raw["outputs"]) ? (wireValue(raw["outputs"]) as Json) : {},
        options: options(raw),
    };
    if (typeof raw["id"] === "string" && raw["id"] !== "") resource.id = raw["id"];
    if (typeof raw["parent"] === "string" && raw["parent"] !== "") resource.parent = raw["parent"];
    if (typeof raw["provider"] === "string" && raw["provider"] !== "") resource.provider = raw["provider"];
    return resource;
}

/** A `pulumi stack export` document (deployed state) as the resources the engine would send for that stack. */
export function parseStackExport(text: string, origin: string): CapturedStack {
    let document: unknown;
    try {
        document = JSON.parse(text);
    } catch (error) {
        throw new InputError(`${origin} is not a stack export: it is not JSON (${messageOf(error)})`);
    }
    if (
        !isObject(document) ||
        !isObject(document["deployment"]) ||
        !Array.isArray(document["deployment"]["resources"])
    ) {
        throw new InputError(`${origin} is not a stack export: ${SHAPE}`);
    }
    if (!DEPLOYMENT_VERSIONS.includes(document["version"] as number)) {
        throw new InputError(
            `${origin}: deployment version ${JSON.stringify(document["version"])} is not supported (supported: ${DEPLOYMENT_VERSIONS.join(", ")}); export it with a current Pulumi CLI`,
        );
    }
    const resources = (document["deployment"]["resources"] as unknown[])
        .map((raw, i) => engineResource(raw, i, origin))
        .filter((r): r is EngineResource => r !== undefined);
    const first = resources[0];
    if (!first) throw new InputError(`${origin} is a stack export with no resources: nothing to check`);
    const { stack, project } = parseUrn(first.urn)!;
    return { organization: "organization", project, stack, preview: false, config: {}, resources };
}

export function readStackExport(file: string): { captured: CapturedStack; text: string } {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (error) {
        throw new InputError(`cannot read stack export ${file}: ${messageOf(error)}`);
    }
    return { captured: parseStackExport(text, file), text };
}

/** State form of a wire value: secrets as the service stores them, ciphertext opaque. */
function stateValue(value: unknown, secrets: "ciphertext" | "plaintext"): unknown {
    if (Array.isArray(value)) return value.map((v) => stateValue(v, secrets));
    if (!isObject(value)) return value;
    if (value[SECRET_SIG_KEY] === SECRET_SIG) {
        return secrets === "plaintext"
            ? { [SECRET_SIG_KEY]: SECRET_SIG, plaintext: JSON.stringify(stateValue(value["value"], secrets)) }
            : { [SECRET_SIG_KEY]: SECRET_SIG, ciphertext: "v1:opaque-ciphertext" };
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stateValue(v, secrets)]));
}

/** What `pulumi stack export` would print for a captured stack after `pulumi up`: deployment v3. */
export function capturedToStackExport(
    captured: CapturedStack,
    secrets: "ciphertext" | "plaintext" = "ciphertext",
): Json {
    return {
        version: 3,
        deployment: {
            manifest: { time: "2026-11-23T12:00:00Z", magic: "", version: "v3.248.0" },
            secrets_providers: {
                type: "service",
                state: {
                    url: "https://api.pulumi.com",
                    owner: captured.organization,
                    project: captured.project,
                    stack: captured.stack,
                },
            },
            resources: captured.resources.map((r) => {
                const state: Json = { urn: r.urn, custom: r.custom };
                if (r.id !== undefined) state["id"] = r.id;
                state["type"] = r.type;
                state["inputs"] = stateValue(r.inputs, secrets);
                state["outputs"] = stateValue(r.outputs, secrets);
                if (r.parent) state["parent"] = r.parent;
                if (r.options.protect) state["protect"] = true;
                if (r.provider) state["provider"] = r.provider;
                if (r.dependencies.length > 0) state["dependencies"] = r.dependencies;
                if (Object.keys(r.propertyDependencies).length > 0)
                    state["propertyDependencies"] = r.propertyDependencies;
                if (r.options.additionalSecretOutputs.length > 0)
                    state["additionalSecretOutputs"] = r.options.additionalSecretOutputs;
                state["created"] = "2026-11-23T12:00:00Z";
                state["modified"] = "2026-11-23T12:00:00Z";
                return state;
            }),
        },
    };
}
