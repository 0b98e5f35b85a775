import * as os from "node:os";
import { defineConfig } from "vitest/config";

/** Tests that start processes: programs under mocks, the policy pack over gRPC, the command. */
const END_TO_END = [
    "test/protocol/**/*.test.ts",
    "test/cli/command.test.ts",
    "test/cli/init-baseline.test.ts",
    "test/cli/sdk-lines.test.ts",
    "test/runner/capture.test.ts",
    "test/runner/engine.test.ts",
    "test/runner/undecodable.test.ts",
];
/** The sample programs under Pulumi's runtime mocks, in-process: one program per test file. */
const MOCKED_PROGRAMS = ["test/stacks/**/*.test.ts"];

export default defineConfig({
    test: {
        pool: "forks",
        // End-to-end tests wait on the processes they start (a pack, a program, the command) as much as they compute: one
        // worker more than the cores keeps the cores busy (vitest's default on two cores is a single worker).
        maxWorkers: os.availableParallelism() + 1,
        testTimeout: 120_000,
        hookTimeout: 180_000,
        reporters: ["default", "./test/support/summary-reporter.ts"],
        projects: [
            {
                extends: true,
                test: {
                    name: "unit",
                    include: ["test/**/*.test.ts"],
                    exclude: [...END_TO_END, ...MOCKED_PROGRAMS],
                    // Pure functions over records: the files of a worker share loaded modules.
                    isolate: false,
                },
            },
            { extends: true, test: { name: "unit-mocks", include: MOCKED_PROGRAMS } },
            {
                extends: true,
                test: {
                    name: "e2e",
                    include: END_TO_END,
                    // Every sample stack and scenario captured once per run (or found in the capture cache).
                    globalSetup: ["./test/support/capture-samples.ts"],
                    // A worker runs its files one after another and keeps its loaded modules: the files share the
                    // worker's started sample pack (test/support/sample-runs.ts).
                    isolate: false,
                },
            },
        ],
    },
});
