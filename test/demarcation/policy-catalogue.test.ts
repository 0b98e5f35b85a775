import { existsSync, readdirSync, readFileSync } from "fs";
import * as path from "path";
import { describe, expect, test } from "vitest";
import { COMMON_KINDS, FINDING_KINDS, isFindingKind } from "../../lib/finding-kinds";
import { policyDocsMarkdown, policyTableMarkdown } from "../../policy-pack/docs";
import { kindsOf, POLICY_DOCS_URL } from "../../policy-pack/kit";
import { POLICIES } from "../../policy-pack/policies";
import { COMPLIANT_FINDINGS, PREVIEW_FINDINGS, SCENARIOS, type FindingOn } from "../../stacks/scenarios";
import { KIND_EXEMPLARS } from "./kind-exemplars";

const ROOT = path.resolve(__dirname, "../..");

/** What is wrong with each finding a scenario names: a policy the pack lacks, or a kind that policy does not declare. */
function outsideCatalogue(findings: readonly { policy: string; kind: string }[]): string[] {
    return findings.flatMap(({ policy, kind }) => {
        const named = POLICIES.find((p) => p.metadata.name === policy);
        if (!named) return [`${policy}: no policy of the pack`];
        return (kindsOf(named.metadata) as readonly string[]).includes(kind)
            ? []
            : [`${policy}: ${kind} is not a kind it declares`];
    });
}

/** Every finding the sample stacks are said to give or not to give. */
const SCENARIO_FINDINGS: readonly FindingOn[] = [
    ...SCENARIOS.flatMap((s) => [...s.expected, ...(s.absent ?? [])]),
    ...Object.values(COMPLIANT_FINDINGS).flat(),
    ...Object.values(PREVIEW_FINDINGS).flat(),
];

describe("the policy catalogue: each policy's metadata", () => {
    test("names the policy once, after the file that declares it", () => {
        const names = POLICIES.map((p) => p.metadata.name);
        expect(new Set(names).size).toBe(names.length);
        for (const name of names) {
            expect(name).toMatch(/^[a-z]+(-[a-z]+)+$/);
            expect(existsSync(path.join(ROOT, "policy-pack/policies", `${name}.ts`)), name).toBe(true);
        }
    });

    test("gives a display name, a summary, what it checks, why and how to fix", () => {
        for (const { metadata } of POLICIES) {
            const { name, displayName, summary, description, why, remediationSteps } = metadata;
            expect(displayName.trim(), name).not.toBe("");
            expect(displayName, name).not.toBe(name);
            expect(displayName, `${name}: one line`).not.toMatch(/\n/);
            for (const text of [summary, description, why, remediationSteps]) expect(text.trim(), name).not.toBe("");
        }
    });

    test("has its doc anchor: a section of docs/policies.md, the console's link to it, a row of the README table", () => {
        const docs = policyDocsMarkdown(POLICIES);
        const table = policyTableMarkdown(POLICIES);
        for (const { metadata, policy } of POLICIES) {
            expect(docs.split("\n").filter((line) => line === `## ${metadata.name}`)).toHaveLength(1);
            expect(policy.url).toBe(`${POLICY_DOCS_URL}#${metadata.name}`);
            expect(table).toContain(`[\`${metadata.name}\`](docs/policies.md#${metadata.name})`);
        }
    });

    test("declares the kinds it reports: at least one, each in lib/finding-kinds.ts, none twice, none every policy may", () => {
        for (const { metadata } of POLICIES) {
            const { name, kinds } = metadata;
            expect(kinds.length, name).toBeGreaterThan(0);
            expect(
                kinds.filter((kind) => !isFindingKind(kind)),
                name,
            ).toEqual([]);
            expect(new Set(kinds).size, name).toBe(kinds.length);
            expect(
                kinds.filter((kind) => (COMMON_KINDS as readonly string[]).includes(kind)),
                name,
            ).toEqual([]);
        }
    });

    test("every kind of lib/finding-kinds.ts is declared by a policy, or is one every policy may report", () => {
        const declared = new Set<string>([...COMMON_KINDS, ...POLICIES.flatMap((p) => p.metadata.kinds)]);
        expect(Object.keys(FINDING_KINDS).filter((kind) => !declared.has(kind))).toEqual([]);
    });
});

/** Kinds only the pack's engine path reports (decoding what the engine sends), shown over the protocol. */
const SHOWN_OVER_THE_PROTOCOL: readonly (Omit<FindingOn, "resource"> & { test: string })[] = [
    {
        policy: "report-unmodelled-connectivity",
        kind: "coverage.undecodable.undetermined",
        test: "test/runner/undecodable.test.ts",
    },
];

describe("each kind a policy declares is shown reported", () => {
    test("by a sample scenario, a smallest-stack exemplar (kind-exemplars.ts) or a protocol test", () => {
        const shown = new Set(
            [...SCENARIO_FINDINGS, ...KIND_EXEMPLARS.map((e) => e.finding)].map((f) => `${f.policy} ${f.kind}`),
        );
        for (const { policy, kind, test: file } of SHOWN_OVER_THE_PROTOCOL) {
            expect(readFileSync(path.join(ROOT, file), "utf8"), file).toContain(`[kind: ${kind}]`);
            shown.add(`${policy} ${kind}`);
        }
        const declared = POLICIES.flatMap((p) => p.metadata.kinds.map((kind) => `${p.metadata.name} ${kind}`));
        expect(
            declared.filter((pair) => !shown.has(pair)),
            "kinds no scenario shows reported: add the smallest stack that gives each to test/demarcation/kind-exemplars.ts",
        ).toEqual([]);
    });
});

describe("the scenarios name the catalogue", () => {
    test("every finding a scenario or a compliant network names is of a policy of the pack, of a kind it declares", () => {
        expect(SCENARIO_FINDINGS.length).toBeGreaterThan(SCENARIOS.length);
        expect(outsideCatalogue(SCENARIO_FINDINGS)).toEqual([]);
    });

    test("a policy the pack lacks, or a kind its policy does not declare, neither compiles nor passes", () => {
        const wrong: FindingOn[] = [
            // @ts-expect-error no policy of the pack is named so
            { policy: "forbid-purple-zones", resource: "app-a", kind: "tag.missing" },
            // @ts-expect-error isolate-tenants does not report missing tags
            { policy: "isolate-tenants", resource: "app-a", kind: "tag.missing" },
        ];
        const common: FindingOn = { policy: "isolate-tenants", resource: "app-a", kind: "config.invalid" };
        expect(outsideCatalogue([...wrong, common])).toEqual([
            "forbid-purple-zones: no policy of the pack",
            "isolate-tenants: tag.missing is not a kind it declares",
        ]);
    });

    test("every scenario names a policy it expects, or one whose finding it must not give", () => {
        expect(SCENARIOS.filter((s) => s.expected.length === 0 && (s.absent ?? []).length === 0)).toEqual([]);
    });
});

describe("what reads the catalogue", () => {
    const sourcesUnder = (dir: string): string[] =>
        readdirSync(path.join(ROOT, dir), { recursive: true, encoding: "utf8" })
            .filter((file) => file.endsWith(".ts") && !file.startsWith("dist") && !file.includes("node_modules"))
            .map((file) => path.join(dir, file));

    test("the pack imports nothing of the sample stacks", () => {
        const pack = sourcesUnder("policy-pack");
        expect(pack).toContain(path.join("policy-pack", "policies", "index.ts"));
        const importing = pack.filter((file) =>
            /from "(\.\.\/)+stacks\//.test(readFileSync(path.join(ROOT, file), "utf8")),
        );
        expect(importing).toEqual([]);
    });

    test("the scenarios take only the catalogue's types, so the sample programs do not load the pack", () => {
        const source = readFileSync(path.join(ROOT, "stacks/scenarios.ts"), "utf8");
        const imports = source.match(/^import .* from "[^"]+";$/gm) ?? [];
        expect(imports.filter((line) => line.includes("policy-pack"))).toEqual([
            'import type { KindOfPolicy, PolicyName } from "../policy-pack/policies";',
        ]);
    });
});
