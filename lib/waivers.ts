import type { z } from "zod";
import { parseIsoDay } from "./dates";
import { expiryStatus } from "./expiry";
import { days, renderFindingMessage } from "./messages";
import { FINDING_KINDS, isFindingKind } from "./finding-kinds";
import { advisory, violation, type Finding, type WaiverFields } from "./findings";
import { formatZodIssues, loadZod, settingSchemas } from "./settings";
import { quote } from "./tags";
import { nameOfUrn } from "./urn";

/**
 * One waiver, as declared in a policy's `waivers` setting. The policy it waives is the one whose
 * configuration section it sits in. Fields beyond these make it malformed.
 */
function buildWaiverSchema() {
    const { z } = loadZod();
    const text = (what: string) =>
        z
            .string({ error: (issue) => (issue.input === undefined ? "missing" : `expected ${what}`) })
            .trim()
            .min(1, { error: `expected ${what}, found an empty string` });

    return z
        .object({
            resource: text("a urn or logical-name pattern (* and ?)"),
            justification: text("why the finding is accepted"),
            approver: text("who approved the waiver"),
            expires: z
                .string({
                    error: (issue) => (issue.input === undefined ? "missing" : "expected an ISO date YYYY-MM-DD"),
                })
                .refine((s) => parseIsoDay(s) !== undefined, {
                    error: (issue) => `${quote(String(issue.input))} is not an ISO date YYYY-MM-DD`,
                }),
            kind: z
                .string({ error: "expected a finding kind (docs/policies.md)" })
                .trim()
                .refine(isFindingKind, {
                    error: (issue) =>
                        `${quote(String(issue.input))} is not a finding kind; kinds are listed per policy in docs/policies.md (e.g. ${Object.keys(FINDING_KINDS).slice(0, 3).join(", ")})`,
                })
                .optional(),
            /** Deprecated: a part of the finding's message; kept for one release, `kind` replaces it. */
            finding: text("a part of the finding's message").optional(),
        })
        .strict();
}

let waiverSchema: ReturnType<typeof buildWaiverSchema> | undefined;
const WAIVER = () => (waiverSchema ??= buildWaiverSchema());

export type Waiver = z.output<ReturnType<typeof buildWaiverSchema>>;

export type WaiverCheck =
    | { readonly state: "malformed"; readonly problems: readonly string[] }
    | { readonly state: "expired"; readonly waiver: Waiver; readonly daysAgo: number }
    | { readonly state: "beyond horizon"; readonly waiver: Waiver; readonly daysAway: number; readonly latest: string }
    | { readonly state: "valid"; readonly waiver: Waiver };

/** The waiver a raw entry declares, whatever its dates; undefined when it is malformed. */
export function parseWaiver(raw: unknown): Waiver | undefined {
    const parsed = WAIVER().safeParse(raw);
    return parsed.success ? parsed.data : undefined;
}

/** A waiver is valid through its `expires` day, and may not expire more than `maxExpiryDays` after `asOfDay`. */
export function checkWaiver(raw: unknown, asOfDay: number, maxExpiryDays: number): WaiverCheck {
    if (raw === null || typeof raw !== "object" || Array.isArray(raw))
        return { state: "malformed", problems: ["(waiver): not an object"] };
    const parsed = WAIVER().safeParse(raw);
    if (!parsed.success) return { state: "malformed", problems: formatZodIssues(parsed.error) };
    const waiver = parsed.data;
    const status = expiryStatus(parseIsoDay(waiver.expires) as number, asOfDay, maxExpiryDays);
    if (status.state === "expired") return { state: "expired", waiver, daysAgo: status.daysAgo };
    if (status.state === "beyond horizon")
        return { state: "beyond horizon", waiver, daysAway: status.daysAway, latest: status.latest };
    return { state: "valid", waiver };
}

const globCache = new Map<string, RegExp>();

/** `*` stands for any run of characters (none included), `?` for exactly one; everything else is literal. */
export function globMatches(pattern: string, value: string): boolean {
    let regex = globCache.get(pattern);
    if (!regex) {
        const body = [...pattern]
            .map((c) => (c === "*" ? "[\\s\\S]*" : c === "?" ? "[\\s\\S]" : c.replace(/[.+^${}()|[\]\\/]/g, "\\$&")))
            .join("");
        regex = new RegExp(`^${body}$`, "u");
        globCache.set(pattern, regex);
    }
    return regex.test(value);
}

/** A `resource` starting with `urn:` is matched against the urn, anything else against the logical name. */
export function waiverCoversResource(waiver: Waiver, urn: string): boolean {
    return waiver.resource.startsWith("urn:")
        ? globMatches(waiver.resource, urn)
        : globMatches(waiver.resource, nameOfUrn(urn));
}

/** What a waiver is matched against: the policy's finding, by resource and kind (and, deprecated, by message). */
export type WaivableFinding = Pick<Finding, "urn" | "message"> & { readonly kind?: string };

export function waiverCovers(waiver: Waiver, finding: WaivableFinding): boolean {
    if (!waiverCoversResource(waiver, finding.urn)) return false;
    if (waiver.kind !== undefined && waiver.kind !== finding.kind) return false;
    return waiver.finding === undefined || finding.message.toLowerCase().includes(waiver.finding.toLowerCase());
}

/**
 * A finding covered by a valid waiver (the first that covers it) is reported as advisory, `waived` with approver,
 * expiry and justification. One covered only by an expired waiver keeps its level, its `waiverLapsed` naming the
 * approver and the day it expired. Malformed waivers, and waivers beyond the horizon, cover nothing. The message
 * is rendered from those fields ({@link renderFindingMessage}).
 */
export function applyWaivers(
    findings: readonly Finding[],
    waivers: readonly unknown[],
    asOfDay: number,
    maxExpiryDays: number,
): Finding[] {
    if (waivers.length === 0) return [...findings];
    const checked = waivers.map((w) => checkWaiver(w, asOfDay, maxExpiryDays));
    const valid = checked.flatMap((c) => (c.state === "valid" ? [c.waiver] : []));
    const expired = checked.flatMap((c) => (c.state === "expired" ? [c.waiver] : []));
    return findings.map((finding) => {
        const fields = waiverFieldsOf(finding, valid, expired);
        if (!fields) return finding;
        return {
            ...finding,
            ...fields,
            ...(fields.waived ? { level: "advisory" as const } : {}),
            message: renderFindingMessage(finding.kind, finding.evidence ?? finding.message, fields),
        };
    });
}

/** The first valid waiver that covers the finding; else the first expired one that would. */
function waiverFieldsOf(
    finding: Finding,
    valid: readonly Waiver[],
    expired: readonly Waiver[],
): WaiverFields | undefined {
    const covering = valid.find((w) => waiverCovers(w, finding));
    if (covering) {
        const { approver, expires, justification } = covering;
        return { waived: { approver, expires, justification } };
    }
    const lapsed = expired.find((w) => waiverCovers(w, finding));
    return lapsed ? { waiverLapsed: { approver: lapsed.approver, expires: lapsed.expires } } : undefined;
}

/** The waivers of one policy's configuration section, with the date and horizon that policy applies them at. */
export interface WaiverSection {
    readonly policy: string;
    readonly waivers: readonly unknown[];
    readonly asOfDay: number;
    readonly maxExpiryDays: number;
}

export function waiverSection(policy: string, config: Readonly<Record<string, unknown>>, today: number): WaiverSection {
    const asOf = settingSchemas().asOf.safeParse(config["asOf"]);
    const maxExpiryDays = settingSchemas().maxExpiryDays.safeParse(config["maxExpiryDays"]);
    const waivers = config["waivers"];
    return {
        policy,
        waivers: Array.isArray(waivers) ? waivers : [],
        asOfDay: (asOf.success && asOf.data !== undefined ? parseIsoDay(asOf.data) : undefined) ?? today,
        maxExpiryDays: maxExpiryDays.success ? maxExpiryDays.data : 365,
    };
}

function label(section: WaiverSection, position: number, raw: unknown): string {
    const resource = raw !== null && typeof raw === "object" ? (raw as Record<string, unknown>)["resource"] : undefined;
    return `waiver ${position} of ${section.policy}${typeof resource === "string" ? ` (resource ${quote(resource)})` : ""}`;
}

/**
 * A waiver that picks findings by their message stops covering them when the message is reworded: the
 * finding names the kinds to pick them by instead, read from the findings of its policy it covers.
 */
function byMessage(which: string, waiver: Waiver, findings: () => readonly Finding[]): Finding[] {
    if (waiver.finding === undefined) return [];
    const kinds = [...new Set(findings().flatMap((f) => (waiverCovers(waiver, f) ? [f.kind] : [])))];
    const instead =
        kinds.length === 0
            ? "name the kind of finding it waives instead (docs/policies.md lists each policy's kinds)"
            : kinds.length === 1
              ? `name its kind instead: "kind": ${quote(kinds[0]!)}`
              : `name their kinds instead, one waiver each: ${kinds.map((k) => `"kind": ${quote(k)}`).join(", ")}`;
    return [
        advisory(
            "waiver.by-message",
            "",
            `${which} picks findings by their message ("finding": ${quote(waiver.finding)}), which stops matching when the message is reworded; this keeps working for one release: ${instead}`,
        ),
    ];
}

/**
 * Waiver hygiene, as stack-level findings: each waiver that is malformed (naming the fields), expired,
 * beyond the horizon, or whose resource pattern matches no resource of the stack, and each that picks
 * findings by message rather than kind (`findings`: the findings of the policy the waivers belong to).
 */
export function waiverHygiene(
    section: WaiverSection,
    urns: readonly string[],
    findings: () => readonly Finding[] = () => [],
): Finding[] {
    return section.waivers.flatMap((raw, i) => {
        const which = label(section, i + 1, raw);
        const check = checkWaiver(raw, section.asOfDay, section.maxExpiryDays);
        if (check.state === "malformed")
            return [violation("waiver.malformed", "", `${which} is malformed: ${check.problems.join("; ")}`)];
        const found: Finding[] = [];
        if (check.state === "expired")
            found.push(
                violation(
                    "waiver.expired",
                    "",
                    `${which} expired ${days(check.daysAgo)} ago (expires ${check.waiver.expires})`,
                ),
            );
        if (check.state === "beyond horizon") {
            found.push(
                violation(
                    "waiver.beyond-horizon",
                    "",
                    `${which} expires ${check.waiver.expires}, ${days(check.daysAway)} away, beyond the ${section.maxExpiryDays}-day horizon (latest allowed ${check.latest})`,
                ),
            );
        }
        if (!urns.some((urn) => waiverCoversResource(check.waiver, urn)))
            found.push(advisory("waiver.unmatched", "", `${which} matches no resource in the stack`));
        found.push(...byMessage(which, check.waiver, findings));
        return found;
    });
}
