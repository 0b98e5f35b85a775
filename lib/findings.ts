/** What a check found on one resource. */
export interface Finding {
    readonly urn: string;
    readonly message: string;
    /** "policy": at the policy's enforcement level; "advisory": reported as advisory whatever the level. */
    readonly level: "policy" | "advisory";
    /** The check could not decide because values are not known until apply. */
    readonly undetermined?: boolean;
}

export const violation = (urn: string, message: string): Finding => ({ urn, message, level: "policy" });
export const advisory = (urn: string, message: string): Finding => ({ urn, message, level: "advisory" });
export const undetermined = (urn: string, message: string): Finding => ({ urn, message: `undetermined: ${message}`, level: "advisory", undetermined: true });

/**
 * Marks a diagnostic the pack's engine hook reports as advisory, whatever the policy's level.
 * `@pulumi/policy` gives every diagnostic of a policy the same level; the hook lifts this prefix.
 */
export const ADVISORY_MARKER = "[advisory] ";

/** Undetermined findings fail closed when configured. */
export function settleUndetermined(findings: readonly Finding[], mode: "advisory" | "mandatory"): Finding[] {
    if (mode === "advisory") return [...findings];
    return findings.map((f) => (f.undetermined ? { ...f, level: "policy" as const } : f));
}
