import {
    classify,
    findingsByPolicy,
    stackLabel,
    subjectOf,
    summarise,
    summaryLine,
    UNEXPANDED_ADVICE,
    type CheckResult,
    type FindingClass,
    type ReportedFinding,
} from "../check-result";

export interface TextOptions {
    /** ANSI colours: only for a terminal, and never when NO_COLOR is set (the command decides). */
    readonly color: boolean;
}

const COLOURS: Record<FindingClass | "passed" | "dim", string> = {
    mandatory: "\u001b[31m",
    advisory: "\u001b[33m",
    undetermined: "\u001b[36m",
    passed: "\u001b[32m",
    dim: "\u001b[2m",
};
const RESET = "\u001b[0m";

/** Strips terminal control characters from text that came from a resource or a policy. */
function plain(text: string): string {
    return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, "");
}

/** Every line of a text indented by the same prefix. */
function indented(prefix: string, text: string): string {
    return text
        .split("\n")
        .map((line) => `${prefix}${line}`)
        .join("\n");
}

/** Under a finding: the path hop by hop, and what was not known. */
function evidenceLines(finding: ReportedFinding): string[] {
    const lines: string[] = [];
    const path = finding.evidence?.path ?? [];
    if (path.length > 0) {
        lines.push("    path:");
        path.forEach((hop, i) => lines.push(`      ${i + 1}. ${plain(hop.text)}`));
    }
    for (const unknown of finding.evidence?.unknown ?? [])
        lines.push(
            `    not known: ${plain(unknown.what)}${unknown.of ? ` of ${plain(unknown.of.name)}` : ""} (${plain(unknown.reason)})`,
        );
    return lines;
}

/**
 * For people: the targets that could not be checked, what was not judged and why, findings grouped
 * by policy (each with its level, resource and message), then a summary line.
 */
export function textReport(result: CheckResult, options: TextOptions = { color: false }): string {
    const paint = (kind: keyof typeof COLOURS, text: string) =>
        options.color ? `${COLOURS[kind]}${text}${RESET}` : text;
    const lines: string[] = [];
    for (const stack of result.stacks) {
        lines.push(paint("dim", `checked ${stackLabel(stack)} from ${stack.source.kind} ${plain(stack.source.path)}`));
        for (const note of stack.notes) lines.push(indented("  ", `note: ${plain(note)}`));
    }
    for (const failure of result.failures) {
        lines.push("");
        lines.push(`${paint("mandatory", "NOT CHECKED")} ${plain(failure.target)}`);
        lines.push(indented("    ", plain(failure.message)));
    }
    const where = (stack: (typeof result.stacks)[number]) =>
        result.stacks.length > 1 ? ` [${stack.stack}, ${stack.mode}]` : "";
    const unexpanded = result.stacks.flatMap((stack) =>
        stack.unjudged.filter((u) => u.reason === "unexpanded").map((u) => ({ stack, u })),
    );
    if (unexpanded.length > 0) {
        lines.push("");
        const level = result.acceptUnexpanded ? "accepted" : "fails the check";
        lines.push(`components not expanded (${level}): ${unexpanded.length}`);
        for (const { stack, u } of unexpanded)
            lines.push(
                `  ${paint(result.acceptUnexpanded ? "advisory" : "mandatory", "NOT EXPANDED")} ${plain(u.name)} (${plain(u.type)})${where(stack)}`,
            );
        lines.push(indented("    ", plain(UNEXPANDED_ADVICE)));
    }
    const others = result.stacks.flatMap((stack) =>
        stack.unjudged.filter((u) => u.reason === "other-provider").map((u) => ({ stack, u })),
    );
    if (others.length > 0) {
        lines.push("");
        lines.push(`resources of providers demarc does not judge: ${others.length}`);
        for (const { stack, u } of others)
            lines.push(`  ${paint("advisory", "NOT JUDGED")} ${plain(u.name)} (${plain(u.type)})${where(stack)}`);
    }
    for (const { policy, findings } of findingsByPolicy(result)) {
        if (findings.length === 0) continue;
        lines.push("");
        const severity = policy.severity ? `, ${policy.severity}` : "";
        lines.push(
            `${plain(policy.name)} (${plain(policy.enforcementLevel)}${severity}): ${findings.length} finding${findings.length === 1 ? "" : "s"}`,
        );
        for (const { stack, finding } of findings) {
            const kind = classify(finding);
            const subject = subjectOf(stack, finding);
            lines.push(
                `  ${paint(kind, kind.toUpperCase())} ${plain(subject.name)} (${plain(subject.type)})${where(stack)}`,
            );
            lines.push(indented("    ", plain(finding.message)));
            lines.push(...evidenceLines(finding));
            lines.push(`    ${paint("dim", plain(subject.urn))}`);
        }
    }
    const summary = summarise(result.stacks, result);
    lines.push("");
    lines.push(paint(summary.passed ? "passed" : "mandatory", summaryLine(summary)));
    return `${lines.join("\n")}\n`;
}
