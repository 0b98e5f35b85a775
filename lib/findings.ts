import { isUndeterminedKind, type FindingKind, type UndeterminedKind } from "./finding-kinds";

/** The waiver that covers a finding. */
export interface WaivedBy {
    readonly approver: string;
    readonly expires: string;
    readonly justification: string;
}

/** What a check found on one resource. */
export interface Finding {
    /** The stable id of what was found (lib/finding-kinds.ts): reports, waivers and pipelines key on it. */
    readonly kind: FindingKind;
    readonly urn: string;
    readonly message: string;
    /** "policy": at the policy's enforcement level; "advisory": reported as advisory whatever the level. */
    readonly level: "policy" | "advisory";
    /** Set when a valid waiver covers the finding. */
    readonly waived?: WaivedBy;
}

export const violation = (kind: FindingKind, urn: string, message: string): Finding => ({
    kind,
    urn,
    message,
    level: "policy",
});
export const advisory = (kind: FindingKind, urn: string, message: string): Finding => ({
    kind,
    urn,
    message,
    level: "advisory",
});
/** The check could not decide, because values are not known until apply or not given at all. */
export const undetermined = (kind: UndeterminedKind, urn: string, message: string): Finding => ({
    kind,
    urn,
    message: `undetermined: ${message}`,
    level: "advisory",
});

export const isUndetermined = (finding: Pick<Finding, "kind">): boolean => isUndeterminedKind(finding.kind);

/** Undetermined findings fail closed when configured. */
export function settleUndetermined(findings: readonly Finding[], mode: "advisory" | "mandatory"): Finding[] {
    if (mode === "advisory") return [...findings];
    return findings.map((f) => (isUndetermined(f) ? { ...f, level: "policy" as const } : f));
}

/**
 * How a finding travels over the analyzer protocol, whose diagnostic has no field for it: each finding is
 * one line of the diagnostic's message, ending in a marker `[kind: <kind>]`, or `[kind: <kind>, waived]`
 * for a finding a waiver covers. The marker is the line's last text, so a value quoted in the message
 * cannot stand in for it.
 */
const MARKER = / \[kind: ([a-z0-9-]+(?:\.[a-z0-9-]+)+)(, waived)?\]$/;

export function encodeFinding(finding: Finding): string {
    const line = finding.message.replace(/\r?\n/g, " ");
    return `${line} [kind: ${finding.kind}${finding.waived ? ", waived" : ""}]`;
}

/** One line of a diagnostic, read back: the kind (absent where the line carries no marker), the message and whether it is waived. */
export interface DecodedFinding {
    readonly kind?: string;
    readonly message: string;
    readonly waived: boolean;
}

export function decodeFindings(message: string): DecodedFinding[] {
    return message.split("\n").map((line) => {
        const marker = MARKER.exec(line);
        if (!marker) return { message: line, waived: false };
        return { kind: marker[1], message: line.slice(0, marker.index), waived: marker[2] !== undefined };
    });
}

/** What the pack reports as one diagnostic: a resource's findings at one level, one line each. */
export interface Diagnosis {
    readonly urn: string;
    readonly level: Finding["level"];
    readonly message: string;
}

/** One diagnostic per resource and level: a resource's several problems under one policy read as one diagnostic. */
export function diagnosesOf(findings: readonly Finding[]): Diagnosis[] {
    const combined = new Map<string, { urn: string; level: Finding["level"]; lines: string[] }>();
    for (const finding of findings) {
        const key = `${finding.urn}\u0000${finding.level}`;
        const line = encodeFinding(finding);
        const earlier = combined.get(key);
        if (!earlier) combined.set(key, { urn: finding.urn, level: finding.level, lines: [line] });
        else if (!earlier.lines.includes(line)) earlier.lines.push(line);
    }
    return [...combined.values()].map(({ urn, level, lines }) => ({ urn, level, message: lines.join("\n") }));
}
