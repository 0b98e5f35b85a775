import { isUndeterminedKind, type FindingKind } from "./finding-kinds";
import type {
    AccessReason,
    AssumingPrincipal,
    Exposure,
    FindingEvidence,
    GrantSource,
    HeldEvidence,
    OutsideStack,
    PlaceEvidence,
    ProtectionEvidence,
    SharedResource,
    UnmodelledItem,
    UnknownValue,
    ValueRead,
    WaiverFields,
} from "./findings";
import type { ElementRef } from "./urn";
import { T } from "./aws-types";
import { formatIsoDay, parseIsoDay } from "./dates";
import { describe } from "./placement";
import { SHARED_TENANT, TAG } from "./tag-keys";
import { quote } from "./tags";

/**
 * Every finding's message, rendered from its evidence alone: what a report reading the evidence as JSON knows
 * is what the message says. One wording per kind of finding, here.
 */
type Render = (evidence: FindingEvidence) => string;

/** Why a value is missing at a preview: the engine knows it only once the resource exists. */
export const UNTIL_APPLY = "not known until apply";
/** Where a value the client's plan decides came from, before the plan entry's label. */
export const PLAN_FROM = "from the client's plan: ";
/** Where a resource's zone or tenant came from when it has none of its own: the places it sits in. */
export const FROM_WHERE_IT_SITS = "from where it sits: ";

const subject = (evidence: FindingEvidence) => describe(evidence.element);

function value(evidence: FindingEvidence, index = 0): ValueRead {
    const read = evidence.values?.[index];
    if (!read) throw new Error(`the evidence of ${evidence.element.urn} has no value ${index}`);
    return read;
}

function unknownValue(evidence: FindingEvidence, index = 0): UnknownValue {
    const unknown = evidence.unknown?.[index];
    if (!unknown) throw new Error(`the evidence of ${evidence.element.urn} names no unknown value`);
    return unknown;
}

/** How a tag's source reads after the value: `demarc:zone="red" (own tag)`. */
const TAG_FROM: Readonly<Record<string, string>> = {
    "provider default tags": "its provider's default tags",
    tagsAll: "its tagsAll",
};

/** The plan's value and the entry it came from: `the client's plan says green, from subnet 10.0.1.0/24`. */
function planSays(plan: ValueRead): string {
    return `the client's plan says ${plan.value}, ${(plan.from ?? "").replace(PLAN_FROM, "from ")}`;
}

/** A zone as a message gives it after a resource: `green`, or `green, from subnet "app-a"` where not its own tag. */
const zoneWhere = (zone: string | undefined, from: string | undefined) =>
    from === undefined || from === "own tag" ? `${zone}` : `${zone}, ${from}`;

/** A reason that opens with the element's own name already says whose value was not known. */
function unknownTag(evidence: FindingEvidence): string {
    const { what, reason } = unknownValue(evidence);
    const named = subject(evidence);
    if (evidence.mayBeAmong) {
        const zone = evidence.values?.find((v) => v.name === TAG.zone);
        const groups = evidence.mayBeAmong.map((g) => `security group "${g.group.name}" (${g.zone})`).join(", ");
        return `${named} (${zoneWhere(zone?.value, zone?.from)}): its ${what} ${what.endsWith("s") ? "are" : "is"} ${reason}, and ${groups} may be among them; whether a group of another zone is attached to it cannot be decided`;
    }
    return reason.startsWith(`${named} `) ? reason : `${what} of ${named}: ${reason}`;
}

/** Subnets with the value each gives, by value in the order they first give it: `red (subnet "a"), green (subnet "b", subnet "c")`. */
function subnetsByValue(subnets: NonNullable<ValueRead["subnets"]>): string {
    const byValue = new Map<string, string[]>();
    for (const { subnet, value } of subnets) byValue.set(value, [...(byValue.get(value) ?? []), describe(subnet)]);
    return [...byValue].map(([value, named]) => `${value} (${named.join(", ")})`).join(", ");
}

/**
 * Why a value cannot be used, as a message says it, from the fields of its read; `of`: the resource whose value it
 * is. A read with no `invalid` says why in its `problem`.
 */
export function unusableText(read: ValueRead, of: ElementRef): string {
    const subnets = read.subnets ?? [];
    switch (read.invalid) {
        case "not-allowed": {
            const from = read.from === undefined || read.from === "own tag" ? "" : ` (from ${read.from})`;
            return `${read.name} is ${quote(read.value ?? "")}${from}; allowed: ${read.allowed}`;
        }
        case "unknown-key":
            return `${read.name} is not a demarc tag`;
        case "set-more-than-once": {
            const values = (read.conflicting ?? []).map((c) => quote(c.value)).join(", ");
            return `${read.name} is set more than once in ${read.from === "own tag" ? "tags" : read.from}, with keys differing only in case and values ${values}; keep one: ${read.allowed}`;
        }
        case "subnets-differ":
            return `${describe(of)} spans subnets of different ${read.name} values: ${subnetsByValue(subnets)}`;
        case "differs-from-subnet": {
            const where = subnets.map((s) => describe(s.subnet)).join(", ");
            return `${describe(of)} is tagged ${read.name}=${read.value} but sits in ${where}, which ${subnets.length === 1 ? "is" : "are"} ${subnets[0]?.value}`;
        }
        case "mistyped":
            return `${read.name} is a ${read.found}, expected a ${read.allowed}`;
        case undefined:
            return read.problem ?? "";
    }
}

/** Why the value read `index` of a finding's evidence cannot be used. */
const unusable = (evidence: FindingEvidence, index = 0) => {
    const read = value(evidence, index);
    return unusableText(read, read.of ?? evidence.element);
};

const TAGS: Partial<Record<FindingKind, Render>> = {
    "tag.invalid-value": (e) => `${subject(e)}: ${unusable(e)}`,
    "tag.unknown-key": (e) => `${subject(e)}: ${unusable(e)}; known keys: ${value(e).allowed}`,
    "tag.missing": (e) => `${unusable(e)}; allowed: ${value(e).allowed}`,
    "tag.placement-conflict": (e) => unusable(e),
    "tag.undetermined": unknownTag,
    "tag.shared-group": (e) => {
        const members = (e.attached ?? []).map((m) => `${describe(m.member)} (${zoneWhere(m.zone, m.from)})`);
        return `${e.reading?.label} (${value(e).value}) is attached to ${members.join(", ")}: a group shared across zones lets one zone's rules admit another's resources; use one group per zone`;
    },
    "plan.tag-disagrees": (e) => {
        const [tag, plan] = [value(e, 0), value(e, 1)];
        const from = tag.from ?? "";
        return `${subject(e)} is tagged ${tag.name}=${quote((tag.value ?? "").trim())} (${TAG_FROM[from] ?? from}), but ${planSays(plan)}`;
    },
    "plan.tag-invalid": (e) => `${subject(e)}: ${unusable(e, 0)}; ${planSays(value(e, 1))}`,
};

export const days = (n: number): string => `${n} ${n === 1 ? "day" : "days"}`;

/** What an undetermined expiry finding names as unknown when it is whether the resource is third-party access at all. */
export const THIRD_PARTY_ACCESS = "whether it is third-party access";

const accountsText = (ids: readonly string[]) => `${ids.length === 1 ? "account" : "accounts"} ${ids.join(", ")}`;

/** Why an account joined or shared with is not the client's: it is none of the client's, or none is configured. */
const notTheClients = (unconfigured: true | undefined) =>
    unconfigured ? "and no client account is configured" : "not a client account";

/** Why a resource is third-party access, as a message says it in brackets after it. */
export function accessText(why: AccessReason): string {
    switch (why.because) {
        case "ingress":
            return `ingress from ${why.blocks.join(", ")}`;
        case "trusts":
            return why.anyone ? 'trusts any principal ("*")' : `trusts ${accountsText(why.accounts ?? [])}`;
        case "joins":
            return `joins ${accountsText(why.accounts)}, ${notTheClients(why.unconfigured)}`;
        case "joins-ends":
            return `joins ${why.ends.map((e) => `${describe(e.element)} (${why.tag} ${e.value})`).join(" and ")}`;
        case "no-address":
            return `${describe(why.gateway)} has no readable address (${why.address})`;
        case "attaches":
            return `attaches to ${describe(why.gateway)} across ${accountsText(why.accounts)}`;
        case "shares":
            return `shares with account ${why.account}, ${notTheClients(why.unconfigured)}`;
    }
}

/** Third-party access as a message names it: why it is access, and where its expiry is read where not from itself. */
function accessSubject(evidence: FindingEvidence, holder?: ElementRef): string {
    const notes = [
        evidence.access && accessText(evidence.access),
        holder && `expiry read from ${describe(holder)}`,
    ].filter(Boolean);
    return notes.length > 0 ? `${subject(evidence)} (${notes.join(", ")})` : subject(evidence);
}

/** The expiry date as a message cites it: `demarc:expires 2026-10-31`, with its source where not the resource's own tag. */
function expiryDate(read: ValueRead): string {
    return `${read.name} ${read.value}${read.from === undefined || read.from === "own tag" ? "" : `, from ${read.from}`}`;
}

/** Days from the check's day (`asOf`, the second value) to the expiry date (the first). */
const daysLeft = (evidence: FindingEvidence): number =>
    (parseIsoDay(value(evidence, 0).value ?? "") as number) - (parseIsoDay(value(evidence, 1).value ?? "") as number);

/** Resources that take no tags: the resource that would carry their expiry, and what to do instead. */
const UNTAGGABLE: Readonly<Record<string, { holder: string; instead: string }>> = {
    [T.securityGroupRule]: {
        holder: "security group",
        instead: "declare it as an aws.vpc.SecurityGroupIngressRule with those tags",
    },
    [T.ramPrincipalAssociation]: {
        holder: "resource share",
        instead: "declare the resource share in this stack with those tags",
    },
};

const TAG_KEYS: ReadonlySet<string> = new Set(Object.values(TAG));

const EXPIRY: Partial<Record<FindingKind, Render>> = {
    "expiry.expired": (e) => `${subject(e)} expired ${days(-daysLeft(e))} ago (${expiryDate(value(e))})`,
    "expiry.beyond-horizon": (e) => {
        const horizon = Number(value(e, 2).value);
        const latest = formatIsoDay((parseIsoDay(value(e, 1).value ?? "") as number) + horizon);
        return `${subject(e)}: ${expiryDate(value(e))} is ${days(daysLeft(e))} away, beyond the ${horizon}-day horizon (latest allowed ${latest})`;
    },
    "expiry.expiring-soon": (e) => {
        const left = daysLeft(e);
        return `${subject(e)} ${left === 0 ? "expires today, its last valid day" : `expires in ${days(left)}`} (${expiryDate(value(e))})`;
    },
    "expiry.missing-tag": (e) => {
        const tag = value(e);
        return `${accessSubject(e, tag.of)} has no ${tag.name}; third-party access needs ${tag.allowed}`;
    },
    "expiry.untaggable": (e) => {
        const { holder, instead } = UNTAGGABLE[e.element.type] ?? { holder: "resource", instead: "" };
        const read = value(e);
        const which =
            read.value === undefined
                ? `it names no ${holder}`
                : `its ${holder} ${read.value} is ${read.notInStack ? "not in this stack" : read.problem}`;
        return `${accessSubject(e)} takes no tags and ${which} to carry ${TAG.expires} and ${TAG.owner}; ${instead}`;
    },
    "expiry.undetermined": (e) => {
        const { of, what, reason } = unknownValue(e);
        if (what === THIRD_PARTY_ACCESS) return `whether ${subject(e)} is third-party access: ${reason}`;
        if (TAG_KEYS.has(what)) return `${what} of ${accessSubject(e, of)}: ${reason}`;
        return `${accessSubject(e)}: its ${what} is ${reason}, so neither is where its ${TAG.expires} is read`;
    },
};

/** Where a tag value came from, as a message says it: `own tag`, `from subnet "app-a"`, `from provider default tags`. */
function fromWhere(source: string | undefined): string {
    if (source === undefined || source === "tags" || source === "own tag") return "own tag";
    return source.startsWith("from ") ? source : `from ${source}`;
}

/** The value read of the key `name`, where the evidence has one. */
const read = (evidence: FindingEvidence, name: string): ValueRead | undefined =>
    evidence.values?.find((v) => v.name === name);

/** An account as a message names it, from its read ({@link accountRead}). */
function accountText(account: ValueRead): string {
    switch (account.owner) {
        case "provider":
            return `provider account ${account.value} (providerAccountIds)`;
        case "outsider":
            return `account ${account.value}, not a client account (clientAccountIds: ${account.allowed})`;
        case undefined:
            return `account ${account.value}`;
    }
}

const EVIDENCE_STAYS = "evidence must stay on the client's side";

/** Why a resource holds evidence, as a message says it in brackets after it. */
function heldText(held: HeldEvidence): string {
    switch (held.because) {
        case "role":
            return `${TAG.role}=${held.roles.join(",")}`;
        case "log-group":
            return "a log group";
        case "receives-logs":
            return `it receives logs from ${describe(held.from)}`;
    }
}

/** What holds evidence, as its side and account findings open: it holds evidence, or delivers logs to something. */
function evidenceSubject(evidence: FindingEvidence): string {
    if (evidence.holdsEvidence !== undefined)
        return `${subject(evidence)} holds evidence (${heldText(evidence.holdsEvidence)})`;
    const to = evidence.deliversTo;
    if (!to)
        throw new Error(
            `the evidence of ${evidence.element.urn} says neither what evidence it holds nor where it delivers`,
        );
    return to.element
        ? `${subject(evidence)} delivers to ${describe(to.element)}`
        : `${subject(evidence)} delivers to ${quote(to.reference ?? "")} (${to.property}), which is not in this stack`;
}

/** How the verdict on a side joins the subject: `bucket "x" holds evidence (...) but is`, `flowLog "f" delivers to bucket "x", which is`. */
const sideVerdict = (evidence: FindingEvidence) =>
    `${evidenceSubject(evidence)}${evidence.holdsEvidence !== undefined ? " but is" : ", which is"}`;

const ACCOUNT = "account";

/** The setting that says how long logs must be kept, in days. */
export const RETENTION_SETTING = "logRetentionDays";
/** CloudWatch ignores retentionInDays of a DELIVERY-class log group and keeps its events this many days. */
export const DELIVERY_CLASS_DAYS = 2;
/** An object-lock retention given in years holds this many days a year. */
export const DAYS_PER_YEAR = 365;

function protectionOf(evidence: FindingEvidence): ProtectionEvidence {
    if (!evidence.protection) throw new Error(`the evidence of ${evidence.element.urn} names no protection`);
    return evidence.protection;
}

/** A property read as a message cites it: its value quoted, or why it has none. */
const propertyText = (read: ValueRead) =>
    read.value !== undefined
        ? quote(read.value)
        : read.invalid
          ? unusableText(read, read.of!)
          : `${read.name} is not set`;

/** Where an object-lock retention was read: the resource that sets it, or the bucket's own configuration. */
const lockSource = (of: ElementRef | undefined) => (of ? describe(of) : "its objectLockConfiguration");

/** Days of an object-lock retention read, given in days or in years. */
const retentionDays = (read: ValueRead) =>
    read.name.endsWith(".years") ? Number(read.value) * DAYS_PER_YEAR : Number(read.value);

/** How a log store's protection falls short, from its reads: what it has, and the minimum where it takes one. */
function shortfallText(evidence: FindingEvidence): string {
    const { what, shortfall } = protectionOf(evidence);
    const minimum = read(evidence, RETENTION_SETTING)?.value;
    const atLeast = `at least ${minimum} days (${RETENTION_SETTING})`;
    switch (shortfall) {
        case "absent":
            return what === "versioning"
                ? "it has no versioning, so an overwritten or deleted log is gone"
                : `it has no object lock; enable objectLockEnabled with a default retention of ${atLeast}`;
        case "not-enabled": {
            const statuses = (evidence.values ?? []).map((s) => `${propertyText(s)} (${describe(s.of!)})`);
            return `its versioning is ${statuses.join(", ")}, not "Enabled"`;
        }
        case "no-default-retention":
            return `its object lock has no default retention, so the writer decides what may be deleted; set one of ${atLeast}`;
        case "too-short": {
            const kept = value(evidence);
            return what === "retention"
                ? `it keeps logs ${kept.value} days (${kept.name}), below the minimum of ${minimum} days (${RETENTION_SETTING})`
                : `its object-lock default retention is ${retentionDays(kept)} days (${lockSource(kept.of)}), below ${atLeast}`;
        }
        case "delivery-class":
            return `it is of logGroupClass "DELIVERY", whose events CloudWatch keeps ${DELIVERY_CLASS_DAYS} days whatever retentionInDays says, below the minimum of ${minimum} days (${RETENTION_SETTING})`;
        case "mistyped":
            return unusableText(value(evidence), evidence.element);
        case undefined:
            throw new Error(`the evidence of ${evidence.element.urn} says no shortfall`);
    }
}

/** What of a log store's protection is not known until apply: the resources whose bucket is not, or the value that is not. */
function unknownProtectionText(evidence: FindingEvidence): string {
    const { what } = protectionOf(evidence);
    const unknown = evidence.unknown ?? [];
    if (unknown.length > 0 && unknown.every((u) => u.what === "bucket" && u.of))
        return `the bucket of ${unknown.map((u) => describe(u.of!)).join(", ")} is ${UNTIL_APPLY}, so its ${what} cannot be told`;
    const { of, what: property } = unknownValue(evidence);
    if (what === "versioning")
        return of
            ? `the versioning status of ${describe(of)} is ${UNTIL_APPLY}`
            : `its inline versioning is ${UNTIL_APPLY}`;
    if (what === "object lock")
        return property.endsWith("objectLockEnabled")
            ? `whether it has object lock is ${UNTIL_APPLY}`
            : `its object-lock retention (${lockSource(of)}) is ${UNTIL_APPLY}`;
    return `its ${property} is ${UNTIL_APPLY}`;
}

const EVIDENCE: Partial<Record<FindingKind, Render>> = {
    "evidence.provider-side": (e) =>
        `${sideVerdict(e)} on the provider side (demarc:side=${value(e).value}, ${fromWhere(value(e).from)}); ${EVIDENCE_STAYS}`,
    "evidence.side-not-shown": (e) =>
        `${sideVerdict(e)} not shown on the client's side: ${unusable(e)}; ${EVIDENCE_STAYS}`,
    "evidence.side.undetermined": (e) => `${evidenceSubject(e)}; its side is not known: ${unknownValue(e).reason}`,
    "evidence.foreign-account": (e) => {
        const accounts = (e.values ?? []).filter((v) => v.name === ACCOUNT);
        if (e.holdsEvidence !== undefined)
            return `${evidenceSubject(e)} but is deployed in ${accounts.map(accountText).join("; ")}, from ${accounts[0]?.from}; ${EVIDENCE_STAYS}`;
        return `${evidenceSubject(e)}, in ${accountText(accounts[0]!)}; ${EVIDENCE_STAYS}`;
    },
    "evidence.account.undetermined": (e) => {
        const { reason, missing } = unknownValue(e);
        if (e.deliversTo?.reference !== undefined) {
            const account = read(e, ACCOUNT);
            return account
                ? `${evidenceSubject(e)}, in account ${account.value}; configure clientAccountIds or providerAccountIds to judge it`
                : `${evidenceSubject(e)} and names no account to judge it by`;
        }
        return `${evidenceSubject(e)}; its account ${missing ? "cannot be told" : "is not known"}: ${reason}`;
    },
    "evidence.delivery.undetermined": (e) =>
        `${subject(e)}: its ${unknownValue(e).what} is not known until apply, and no resource in the stack is named as its source`,
    "evidence.unprotected-store": (e) => `${evidenceSubject(e)}, but ${shortfallText(e)}`,
    "evidence.protection.undetermined": (e) => `${evidenceSubject(e)}; ${unknownProtectionText(e)}`,
    "evidence.no-flow-log": (e) =>
        `${subject(e)} has no flow log: no flowLog in the stack has it as its vpcId; without flow logs there is no evidence of what crossed it`,
    "evidence.flow-log.undetermined": (e) =>
        `${subject(e)} may have no flow log: the vpcId of ${(e.unknown ?? []).map((u) => (u.of ? describe(u.of) : u.what)).join(", ")} is not known until apply`,
};

const SHARE_ONLY_WITH_CLIENT = "share network resources only with the client's accounts";

/** A shared network resource as a message names it: the resource of the stack, or the ARN of one outside it. */
const sharedText = (resource: SharedResource) => ("element" in resource ? describe(resource.element) : resource.arn);

/** A principal association as a message names it, with its share; and what it shares. */
function sharing(evidence: FindingEvidence): { association: string; what: string; autoAccepting?: string } {
    const { sharing } = evidence;
    if (!sharing) throw new Error(`the evidence of ${evidence.element.urn} names no share`);
    return {
        association: `${subject(evidence)} (resource share "${sharing.share.name}")`,
        what: sharing.resources.map(sharedText).join(", "),
        autoAccepting: sharing.autoAccepting && describe(sharing.autoAccepting),
    };
}

const SHARES: Partial<Record<FindingKind, Render>> = {
    "tenant.share.undetermined": (e) => {
        const { association, what } = sharing(e);
        const principal = read(e, "principal");
        return principal
            ? `${association} shares ${what} with account ${principal.value}; configure clientAccountIds to tell whether it is the client's`
            : `${association}: what it shares, or with whom, is not known until apply; whether it lets an outside account into the network cannot be decided`;
    },
    "tenant.share-to-organization": (e) => {
        const { association, what } = sharing(e);
        return `${association} shares ${what} with ${read(e, "principal")?.value}, an organization or unit rather than a client account; ${SHARE_ONLY_WITH_CLIENT}`;
    },
    "tenant.share-outside": (e) => {
        const { association, what, autoAccepting } = sharing(e);
        const accepts = autoAccepting
            ? `, and ${autoAccepting} accepts its attachments automatically (autoAcceptSharedAttachments)`
            : "";
        return `${association} shares ${what} with ${accountText(read(e, "principal")!)}${accepts}: an account outside the client's joins the network; ${SHARE_ONLY_WITH_CLIENT}`;
    },
};

const ADMIN_RULE = "a role the provider assumes must not hold administrator rights";

/** A principal that may assume a role, as a message names it. */
function assumingText({ principal, account, owner }: AssumingPrincipal): string {
    const written = `Principal ${quote(principal)}`;
    switch (owner) {
        case "provider":
            return `provider account ${account} (${written})`;
        case "outsider":
            return `account ${account} (not a client account; ${written})`;
        case "unconfigured":
            return `account ${account} (${written})`;
        case "anyone":
            return `anyone (${written})`;
    }
}

const roleName = (evidence: FindingEvidence) => (evidence.role ? describe(evidence.role) : subject(evidence));
const assumedBy = (evidence: FindingEvidence) => (evidence.assumedBy ?? []).map(assumingText).join(", ");
/** Where a role holds a right, as a message says it: `managedPolicyArns`, `inline policy "x"`, `the document of iamPolicy "p" (attached by rolePolicyAttachment "a")`. */
export function grantSourceText(source: GrantSource): string {
    const { property, inline, rolePolicy, attachment, policy } = source;
    const where = attachment
        ? `attached by ${describe(attachment)}`
        : rolePolicy
          ? describe(rolePolicy)
          : inline
            ? inline.name !== undefined
                ? `inline policy ${quote(inline.name)}`
                : "an inline policy"
            : (property ?? "");
    return policy ? `the document of ${describe(policy)} (${where})` : where;
}

const grantText = (evidence: FindingEvidence) =>
    `${evidence.grant?.what} (${evidence.grant ? grantSourceText(evidence.grant.via) : ""})`;

const ROLES: Partial<Record<FindingKind, Render>> = {
    "duty.role-open-to-anyone": (e) =>
        `${roleName(e)} can be assumed by anyone: its trust policy allows Principal "*" with no Condition`,
    "duty.provider-role-admin": (e) =>
        `${roleName(e)} can be assumed by ${assumedBy(e)} and carries ${grantText(e)}; ${ADMIN_RULE}`,
    "duty.provider-role.undetermined": (e) => {
        const { what, reason } = unknownValue(e);
        if (!e.role) return `${subject(e)} grants ${e.grant?.what} to a role that is not known until apply`;
        if (!e.assumedBy) {
            const trust =
                reason === UNTIL_APPLY
                    ? "its trust policy is not known until apply"
                    : `its trust policy cannot be read: ${reason}`;
            return `${roleName(e)} carries ${grantText(e)}, and ${trust}; cannot tell whether the provider can assume it`;
        }
        if (e.grant)
            return `${roleName(e)} carries ${grantText(e)} and can be assumed by ${assumedBy(e)}; configure providerAccountIds or clientAccountIds to tell whether that is the provider`;
        return `${roleName(e)} can be assumed by ${assumedBy(e)}, and ${what} ${reason}`;
    },
};

/** The green end of an exposure: `instance "db" (green)`, with where its zone came from when not its own tag. */
function greenText(evidence: FindingEvidence): string {
    const end = evidence.to?.[0];
    if (!end) throw new Error(`the evidence of ${evidence.element.urn} names no green end`);
    const from = "value" in end.zone ? end.zone.from : "";
    return `${end.place} (${from === "own tag" ? "green" : `green, ${from}`})`;
}

/** What exposes a green resource, as a message says it after the resource (or, for an Elastic IP, before it). */
function exposedText(exposure: Exposure): string {
    switch (exposure.by) {
        case "public-ip":
            return "has a public IP address (associatePublicIpAddress)";
        case "subnet-public-ip":
            return `gets a public IP address from ${describe(exposure.subnet!)} (mapPublicIpOnLaunch)`;
        case "internet-facing":
            return "is internet-facing (internal is not true)";
        case "public-endpoint":
            return `has a public API endpoint (endpointPublicAccess) open to ${(exposure.openTo ?? []).join(", ")}`;
        case "publicly-accessible":
            return "is publicly accessible (publiclyAccessible)";
        case "elastic-ip":
            return "gives a public address (Elastic IP) to";
    }
}

/** The route that carries the internet to a green resource: `route "r" to internet gateway "igw"`. */
function internetRouteText(route: NonNullable<Exposure["route"]>): string {
    const { gateway } = route;
    const to = "element" in gateway ? `internet gateway "${gateway.element.name}"` : `gatewayId ${gateway.id}`;
    return `${route.label ?? describe(route.element)} to ${to}`;
}

/** How many items of each kind of unmodelled connectivity the message names; the evidence has them all. */
const MAX_NAMED = 20;

/** What a transit-gateway peering names as its other gateway, where it is not in the stack. */
export const TRANSIT_GATEWAY = "transit gateway";

/** What `of` joins outside the stack, as a message names it: `security group sg-1, which is not in this stack`. */
export function outsideText(of: ElementRef, outside: OutsideStack): string {
    if (outside.what === TRANSIT_GATEWAY)
        return (
            outside.id ??
            (outside.unknown
                ? `the peer gateway of transit gateway peering attachment "${of.name}"`
                : "a transit gateway outside this stack")
        );
    return `${outside.what} ${outside.id}, which is not in this stack`;
}

/** An item the network model does not cover, as a message names it: with the target of a route, or what it joins outside the stack. */
function unmodelledItemText(item: UnmodelledItem): string {
    const named = item.label ?? describe(item.element);
    if (item.routeTo) {
        const { element, property, id } = item.routeTo;
        const target = element
            ? describe(element)
            : property !== undefined
              ? `${property} ${id}`
              : "a target the model does not cover";
        return `${named} (to ${target})`;
    }
    return item.outside ? `${named} (${outsideText(item.element, item.outside)})` : named;
}

/** "green, tenant acme" (and how many places the end stands for); a zone not from a tag says where it came from. */
function placeEvidenceText(end: PlaceEvidence): string {
    const zone = "value" in end.zone ? end.zone : undefined;
    const parts = [
        zone === undefined
            ? "zone unknown"
            : zone.from.startsWith(FROM_WHERE_IT_SITS)
              ? `${zone.value} (${zone.from})`
              : zone.value,
    ];
    if (end.tenant && "value" in end.tenant) parts.push(`tenant ${end.tenant.value}`);
    if (end.count > 1) parts.push(`and ${end.count - 1} more ${end.count - 1 === 1 ? "subnet" : "subnets"} like it`);
    return parts.join(", ");
}

/** The ends an element names by its peer: `10.0.0.0/24 (subnet "a", red; ...)`, the place's own name left out where it is the peer. */
function peerText(peer: string, ends: readonly PlaceEvidence[]): string {
    return `${peer} (${ends.map((e) => (e.place === peer ? placeEvidenceText(e) : `${e.place}, ${placeEvidenceText(e)}`)).join("; ")})`;
}

const places = (ends: readonly PlaceEvidence[]) => ends.map((e) => `${e.place} (${placeEvidenceText(e)})`).join("; ");

/**
 * How the element of a network finding reads, from its evidence alone: what it lets from which places to which,
 * on what traffic, and by which path. The check adds its verdict.
 */
export function readingText(evidence: FindingEvidence): string {
    const { reading, from = [], to = [] } = evidence;
    if (!reading) throw new Error(`the evidence of ${evidence.element.urn} has no reading`);
    const traffic = evidence.traffic ? ` on ${evidence.traffic}` : "";
    switch (evidence.layer) {
        case "security-group rule": {
            const group = (side: readonly PlaceEvidence[]) =>
                `${reading.group} (${side.map(placeEvidenceText).join("; ")})`;
            return reading.direction === "ingress"
                ? `${reading.label} admits ${peerText(reading.peer!, from)} to ${group(to)}${traffic}`
                : `${reading.label} lets ${group(from)} send to ${peerText(reading.peer!, to)}${traffic}`;
        }
        case "network ACL entry":
            return reading.direction === "egress"
                ? `${reading.label} lets ${places(from)} send to ${peerText(reading.peer!, to)}${traffic}`
                : `${reading.label} lets ${peerText(reading.peer!, from)} into ${places(to)}${traffic}`;
        case "Client VPN authorization":
            return `${reading.label} lets ${from[0]!.place} (${from.map(placeEvidenceText).join("; ")}), arriving over its encrypted tunnel into ${reading.via}, reach ${peerText(reading.peer!, to)}`;
        default: {
            const more = evidence.morePairs ?? 0;
            const others = more > 0 ? ` (and ${more} more ${more === 1 ? "pair" : "pairs"} of places)` : "";
            const path = (evidence.path ?? []).map((h) => h.text).join("; ");
            return `${reading.label} lets ${from[0]!.place} (${placeEvidenceText(from[0]!)}) reach ${to[0]!.place} (${placeEvidenceText(to[0]!)})${others}: ${path}`;
        }
    }
}

/** How a verdict joins the reading of its element: a rule "admits ...: verdict", a path "...: the path; verdict". */
const verdictOn = (evidence: FindingEvidence, verdict: string) =>
    `${readingText(evidence)}${evidence.layer === "routing" ? ";" : ":"} ${verdict}`;

const zoneAt = (end: PlaceEvidence | undefined) => (end && "value" in end.zone ? end.zone.value : "zone unknown");
const tenantAt = (end: PlaceEvidence | undefined) =>
    end?.tenant && "value" in end.tenant ? end.tenant.value : "unknown";
const pairOf = (evidence: FindingEvidence) => `${zoneAt(evidence.from?.[0])}->${zoneAt(evidence.to?.[0])}`;

function plaintextText(evidence: FindingEvidence): string {
    const { parts = [], allTraffic } = evidence.plaintext ?? {};
    if (allTraffic) return "all traffic (protocol -1) is not limited to encrypted protocols";
    return `${parts.join(", ")} ${parts.length === 1 ? "is" : "are"} not an encrypted protocol and port`;
}

/** An element whose verdict waits on values not known until apply, as the finding names it. */
function undecidedSubject({ reading, element }: FindingEvidence): string {
    if (!reading) return describe(element);
    if (reading.group !== undefined) return `${reading.label} on ${reading.group}`;
    if (reading.endpoint !== undefined) return `${reading.label} of ${reading.endpoint}`;
    return reading.label;
}

/** What a network check could not decide: on an edge whose end has no zone, or on an element whose values are not known until apply. */
const undecided = (question: (evidence: FindingEvidence) => string) => (e: FindingEvidence) => {
    if (e.from !== undefined)
        return `${undecidedSubject(e)}: ${question(e)} cannot be decided: ${unknownValue(e).reason}`;
    const what = (e.unknown ?? []).map((u) => u.what).join("; ");
    return `${undecidedSubject(e)}: ${what} ${what.includes(";") ? "are" : "is"} ${UNTIL_APPLY}; ${question(e)} cannot be decided`;
};

const redGreen = (e: FindingEvidence) => {
    const from = zoneAt(e.from?.[0]);
    return verdictOn(e, `${from} reaches ${from === "red" ? "green" : "red"} directly; route it through yellow`);
};

const tenantCrossing = (e: FindingEvidence) =>
    verdictOn(
        e,
        `tenant ${tenantAt(e.from?.[0])} reaches tenant ${tenantAt(e.to?.[0])}; ${e.layer === "routing" ? "tenants must never share a route" : "tenants must never reach each other"}`,
    );

const EDGES: Partial<Record<FindingKind, Render>> = {
    "zone.red-green.rule": redGreen,
    "zone.red-green.acl": redGreen,
    "zone.red-green.route": redGreen,
    "zone.red-green.client-vpn": redGreen,
    "tenant.crossing.rule": tenantCrossing,
    "tenant.crossing.acl": tenantCrossing,
    "tenant.crossing.route": tenantCrossing,
    "tenant.crossing.client-vpn": tenantCrossing,
    "zone.flow-denied": (e) => `${readingText(e)}: the zone flow matrix denies ${pairOf(e)} flows`,
    "zone.plaintext": (e) =>
        `${readingText(e)}: ${plaintextText(e)}; ${pairOf(e)} flows must be encrypted or ride a VPN`,
    "tenant.shared-plaintext": (e) => {
        const tenant = [tenantAt(e.from?.[0]), tenantAt(e.to?.[0])].find((t) => t !== SHARED_TENANT);
        return `${readingText(e)}: ${plaintextText(e)}; shared services reach tenant ${tenant} only encrypted`;
    },
    "zone.red-green.undetermined": undecided(() => "whether it lets red reach green"),
    "zone.flow-matrix.undetermined": undecided((e) =>
        e.layer === "Client VPN authorization"
            ? "whether it opens a flow the zone flow matrix denies"
            : "whether the flows it admits are encrypted",
    ),
    "tenant.isolation.undetermined": undecided(() => "whether it joins two tenants"),
};

const NETWORK: Partial<Record<FindingKind, Render>> = {
    "coverage.unknown.undetermined": (e) =>
        `${subject(e)}: ${unknownValue(e).what} is ${UNTIL_APPLY}, so what it joins is left out of the network model and no path through it is checked`,
    "coverage.undecodable.undetermined": (e) => {
        const { what, reason } = unknownValue(e);
        return `${subject(e)}: ${what} holds ${reason}; it was judged as unknown`;
    },
    "coverage.unmodelled": (e) => {
        const groups = e.unmodelled ?? [];
        const total = groups.reduce((n, g) => n + g.items.length, 0);
        const parts = groups.map(({ what, items }) => {
            const named = items.slice(0, MAX_NAMED).map(unmodelledItemText).join(", ");
            return `${what}: ${named}${items.length > MAX_NAMED ? ` and ${items.length - MAX_NAMED} more` : ""}`;
        });
        return `the network model does not cover ${total} connectivity ${total === 1 ? "item" : "items"}, so no zone or tenant path through ${total === 1 ? "it" : "them"} is checked: ${parts.join("; ")}`;
    },
    "tenant.shared-route-table": (e) => {
        if (!e.sharedTable) throw new Error(`the evidence of ${e.element.urn} names no route table`);
        const { table, entry, from, toward } = e.sharedTable;
        const joined = `${table}, associated with ${from.attachment} (tenant ${from.tenant}), holds ${entry} toward ${toward.attachment} (tenant ${toward.tenant})`;
        const rule =
            from.tenant === SHARED_TENANT || toward.tenant === SHARED_TENANT
                ? `shared services reach tenant ${from.tenant === SHARED_TENANT ? toward.tenant : from.tenant} only over an encrypted VPN attachment`
                : "tenants must never share a transit-gateway route table";
        return `${joined}; ${rule}`;
    },
    "zone.green-exposed": (e) => {
        if (!e.exposure) throw new Error(`the evidence of ${e.element.urn} says nothing of what exposes it`);
        const how = exposedText(e.exposure);
        const { route } = e.exposure;
        const place = greenText(e);
        const reached = e.to?.[0]?.urn === e.element.urn ? `${place} ${how}` : `${subject(e)} ${how} ${place}`;
        return `${reached}${route ? `, and ${internetRouteText(route)} routes the internet to it` : ""}: the internet (red) reaches green directly; route it through yellow`;
    },
    "zone.green-exposed.undetermined": (e) =>
        `${greenText(e)}: whether it is reachable from the internet is not known until apply`,
    "zone.red-green.held-by-one-layer": (e) => {
        const { reading, from = [], to = [] } = e;
        if (!reading) throw new Error(`the evidence of ${e.element.urn} has no reading`);
        const [group, subnet] = reading.direction === "ingress" ? [to[0]!, from[0]!] : [from[0]!, to[0]!];
        const reads =
            reading.direction === "ingress"
                ? `admits ${reading.peer} to ${reading.group} (${placeEvidenceText(group)})`
                : `lets ${reading.group} (${placeEvidenceText(group)}) send to ${reading.peer}`;
        return `${reading.label} ${reads}, a block that sweeps in ${subnet.place} (${placeEvidenceText(subnet)}): no flow gets through, but only ${e.holds} holds it; defence in depth: narrow the block`;
    },
};

const REMOTE_ACCESS_RULE =
    "the door the provider enters through must be managed by the client (demarc:managed-by=client)";

/** A managed device as a message names it: with the role that makes it one, where it has one. */
function device(evidence: FindingEvidence): string {
    const role = read(evidence, TAG.role);
    return role ? `${subject(evidence)} (demarc:role=${role.value})` : subject(evidence);
}

const DUTIES: Partial<Record<FindingKind, Render>> = {
    "duty.remote-access-not-client-managed": (e) =>
        `${subject(e)} is a remote-access gateway with demarc:managed-by=${quote((value(e).value ?? "").trim())} (${fromWhere(value(e).from)}); ${REMOTE_ACCESS_RULE}`,
    "duty.remote-access-no-manager": (e) =>
        `${subject(e)} is a remote-access gateway with no demarc:managed-by; ${REMOTE_ACCESS_RULE}`,
    "duty.remote-access.undetermined": (e) =>
        `${subject(e)} is a remote-access gateway; who manages it is not known: ${unknownValue(e).reason}`,
    "standard.outdated": (e) => {
        const standard = read(e, TAG.standard)!;
        const current = read(e, "currentStandard")!;
        return `${device(e)} is built to standard ${standard.value} (demarc:standard, ${fromWhere(standard.from)}), older than the current ${current.value} (${current.from})`;
    },
    "standard.missing": (e) => {
        const current = read(e, "currentStandard");
        return current
            ? `${device(e)} has no demarc:standard; the current standard is ${current.value} (${current.from})`
            : `${device(e)} has no demarc:standard; tag it with the version of the client's standard it was built to`;
    },
    "standard.undetermined": (e) => `${device(e)}: its standard is not known: ${unknownValue(e).reason}`,
};

const RENDERERS: Partial<Record<FindingKind, Render>> = {
    ...TAGS,
    ...EXPIRY,
    ...EVIDENCE,
    ...DUTIES,
    ...ROLES,
    ...SHARES,
    ...NETWORK,
    ...EDGES,
};

/** Whether findings of a kind have their message rendered from their evidence. */
export const rendersFromEvidence = (kind: string): boolean => kind in RENDERERS;

/** The message of a finding of `kind` resting on `evidence`. */
export function renderMessage(kind: FindingKind, evidence: FindingEvidence): string {
    const render = RENDERERS[kind];
    if (!render) throw new Error(`no message is rendered for findings of kind ${kind}`);
    return messageOfKind(kind, render(evidence));
}

/** The message of a finding of `kind` that says `text`, rendered from its evidence or, on the pack as a whole, given. */
export function messageOfKind(kind: FindingKind, text: string): string {
    return isUndeterminedKind(kind) ? `undetermined: ${text}` : text;
}

/** A finding is one line of its diagnostic: a line break the client wrote in a waiver reads as a space. */
const oneLine = (text: string) => text.replace(/\r?\n/g, " ");

/** How a finding's message opens where a waiver covers it, or only an expired one would. */
function waiverText({ waived, waiverLapsed }: WaiverFields): string {
    if (waived)
        return `waived (approved by ${oneLine(waived.approver)} until ${waived.expires}: ${oneLine(waived.justification)}): `;
    if (waiverLapsed)
        return `waiver expired on ${waiverLapsed.expires} (approved by ${oneLine(waiverLapsed.approver)}): `;
    return "";
}

/**
 * A finding's whole message: how a waiver stands on it, then what it says, rendered from its evidence (or, for a
 * finding on the pack as a whole, which has none, the words it was given).
 */
export function renderFindingMessage(kind: FindingKind, said: FindingEvidence | string, waiver: WaiverFields): string {
    return waiverText(waiver) + (typeof said === "string" ? said : renderMessage(kind, said));
}
