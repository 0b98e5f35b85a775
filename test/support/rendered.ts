import { decodeEvidence, decodeFindings, type FindingEvidence } from "../../lib/findings";
import type { FindingKind } from "../../lib/finding-kinds";
import { renderMessage, rendersFromEvidence } from "../../lib/messages";
import type { Diagnostic } from "../../runner/analyzer";

export interface Reading {
    readonly kind?: string | null;
    readonly message: string;
    readonly evidence?: unknown;
}

/**
 * The findings whose message is not the one rendered from their evidence read back from JSON, with the message
 * rendered: none, where every message is rendered from its evidence. Findings of kinds not yet rendered are skipped.
 */
export function notRenderedFromEvidence(findings: readonly Reading[]): { message: string; rendered: string }[] {
    return findings.flatMap((finding) => {
        if (!finding.kind || !rendersFromEvidence(finding.kind)) return [];
        if (finding.evidence === undefined || finding.evidence === null)
            return [{ message: finding.message, rendered: "(no evidence)" }];
        const evidence = JSON.parse(JSON.stringify(finding.evidence)) as FindingEvidence;
        let rendered: string;
        try {
            rendered = renderMessage(finding.kind as FindingKind, evidence);
        } catch (error) {
            rendered = `(not rendered: ${error instanceof Error ? error.message : String(error)})`;
        }
        return rendered === finding.message ? [] : [{ message: finding.message, rendered }];
    });
}

/** Each line of the pack's diagnostics with its kind and the evidence its description carries. */
export function readingsOf(diagnostics: readonly Diagnostic[]): Reading[] {
    return diagnostics.flatMap((d) => {
        const evidence = decodeEvidence(d.description);
        return decodeFindings(d.message).map((line, i) => ({
            kind: line.kind,
            message: line.message,
            evidence: evidence[i],
        }));
    });
}
