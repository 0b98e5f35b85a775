import { decodeFindings, decodeLines, type FindingEvidence, type WaiverFields } from "../../lib/findings";
import type { FindingKind } from "../../lib/finding-kinds";
import { renderFindingMessage, rendersFromEvidence } from "../../lib/messages";
import type { Diagnostic } from "../../runner/analyzer";

/**
 * A finding as a reader has it: a finding of the pack (`waived` the waiver that covers it), a line of a diagnostic
 * read back, or a finding of the JSON report (`waived` a flag, `waivedBy` the waiver).
 */
export interface Reading {
    readonly kind?: string | null;
    readonly message: string;
    readonly evidence?: unknown;
    readonly waived?: unknown;
    readonly waivedBy?: unknown;
    readonly waiverLapsed?: unknown;
}

const isObject = (value: unknown): value is object => value !== null && typeof value === "object";

/** The waiver fields of a reading, read back from JSON as a report's reader has them. */
function waiverFieldsOf(finding: Reading): WaiverFields {
    const waived = isObject(finding.waived) ? finding.waived : finding.waivedBy;
    const fields = {
        ...(isObject(waived) ? { waived } : {}),
        ...(isObject(finding.waiverLapsed) ? { waiverLapsed: finding.waiverLapsed } : {}),
    };
    return JSON.parse(JSON.stringify(fields)) as WaiverFields;
}

/**
 * The findings whose whole message is not the one rendered from their evidence and waiver fields read back from
 * JSON, with the message rendered: none, where every message is rendered from its fields. A finding flagged waived
 * or lapsed (by a report's flag, a line's marker) without the waiver's fields is one of them. Findings of kinds not rendered from evidence are skipped.
 */
export function notRenderedFromEvidence(findings: readonly Reading[]): { message: string; rendered: string }[] {
    return findings.flatMap((finding) => {
        if (!finding.kind || !rendersFromEvidence(finding.kind)) return [];
        if (finding.evidence === undefined || finding.evidence === null)
            return [{ message: finding.message, rendered: "(no evidence)" }];
        const waiver = waiverFieldsOf(finding);
        if ((finding.waived === true && !waiver.waived) || (finding.waiverLapsed === true && !waiver.waiverLapsed))
            return [{ message: finding.message, rendered: "(flagged, without the waiver's fields)" }];
        const evidence = JSON.parse(JSON.stringify(finding.evidence)) as FindingEvidence;
        let rendered: string;
        try {
            rendered = renderFindingMessage(finding.kind as FindingKind, evidence, waiver);
        } catch (error) {
            rendered = `(not rendered: ${error instanceof Error ? error.message : String(error)})`;
        }
        return rendered === finding.message ? [] : [{ message: finding.message, rendered }];
    });
}

/**
 * Each line of the pack's diagnostics with its kind, and the evidence and waiver fields its description carries; a
 * line whose marker says waived or lapsed, and whose description does not, is flagged so.
 */
export function readingsOf(diagnostics: readonly Pick<Diagnostic, "message" | "description">[]): Reading[] {
    return diagnostics.flatMap((d) => {
        const facts = decodeLines(d.description);
        return decodeFindings(d.message).map((line, i) => ({
            kind: line.kind,
            message: line.message,
            ...(line.waived ? { waived: true } : {}),
            ...(line.waiverLapsed ? { waiverLapsed: true } : {}),
            ...facts[i],
        }));
    });
}
