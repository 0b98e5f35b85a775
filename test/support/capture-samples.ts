import * as os from "node:os";
import { captureSample, inParallel, SAMPLE_RUNS } from "./captures";

/** Global setup of the end-to-end tests: every sample run captured (or found in the cache) before any test starts. */
export default async function captureSamples(): Promise<void> {
    await inParallel(SAMPLE_RUNS, os.availableParallelism(), captureSample);
}
