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

/** CPU time a process has used (user and system), in ms, from Linux's /proc/<pid>/stat; clock ticks are 10 ms. */
function cpuTime(pid: number | undefined): number {
    if (pid === undefined) return NaN;
    try {
        // Fields after the command name, which is in parentheses and may hold spaces: utime and stime are 14th and 15th.
        const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        return (Number(fields[11]) + Number(fields[12])) * 10;
    } catch {
        return NaN;
    }
}

/** The time of the AnalyzeStack call alone: the request is built before the clock starts, as the engine builds its own. */
async function analyzeStackTime(pack: PolicyPackProcess, resources: EngineResource[]): Promise<number> {
    const send = pack.analyzeStackRequest(resources);
    // The previous call's garbage in this process (its request's bytes, its response) is collected before the clock
    // starts, or the collection lands in whichever call comes next.
    (globalThis as { gc?: () => void }).gc?.();
    const started = performance.now();
    await send();
    return performance.now() - started;
}

/** Where demarc's time went in each of its last `count` requests, as the pack writes it with {@link TIMINGS_VARIABLE} set. */
function lastTimings(pack: PolicyPackProcess, count: number): string[] {
    const lines = pack.stderr.split("\n").filter((line) => line.startsWith("demarc AnalyzeStack: "));
    return Array.from({ length: count }, (_, i) => lines[lines.length - count + i] ?? "(no timings written)");
}

interface Row {
    size: number;
    demarc: number[];
    decode: number[];
    /** CPU each pack spent per call: what it used from the start of one call to the start of its next, so work it does after answering counts. */
    demarcCpu: number[];
    decodeCpu: number[];
    demarcRss?: number;
    decodeRss?: number;
    /** Where demarc's time went in its median run. */
    timings: string;
}

/** demarc over a pack whose single policy reads every value of every resource. */
export const RATIO_GOAL = 1.25;

/** How long the read-all pack is left after its last call before its CPU is read, for the work it does after answering. */
const SETTLE_MS = 1_000;

/** Runs of each pack per size, interleaved (demarc, read all, demarc, ...) so that both meet the same load. */
export const RUNS = 5;

function median(values: readonly number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = sorted.length >> 1;
    return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The load average over the last minute, as the kernel reports it. */
export function loadAverage(): string {
    try {
        return fs.readFileSync("/proc/loadavg", "utf8").split(" ")[0];
    } catch {
        return "n/a";
    }
}

export async function protocolBenchmark(sizes = [5_000, 20_000, 50_000], runs = RUNS): Promise<string[]> {
    const loadAtStart = loadAverage();
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
            const demarc: number[] = [];
            const decode: number[] = [];
            const demarcCpuAt = [cpuTime(demarcPack.pid)];
            const decodeCpuAt = [cpuTime(decodePack.pid)];
            for (let run = 0; run < runs; run++) {
                demarc.push(await analyzeStackTime(demarcPack, resources));
                decode.push(await analyzeStackTime(decodePack, resources));
                demarcCpuAt.push(cpuTime(demarcPack.pid));
                if (run < runs - 1) decodeCpuAt.push(cpuTime(decodePack.pid));
            }
            await new Promise((settle) => setTimeout(settle, SETTLE_MS));
            decodeCpuAt.push(cpuTime(decodePack.pid));
            const perCall = (at: number[]) => at.slice(1).map((cpu, i) => cpu - at[i]);
            // Read after the last read-all run, by when the pack has written the timings of every demarc run.
            const timings = lastTimings(demarcPack, runs);
            rows.push({
                size: resources.length,
                demarc,
                decode,
                demarcCpu: perCall(demarcCpuAt),
                decodeCpu: perCall(decodeCpuAt),
                demarcRss: demarcPack.pid ? peakRss(demarcPack.pid) : undefined,
                decodeRss: decodePack.pid ? peakRss(decodePack.pid) : undefined,
                timings: timings[demarc.indexOf(median(demarc))] ?? timings[0],
            });
        } finally {
            await demarcPack.stop();
            await decodePack.stop();
        }
    }
    const ms = (n: number) => `${n.toFixed(0)} ms`.padStart(9);
    const mb = (n?: number) => (n === undefined ? "n/a" : `${(n / 1024 / 1024).toFixed(0)} MB`);
    const lines = [
        `AnalyzeStack over the protocol (synthetic rule-heavy networks), against a pack whose one policy reads every value of every resource;`,
        `median of ${runs} interleaved runs per size (load average ${loadAtStart} at the start, ${loadAverage()} at the end):`,
        `  resources |  demarc   | read all  | demarc/read all (goal <= ${RATIO_GOAL}x) | packs' CPU demarc / read all | peak RSS demarc / read all | runs demarc / read all (ms)`,
    ];
    for (const r of rows) {
        const ratio = median(r.demarc) / median(r.decode);
        const verdict = ratio <= RATIO_GOAL ? "met" : "not met";
        const each = (values: number[]) => values.map((v) => v.toFixed(0)).join(" ");
        const cpu = `${median(r.demarcCpu).toFixed(0)} / ${median(r.decodeCpu).toFixed(0)} ms = ${(median(r.demarcCpu) / median(r.decodeCpu)).toFixed(2)}x`;
        lines.push(
            `  ${String(r.size).padStart(9)} | ${ms(median(r.demarc))} | ${ms(median(r.decode))} | ${ratio.toFixed(2).padStart(5)}x ${verdict.padEnd(20)}| ${cpu.padEnd(28)} | ${`${mb(r.demarcRss)} / ${mb(r.decodeRss)}`.padEnd(26)} | ${each(r.demarc)} / ${each(r.decode)}`,
        );
    }
    const first = rows[0];
    const last = rows[rows.length - 1];
    const growth = (k: "demarc" | "decode") => (median(last[k]) / median(first[k])).toFixed(1);
    lines.push(
        `  growth ${last.size}/${first.size} resources (${(last.size / first.size).toFixed(1)}x): demarc ${growth("demarc")}x (goal <= 11x), read all ${growth("decode")}x`,
        "  where demarc's time went in its median run (steps less the steps they started; a policy's time includes none of what it built):",
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
