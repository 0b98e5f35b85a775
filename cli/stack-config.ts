import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { findPulumiYaml } from "../runner/program";
import { InputError, messageOf } from "./errors";

/** The YAML parser the Pulumi Node.js SDK itself depends on. */
const yaml = createRequire(require.resolve("@pulumi/pulumi/package.json"))("js-yaml") as {
    load(text: string): unknown;
};

export interface ProgramStack {
    readonly project: string;
    readonly stack: string;
    /** Stack config as the CLI passes it to a program: `"<namespace>:<key>"` → string (objects as JSON). */
    readonly config: Record<string, string>;
    /** Config values that cannot be used offline (encrypted) and were not supplied, by key. */
    readonly skipped: readonly string[];
    /** Keys whose values are secret: `secure:` values supplied on the command line. */
    readonly secretKeys: string[];
}

function readYaml(file: string): unknown {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (error) {
        throw new InputError(`cannot read ${file}: ${messageOf(error)}`);
    }
    try {
        return yaml.load(text);
    } catch (error) {
        throw new InputError(`${file} is not valid YAML: ${messageOf(error)}`);
    }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function readProject(file: string): { name: string; config: Record<string, unknown> } {
    const project = readYaml(file);
    if (!isObject(project) || typeof project["name"] !== "string") throw new InputError(`${file} has no project name`);
    return { name: project["name"], config: isObject(project["config"]) ? project["config"] : {} };
}

/** A project-level config value: a plain value, or `{value: ...}` / `{default: ...}`. */
function projectValue(value: unknown): unknown {
    if (!isObject(value)) return value;
    if ("value" in value) return value["value"];
    if ("default" in value) return value["default"];
    return undefined;
}

/**
 * Project, stack and config of a program run: the project from the nearest Pulumi.yaml at or above the
 * program (or beside the stack config), the stack from a `Pulumi.<stack>.yaml` file and its `config:`
 * (keys without a namespace belong to the project), then the values supplied (`--config`), which also
 * stand in for `secure:` values.
 */
export function programStack(
    program: string,
    stackConfig: string | undefined,
    extra: Record<string, string> = {},
): ProgramStack {
    if (!fs.existsSync(program)) throw new InputError(`program ${program} does not exist`);
    const programDir = fs.statSync(program).isDirectory() ? program : path.dirname(program);
    const pulumiYaml =
        findPulumiYaml(programDir) ?? (stackConfig ? findPulumiYaml(path.dirname(stackConfig)) : undefined);
    const projectFile = pulumiYaml ? readProject(pulumiYaml) : undefined;
    const project = projectFile?.name ?? path.basename(path.resolve(programDir));
    const config: Record<string, string> = {};
    const skipped: string[] = [];
    for (const [rawKey, raw] of Object.entries(projectFile?.config ?? {})) {
        const value = projectValue(raw);
        const key = rawKey.includes(":") ? rawKey : `${project}:${rawKey}`;
        if (value !== null && value !== undefined)
            config[key] = typeof value === "string" ? value : JSON.stringify(value);
    }
    let stack = "dev";
    if (stackConfig) {
        const match = /^Pulumi\.(.+)\.ya?ml$/.exec(path.basename(stackConfig));
        if (!match) throw new InputError(`${stackConfig}: a stack config file is named Pulumi.<stack>.yaml`);
        stack = match[1];
        const document = readYaml(stackConfig) ?? {};
        if (!isObject(document))
            throw new InputError(`${stackConfig} is not a stack config file (a map with a config: section)`);
        const values = document["config"] ?? {};
        if (!isObject(values)) throw new InputError(`${stackConfig}: config: is not a map`);
        for (const [rawKey, value] of Object.entries(values)) {
            const key = rawKey.includes(":") ? rawKey : `${project}:${rawKey}`;
            if (isObject(value) && "secure" in value) skipped.push(key);
            else if (value !== null && value !== undefined)
                config[key] = typeof value === "string" ? value : JSON.stringify(value);
        }
    }
    const secretKeys: string[] = [];
    for (const [rawKey, value] of Object.entries(extra)) {
        const key = rawKey.includes(":") ? rawKey : `${project}:${rawKey}`;
        config[key] = value;
        const at = skipped.indexOf(key);
        if (at >= 0) {
            skipped.splice(at, 1);
            secretKeys.push(key);
        }
    }
    return { project, stack, config, skipped, secretKeys };
}
