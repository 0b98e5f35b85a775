import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { CapturedStack } from "./engine-resource";
import { compiledRunnerFile } from "./paths";

export interface CaptureOptions {
    /** A program file (.ts or .js) or a directory (Pulumi.yaml `main`, package.json `main`, index.js, index.ts). */
    program: string;
    project: string;
    stack: string;
    organization?: string;
    /** Stack config as the CLI passes it: `"aws:region"`, `"<project>:<key>"`. */
    config?: Record<string, string>;
    /** Run as a first `pulumi preview`: mocks return no ids, so ids and derived inputs are unknown. */
    preview?: boolean;
    timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 120_000;

/** Runs one program under Pulumi mocks in a child process and returns every resource as the engine would see it. */
export function captureProgram(options: CaptureOptions): Promise<CapturedStack> {
    const program = path.resolve(options.program);
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "demarc-capture-"));
    const outFile = path.join(tmp, "captured.json");
    const job = {
        outFile,
        request: {
            program,
            project: options.project,
            stack: options.stack,
            organization: options.organization ?? "organization",
            config: options.config ?? {},
            preview: options.preview ?? false,
        },
    };
    return new Promise<CapturedStack>((resolve, reject) => {
        const cleanup = (): void => fs.rmSync(tmp, { recursive: true, force: true });
        let child;
        try {
            child = spawn(process.execPath, [compiledRunnerFile("capture-main.js")], {
                stdio: ["pipe", "pipe", "pipe"],
            });
        } catch (err) {
            cleanup();
            reject(err);
            return;
        }
        let stderr = "";
        child.stdout.resume();
        child.stderr.setEncoding("utf8");
        child.stderr.on("data", (chunk: string) => {
            stderr += chunk;
        });
        const timer = setTimeout(() => {
            child.kill("SIGKILL");
        }, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
        child.on("error", (err) => {
            clearTimeout(timer);
            cleanup();
            reject(err);
        });
        child.on("close", (code, signal) => {
            clearTimeout(timer);
            try {
                if (code !== 0) {
                    const why = signal ? `was killed (${signal})` : `exited with code ${code}`;
                    reject(new Error(`capture of program ${program} failed: the program ${why}: ${stderr.trim()}`));
                    return;
                }
                resolve(JSON.parse(fs.readFileSync(outFile, "utf8")) as CapturedStack);
            } catch (err) {
                reject(err);
            } finally {
                cleanup();
            }
        });
        child.stdin.end(JSON.stringify(job));
    });
}
