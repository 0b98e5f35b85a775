import * as path from "node:path";
import type { CapturedStack } from "./engine-resource";
import { type ProgramRun, runProgram } from "./engine-host";

export interface CaptureOptions {
    /** A program file (.ts or .js) or a directory (Pulumi.yaml `main`, package.json `main`, index.ts, index.js). */
    program: string;
    project: string;
    stack: string;
    organization?: string;
    /** Stack config as the CLI passes it: `"aws:region"`, `"<project>:<key>"`. */
    config?: Record<string, string>;
    /** Config keys whose values are secret. */
    secretKeys?: string[];
    /** Run as a first `pulumi preview`: no ids yet, so ids and derived inputs are unknown. */
    preview?: boolean;
    timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 120_000;

/** Runs one program with its own SDK against this engine and returns the run: every resource as the engine would see it. */
export async function captureProgramRun(options: CaptureOptions): Promise<ProgramRun> {
    const program = path.resolve(options.program);
    try {
        return await runProgram(
            {
                program,
                project: options.project,
                stack: options.stack,
                organization: options.organization ?? "organization",
                config: options.config ?? {},
                secretKeys: options.secretKeys ?? [],
                preview: options.preview ?? false,
            },
            options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        );
    } catch (error) {
        throw new Error(
            `capture of program ${program} failed: ${error instanceof Error ? error.message : String(error)}`,
            { cause: error },
        );
    }
}

/** Runs one program and returns every resource as the engine would see it. */
export async function captureProgram(options: CaptureOptions): Promise<CapturedStack> {
    return (await captureProgramRun(options)).captured;
}
