import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, expect, test } from "vitest";
import { PolicyPackProcess } from "../../runner/analyzer";
import { POLICIES } from "../../policy-pack/policies";

const root = path.resolve(__dirname, "..", "..");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "demarc-publish-"));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

test("npm pack of policy-pack/ installs with only its declared dependencies, starts and answers GetAnalyzerInfo", async () => {
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    const tarball = execFileSync(npm, ["pack", "--silent", "--pack-destination", work], {
        cwd: path.join(root, "policy-pack"),
        encoding: "utf8",
    })
        .trim()
        .split("\n")
        .pop()!;
    execFileSync("tar", ["-xzf", path.join(work, tarball), "-C", work]);
    const packDir = path.join(work, "package");
    const shipped = fs.readdirSync(path.join(packDir, "dist", "policy-pack"));
    expect(shipped).toContain("index.js");
    expect(fs.existsSync(path.join(packDir, "PulumiPolicy.yaml"))).toBe(true);
    expect(fs.existsSync(path.join(packDir, "dist", "config-schemas.json"))).toBe(true);
    expect(fs.readdirSync(packDir).some((f) => f.endsWith(".ts"))).toBe(false);
    execFileSync(npm, ["install", "--omit=dev", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], {
        cwd: packDir,
        stdio: "pipe",
    });

    const pack = await PolicyPackProcess.start({ packDir });
    try {
        const info = await pack.getAnalyzerInfo();
        expect(info.name).toBe("demarc");
        expect(info.policies.map((p) => p.name)).toEqual(POLICIES.map((p) => p.metadata.name));
        expect(fs.existsSync(path.join(packDir, "node_modules", "@pulumi", "aws"))).toBe(false);
    } finally {
        await pack.stop();
    }
}, 300_000);

test("the compiled pack loads its policies and their config schemas without loading zod, which waits for the first configuration", () => {
    const probe = [
        'const { POLICIES } = require("./dist/policy-pack/policies");',
        "for (const p of POLICIES) if (!p.policy.configSchema.properties) throw new Error(p.metadata.name);",
        'const zod = () => Object.keys(require.cache).some((k) => k.includes("/node_modules/zod/"));',
        "const before = zod();",
        "POLICIES[0].settings.parse({});",
        "console.log(JSON.stringify({ before, after: zod() }));",
    ].join("\n");
    const out = execFileSync(process.execPath, ["-e", probe], {
        cwd: path.join(root, "policy-pack"),
        encoding: "utf8",
    });
    expect(JSON.parse(out)).toEqual({ before: false, after: true });
});
