import * as fs from "fs";
import * as path from "path";
import { TIMINGS_VARIABLE } from "../policy-pack/engine-hooks";
import { PolicyPackProcess } from "../runner/analyzer";
import { asEngineResources, type EngineResource } from "../runner/engine-resource";
import { syntheticNetwork } from "./network";

const root = path.resolve(__dirname, "..", "..");

/** Peak resident memory of a process, from Linux's VmHWM. */
function peakRss(pid: number): number | undefined {
    try {
        const match = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
        return match ? Number(match[1]) * 1024 : undefined;
    } catch {
        return undefined;
    }
}

/** The time of the AnalyzeStack call alone: the request is built before the clock starts, as the engine builds its own. */
async function analyzeStackTime(pack: PolicyPackProcess, resources: EngineResource[]): Promise<number> {
    const send = pack.analyzeStackRequest(resources);
    const started = performance.now();
    await send();
    return performance.now() - started;
}

/** Where demarc's time went in its last request, as the pack writes it with {@link TIMINGS_VARIABLE} set. */
function lastTimings(pack: PolicyPackProcess): string {
    const lines = pack.stderr.split("\n").filter((line) => line.startsWith("demarc AnalyzeStack: "));
    return lines[lines.length - 1] ?? "(no timings written)";
}

interface Row {
    size: number;
    demarc: number;
    decode: number;
    demarcRss?: number;
    timings: string;
}

/** demarc over a pack whose single policy reads every value of every resource. */
export const RATIO_GOAL = 1.25;

export async function protocolBenchmark(sizes = [5_000, 20_000, 50_000]): Promise<string[]> {
    const rows: Row[] = [];
    for (const size of sizes) {
        const resources = asEngineResources(syntheticNetwork(size));
        const demarcPack = await PolicyPackProcess.start({
            packDir: path.join(root, "policy-pack"),
            startTimeoutMs: 120_000,
            env: { [TIMINGS_VARIABLE]: "1" },
        });
        const decodePack = await PolicyPackProcess.start({
            packDir: path.join(root, "test", "fixtures", "packs", "decode-pack"),
            startTimeoutMs: 120_000,
        });
        try {
            await analyzeStackTime(demarcPack, resources.slice(0, 200));
            await analyzeStackTime(decodePack, resources.slice(0, 200));
            const demarc = await analyzeStackTime(demarcPack, resources);
            const decode = await analyzeStackTime(decodePack, resources);
            rows.push({
                size: resources.length,
                demarc,
                decode,
                demarcRss: demarcPack.pid ? peakRss(demarcPack.pid) : undefined,
                timings: lastTimings(demarcPack),
            });
        } finally {
            await demarcPack.stop();
            await decodePack.stop();
        }
    }
    const ms = (n: number) => `${n.toFixed(0)} ms`.padStart(9);
    const mb = (n?: number) => (n === undefined ? "n/a" : `${(n / 1024 / 1024).toFixed(0)} MB`);
    const lines = [
        `AnalyzeStack over the protocol (synthetic rule-heavy networks), against a pack whose one policy reads every value of every resource:`,
        `  resources |  demarc   | read all  | demarc/read all (goal <= ${RATIO_GOAL}x) | pack peak RSS`,
    ];
    for (const r of rows) {
        const ratio = r.demarc / r.decode;
        const verdict = ratio <= RATIO_GOAL ? "met" : "not met";
        lines.push(
            `  ${String(r.size).padStart(9)} | ${ms(r.demarc)} | ${ms(r.decode)} | ${ratio.toFixed(2).padStart(5)}x ${verdict.padEnd(20)}| ${mb(r.demarcRss)}`,
        );
    }
    const first = rows[0];
    const last = rows[rows.length - 1];
    lines.push(
        `  growth ${last.size}/${first.size} resources (${(last.size / first.size).toFixed(1)}x): demarc ${(last.demarc / first.demarc).toFixed(1)}x (goal <= 11x), read all ${(last.decode / first.decode).toFixed(1)}x`,
        "  where demarc's time went (steps less the steps they started; a policy's time includes none of what it built):",
        ...rows.map((r) => `    ${r.timings}`),
    );
    return lines;
}

if (require.main === module) {
    protocolBenchmark().then(
        (lines) => console.log(lines.join("\n")),
        (error) => {
            console.error(error);
            process.exit(1);
        },
    );
}
