import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { capturedToStackExport } from "../../cli/stack-export";
import { captureProgram, type CaptureOptions } from "../../runner/capture";
import type { CapturedStack } from "../../runner/engine-resource";
import { NETWORKS, SCENARIOS, type Network } from "../../stacks/scenarios";

export const ROOT = path.resolve(__dirname, "..", "..");
export const CAPTURE_CACHE = path.join(ROOT, "node_modules", ".cache", "demarc", "captures");
const SAMPLE_PROGRAM = path.join(ROOT, "dist", "stacks", "index.js");
const RUNNER_ENTRIES = ["capture.js", "program-preload.js"].map((file) => path.join(ROOT, "dist", "runner", file));
const SDKS = ["@pulumi/pulumi", "@pulumi/aws"];

/** A compiled file and every file of the repository it requires, transitively (`require("./...")`). */
function requiredFiles(entry: string, found = new Set<string>()): Set<string> {
    if (found.has(entry)) return found;
    found.add(entry);
    const text = fs.readFileSync(entry, "utf8");
    for (const [, spec] of text.matchAll(/require\("(\.{1,2}\/[^"]+)"\)/g)) {
        const base = path.resolve(path.dirname(entry), spec!);
        const file = [base, `${base}.js`, path.join(base, "index.js")].find(
            (candidate) => fs.existsSync(candidate) && fs.statSync(candidate).isFile(),
        );
        if (file !== undefined) requiredFiles(file, found);
    }
    return found;
}

/** Every file under a directory, but its node_modules. */
function filesUnder(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true, recursive: true }).flatMap((entry) => {
        const full = path.join(entry.parentPath, entry.name);
        return entry.isFile() && !full.includes(`${path.sep}node_modules${path.sep}`) ? [full] : [];
    });
}

function digest(files: Iterable<string>): Record<string, string> {
    return Object.fromEntries(
        [...files]
            .map((file) => [
                path.relative(ROOT, file),
                createHash("sha256").update(fs.readFileSync(file)).digest("hex"),
            ])
            .sort(([a], [b]) => a!.localeCompare(b!)),
    );
}

let runnerDigest: Record<string, string> | undefined;

/**
 * What a capture depends on: its options (config, mode known or preview), the program's sources (a compiled
 * program's required files, else its directory), the runner's compiled files, the SDK versions and Node's.
 */
function captureKey(options: CaptureOptions): string {
    const program = path.resolve(options.program);
    const sources =
        program.endsWith(".js") && fs.statSync(program).isFile()
            ? requiredFiles(program)
            : filesUnder(fs.statSync(program).isDirectory() ? program : path.dirname(program));
    runnerDigest ??= digest(RUNNER_ENTRIES.flatMap((entry) => [...requiredFiles(entry)]));
    const sdks = SDKS.map((name) => {
        const manifest = path.join(ROOT, "node_modules", name, "package.json");
        return `${name}@${(JSON.parse(fs.readFileSync(manifest, "utf8")) as { version: string }).version}`;
    });
    const key = {
        options: { ...options, program: path.relative(ROOT, program), preview: options.preview ?? false },
        sources: digest(sources),
        runner: runnerDigest,
        sdks,
        node: process.versions.node,
    };
    return createHash("sha256").update(JSON.stringify(key)).digest("hex");
}

/**
 * A program captured as the engine would send it, from the cache under node_modules/.cache when nothing the
 * capture depends on changed, else captured now and cached.
 */
export async function cachedCapture(options: CaptureOptions): Promise<CapturedStack> {
    const file = path.join(CAPTURE_CACHE, `${captureKey(options)}.json`);
    if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, "utf8")) as CapturedStack;
    const captured = await captureProgram(options);
    fs.mkdirSync(CAPTURE_CACHE, { recursive: true });
    const partial = `${file}.${process.pid}.partial`;
    fs.writeFileSync(partial, JSON.stringify(captured));
    fs.renameSync(partial, file);
    return captured;
}

export interface SampleRun {
    readonly network: Network;
    readonly scenario?: string;
    readonly preview: boolean;
}

const sampleOptions = ({ network, scenario, preview }: SampleRun): CaptureOptions => ({
    program: SAMPLE_PROGRAM,
    project: "demarc-samples",
    stack: network,
    config: {
        "demarc-samples:network": network,
        "aws:region": "us-east-1",
        ...(scenario === undefined ? {} : { "demarc-samples:scenario": scenario }),
    },
    preview,
});

/** A sample stack (compliant, or with a scenario), captured once per change of what it depends on. */
export const captureSample = (run: SampleRun): Promise<CapturedStack> => cachedCapture(sampleOptions(run));

/**
 * A sample run as `pulumi stack export` would write it once deployed, in `dir`; its stack is named `stack`
 * (by default the network's), so that several runs of one network read as several stacks.
 */
export async function sampleExport(run: SampleRun, dir: string, stack: string = run.network): Promise<string> {
    const file = path.join(dir, `${run.scenario ?? run.network}.json`);
    const text = JSON.stringify(capturedToStackExport(await captureSample(run)));
    fs.writeFileSync(file, text.replaceAll(`urn:pulumi:${run.network}::`, `urn:pulumi:${stack}::`));
    return file;
}

/** Every compliant sample network and every scenario, known and as a first preview. */
export const SAMPLE_RUNS: readonly SampleRun[] = [false, true].flatMap((preview) => [
    ...NETWORKS.map((network) => ({ network, preview })),
    ...SCENARIOS.map((s) => ({ network: s.network, scenario: s.name, preview })),
]);

/** Runs `work` over `items`, at most `limit` at a time. */
export async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<unknown>) {
    let next = 0;
    const worker = async () => {
        while (next < items.length) await work(items[next++]!);
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
