import { COMMON_KINDS, FINDING_KINDS, type FindingKind } from "../lib/finding-kinds";
import { inheritedSettings, SHARED_SECTION } from "../lib/shared-settings";
import type { DemarcPolicy } from "./kit";

/** Where the generated policy reference lives, relative to the repository root. */
export const POLICY_DOCS_PATH = "docs/policies.md";

interface JsonSchema {
    type?: string;
    enum?: unknown[];
    items?: JsonSchema;
    pattern?: string;
    minimum?: number;
    maximum?: number;
    default?: unknown;
    description?: string;
}

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");
const code = (text: string) => `\`${text}\``;

function typeOf(schema: JsonSchema): string {
    if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(" or ");
    if (schema.type === "array") return schema.items ? `list, each ${typeOf(schema.items)}` : "list";
    const bounds = [
        schema.minimum !== undefined ? `≥ ${schema.minimum}` : undefined,
        schema.maximum !== undefined && schema.maximum < Number.MAX_SAFE_INTEGER ? `≤ ${schema.maximum}` : undefined,
    ].filter((b) => b !== undefined);
    const pattern = schema.pattern !== undefined ? ` matching ${code(schema.pattern)}` : "";
    return `${schema.type ?? "value"}${pattern}${bounds.length > 0 ? ` ${bounds.join(", ")}` : ""}`;
}

function defaultOf(schema: JsonSchema): string {
    if (schema.default === undefined) return "none";
    const text = JSON.stringify(schema.default);
    if (text.length <= 40) return code(text);
    return Array.isArray(schema.default)
        ? `${schema.default.length} entries (see the pack's settings)`
        : "see the pack's settings";
}

function settingsTable(policy: DemarcPolicy): string[] {
    const properties = Object.entries(policy.settings.configSchema.properties) as [string, JsonSchema][];
    if (properties.length === 0) return ["This policy reads no settings."];
    const inherited = new Set<string>(inheritedSettings(policy.metadata.name, policy.settings.names));
    const defaultCell = (name: string, schema: JsonSchema) =>
        inherited.has(name) ? `${code(SHARED_SECTION)}'s` : defaultOf(schema);
    return [
        "| setting | type | default | meaning |",
        "|---|---|---|---|",
        ...properties.map(
            ([name, schema]) =>
                `| ${code(name)} | ${cell(typeOf(schema))} | ${cell(defaultCell(name, schema))} | ${cell(schema.description ?? "")} |`,
        ),
    ];
}

function kindsTable(kinds: readonly FindingKind[]): string[] {
    return [
        "| kind | what it means |",
        "|---|---|",
        ...kinds.map((kind) => `| ${code(kind)} | ${cell(FINDING_KINDS[kind].help)} |`),
    ];
}

/** When the engine runs each kind of policy (README, "Where Pulumi runs it"). */
const RUNS: Readonly<Record<DemarcPolicy["kind"], string>> = {
    resource:
        "on each resource at `Analyze`, before it is created or updated: in preview, in every `pulumi up` (with " +
        "`--skip-preview`, the Automation API and pulumi/actions too), in `pulumi policy analyze` and in Pulumi Insights audits",
    stack:
        "on the whole stack at `AnalyzeStack`: at the end of a preview (which a default `pulumi up` runs first), after the " +
        "changes in `pulumi up --skip-preview`, the Automation API and pulumi/actions, and in `pulumi policy analyze`",
};

function section(policy: DemarcPolicy): string[] {
    const { metadata } = policy;
    return [
        `## ${metadata.name}`,
        "",
        `- **Display name:** ${metadata.displayName}`,
        `- **Rule:** ${metadata.rule}`,
        `- **Severity:** ${metadata.severity}`,
        `- **Enforcement:** ${metadata.enforcementLevel ?? "mandatory"}`,
        `- **Runs:** ${RUNS[policy.kind]}`,
        "",
        `**What it checks.** ${metadata.description}`,
        "",
        `**Why.** ${metadata.why}`,
        "",
        `**How to fix.** ${metadata.remediationSteps}`,
        "",
        "**Findings** (besides those every policy may report):",
        "",
        ...kindsTable(metadata.kinds),
        "",
        "**Settings** (under the policy's name in `--policy-pack-config`):",
        "",
        ...settingsTable(policy),
        "",
    ];
}

/** The policy reference, rendered from each policy's metadata and settings schema. */
export function policyDocsMarkdown(policies: readonly DemarcPolicy[]): string {
    return [
        "# demarc policies",
        "",
        "<!-- Generated from each policy's metadata by policy-pack/docs.ts; a test fails when this file differs. -->",
        "<!-- Regenerate: npm run docs -->",
        "",
        "| policy | kind | rule | severity | enforcement |",
        "|---|---|---|---|---|",
        ...policies.map(
            (p) =>
                `| [${p.metadata.name}](#${p.metadata.name}) | ${p.kind} | ${p.metadata.rule} | ${p.metadata.severity} | ${p.metadata.enforcementLevel ?? "mandatory"} |`,
        ),
        "",
        "## Finding kinds",
        "",
        "Every finding carries a stable **kind**: `area.what`, lower case, with more dots where a kind has variants " +
            "(`zone.red-green.rule`, `zone.red-green.route`). A kind ending in `.undetermined` is a check that could not " +
            "decide. Reports, waivers (`kind`) and pipelines key on the kind; the message is for people and may be " +
            "reworded. Over the analyzer protocol each finding is one line of its diagnostic's message, ending in " +
            "`[kind: <kind>]` (`[kind: <kind>, waived]` when a waiver covers it, `[kind: <kind>, waiver lapsed]` when " +
            "only an expired one does). Each policy lists its kinds below; " +
            "every policy may also report:",
        "",
        ...kindsTable(COMMON_KINDS),
        "",
        ...policies.flatMap(section),
    ].join("\n");
}

/**
 * The README's policy table: each policy, whether it judges one resource at a time, its rule and what it stops,
 * linked to its section of the policy reference.
 */
export function policyTableMarkdown(policies: readonly DemarcPolicy[]): string {
    return [
        "| policy | rule | what it stops |",
        "|---|---|---|",
        ...policies.map(({ kind, metadata }) => {
            const judges = kind === "resource" ? " (resource)" : "";
            const level = metadata.enforcementLevel === "advisory" ? "(advisory) " : "";
            return `| [${code(metadata.name)}](${POLICY_DOCS_PATH}#${metadata.name})${judges} | ${metadata.rule} | ${level}${cell(metadata.summary)} |`;
        }),
    ].join("\n");
}
