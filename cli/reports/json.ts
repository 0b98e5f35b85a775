import type { FindingEvidence, LapsedWaiver, WaivedBy } from "../../lib/findings";
import { classify, judgedResources, subjectOf, summarise, type CheckResult, type FindingClass } from "../check-result";

/** Version of the JSON report's shape; raised on any incompatible change. */
export const JSON_REPORT_VERSION = 1;

export interface JsonFinding {
    policy: string;
    /** The finding's stable kind (docs/policies.md); null where the pack's diagnostic carried none. */
    kind: string | null;
    /** mandatory | advisory | undetermined: how the finding counts. */
    class: FindingClass;
    enforcementLevel: string;
    severity: string | null;
    urn: string;
    name: string;
    type: string;
    message: string;
    /** A waiver in the policy configuration covers it (it then counts as advisory). */
    waived: boolean;
    /** The waiver that covers it: who approved it, the last day it applies, and why the finding is accepted. */
    waivedBy: WaivedBy | null;
    /** An expired waiver that would cover it, and no valid one does: who approved it and the day it expired (the finding keeps its level). */
    waiverLapsed: LapsedWaiver | null;
    /** What it rests on (docs/findings.md): the resource judged, and where the check has them the ends, traffic, path, values read and values not known; null on a finding that names no resource. */
    evidence: FindingEvidence | null;
}

export interface JsonReport {
    version: typeof JSON_REPORT_VERSION;
    pack: { name: string; version: string };
    summary: {
        passed: boolean;
        mandatory: number;
        advisory: number;
        undetermined: number;
        resources: number;
        /** Components built by provider plugins that could not be expanded offline. */
        unexpanded: number;
        /** Resources of providers demarc does not judge. */
        otherProviders: number;
        /** Targets that could not be checked. */
        failedTargets: number;
        acceptUnexpanded: boolean;
    };
    /** Targets that could not be checked, each with its error. */
    failures: { target: string; message: string }[];
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
        /** Resources not judged: `unexpanded` components, resources of an `other-provider`. */
        notJudged: { urn: string; name: string; type: string; reason: string }[];
        notes: string[];
        findings: JsonFinding[];
    }[];
}

/** For pipelines: a stable shape (documented in docs/cli.md), findings in the pack's order per stack. */
export function jsonReport(result: CheckResult): string {
    const summary = summarise(result.stacks, result);
    const report: JsonReport = {
        version: JSON_REPORT_VERSION,
        pack: { name: result.pack.name, version: result.pack.version },
        summary: {
            passed: summary.passed,
            mandatory: summary.mandatory,
            advisory: summary.advisory,
            undetermined: summary.undetermined,
            resources: summary.resources,
            unexpanded: summary.unexpanded,
            otherProviders: summary.otherProviders,
            failedTargets: summary.failedTargets,
            acceptUnexpanded: result.acceptUnexpanded,
        },
        failures: result.failures.map((f) => ({ target: f.target, message: f.message })),
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
            notJudged: stack.unjudged.map((u) => ({ urn: u.urn, name: u.name, type: u.type, reason: u.reason })),
            notes: [...stack.notes],
            findings: stack.findings.map((finding) => {
                const subject = subjectOf(stack, finding);
                return {
                    policy: finding.policy,
                    kind: finding.kind ?? null,
                    class: classify(finding),
                    enforcementLevel: finding.enforcementLevel,
                    severity: finding.severity ?? null,
                    urn: subject.urn,
                    name: subject.name,
                    type: subject.type,
                    message: finding.message,
                    waived: finding.waived !== undefined,
                    waivedBy: finding.waived ?? null,
                    waiverLapsed: finding.waiverLapsed ?? null,
                    evidence: finding.evidence ?? null,
                };
            }),
        })),
    };
    return `${JSON.stringify(report, null, 2)}\n`;
}
