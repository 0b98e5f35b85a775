import {
    classify,
    findingsByPolicy,
    judgedResources,
    subjectOf,
    summarise,
    summaryLine,
    UNEXPANDED_ADVICE,
    type CheckResult,
} from "../check-result";
import { demarcationDiagram } from "./diagram";
import { escapeMarkdown, markdownCode } from "./escape";

const ICON = { mandatory: "🔴 mandatory", advisory: "🟡 advisory", undetermined: "⚪ undetermined" } as const;

/** A pull-request comment: a summary table, the findings grouped by policy, and a diagram of the demarcation. */
export function markdownReport(check: CheckResult): string {
    const summary = summarise(check.stacks, check);
    const out: string[] = [];
    out.push(`## demarc check: ${summary.passed ? "✅ passed" : "❌ failed"}`);
    out.push("");
    out.push(escapeMarkdown(summaryLine(summary)));
    out.push("");
    out.push("| stack | mode | source | resources | mandatory | advisory | undetermined |");
    out.push("|---|---|---|---:|---:|---:|---:|");
    for (const stack of check.stacks) {
        const own = summarise([stack]);
        out.push(
            `| ${escapeMarkdown(`${stack.project}/${stack.stack}`)} | ${stack.mode} | ${stack.source.kind} ${markdownCode(stack.source.path)} | ${judgedResources(stack).length} | ${own.mandatory} | ${own.advisory} | ${own.undetermined} |`,
        );
    }
    if (check.failures.length > 0) {
        out.push("");
        out.push("### Not checked");
        out.push("");
        for (const failure of check.failures)
            out.push(`- ❌ ${escapeMarkdown(failure.target)}: ${escapeMarkdown(failure.message.split("\n")[0] ?? "")}`);
    }
    const unjudged = check.stacks.flatMap((stack) => stack.unjudged.map((u) => ({ stack, u })));
    if (unjudged.length > 0) {
        out.push("");
        out.push("### Not judged");
        out.push("");
        out.push("| stack | resource | type | why |");
        out.push("|---|---|---|---|");
        for (const { stack, u } of unjudged) {
            const why =
                u.reason === "unexpanded"
                    ? `${check.acceptUnexpanded ? "🟡 accepted" : "🔴"} a component its provider plugin builds: ${UNEXPANDED_ADVICE}`
                    : "a provider demarc does not judge";
            out.push(
                `| ${escapeMarkdown(stack.stack)} | ${markdownCode(u.name)} | ${markdownCode(u.type)} | ${escapeMarkdown(why)} |`,
            );
        }
    }
    const notes = check.stacks.flatMap((stack) => stack.notes.map((note) => ({ stack, note })));
    if (notes.length > 0) {
        out.push("");
        for (const { stack, note } of notes) out.push(`> ${escapeMarkdown(stack.stack)}: ${escapeMarkdown(note)}`);
    }
    const grouped = findingsByPolicy(check).filter((g) => g.findings.length > 0);
    if (grouped.length > 0) {
        out.push("");
        out.push("### Findings");
        for (const { policy, findings } of grouped) {
            out.push("");
            const severity = policy.severity ? `, severity ${escapeMarkdown(policy.severity)}` : "";
            out.push(`#### ${markdownCode(policy.name)} (${escapeMarkdown(policy.enforcementLevel)}${severity})`);
            if (policy.description) {
                out.push("");
                out.push(escapeMarkdown(policy.description));
            }
            out.push("");
            out.push("| level | stack | resource | type | message |");
            out.push("|---|---|---|---|---|");
            for (const { stack, finding } of findings) {
                const subject = subjectOf(stack, finding);
                out.push(
                    `| ${ICON[classify(finding)]} | ${escapeMarkdown(stack.stack)} | ${markdownCode(subject.name)} | ${markdownCode(subject.type)} | ${escapeMarkdown(finding.message)} |`,
                );
            }
            if (policy.remediationSteps) {
                out.push("");
                out.push(
                    `<details><summary>How to fix</summary>\n\n${escapeMarkdown(policy.remediationSteps)}\n\n</details>`,
                );
            }
        }
    }
    out.push("");
    out.push("### Zones, tenants and the demarcation");
    out.push("");
    out.push("```mermaid");
    out.push(demarcationDiagram(check.stacks));
    out.push("```");
    out.push("");
    return out.join("\n");
}
