import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PolicyPackProcess } from "../runner/analyzer";

const root = path.resolve(__dirname, "..", "..");

async function timeToPort(packDir: string): Promise<number> {
    const started = process.hrtime.bigint();
    const pack = await PolicyPackProcess.start({ packDir, startTimeoutMs: 120_000 });
    const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
    await pack.stop();
    return elapsed;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The same pack, loaded from its TypeScript sources: what the launcher's type-checking ts-node costs. */
function typeScriptPackDir(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "demarc-ts-pack-"));
    fs.writeFileSync(
        path.join(dir, "package.json"),
        JSON.stringify({ name: "demarc-ts", version: "0.0.0", main: "index.ts" }),
    );
    fs.writeFileSync(path.join(dir, "index.ts"), `import "${path.join(root, "policy-pack", "index")}";\n`);
    fs.symlinkSync(path.join(root, "node_modules"), path.join(dir, "node_modules"));
    return dir;
}

export async function startupBenchmark(rounds = 7): Promise<string[]> {
    const empty = path.join(root, "test", "fixtures", "packs", "empty-pack");
    const compiled = path.join(root, "policy-pack");
    const emptyTimes: number[] = [];
    const compiledTimes: number[] = [];
    await timeToPort(compiled);
    for (let i = 0; i < rounds; i++) {
        emptyTimes.push(await timeToPort(empty));
        compiledTimes.push(await timeToPort(compiled));
    }
    const tsDir = typeScriptPackDir();
    const tsTimes = [await timeToPort(tsDir), await timeToPort(tsDir)];
    fs.rmSync(tsDir, { recursive: true, force: true });
    const [e, c, t] = [median(emptyTimes), median(compiledTimes), median(tsTimes)];
    return [
        `pack start-up, spawn to port (median of ${rounds}, interleaved):`,
        `  empty pack under the same launcher   ${e.toFixed(0)} ms`,
        `  demarc, compiled JavaScript          ${c.toFixed(0)} ms  (${((c / e - 1) * 100).toFixed(1)}% over empty; goal <= 10%)`,
        `  demarc, loaded as TypeScript         ${t.toFixed(0)} ms  (${(t / c).toFixed(1)}x the compiled pack)`,
    ];
}

if (require.main === module) {
    startupBenchmark().then(
        (lines) => console.log(lines.join("\n")),
        (error) => {
            console.error(error);
            process.exit(1);
        },
    );
}
