/** A finding as the tests compare them: which policy, on which resource (its logical name), at which level. */
export interface SeenFinding {
    policy: string;
    resource: string;
    level: string;
}

const byText = (a: SeenFinding, b: SeenFinding) =>
    `${a.policy} ${a.resource} ${a.level}`.localeCompare(`${b.policy} ${b.resource} ${b.level}`);

/** The logical name at the end of a urn. */
export const nameOf = (urn: string): string => urn.split("::").pop() ?? urn;

export const sortedFindings = (findings: readonly SeenFinding[]): SeenFinding[] => [...findings].sort(byText);
