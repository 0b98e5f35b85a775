import * as fs from "node:fs";
import { proposePlan } from "../lib/plan-proposal";
import { SHARED_SECTION } from "../lib/shared-settings";
import { planProblems } from "../lib/zone-plan";
import { runCheck, type CheckOptions } from "./check";
import { InputError, messageOf } from "./errors";

export interface InitResult {
    /** The policy configuration to review: the given one, with the proposed plan in the shared section. */
    readonly document: Record<string, unknown>;
    readonly notes: readonly string[];
}

function readDocument(file: string | undefined): Record<string, unknown> {
    if (!file) return {};
    try {
        const document: unknown = JSON.parse(fs.readFileSync(file, "utf8"));
        if (typeof document === "object" && document !== null && !Array.isArray(document))
            return document as Record<string, unknown>;
    } catch (error) {
        throw new InputError(`cannot read policy config ${file}: ${messageOf(error)}`);
    }
    throw new InputError(`policy config ${file} must be a JSON object of policy names`);
}

const strings = (value: unknown): string[] =>
    Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];

/**
 * `demarc init`: reads the targets as `demarc check` does and proposes the client's zone plan from what
 * their tags, routes and providers say today, written as a policy configuration for the client to review.
 * Accounts the given configuration already places stay where it puts them.
 */
export async function runInit(options: Omit<CheckOptions, "preview">): Promise<InitResult> {
    const given = readDocument(options.policyConfig);
    const result = await runCheck({ ...options, preview: false });
    const proposal = proposePlan(result.stacks.map((s) => s.resources));
    const shared = (given[SHARED_SECTION] ?? {}) as Record<string, unknown>;
    const notes = [...proposal.notes];
    const listed = (own: unknown, proposed: string[], other: unknown, side: string) => {
        const kept = proposed.filter((id) => {
            if (!strings(other).includes(id)) return true;
            notes.push(
                `account ${id} looks like the ${side}'s from its tags, but the configuration lists it on the other side: kept there`,
            );
            return false;
        });
        return [...new Set([...strings(own), ...kept])].sort();
    };
    const section: Record<string, unknown> = {
        ...shared,
        clientAccountIds: listed(
            shared["clientAccountIds"],
            proposal.clientAccountIds,
            shared["providerAccountIds"],
            "client",
        ),
        providerAccountIds: listed(
            shared["providerAccountIds"],
            proposal.providerAccountIds,
            shared["clientAccountIds"],
            "provider",
        ),
        zonePlan: proposal.zonePlan,
    };
    const refused = planProblems({
        zonePlan: proposal.zonePlan,
        clientAccountIds: section["clientAccountIds"] as string[],
        providerAccountIds: section["providerAccountIds"] as string[],
        clientCidrs: strings(shared["clientCidrs"]),
        providerCidrs: strings(shared["providerCidrs"]),
    });
    notes.push(...refused.map((problem) => `the pack would refuse this plan until it is settled: ${problem}`));
    return { document: { ...given, [SHARED_SECTION]: section }, notes };
}
