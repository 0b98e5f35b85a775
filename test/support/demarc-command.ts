import { spawn } from "node:child_process";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import type { CommandIo } from "../../cli/demarc";
import { ROOT } from "./captures";

/** The built command, as `npm run build` writes it. */
export const DEMARC = path.join(ROOT, "dist", "cli", "demarc.js");

export interface Run {
    code: number | null;
    stdout: string;
    stderr: string;
}

/** Fails the suite at once, with what to do, when the command has not been built. */
export function requireBuiltDemarc(): void {
    if (!fs.existsSync(DEMARC)) throw new Error(`${DEMARC} is missing: npm run build first (npm test does)`);
}

/**
 * `node dist/cli/demarc.js ...` as a user runs it (not a terminal: no colours, no progress), from the
 * repository root unless told otherwise, on this Node unless another is given.
 */
export function runDemarc(args: readonly string[], options: { node?: string; cwd?: string } = {}): Promise<Run> {
    return new Promise((resolve, reject) => {
        const child = spawn(options.node ?? process.execPath, [DEMARC, ...args], {
            cwd: options.cwd ?? ROOT,
            env: { ...process.env, NO_COLOR: "1" },
            stdio: ["ignore", "pipe", "pipe"],
        });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (c) => (stdout += c));
        child.stderr.on("data", (c) => (stderr += c));
        child.on("error", reject);
        child.on("close", (code) => resolve({ code, stdout, stderr }));
    });
}

/**
 * The built command's `main`, called in this process with its output collected: what a spawned run reports, without
 * starting Node and loading the runtime once more for each run. The programs and the pack it starts are processes as
 * ever. Tests of exit codes and of the executable itself spawn it ({@link runDemarc}).
 */
export async function runDemarcInProcess(args: readonly string[]): Promise<Run> {
    const { main } = createRequire(__filename)(DEMARC) as {
        main: (argv: readonly string[], io: CommandIo) => Promise<number>;
    };
    let stdout = "";
    let stderr = "";
    const code = await main(args, {
        stdout: { write: (text: string) => (stdout += text) },
        stderr: { write: (text: string) => (stderr += text) },
    });
    return { code, stdout, stderr };
}
