import * as fs from "node:fs";
import * as path from "node:path";

/** A compiled runner file: beside this one when running compiled, under dist/runner when running from sources. */
export function compiledRunnerFile(file: string): string {
    const dir = __filename.endsWith(".ts") ? path.join(__dirname, "..", "dist", "runner") : __dirname;
    const full = path.join(dir, file);
    if (!fs.existsSync(full)) {
        throw new Error(`${full} does not exist: build with tsc -p tsconfig.json first`);
    }
    return full;
}
