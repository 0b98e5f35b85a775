import { createHash } from "node:crypto";
import {
    classify,
    findingsByPolicy,
    relatedElements,
    subjectOf,
    type CheckResult,
    type CheckedStack,
    type FindingClass,
    type ReportedFinding,
    type ReportedPolicy,
    type UnjudgedResource,
    UNEXPANDED_ADVICE,
} from "../check-result";
import { FINDING_KINDS, isFindingKind } from "../../lib/finding-kinds";
import type { WaivedBy } from "../../lib/findings";

export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
export const SOURCE_ROOT = "%SRCROOT%";

const LEVEL: Record<FindingClass, "error" | "warning" | "note"> = {
    mandatory: "error",
    advisory: "warning",
    undetermined: "note",
};

/** GitHub code scanning ranks alerts by this number (0.1–10). */
const SECURITY_SEVERITY: Record<string, string> = { critical: "9.5", high: "8.0", medium: "5.5", low: "3.0" };

function ruleLevel(policy: ReportedPolicy): "error" | "warning" | "none" {
    if (policy.enforcementLevel === "mandatory") return "error";
    if (policy.enforcementLevel === "disabled") return "none";
    return "warning";
}

/** The help of a kind the catalogue knows: what it means; a kind from another version of the pack has none. */
const kindHelp = (kind: string | undefined): string | undefined =>
    kind !== undefined && isFindingKind(kind) ? FINDING_KINDS[kind].help : undefined;

/** A rule's id: the policy and the kind of finding, `forbid-red-green-paths/zone.red-green.rule`; a finding without a kind, the policy. */
const ruleId = (policy: string, kind: string | undefined) => (kind === undefined ? policy : `${policy}/${kind}`);

function rule(policy: ReportedPolicy, kind: string | undefined) {
    const why = policy.why ? ` ${policy.why}` : "";
    const seed = policy.rule ? `Rule: ${policy.rule}.` : "";
    const properties: Record<string, unknown> = { tags: [...policy.tags], policy: policy.name };
    if (kind !== undefined) properties["kind"] = kind;
    if (policy.severity) {
        properties["severity"] = policy.severity;
        const security = SECURITY_SEVERITY[policy.severity];
        if (security) properties["security-severity"] = security;
    }
    const meaning = kindHelp(kind);
    const remediation = policy.remediationSteps || "See the policy's description.";
    return {
        id: ruleId(policy.name, kind),
        name: kind ?? policy.name,
        shortDescription: { text: policy.description || policy.name },
        fullDescription: { text: `${policy.description}${why}`.trim() || policy.name },
        help: {
            text: [meaning, remediation, seed].filter(Boolean).join(" "),
            markdown: [meaning, `**Remediation.** ${remediation}`, seed].filter(Boolean).join("\n\n"),
        },
        defaultConfiguration: { level: ruleLevel(policy) },
        properties,
    };
}

/** A URI reference for a relative path: forward slashes, each segment percent-encoded. */
function uriOf(path: string): string {
    return path
        .split(/[\\/]/)
        .map((segment) => encodeURIComponent(segment))
        .join("/");
}

/**
 * The same finding gets the same fingerprint on every run, whatever else changed in the stack and however
 * its message is worded: policy, urn and kind, and which of that resource's findings of that kind it is.
 */
export function fingerprint(finding: ReportedFinding, urn: string, nth = 0): string {
    const what = finding.kind ?? finding.message;
    return createHash("sha256").update(`${finding.policy}\u0000${urn}\u0000${what}\u0000${nth}`).digest("hex");
}

/** Where a resource of the stack is declared, as a SARIF location naming it. */
function resourceLocation(stack: CheckedStack, urn: string, name: string) {
    const location = stack.locations[urn] ?? { path: stack.source.path, line: 1 };
    return {
        physicalLocation: {
            artifactLocation: { uri: uriOf(location.path), uriBaseId: SOURCE_ROOT },
            region: { startLine: location.line },
        },
        logicalLocations: [{ fullyQualifiedName: urn, name, kind: "resource" }],
    };
}

/** A waiver is a suppression kept outside the source, in the client's policy configuration, and accepted by its approver. */
function waiverSuppression({ approver, expires, justification }: WaivedBy) {
    return { kind: "external", status: "accepted", justification, properties: { approver, expires } };
}

function sarifResult(stack: CheckedStack, finding: ReportedFinding, ruleIndex: number, nth: number) {
    const subject = subjectOf(stack, finding);
    const related = relatedElements(finding).map((r, id) => ({
        id,
        ...resourceLocation(stack, r.urn, r.name),
        message: { text: r.text },
    }));
    return {
        ruleId: ruleId(finding.policy, finding.kind),
        ruleIndex,
        level: LEVEL[classify(finding)],
        message: { text: finding.message },
        locations: [resourceLocation(stack, subject.urn, subject.name)],
        ...(related.length > 0 ? { relatedLocations: related } : {}),
        partialFingerprints: { "demarcFinding/v2": fingerprint(finding, subject.urn, nth) },
        ...(finding.waived ? { suppressions: [waiverSuppression(finding.waived)] } : {}),
        properties: {
            stack: `${stack.project}/${stack.stack}`,
            mode: stack.mode,
            enforcementLevel: finding.enforcementLevel,
            resourceType: subject.type,
            policy: finding.policy,
            ...(finding.kind !== undefined ? { kind: finding.kind } : {}),
            waived: finding.waived !== undefined,
            ...(finding.waiverLapsed ? { waiverLapsed: finding.waiverLapsed } : {}),
            ...(finding.evidence ? { evidence: finding.evidence } : {}),
        },
    };
}

const UNJUDGED_RULES = {
    unexpanded: {
        id: "demarc/component-not-expanded",
        text: "A component its provider plugin builds could not be expanded offline, so its resources were not judged.",
    },
    "other-provider": {
        id: "demarc/resource-not-judged",
        text: "A resource of a provider demarc does not judge.",
    },
} as const;

function unjudgedRule(reason: UnjudgedResource["reason"], accepted: boolean) {
    const { id, text } = UNJUDGED_RULES[reason];
    const level = reason === "unexpanded" && !accepted ? "error" : "note";
    const help = reason === "unexpanded" ? `Check it ${UNEXPANDED_ADVICE.replace(/^.*?: /, "")}.` : text;
    return {
        id,
        name: id,
        shortDescription: { text },
        fullDescription: { text },
        help: { text: help, markdown: help },
        defaultConfiguration: { level },
        properties: { tags: ["coverage"] },
    };
}

function unjudgedResult(stack: CheckedStack, u: UnjudgedResource, ruleIndex: number, accepted: boolean) {
    const text =
        u.reason === "unexpanded"
            ? `${u.name} (${u.type}) is a component its provider plugin builds; ${UNEXPANDED_ADVICE}`
            : `${u.name} (${u.type}) is a resource of a provider demarc does not judge`;
    return {
        ruleId: UNJUDGED_RULES[u.reason].id,
        ruleIndex,
        level: u.reason === "unexpanded" && !accepted ? "error" : "note",
        message: { text },
        locations: [resourceLocation(stack, u.urn, u.name)],
        partialFingerprints: {
            "demarcFinding/v2": createHash("sha256").update(`${u.reason}\u0000${u.urn}`).digest("hex"),
        },
        properties: { stack: `${stack.project}/${stack.stack}`, mode: stack.mode, resourceType: u.type },
    };
}

/** Which of its resource's findings of one policy and kind each finding is, counted in message order so the order of a run does not matter. */
function ordinals(findings: readonly { stack: CheckedStack; finding: ReportedFinding }[]): number[] {
    const keyOf = ({ stack, finding }: { stack: CheckedStack; finding: ReportedFinding }) =>
        `${stack.project}/${stack.stack}/${stack.mode}\u0000${finding.urn}\u0000${finding.kind ?? finding.message}`;
    const order = findings
        .map((f, i) => ({ key: keyOf(f), message: f.finding.message, i }))
        .sort((a, b) => a.key.localeCompare(b.key) || a.message.localeCompare(b.message));
    const nth: number[] = [];
    let previous: string | undefined;
    let count = 0;
    for (const { key, i } of order) {
        count = key === previous ? count + 1 : 0;
        previous = key;
        nth[i] = count;
    }
    return nth;
}

/**
 * SARIF 2.1.0 for code scanning: one rule per kind of finding a policy reported (its help from the catalogue of
 * kinds, the remediation from the policy's metadata), one result per finding with the resource's urn as logical
 * location and the program's entry file or the export file as physical location.
 */
export function sarifReport(check: CheckResult, options: { sourceRoot?: string } = {}): string {
    const rules: ReturnType<typeof rule>[] = [];
    const results: unknown[] = [];
    for (const { policy, findings } of findingsByPolicy(check)) {
        const nth = ordinals(findings);
        const indexOf = new Map<string | undefined, number>();
        findings.forEach(({ stack, finding }, i) => {
            let ruleIndex = indexOf.get(finding.kind);
            if (ruleIndex === undefined) {
                ruleIndex = rules.push(rule(policy, finding.kind)) - 1;
                indexOf.set(finding.kind, ruleIndex);
            }
            results.push(sarifResult(stack, finding, ruleIndex, nth[i]!));
        });
    }
    for (const reason of ["unexpanded", "other-provider"] as const) {
        const unjudged = check.stacks.flatMap((stack) =>
            stack.unjudged.filter((u) => u.reason === reason).map((u) => ({ stack, u })),
        );
        if (unjudged.length === 0) continue;
        const ruleIndex = rules.length;
        rules.push(unjudgedRule(reason, check.acceptUnexpanded) as unknown as (typeof rules)[number]);
        for (const { stack, u } of unjudged) results.push(unjudgedResult(stack, u, ruleIndex, check.acceptUnexpanded));
    }
    const run: Record<string, unknown> = {
        tool: {
            driver: {
                name: check.pack.name,
                version: check.pack.version,
                semanticVersion: check.pack.version,
                rules,
            },
        },
        automationDetails: { id: `demarc/${check.stacks.map((s) => `${s.stack}-${s.mode}`).join("+")}/` },
        results,
        invocations: [
            {
                executionSuccessful: check.failures.length === 0,
                toolExecutionNotifications: check.failures.map((f) => ({
                    level: "error",
                    message: { text: `${f.target} could not be checked: ${f.message}` },
                })),
            },
        ],
        columnKind: "unicodeCodePoints",
    };
    if (options.sourceRoot) run["originalUriBaseIds"] = { [SOURCE_ROOT]: { uri: options.sourceRoot } };
    return `${JSON.stringify({ $schema: SARIF_SCHEMA, version: "2.1.0", runs: [run] }, null, 2)}\n`;
}
