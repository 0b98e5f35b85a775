import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import {
    checkPolicyInternals,
    isSupportedPolicyVersion,
    UnsupportedPolicySdkError,
} from "../../policy-pack/policy-internals";

const installed = path.dirname(require.resolve("@pulumi/policy/package.json"));
/** Inside node_modules, so the copies resolve @pulumi/pulumi and @grpc/grpc-js as the installed one does. */
const cache = path.resolve(__dirname, "..", "..", "node_modules", ".cache");
fs.mkdirSync(cache, { recursive: true });
const work = fs.mkdtempSync(path.join(cache, "demarc-policy-sdk-"));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** A copy of the installed @pulumi/policy with its version and one file changed. */
function variant(name: string, version: string, change?: [string, (text: string) => string]): string {
    const dir = path.join(work, name);
    fs.cpSync(installed, dir, { recursive: true });
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ ...pkg, version }));
    if (change) {
        const [file, edit] = change;
        fs.writeFileSync(path.join(dir, file), edit(fs.readFileSync(path.join(dir, file), "utf8")));
    }
    return dir;
}

describe("the one seam over @pulumi/policy internals", () => {
    test("the installed @pulumi/policy passes every check", () => {
        expect(checkPolicyInternals(installed).version).toMatch(/^v?1\./);
    });

    test("versions: 1.21 and later 1.x are supported, older and 2.x are not", () => {
        expect(["1.21.0", "v1.21.0", "1.22.3", "1.99.0"].map(isSupportedPolicyVersion)).toEqual([
            true,
            true,
            true,
            true,
        ]);
        expect(["1.20.0", "1.9.9", "2.0.0", "latest", ""].map(isSupportedPolicyVersion)).toEqual([
            false,
            false,
            false,
            false,
            false,
        ]);
    });

    test("an unsupported version fails at start-up naming the versions demarc needs and the one found", () => {
        const dir = variant("two", "2.0.0");
        expect(() => checkPolicyInternals(dir)).toThrow(UnsupportedPolicySdkError);
        expect(() => checkPolicyInternals(dir)).toThrow(
            /^demarc needs @pulumi\/policy >=1\.21\.0 <2\.0\.0 \(found 2\.0\.0\): this version is not supported/,
        );
    });

    test("a supported version whose internals moved fails naming what moved", () => {
        const noDecoder = variant("no-decoder", "1.22.0", [
            "deserialize.js",
            (t) => t.replace("exports.deserializeProperties = deserializeProperties;", ""),
        ]);
        expect(() => checkPolicyInternals(noDecoder)).toThrow(
            "demarc needs @pulumi/policy >=1.21.0 <2.0.0 (found 1.22.0): deserialize.js no longer exports deserializeProperties",
        );
        const stringOnly = variant("string-only", "1.22.0", [
            "server.js",
            (t) => t.replace('typeof message === "object"', "false"),
        ]);
        expect(() => checkPolicyInternals(stringOnly)).toThrow(
            /its reportViolation no longer takes a diagnostic object with its own enforcement level/,
        );
        const resourcesPerPolicy = variant("resources-per-policy", "1.22.0", [
            "server.js",
            (t) => t.replace("for (const r of resources) {", "for (const r of req.getResourcesList()) {"),
        ]);
        expect(() => checkPolicyInternals(resourcesPerPolicy)).toThrow(
            "demarc needs @pulumi/policy >=1.21.0 <2.0.0 (found 1.22.0): its AnalyzeStack no longer reads the request's resources in one place",
        );
    });
});
