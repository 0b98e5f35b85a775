import type { FindingEvidence } from "../../lib/findings";
import type { ResourceRecord } from "../../lib/resource";
import { nameOfUrn } from "../../lib/urn";
import { kindsOf, type DemarcPolicy } from "../../policy-pack/kit";
import { SHARED_SECTION } from "../../lib/shared-settings";
import { POLICIES } from "../../policy-pack/policies";
import { analysingRecords } from "../../policy-pack/stack-request";
import { notRenderedFromEvidence } from "./rendered";

/** A finding as the tests compare them: which policy, on which resource (its logical name), at which level, of which kind. */
export interface SeenFinding {
    policy: string;
    resource: string;
    level: string;
    kind?: string;
}

const textOf = (f: SeenFinding) => `${f.policy} ${f.resource} ${f.level} ${f.kind ?? ""}`;
const byText = (a: SeenFinding, b: SeenFinding) => textOf(a).localeCompare(textOf(b));

/** The logical name at the end of a urn. */
export const nameOf = nameOfUrn;

/** Sorted, each (policy, resource, level, kind) once: a diagnostic may word two problems of one kind. */
export const sortedFindings = (findings: readonly SeenFinding[]): SeenFinding[] =>
    [...new Map(findings.map((f) => [textOf(f), f])).values()].sort(byText);

/** A finding with what it says. */
export interface Reported extends SeenFinding {
    readonly message: string;
}

/** The settings a policy reads, out of a configuration for several. */
export function configFor(names: readonly string[], config: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(Object.entries(config).filter(([key]) => names.includes(key)));
}

/** Every test that evaluates a policy checks that each kind it reports is one its metadata declares. */
export function undeclaredKind(policy: DemarcPolicy, kind: string | undefined): void {
    if (kind === undefined || !(kindsOf(policy.metadata) as readonly string[]).includes(kind))
        throw new Error(
            `${policy.metadata.name} reported a finding of kind ${String(kind)}, which its metadata does not declare`,
        );
}

/** A finding with what it says and what it rests on. */
export interface Evidenced extends Reported {
    readonly evidence?: FindingEvidence;
}

/**
 * Every finding of the policies on the records, in policy order, with its evidence; each policy reads its own
 * settings out of `config`, and a setting another policy owns from that policy's section, as the pack's configuration
 * gives it (the shared section apart: each policy is given the shared settings it reads in its own). Each finding's
 * message is proven rendered from its evidence.
 */
export function evidencedFindings(
    policies: readonly DemarcPolicy[],
    records: readonly ResourceRecord[],
    config: Record<string, unknown> = {},
): Evidenced[] {
    const packConfig = Object.fromEntries(
        [...POLICIES, ...policies]
            .filter((p) => p.metadata.name !== SHARED_SECTION)
            .map((p) => [p.metadata.name, configFor(p.settings.names, config)]),
    );
    // The policies of one run judge one analysis of the records, as over the protocol.
    return analysingRecords(records, () =>
        policies.flatMap((policy) =>
            policy.evaluate(records, configFor(policy.settings.names, config), packConfig).map((f) => {
                undeclaredKind(policy, f.kind);
                const [unrendered] = notRenderedFromEvidence([f]);
                if (unrendered)
                    throw new Error(
                        `${policy.metadata.name}: the message ${JSON.stringify(unrendered.message)} is not the one its evidence renders, ${JSON.stringify(unrendered.rendered)}`,
                    );
                return {
                    policy: policy.metadata.name,
                    resource: nameOf(f.urn),
                    level: f.level,
                    kind: f.kind,
                    message: f.message,
                    ...(f.evidence ? { evidence: f.evidence } : {}),
                };
            }),
        ),
    );
}

/** Every finding of the policies on the records ({@link evidencedFindings}): which policy, on which resource, at which level, saying what. */
export const policyFindings = (
    policies: readonly DemarcPolicy[],
    records: readonly ResourceRecord[],
    config: Record<string, unknown> = {},
): Reported[] =>
    evidencedFindings(policies, records, config).map(({ policy, resource, level, message }) => ({
        policy,
        resource,
        level,
        message,
    }));
