import { networkBenchmark } from "./network";
import { protocolBenchmark } from "./protocol";
import { startupBenchmark } from "./startup";

/** `npm run bench`: every benchmark, one after the other; ratios are measured within one run. */
async function main(): Promise<void> {
    console.log((await startupBenchmark()).join("\n"));
    console.log();
    console.log(networkBenchmark().join("\n"));
    console.log();
    console.log((await protocolBenchmark()).join("\n"));
}

main().catch((error) => {
    console.error(error);
    process.exit(1);
});
