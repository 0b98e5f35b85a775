import * as fs from "fs";
import * as path from "path";
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

async function analyzeStackTime(pack: PolicyPackProcess, resources: EngineResource[]): Promise<number> {
    const started = performance.now();
    await pack.analyzeStack(resources);
    return performance.now() - started;
}

interface Row {
    size: number;
    demarc: number;
    decode: number;
    demarcRss?: number;
}

export async function protocolBenchmark(sizes = [5_000, 20_000, 50_000]): Promise<string[]> {
    const rows: Row[] = [];
    for (const size of sizes) {
        const resources = asEngineResources(syntheticNetwork(size));
        const demarcPack = await PolicyPackProcess.start({
            packDir: path.join(root, "policy-pack"),
            startTimeoutMs: 120_000,
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
            });
        } finally {
            await demarcPack.stop();
            await decodePack.stop();
        }
    }
    const ms = (n: number) => `${n.toFixed(0)} ms`.padStart(9);
    const mb = (n?: number) => (n === undefined ? "n/a" : `${(n / 1024 / 1024).toFixed(0)} MB`);
    const lines = [
        "AnalyzeStack over the protocol (synthetic rule-heavy networks):",
        "  resources |  demarc   | decode only | demarc/decode | pack peak RSS",
    ];
    for (const r of rows)
        lines.push(
            `  ${String(r.size).padStart(9)} | ${ms(r.demarc)} | ${ms(r.decode)}   | ${(r.demarc / r.decode).toFixed(2).padStart(8)}x     | ${mb(r.demarcRss)}`,
        );
    const first = rows[0];
    const last = rows[rows.length - 1];
    lines.push(
        `  growth ${last.size}/${first.size} resources (${(last.size / first.size).toFixed(1)}x): demarc ${(last.demarc / first.demarc).toFixed(1)}x (goal <= 11x), decode ${(last.decode / first.decode).toFixed(1)}x`,
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
