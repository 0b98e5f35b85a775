import { classify, judgedResources, subjectOf, summarise, type CheckResult, type FindingClass } from "../check-result";

/** Version of the JSON report's shape; raised on any incompatible change. */
export const JSON_REPORT_VERSION = 1;

export interface JsonFinding {
    policy: string;
    /** mandatory | advisory | undetermined: how the finding counts. */
    class: FindingClass;
    enforcementLevel: string;
    severity: string | null;
    urn: string;
    name: string;
    type: string;
    message: string;
}

export interface JsonReport {
    version: typeof JSON_REPORT_VERSION;
    pack: { name: string; version: string };
    summary: { passed: boolean; mandatory: number; advisory: number; undetermined: number; resources: number };
    policies: {
        name: string;
        description: string;
        enforcementLevel: string;
        severity: string | null;
        rule: string | null;
        remediationSteps: string;
    }[];
    stacks: {
        project: string;
        stack: string;
        mode: "known" | "preview";
        source: { kind: "program" | "export"; path: string };
        resources: number;
        findings: JsonFinding[];
    }[];
}

/** For pipelines: a stable shape (documented in docs/cli.md), findings in the pack's order per stack. */
export function jsonReport(result: CheckResult): string {
    const summary = summarise(result.stacks);
    const report: JsonReport = {
        version: JSON_REPORT_VERSION,
        pack: { name: result.pack.name, version: result.pack.version },
        summary: {
            passed: summary.passed,
            mandatory: summary.mandatory,
            advisory: summary.advisory,
            undetermined: summary.undetermined,
            resources: summary.resources,
        },
        policies: result.pack.policies.map((p) => ({
            name: p.name,
            description: p.description,
            enforcementLevel: p.enforcementLevel,
            severity: p.severity ?? null,
            rule: p.rule ?? null,
            remediationSteps: p.remediationSteps,
        })),
        stacks: result.stacks.map((stack) => ({
            project: stack.project,
            stack: stack.stack,
            mode: stack.mode,
            source: { kind: stack.source.kind, path: stack.source.path },
            resources: judgedResources(stack).length,
            findings: stack.findings.map((finding) => {
                const subject = subjectOf(stack, finding);
                return {
                    policy: finding.policy,
                    class: classify(finding),
                    enforcementLevel: finding.enforcementLevel,
                    severity: finding.severity ?? null,
                    urn: subject.urn,
                    name: subject.name,
                    type: subject.type,
                    message: finding.message,
                };
            }),
        })),
    };
    return `${JSON.stringify(report, null, 2)}\n`;
}
