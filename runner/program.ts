import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";

/** The js-yaml the Pulumi Node.js SDK itself depends on. */
const yaml = createRequire(require.resolve("@pulumi/pulumi/package.json"))("js-yaml") as {
    load(text: string): unknown;
};

/** A program as the Pulumi CLI would run it: its project folder, what the Node.js language host passes as the program, the file it runs. */
export interface ProgramLocation {
    /** The folder of the nearest Pulumi.yaml at or above the program (the working directory of the run), else the program's folder. */
    readonly projectDir: string;
    readonly pulumiYaml?: string;
    /** The program argument of `@pulumi/pulumi/cmd/run`: `.`, the Pulumi.yaml `main`, or the file given. */
    readonly programArg: string;
    /** The file the program starts from, where it can be told (for source locations). */
    readonly entry: string;
    /** `runtime.options` of the Pulumi.yaml. */
    readonly runtimeOptions: Record<string, unknown>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export function readYamlFile(file: string): unknown {
    return yaml.load(fs.readFileSync(file, "utf8"));
}

/** The nearest Pulumi.yaml (or .yml) in `dir` or a folder above it. */
export function findPulumiYaml(dir: string): string | undefined {
    for (let current = path.resolve(dir); ; current = path.dirname(current)) {
        for (const name of ["Pulumi.yaml", "Pulumi.yml"]) {
            const file = path.join(current, name);
            if (fs.existsSync(file)) return file;
        }
        if (path.dirname(current) === current) return undefined;
    }
}

function entryOf(candidate: string): string | undefined {
    for (const file of [candidate, `${candidate}.ts`, `${candidate}.js`]) {
        if (fs.existsSync(file) && fs.statSync(file).isFile()) return file;
    }
    if (!fs.existsSync(candidate) || !fs.statSync(candidate).isDirectory()) return undefined;
    const pkgPath = path.join(candidate, "package.json");
    if (fs.existsSync(pkgPath)) {
        const pkg = JSON.parse(fs.readFileSync(pkgPath, "utf8")) as { main?: unknown; exports?: unknown };
        const main =
            typeof pkg.exports === "string"
                ? pkg.exports
                : isObject(pkg.exports) && typeof pkg.exports["."] === "string"
                  ? pkg.exports["."]
                  : pkg.main;
        if (typeof main === "string") {
            const found = entryOf(path.resolve(candidate, main));
            if (found) return found;
            // A compiled main (bin/index.js) of a TypeScript source (index.ts) that is not built.
        }
    }
    for (const index of ["index.ts", "index.js", "index.mts", "index.mjs"]) {
        const file = path.join(candidate, index);
        if (fs.existsSync(file)) return file;
    }
    return undefined;
}

/** Where a program given by folder or file runs from: the nearest Pulumi.yaml at or above it decides the project. */
export function locateProgram(program: string): ProgramLocation {
    const abs = path.resolve(program);
    if (!fs.existsSync(abs)) throw new Error(`program ${abs} does not exist`);
    const isFile = fs.statSync(abs).isFile();
    const pulumiYaml = findPulumiYaml(isFile ? path.dirname(abs) : abs);
    const projectDir = pulumiYaml ? path.dirname(pulumiYaml) : isFile ? path.dirname(abs) : abs;
    const project = pulumiYaml ? readYamlFile(pulumiYaml) : undefined;
    const runtime = isObject(project) ? project["runtime"] : undefined;
    const runtimeOptions = isObject(runtime) && isObject(runtime["options"]) ? runtime["options"] : {};
    const main = isObject(project) && typeof project["main"] === "string" ? project["main"] : undefined;
    let target: string;
    let programArg: string;
    if (isFile || abs !== projectDir) {
        target = abs;
        programArg = abs;
    } else if (main) {
        target = path.resolve(projectDir, main);
        programArg = main;
    } else {
        target = projectDir;
        programArg = ".";
    }
    const entry = entryOf(target);
    if (!entry) throw new Error(`no program entry point found in ${target} (index.ts, index.js or package.json main)`);
    return { projectDir, pulumiYaml, programArg, entry, runtimeOptions };
}

/** The @pulumi/pulumi the program itself loads: its version and the Node.js versions it declares. */
export interface ProgramSdk {
    readonly dir: string;
    readonly version: string;
    readonly nodeRange?: string;
}

export function programSdk(location: ProgramLocation): ProgramSdk {
    let manifest: string;
    try {
        manifest = require.resolve("@pulumi/pulumi/package.json", { paths: [path.dirname(location.entry)] });
    } catch {
        throw new Error(
            `the program in ${location.projectDir} has no @pulumi/pulumi installed: run npm install (or your package manager) there first`,
        );
    }
    const pkg = JSON.parse(fs.readFileSync(manifest, "utf8")) as { version?: string; engines?: { node?: string } };
    return { dir: path.dirname(manifest), version: pkg.version ?? "unknown", nodeRange: pkg.engines?.node };
}

function versionParts(version: string): number[] {
    return version
        .replace(/^v/, "")
        .split(/[.+-]/)
        .slice(0, 3)
        .map((p) => Number(p) || 0);
}

function atLeast(version: string, minimum: string): boolean {
    const a = versionParts(version);
    const b = versionParts(minimum);
    for (let i = 0; i < 3; i++) {
        if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
    }
    return true;
}

/** The oldest @pulumi/pulumi the offline check speaks to: the first 3.x release line that answers the engine's feature queries as today's do. */
export const OLDEST_SUPPORTED_SDK = "3.0.0";

/** Why this SDK cannot run here, by name and version; undefined when it can. */
export function unsupportedSdk(sdk: ProgramSdk, nodeVersion: string = process.version): string | undefined {
    if (!atLeast(sdk.version, OLDEST_SUPPORTED_SDK)) {
        return `the program's @pulumi/pulumi ${sdk.version} (${sdk.dir}) is not supported: demarc checks programs on @pulumi/pulumi ${OLDEST_SUPPORTED_SDK} or later`;
    }
    const floor = /^\s*>=\s*v?(\d+(?:\.\d+){0,2})\s*$/.exec(sdk.nodeRange ?? "")?.[1];
    if (floor && !atLeast(nodeVersion, floor)) {
        return `the program's @pulumi/pulumi ${sdk.version} needs Node.js ${sdk.nodeRange}, and demarc runs on Node.js ${nodeVersion}: run demarc under Node.js ${floor} or later, as pulumi would run this program`;
    }
    return undefined;
}
