import { createHash } from "node:crypto";
import {
    classify,
    findingsByPolicy,
    subjectOf,
    type CheckResult,
    type CheckedStack,
    type FindingClass,
    type ReportedFinding,
    type ReportedPolicy,
    type UnjudgedResource,
    UNEXPANDED_ADVICE,
} from "../check-result";

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

function rule(policy: ReportedPolicy) {
    const why = policy.why ? ` ${policy.why}` : "";
    const seed = policy.rule ? `Rule: ${policy.rule}.` : "";
    const properties: Record<string, unknown> = { tags: [...policy.tags] };
    if (policy.severity) {
        properties["severity"] = policy.severity;
        const security = SECURITY_SEVERITY[policy.severity];
        if (security) properties["security-severity"] = security;
    }
    return {
        id: policy.name,
        name: policy.name,
        shortDescription: { text: policy.description || policy.name },
        fullDescription: { text: `${policy.description}${why}`.trim() || policy.name },
        help: {
            text: `${policy.remediationSteps || "See the policy's description."} ${seed}`.trim(),
            markdown: `**Remediation.** ${policy.remediationSteps || "See the policy's description."}${seed ? `\n\n${seed}` : ""}`,
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

/** The same finding gets the same fingerprint on every run, whatever else changed in the stack. */
export function fingerprint(finding: ReportedFinding, urn: string): string {
    return createHash("sha256").update(`${finding.policy}\u0000${urn}\u0000${finding.message}`).digest("hex");
}

function sarifResult(stack: CheckedStack, finding: ReportedFinding, ruleIndex: number) {
    const subject = subjectOf(stack, finding);
    const location = stack.locations[subject.urn] ?? { path: stack.source.path, line: 1 };
    return {
        ruleId: finding.policy,
        ruleIndex,
        level: LEVEL[classify(finding)],
        message: { text: finding.message },
        locations: [
            {
                physicalLocation: {
                    artifactLocation: { uri: uriOf(location.path), uriBaseId: SOURCE_ROOT },
                    region: { startLine: location.line },
                },
                logicalLocations: [{ fullyQualifiedName: subject.urn, name: subject.name, kind: "resource" }],
            },
        ],
        partialFingerprints: { "demarcFinding/v1": fingerprint(finding, subject.urn) },
        properties: {
            stack: `${stack.project}/${stack.stack}`,
            mode: stack.mode,
            enforcementLevel: finding.enforcementLevel,
            resourceType: subject.type,
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
    const location = stack.locations[u.urn] ?? { path: stack.source.path, line: 1 };
    const text =
        u.reason === "unexpanded"
            ? `${u.name} (${u.type}) is a component its provider plugin builds; ${UNEXPANDED_ADVICE}`
            : `${u.name} (${u.type}) is a resource of a provider demarc does not judge`;
    return {
        ruleId: UNJUDGED_RULES[u.reason].id,
        ruleIndex,
        level: u.reason === "unexpanded" && !accepted ? "error" : "note",
        message: { text },
        locations: [
            {
                physicalLocation: {
                    artifactLocation: { uri: uriOf(location.path), uriBaseId: SOURCE_ROOT },
                    region: { startLine: location.line },
                },
                logicalLocations: [{ fullyQualifiedName: u.urn, name: u.name, kind: "resource" }],
            },
        ],
        partialFingerprints: {
            "demarcFinding/v1": createHash("sha256").update(`${u.reason}\u0000${u.urn}`).digest("hex"),
        },
        properties: { stack: `${stack.project}/${stack.stack}`, mode: stack.mode, resourceType: u.type },
    };
}

/**
 * SARIF 2.1.0 for code scanning: one rule per policy (from its metadata), one result per finding with the
 * resource's urn as logical location and the program's entry file or the export file as physical location.
 */
export function sarifReport(check: CheckResult, options: { sourceRoot?: string } = {}): string {
    const grouped = findingsByPolicy(check);
    const rules = grouped.map(({ policy }) => rule(policy));
    const results: unknown[] = grouped.flatMap(({ findings }, ruleIndex) =>
        findings.map(({ stack, finding }) => sarifResult(stack, finding, ruleIndex)),
    );
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
