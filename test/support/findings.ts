import type { ResourceRecord } from "../../lib/resource";
import type { DemarcPolicy } from "../../policy-pack/kit";
import { SHARED_SECTION } from "../../lib/shared-settings";
import { POLICIES } from "../../policy-pack/policies";

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

/** A finding with what it says. */
export interface Reported extends SeenFinding {
    readonly message: string;
}

/** The settings a policy reads, out of a configuration for several. */
export function configFor(names: readonly string[], config: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(Object.entries(config).filter(([key]) => names.includes(key)));
}

/**
 * Every finding of the policies on the records, in policy order; each policy reads its own settings out of `config`,
 * and a setting another policy owns from that policy's section, as the pack's configuration gives it (the shared
 * section apart: each policy is given the shared settings it reads in its own).
 */
export function policyFindings(
    policies: readonly DemarcPolicy[],
    records: readonly ResourceRecord[],
    config: Record<string, unknown> = {},
): Reported[] {
    const packConfig = Object.fromEntries(
        [...POLICIES, ...policies]
            .filter((p) => p.metadata.name !== SHARED_SECTION)
            .map((p) => [p.metadata.name, configFor(p.settings.names, config)]),
    );
    return policies.flatMap((policy) =>
        policy.evaluate(records, configFor(policy.settings.names, config), packConfig).map((f) => ({
            policy: policy.metadata.name,
            resource: nameOf(f.urn),
            level: f.level,
            message: f.message,
        })),
    );
}
