import type { z } from "zod";
import { parseIsoDay } from "./dates";
import { days, expiryStatus } from "./expiry";
import { advisory, violation, type Finding } from "./findings";
import { formatZodIssues, loadZod, settingSchemas } from "./settings";
import { quote } from "./tags";

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

/** The logical name in a urn: `urn:pulumi:stack::project::type::name`. */
export function nameOfUrn(urn: string): string {
    const parts = urn.split("::");
    return parts.length >= 4 ? parts.slice(3).join("::") : urn;
}

/** A `resource` starting with `urn:` is matched against the urn, anything else against the logical name. */
export function waiverCoversResource(waiver: Waiver, urn: string): boolean {
    return waiver.resource.startsWith("urn:")
        ? globMatches(waiver.resource, urn)
        : globMatches(waiver.resource, nameOfUrn(urn));
}

export function waiverCovers(waiver: Waiver, finding: Finding): boolean {
    if (!waiverCoversResource(waiver, finding.urn)) return false;
    return waiver.finding === undefined || finding.message.toLowerCase().includes(waiver.finding.toLowerCase());
}

/**
 * A finding covered by a valid waiver is reported as advisory, marked waived with approver, expiry and
 * justification. One covered only by an expired waiver keeps its level and says the waiver expired.
 * Malformed waivers, and waivers beyond the horizon, cover nothing.
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
        const waiver = valid.find((w) => waiverCovers(w, finding));
        if (waiver) {
            return {
                ...finding,
                level: "advisory",
                message: `waived (approved by ${waiver.approver} until ${waiver.expires}: ${waiver.justification}): ${finding.message}`,
            };
        }
        const lapsed = expired.find((w) => waiverCovers(w, finding));
        if (lapsed)
            return {
                ...finding,
                message: `waiver expired on ${lapsed.expires} (approved by ${lapsed.approver}): ${finding.message}`,
            };
        return finding;
    });
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
 * Waiver hygiene, as stack-level findings: each waiver that is malformed (naming the fields), expired,
 * beyond the horizon, or whose resource pattern matches no resource of the stack.
 */
export function waiverHygiene(section: WaiverSection, urns: readonly string[]): Finding[] {
    return section.waivers.flatMap((raw, i) => {
        const which = label(section, i + 1, raw);
        const check = checkWaiver(raw, section.asOfDay, section.maxExpiryDays);
        if (check.state === "malformed") return [violation("", `${which} is malformed: ${check.problems.join("; ")}`)];
        const findings: Finding[] = [];
        if (check.state === "expired")
            findings.push(
                violation("", `${which} expired ${days(check.daysAgo)} ago (expires ${check.waiver.expires})`),
            );
        if (check.state === "beyond horizon") {
            findings.push(
                violation(
                    "",
                    `${which} expires ${check.waiver.expires}, ${days(check.daysAway)} away, beyond the ${section.maxExpiryDays}-day horizon (latest allowed ${check.latest})`,
                ),
            );
        }
        if (!urns.some((urn) => waiverCoversResource(check.waiver, urn)))
            findings.push(advisory("", `${which} matches no resource in the stack`));
        return findings;
    });
}
