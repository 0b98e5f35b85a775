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
export const undetermined = (urn: string, message: string): Finding => ({
    urn,
    message: `undetermined: ${message}`,
    level: "advisory",
    undetermined: true,
});

/** Undetermined findings fail closed when configured. */
export function settleUndetermined(findings: readonly Finding[], mode: "advisory" | "mandatory"): Finding[] {
    if (mode === "advisory") return [...findings];
    return findings.map((f) => (f.undetermined ? { ...f, level: "policy" as const } : f));
}

/** One finding per resource and level: a resource's several problems under one policy read as one diagnostic. */
export function combinePerResource(findings: readonly Finding[]): Finding[] {
    const combined = new Map<string, Finding>();
    for (const finding of findings) {
        const key = `${finding.urn}\u0000${finding.level}`;
        const earlier = combined.get(key);
        if (!earlier) combined.set(key, finding);
        else if (!earlier.message.split("\n").includes(finding.message)) {
            combined.set(key, {
                ...earlier,
                message: `${earlier.message}\n${finding.message}`,
                undetermined: earlier.undetermined && finding.undetermined,
            });
        }
    }
    return [...combined.values()];
}
