import * as fs from "node:fs";
import type { CaptureRequest } from "./capture-run";

interface CaptureJob {
    request: CaptureRequest;
    outFile: string;
}

function fail(err: unknown): never {
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`${message}\n`);
    process.exit(1);
}

async function main(): Promise<void> {
    const job = JSON.parse(fs.readFileSync(0, "utf8")) as CaptureJob;
    process.env.PULUMI_CONFIG = JSON.stringify(job.request.config);
    process.on("uncaughtException", fail);
    process.on("unhandledRejection", fail);
    const { runCapture } = require("./capture-run") as typeof import("./capture-run");
    const captured = await runCapture(job.request);
    fs.writeFileSync(job.outFile, JSON.stringify(captured));
    process.exit(0);
}

main().catch(fail);
