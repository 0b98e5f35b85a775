import * as fs from "node:fs";
import { formatIsoDay, parseIsoDay, todayUtc } from "../lib/dates";
import { SHARED_SECTION } from "../lib/shared-settings";
import { parseWaiver, waiverCovers } from "../lib/waivers";
import type { CheckResult, ReportedFinding } from "./check-result";
import { InputError, messageOf } from "./errors";

/**
 * A baseline is today's findings written as waivers, in the shape of a `--policy-pack-config` document
 * (`{ "<policy>": { "waivers": [...] } }`), so the client reviews it as configuration. Each waiver
 * expires; none carries an approver until the client gives one, and an unapproved baseline is refused.
 */
export type BaselineDocument = Record<string, { waivers: BaselineWaiver[] }>;

export interface BaselineWaiver {
    resource: string;
    kind: string;
    justification: string;
    approver: string;
    expires: string;
}

/** How long a baseline lasts unless the client shortens it: long enough to fix, too short to forget. */
export const BASELINE_DAYS = 90;
const MARK = "baseline of ";
const NOT_BASELINED = new Set(["validate-waivers"]);

function isOpen(finding: ReportedFinding): boolean {
    return finding.enforcementLevel === "mandatory" && !NOT_BASELINED.has(finding.policy);
}

/** Every mandatory finding of the run, one waiver per resource and kind, expiring `days` after the day taken. */
export function baselineOf(result: CheckResult, asOf: string | undefined, days = BASELINE_DAYS): BaselineDocument {
    const taken = (asOf !== undefined ? parseIsoDay(asOf) : undefined) ?? todayUtc();
    const expires = formatIsoDay(taken + days);
    const document: BaselineDocument = {};
    const seen = new Set<string>();
    for (const stack of result.stacks) {
        for (const finding of stack.findings.filter(isOpen)) {
            if (finding.kind === undefined) continue;
            const entry: BaselineWaiver = {
                resource: finding.urn,
                kind: finding.kind,
                justification: `${MARK}${formatIsoDay(taken)}: present when the baseline was taken; fix it before the waiver expires`,
                approver: "",
                expires,
            };
            const key = `${finding.policy}\u0000${entry.resource}\u0000${entry.kind}`;
            if (seen.has(key)) continue;
            seen.add(key);
            (document[finding.policy] ??= { waivers: [] }).waivers.push(entry);
        }
    }
    return document;
}

/** The day a run is checked as of: the command line's, else the shared section's asOf, else today. */
export function checkedAsOf(asOfOption: string | undefined, policyConfig: string | undefined): string | undefined {
    if (asOfOption !== undefined || policyConfig === undefined) return asOfOption;
    try {
        const document = JSON.parse(fs.readFileSync(policyConfig, "utf8")) as Record<string, Record<string, unknown>>;
        const asOf = document[SHARED_SECTION]?.["asOf"];
        return typeof asOf === "string" ? asOf : undefined;
    } catch {
        return undefined;
    }
}

/** Reads a baseline and refuses it while any waiver lacks the client's approval. */
export function readBaseline(file: string): BaselineDocument {
    let document: unknown;
    try {
        document = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (error) {
        throw new InputError(`cannot read baseline ${file}: ${messageOf(error)}`);
    }
    if (typeof document !== "object" || document === null || Array.isArray(document))
        throw new InputError(`baseline ${file} must be a JSON object of policy names, each with its waivers`);
    const unapproved: string[] = [];
    for (const [policy, section] of Object.entries(document as Record<string, unknown>)) {
        const waivers = (section as { waivers?: unknown } | null)?.waivers;
        if (!Array.isArray(waivers)) throw new InputError(`baseline ${file}: ${policy} has no list of waivers`);
        waivers.forEach((waiver: unknown, i) => {
            const approver = (waiver as { approver?: unknown } | null)?.approver;
            if (typeof approver !== "string" || approver.trim() === "") unapproved.push(`${policy} waiver ${i + 1}`);
        });
    }
    if (unapproved.length > 0)
        throw new InputError(
            `baseline ${file} is not approved: ${unapproved.join(", ")} ${unapproved.length === 1 ? "has" : "have"} no approver; ` +
                "the client approves a baseline (an approver on every waiver) before it is used",
        );
    return document as BaselineDocument;
}

/** The policy configuration with the baseline's waivers added to each policy's own. */
export function withBaseline(
    document: Record<string, unknown>,
    baseline: BaselineDocument | undefined,
): Record<string, unknown> {
    if (!baseline) return document;
    const merged: Record<string, unknown> = { ...document };
    for (const [policy, { waivers }] of Object.entries(baseline)) {
        const section = (merged[policy] ?? {}) as Record<string, unknown>;
        const own = Array.isArray(section["waivers"]) ? (section["waivers"] as unknown[]) : [];
        merged[policy] = { ...section, waivers: [...own, ...waivers] };
    }
    return merged;
}

/** Findings a baseline waiver covers are left out: the run reports only what is new since the baseline. */
export function withoutBaselined(result: CheckResult, baseline: BaselineDocument): CheckResult {
    const baselined = (f: ReportedFinding) =>
        f.waived !== undefined &&
        (baseline[f.policy]?.waivers ?? []).some((raw) => {
            const waiver = parseWaiver(raw);
            return waiver !== undefined && waiverCovers(waiver, f);
        });
    return {
        ...result,
        stacks: result.stacks.map((s) => ({ ...s, findings: s.findings.filter((f) => !baselined(f)) })),
    };
}
