import { readFileSync } from "fs";
import * as path from "path";
import { describe, expect, test } from "vitest";
import { policyDocsMarkdown } from "../../policy-pack/docs";
import { POLICIES } from "../../policy-pack/policies";

const ROOT = path.resolve(__dirname, "../..");

describe("policy docs", () => {
    test("every policy's section says what, why, how to fix, and lists each setting it reads", () => {
        const docs = policyDocsMarkdown(POLICIES);
        for (const { metadata, settings } of POLICIES) {
            const start = docs.indexOf(`## ${metadata.name}\n`);
            expect(start).toBeGreaterThan(0);
            const next = docs.indexOf("\n## ", start + 1);
            const body = docs.slice(start, next === -1 ? undefined : next);
            expect(body).toContain(`**What it checks.** ${metadata.description}`);
            expect(body).toContain(`**Why.** ${metadata.why}`);
            expect(body).toContain(`**How to fix.** ${metadata.remediationSteps}`);
            expect(body).toContain(`- **Severity:** ${metadata.severity}`);
            for (const name of settings.names) expect(body).toContain(`| \`${name}\` |`);
        }
    });

    test("the pack does not load the docs renderer at run time", () => {
        const sources = ["policy-pack/index.ts", "policy-pack/kit.ts", "policy-pack/policies/index.ts"].map((f) =>
            readFileSync(path.join(ROOT, f), "utf8"),
        );
        for (const source of sources) expect(source).not.toMatch(/from "\.\.?\/docs"/);
    });
});
