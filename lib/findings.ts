import { isUndeterminedKind, type FindingKind, type UndeterminedKind } from "./finding-kinds";
import { messageOfKind, renderMessage } from "./messages";
import { elementOfUrn, type ElementRef } from "./urn";

export { UNTIL_APPLY } from "./messages";

/** The waiver that covers a finding. */
export interface WaivedBy {
    readonly approver: string;
    readonly expires: string;
    readonly justification: string;
}

/** An expired waiver that would cover a finding no valid waiver covers: who approved it, and the last day it applied. */
export interface LapsedWaiver {
    readonly approver: string;
    readonly expires: string;
}

/** How a waiver stands on a finding: at most one of these is set. */
export interface WaiverFields {
    /** Set when a valid waiver covers the finding: it is then advisory. */
    readonly waived?: WaivedBy;
    /** Set when only an expired waiver covers the finding: it keeps its level. */
    readonly waiverLapsed?: LapsedWaiver;
}

/** A zone or tenant at one end, and where it came from; or why it is not known. */
export type ValueEvidence =
    | { readonly value: string; readonly from: string }
    | { readonly state: "missing" | "invalid" | "unknown"; readonly reason: string };

/** One end of what an element lets through: the place, its zone and tenant with where each came from. */
export interface PlaceEvidence {
    readonly place: string;
    readonly urn?: string;
    readonly zone: ValueEvidence;
    /** Absent for the internet and remote networks, which belong to no tenant. */
    readonly tenant?: ValueEvidence;
    /** The VPN the remote networks are reached through. */
    readonly vpn?: string;
    /** How many places of the stack the end stands for. */
    readonly count: number;
}

/** One step of a path, in the order traffic takes it: the element that carries it, and how the step reads. */
export interface PathHop {
    readonly element: ElementRef;
    readonly text: string;
}

/** A value a verdict rests on: which, of which resource (where not the finding's element), as found and where from. */
export interface ValueRead {
    readonly of?: ElementRef;
    /** A tag key (`demarc:zone`), a property (`retentionInDays`) or a setting (`asOf`). */
    readonly name: string;
    /** Absent where the value is missing. */
    readonly value?: string;
    readonly from?: string;
    /** Why the value cannot be used, where no other field says: why it is missing. */
    readonly problem?: string;
    /** For an account: whose it is, where not the client's (`provider`: in providerAccountIds; `outsider`: not in clientAccountIds, which `allowed` lists). */
    readonly owner?: "provider" | "outsider";
    /** Set where the value names a resource by an id and no resource of this stack is it. */
    readonly notInStack?: true;
    /** What makes the value unusable, where it is invalid: the fields beside it hold the facts. */
    readonly invalid?: InvalidBecause;
    /** For a key set more than once in one source, in keys differing only in case: each key as written, with its value. */
    readonly conflicting?: readonly { readonly key: string; readonly value: string }[];
    /** For a resource placed by its subnets: each subnet it sits in, with the value it gives. */
    readonly subnets?: readonly { readonly subnet: ElementRef; readonly value: string }[];
    /** For a value of the wrong type (`invalid: "mistyped"`): the type found, where `allowed` is the type expected. */
    readonly found?: string;
    /** What the rule accepts, where it says. */
    readonly allowed?: string;
}

/**
 * Why a value cannot be used: `not-allowed` (the `value` is none the rule accepts), `unknown-key` (the key is no
 * demarc tag), `set-more-than-once` (`conflicting` keys disagree), `subnets-differ` (the `subnets` give different
 * values), `differs-from-subnet` (the resource's own `value` is not the one its `subnets` give), `mistyped` (the
 * property holds a value of type `found`, not of the type `allowed`).
 */
export type InvalidBecause =
    "not-allowed" | "unknown-key" | "set-more-than-once" | "subnets-differ" | "differs-from-subnet" | "mistyped";

/**
 * How a log store's protection from deletion falls short: `absent` (it has none), `not-enabled` (versioning whose
 * statuses, in `values`, are none `Enabled`), `no-default-retention` (object lock with no default retention),
 * `too-short` (the retention read in `values` is below `logRetentionDays`), `delivery-class` (a log group of
 * logGroupClass DELIVERY, whose events CloudWatch keeps 2 days), `mistyped` (the value read is of the wrong type).
 */
export type ProtectionShortfall =
    "absent" | "not-enabled" | "no-default-retention" | "too-short" | "delivery-class" | "mistyped";

/** A log store's protection from deletion: which, and how it falls short (absent where it cannot be told: `unknown` says why). */
export interface ProtectionEvidence {
    readonly what: "versioning" | "object lock" | "retention";
    readonly shortfall?: ProtectionShortfall;
}

/** What kept an undetermined finding from a verdict: a value not known until apply, or not given at all. */
export interface UnknownValue {
    /** The resource it belongs to, where not the finding's element. */
    readonly of?: ElementRef;
    readonly what: string;
    readonly reason: string;
    /** Set where the value is not given at all, rather than not known until apply. */
    readonly missing?: true;
}

/** How an element names what it joins, as written: what a network finding's message reads besides the ends. */
export interface ElementReading {
    /** The element as a message names it: `security group rule "x"`, `ingress rule 1 of security group "y"`. */
    readonly label: string;
    /** A security-group rule's or ACL entry's direction. */
    readonly direction?: "ingress" | "egress";
    /** The other end as the element names it: a block, a group, a prefix list. */
    readonly peer?: string;
    /** The group a rule belongs to. */
    readonly group?: string;
    /** Where traffic enters before it reaches the far end (a Client VPN endpoint's associated subnets). */
    readonly via?: string;
    /** The Client VPN endpoint an authorization belongs to. */
    readonly endpoint?: string;
}

/** A resource a security group is attached to, in a zone other than the group's: the zone and where it came from. */
export interface AttachedMember {
    readonly member: ElementRef;
    readonly zone: string;
    readonly from: string;
}

/**
 * Why a resource holds evidence: `role`, a storing demarc:role (log-server, log-store) among its `roles`; `log-group`,
 * a log group not tagged a log relay; `receives-logs`, logs are delivered to it `from` a resource of the stack.
 */
export type HeldEvidence =
    | { readonly because: "role"; readonly roles: readonly string[] }
    | { readonly because: "log-group" }
    | { readonly because: "receives-logs"; readonly from: ElementRef };

/**
 * What exposes a green resource to the internet: `public-ip` (its associatePublicIpAddress), `subnet-public-ip`
 * (the mapPublicIpOnLaunch of its `subnet`), `internet-facing` (a load balancer whose internal is not true),
 * `public-endpoint` (endpointPublicAccess, open to the blocks `openTo`), `publicly-accessible` (publiclyAccessible),
 * `elastic-ip` (the element, an Elastic IP or its association, gives it a public address).
 */
export type ExposedBy =
    "public-ip" | "subnet-public-ip" | "internet-facing" | "public-endpoint" | "publicly-accessible" | "elastic-ip";

/** How the internet reaches a green resource directly. */
export interface Exposure {
    readonly by: ExposedBy;
    readonly subnet?: ElementRef;
    readonly openTo?: readonly string[];
    /** The route that carries the internet to it, where it takes one: the route (`label` where it is one of a table's) and its internet gateway, of the stack or by its id. */
    readonly route?: {
        readonly element: ElementRef;
        readonly label?: string;
        readonly gateway: { readonly element: ElementRef } | { readonly id: string };
    };
}

/**
 * Why a resource is third-party access: `ingress` from `blocks` outside the client's ranges; `trusts` `accounts`
 * outside the client's, or `anyone`; `joins` `accounts` outside the client's (`unconfigured`: no client account is
 * configured, and the far account is not the resource's own); `joins-ends` whose `tag` (tenant or side) differs
 * (`ends`: each `element` and its `value`); `no-address`, a customer `gateway` whose `address` (as written, shown
 * as a message shows a value) is no address; `attaches` to a transit `gateway` across `accounts`; `shares` with an
 * `account` outside the client's (`unconfigured` as for `joins`).
 */
export type AccessReason =
    | { readonly because: "ingress"; readonly blocks: readonly string[] }
    | { readonly because: "trusts"; readonly accounts?: readonly string[]; readonly anyone?: true }
    | { readonly because: "joins"; readonly accounts: readonly string[]; readonly unconfigured?: true }
    | {
          readonly because: "joins-ends";
          readonly tag: "tenant" | "side";
          readonly ends: readonly { readonly element: ElementRef; readonly value: string }[];
      }
    | { readonly because: "no-address"; readonly gateway: ElementRef; readonly address: string }
    | { readonly because: "attaches"; readonly gateway: ElementRef; readonly accounts: readonly string[] }
    | { readonly because: "shares"; readonly account: string; readonly unconfigured?: true };

/**
 * Where a role holds an administrator right: an AWS administrator policy its `property` (managedPolicyArns) names;
 * an `inline` policy (with its `name` where it has one); a `rolePolicy`; an AWS administrator policy an `attachment`
 * attaches; or the document of a customer `policy`, named by its `property` or attached by an `attachment`.
 */
export interface GrantSource {
    readonly property?: string;
    readonly inline?: { readonly name?: string };
    readonly rolePolicy?: ElementRef;
    readonly attachment?: ElementRef;
    readonly policy?: ElementRef;
}

/** A network resource a RAM share shares: the resource of the stack, or the ARN of one outside it. */
export type SharedResource = { readonly element: ElementRef } | { readonly arn: string };

/**
 * What an element joins outside the stack: what it is (`security group`, `prefix list`, `subnet`, `Client VPN
 * endpoint`, `transit gateway`) and its id; no id where the reference names none, and `unknown` where it is not
 * known until apply.
 */
export interface OutsideStack {
    readonly what: string;
    readonly id?: string;
    readonly unknown?: true;
}

/** An item of connectivity the network model does not cover: the resource of the stack that declares it, and what it leads to. */
export interface UnmodelledItem {
    readonly element: ElementRef;
    /** How the item is named where it is part of its element, or named otherwise than by it: `route 2 of route table "rt"`, `ingress rule 1 of security group "web"`. */
    readonly label?: string;
    /** For a route: its target, as the resource of the stack, or the `property` and `id` naming one outside it; neither where it is a target the model does not cover. */
    readonly routeTo?: { readonly element?: ElementRef; readonly property?: string; readonly id?: string };
    /** What it joins outside the stack. */
    readonly outside?: OutsideStack;
}

/** A principal a role's trust policy admits: its account and whose that is, or anyone. */
export interface AssumingPrincipal {
    readonly principal: string;
    readonly account?: string;
    readonly owner: "provider" | "outsider" | "unconfigured" | "anyone";
}

/**
 * What a finding rests on. Every finding on a resource names its element; the rest is there where the
 * check has it: a network finding's layer, both ends, traffic and path; the values read; the values unknown.
 */
export interface FindingEvidence {
    /** The resource judged. */
    readonly element: ElementRef;
    readonly layer?: string;
    readonly reading?: ElementReading;
    readonly from?: readonly PlaceEvidence[];
    readonly to?: readonly PlaceEvidence[];
    /** What the element lets through, where one rule says (routing lets everything through). */
    readonly traffic?: string;
    /** How traffic gets from one end to the other, hop by hop, where it takes routing to get there. */
    readonly path?: readonly PathHop[];
    /** How many more pairs of places the element joins besides those named. */
    readonly morePairs?: number;
    /** The one layer that stops the flow end to end, where the finding is that only one does. */
    readonly holds?: string;
    readonly values?: readonly ValueRead[];
    /** Why the element holds evidence. */
    readonly holdsEvidence?: HeldEvidence;
    /** For a log store, the protection from deletion judged: the values read (each with the resource it was read on) and `logRetentionDays` are in `values`. */
    readonly protection?: ProtectionEvidence;
    /** Where the element delivers logs: the resource of the stack, or the reference to one outside it. */
    readonly deliversTo?: { readonly property: string; readonly element?: ElementRef; readonly reference?: string };
    /** For a RAM principal association: its share, the network resources it shares, and a transit gateway among them that accepts attachments automatically. */
    readonly sharing?: {
        readonly share: ElementRef;
        readonly resources: readonly SharedResource[];
        readonly autoAccepting?: ElementRef;
    };
    /** For a role the provider may assume: the role, where the finding is on what gives it rights. */
    readonly role?: ElementRef;
    /** Who the role's trust policy lets assume it, beyond the client. */
    readonly assumedBy?: readonly AssumingPrincipal[];
    /** The administrator right at stake, and where the role holds it. */
    readonly grant?: { readonly what: string; readonly via: GrantSource };
    /** How the internet reaches a green element directly: what exposes it, and the route that carries the internet to it. */
    readonly exposure?: Exposure;
    /** For a transit-gateway route table entry that joins tenants: the table, the entry, the tenant it serves and the one it leads to. */
    readonly sharedTable?: {
        readonly table: string;
        readonly entry: string;
        readonly from: { readonly attachment: string; readonly tenant: string };
        readonly toward: { readonly attachment: string; readonly tenant: string };
    };
    /** What the network model does not cover, by what it is: each with the items of the stack it names. */
    readonly unmodelled?: readonly { readonly what: string; readonly items: readonly UnmodelledItem[] }[];
    /** What of the traffic no encrypted protocol and port covers: each part, or all traffic (protocol -1). */
    readonly plaintext?: { readonly parts: readonly string[]; readonly allTraffic?: true };
    /** For a resource whose security groups are not known until apply: the groups of other zones that may be among them. */
    readonly mayBeAmong?: readonly { readonly group: ElementRef; readonly zone: string }[];
    /** For a security group: the resources of other zones it is attached to. */
    readonly attached?: readonly AttachedMember[];
    /** Why the element is third-party access, where its record or the stack shows it. */
    readonly access?: AccessReason;
    /** For an undetermined finding, what was not known. */
    readonly unknown?: readonly UnknownValue[];
}

/** Evidence as a check gives it: the element defaults to the resource the finding is on. */
export type EvidenceDetail = Omit<FindingEvidence, "element" | "unknown"> & { readonly element?: ElementRef };

/** What a check found on one resource. */
export interface Finding extends WaiverFields {
    /** The stable id of what was found (lib/finding-kinds.ts): reports, waivers and pipelines key on it. */
    readonly kind: FindingKind;
    readonly urn: string;
    readonly message: string;
    /** "policy": at the policy's enforcement level; "advisory": reported as advisory whatever the level. */
    readonly level: "policy" | "advisory";
    /** What the finding rests on; absent only on findings that name no resource. */
    readonly evidence?: FindingEvidence;
}

/** A finding on the pack as a whole (its configuration, a check that failed) names no resource and has no evidence. */
function evidenceOf(
    urn: string,
    detail: EvidenceDetail | undefined,
    unknown?: readonly UnknownValue[],
): FindingEvidence | undefined {
    const { element, ...rest } = detail ?? {};
    if (urn === "" && element === undefined) return undefined;
    return { element: element ?? elementOfUrn(urn), ...rest, ...(unknown ? { unknown } : {}) };
}

function finding(
    kind: FindingKind,
    urn: string,
    message: string,
    level: Finding["level"],
    evidence: FindingEvidence | undefined,
): Finding {
    return evidence ? { kind, urn, message, level, evidence } : { kind, urn, message, level };
}

/**
 * A finding at one level whose message is rendered from its evidence ({@link renderMessage}); or, for a finding on
 * the pack as a whole (no urn, no evidence), whose message is given.
 */
interface AtLevel {
    (kind: FindingKind, urn: string, detail: EvidenceDetail): Finding;
    (kind: FindingKind, urn: "", message: string): Finding;
}

const atLevel =
    (level: Finding["level"]): AtLevel =>
    (kind: FindingKind, urn: string, text: string | EvidenceDetail): Finding =>
        typeof text === "string"
            ? finding(kind, urn, messageOfKind(kind, text), level, undefined)
            : rendered(kind, urn, level, evidenceOf(urn, text)!);

export const violation = atLevel("policy");
export const advisory = atLevel("advisory");

/** The check could not decide, because the values named in `unknown` are not known until apply or not given at all. */
export function undetermined(
    kind: UndeterminedKind,
    urn: string,
    unknown: readonly UnknownValue[],
    detail?: EvidenceDetail,
): Finding;
export function undetermined(kind: UndeterminedKind, urn: "", message: string): Finding;
export function undetermined(
    kind: UndeterminedKind,
    urn: string,
    text: string | readonly UnknownValue[],
    detail?: EvidenceDetail,
): Finding {
    if (typeof text === "string") return finding(kind, urn, messageOfKind(kind, text), "advisory", undefined);
    return rendered(kind, urn, "advisory", evidenceOf(urn, detail, text)!);
}

function rendered(kind: FindingKind, urn: string, level: Finding["level"], evidence: FindingEvidence): Finding {
    return { kind, urn, message: renderMessage(kind, evidence), level, evidence };
}

export const isUndetermined = (finding: Pick<Finding, "kind">): boolean => isUndeterminedKind(finding.kind);

/** Undetermined findings fail closed when configured. */
export function settleUndetermined(findings: readonly Finding[], mode: "advisory" | "mandatory"): Finding[] {
    if (mode === "advisory") return [...findings];
    return findings.map((f) => (isUndetermined(f) ? { ...f, level: "policy" as const } : f));
}

/**
 * How a finding travels over the analyzer protocol, whose diagnostic has no field for it: each finding is
 * one line of the diagnostic's message, ending in a marker `[kind: <kind>]`, `[kind: <kind>, waived]` for a
 * finding a waiver covers or `[kind: <kind>, waiver lapsed]` for one only an expired waiver covers. The marker
 * is the line's last text, so a value quoted in the message cannot stand in for it.
 */
const MARKER = / \[kind: ([a-z0-9-]+(?:\.[a-z0-9-]+)+)(?:, (waived|waiver lapsed))?\]$/;

export function encodeFinding(finding: Finding): string {
    const line = finding.message.replace(/\r?\n/g, " ");
    const state = finding.waived ? ", waived" : finding.waiverLapsed ? ", waiver lapsed" : "";
    return `${line} [kind: ${finding.kind}${state}]`;
}

/** One line of a diagnostic, read back: the kind (absent where the line carries no marker), the message and how a waiver stands on it. */
export interface DecodedFinding {
    readonly kind?: string;
    readonly message: string;
    readonly waived: boolean;
    readonly waiverLapsed: boolean;
}

export function decodeFindings(message: string): DecodedFinding[] {
    return message.split("\n").map((line) => {
        const marker = MARKER.exec(line);
        if (!marker) return { message: line, waived: false, waiverLapsed: false };
        return {
            kind: marker[1],
            message: line.slice(0, marker.index),
            waived: marker[2] === "waived",
            waiverLapsed: marker[2] === "waiver lapsed",
        };
    });
}

/** What a diagnostic's description carries of each line: its evidence and the waiver that covers it, or lapsed. */
export type LineFacts = Pick<Finding, "evidence" | "waived" | "waiverLapsed">;

/** What the pack reports as one diagnostic: a resource's findings at one level, one line each. */
export interface Diagnosis {
    readonly urn: string;
    readonly level: Finding["level"];
    readonly message: string;
    /** The lines' evidence and waivers, as the diagnostic's description carries them ({@link encodeLines}); absent when no line has any. */
    readonly description?: string;
}

/**
 * The diagnostic's description carries the facts of its lines, which the engine does not display: a JSON document
 * `{"demarcEvidence": 1, "lines": [evidence or null, ...]}`, one entry per line of the message, with
 * `"waivers": [{"waived": {...}} or {"waiverLapsed": {...}} or null, ...]` beside it where a waiver stands on a line.
 */
const EVIDENCE_VERSION = 1;

const waiverOfLine = ({ waived, waiverLapsed }: LineFacts): WaiverFields | undefined =>
    waived ? { waived } : waiverLapsed ? { waiverLapsed } : undefined;

export function encodeLines(lines: readonly LineFacts[]): string | undefined {
    const waivers = lines.map(waiverOfLine);
    const waived = waivers.some((w) => w !== undefined);
    if (!waived && lines.every((l) => l.evidence === undefined)) return undefined;
    return JSON.stringify({
        demarcEvidence: EVIDENCE_VERSION,
        lines: lines.map((l) => l.evidence ?? null),
        ...(waived ? { waivers: waivers.map((w) => w ?? null) } : {}),
    });
}

const isObject = (value: unknown): value is Record<string, unknown> =>
    value !== null && typeof value === "object" && !Array.isArray(value);

const strings = <K extends string>(value: unknown, keys: readonly K[]): Record<K, string> | undefined =>
    isObject(value) && keys.every((k) => typeof value[k] === "string")
        ? (Object.fromEntries(keys.map((k) => [k, value[k]])) as Record<K, string>)
        : undefined;

function decodeWaiver(entry: unknown): WaiverFields {
    if (!isObject(entry)) return {};
    const waived = strings(entry["waived"], ["approver", "expires", "justification"]);
    if (waived) return { waived };
    const waiverLapsed = strings(entry["waiverLapsed"], ["approver", "expires"]);
    return waiverLapsed ? { waiverLapsed } : {};
}

/** The facts of each line of a diagnostic, read from its description; none where the description is not one the pack wrote. */
export function decodeLines(description: string): LineFacts[] {
    if (!description.startsWith('{"demarcEvidence":')) return [];
    try {
        const document = JSON.parse(description) as { demarcEvidence?: unknown; lines?: unknown; waivers?: unknown };
        if (document.demarcEvidence !== EVIDENCE_VERSION || !Array.isArray(document.lines)) return [];
        const waivers: unknown[] = Array.isArray(document.waivers) ? document.waivers : [];
        return document.lines.map((e: unknown, i) => ({
            ...(isObject(e) ? { evidence: e as unknown as FindingEvidence } : {}),
            ...decodeWaiver(waivers[i]),
        }));
    } catch {
        return [];
    }
}

/** The evidence of each line of a diagnostic, read from its description. */
export const decodeEvidence = (description: string): (FindingEvidence | undefined)[] =>
    decodeLines(description).map((l) => l.evidence);

/** One diagnostic per resource and level: a resource's several problems under one policy read as one diagnostic. */
export function diagnosesOf(findings: readonly Finding[]): Diagnosis[] {
    const combined = new Map<string, { urn: string; level: Finding["level"]; lines: string[]; facts: LineFacts[] }>();
    for (const finding of findings) {
        const key = `${finding.urn}\u0000${finding.level}`;
        const line = encodeFinding(finding);
        const earlier = combined.get(key);
        if (!earlier) combined.set(key, { urn: finding.urn, level: finding.level, lines: [line], facts: [finding] });
        else if (!earlier.lines.includes(line)) {
            earlier.lines.push(line);
            earlier.facts.push(finding);
        }
    }
    return [...combined.values()].map(({ urn, level, lines, facts }) => {
        const encoded = encodeLines(facts);
        return { urn, level, message: lines.join("\n"), ...(encoded !== undefined ? { description: encoded } : {}) };
    });
}
