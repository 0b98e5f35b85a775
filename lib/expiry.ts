import { CidrSet, isEverywhere, parseCidr, type Cidr } from "./cidr";
import { T } from "./aws-types";
import { formatIsoDay, parseIsoDay } from "./dates";
import { advisory, undetermined, UNTIL_APPLY, violation, type AccessReason, type Finding } from "./findings";
import { THIRD_PARTY_ACCESS } from "./messages";
import { describe, type Placement } from "./placement";
import { resolveReference } from "./references";
import { elementOf } from "./urn";
import type { ResourceView } from "./resource";
import type { StackIndex } from "./stack";
import { TAG } from "./tag-keys";
import { ALLOWED_VALUES, demarcTagsOf, tagSourceText, type DemarcTags } from "./tags";
import { connectionAccess, DECIDED_FROM_FACTS, gatewayAddressAccess, NO_ACCESS, type Access } from "./third-party";
import { trustedAccounts } from "./trust-policy";
import { isUnknown, showValue } from "./values";

export interface ExpirySettings {
    readonly thirdPartyAccessTypes: readonly string[];
    readonly clientAccountIds: readonly string[];
    readonly clientCidrs: readonly string[];
    readonly providerCidrs: readonly string[];
}

export interface ExpiryDateSettings {
    readonly expiryWarningDays: number;
    readonly maxExpiryDays: number;
}

/** Where a last valid day stands on the day of the check. */
export type ExpiryStatus =
    | { readonly state: "expired"; readonly daysAgo: number }
    | { readonly state: "beyond horizon"; readonly daysAway: number; readonly latest: string }
    | { readonly state: "valid"; readonly daysLeft: number };

/** The last valid day is still valid on that day; it may lie at most `maxExpiryDays` after `asOfDay`. */
export function expiryStatus(lastValidDay: number, asOfDay: number, maxExpiryDays: number): ExpiryStatus {
    const daysLeft = lastValidDay - asOfDay;
    if (daysLeft < 0) return { state: "expired", daysAgo: -daysLeft };
    if (daysLeft > maxExpiryDays)
        return { state: "beyond horizon", daysAway: daysLeft, latest: formatIsoDay(asOfDay + maxExpiryDays) };
    return { state: "valid", daysLeft };
}

const NONE: Access = NO_ACCESS;

/** The address ranges that are not third parties: the client's, the provider's, and the stack's own VPCs. */
class OwnRanges {
    private readonly ranges: Cidr[] = [];
    private union: CidrSet | undefined;
    /** Stack VPC ranges not known until apply. */
    readonly pending: string[] = [];

    constructor(index: StackIndex, settings: ExpirySettings) {
        for (const text of [...settings.clientCidrs, ...settings.providerCidrs]) this.add(text);
        for (const vpc of index.ofType(T.vpc)) {
            for (const property of ["cidrBlock", "ipv6CidrBlock"]) {
                const value = vpc.record.props[property];
                if (isUnknown(value)) this.pending.push(`the ${property} of ${describe(vpc)}`);
                else if (typeof value === "string") this.add(value);
            }
        }
    }

    private add(text: string): void {
        const range = parseCidr(text);
        if (range) this.ranges.push(range);
    }

    /** Whether every address of the block lies in these ranges (merged once, asked for every ingress range). */
    cover(range: Cidr): boolean {
        this.union ??= new CidrSet(this.ranges);
        return !this.union.leavesOut(range);
    }
}

function collectStrings(value: unknown, out: unknown[]): void {
    if (Array.isArray(value)) for (const v of value) collectStrings(v, out);
    else if (value !== undefined && value !== null) out.push(value);
}

/** Ingress address ranges outside the client's and provider's: partners, contractors. The whole internet is not a third party. */
function addressAccess(view: ResourceView, sources: readonly unknown[], own: OwnRanges): Access {
    const outside: string[] = [];
    const unsure: string[] = [];
    for (const source of sources) {
        if (isUnknown(source)) {
            unsure.push(`an ingress address range of ${describe(view)} is not known until apply`);
            continue;
        }
        const range = typeof source === "string" ? parseCidr(source) : undefined;
        if (!range) {
            unsure.push(`${describe(view)} has an ingress address range ${showValue(source)} that is not a CIDR block`);
            continue;
        }
        if (isEverywhere(range) || own.cover(range)) continue;
        if (own.pending.length > 0) {
            unsure.push(
                `whether ${range.text} lies in the stack's own ranges: ${own.pending.join(", ")} ${own.pending.length === 1 ? "is" : "are"} not known until apply`,
            );
        } else outside.push(range.text);
    }
    if (outside.length > 0) return { state: "access", why: { because: "ingress", blocks: [...new Set(outside)] } };
    if (unsure.length > 0) return { state: "unknown", reason: unsure.join("; ") };
    return NONE;
}

function ingressSources(view: ResourceView): unknown[] | "unknown" | "egress" {
    const sources: unknown[] = [];
    const props = view.record.props;
    if (view.type === T.securityGroup) {
        const ingress = props["ingress"];
        if (isUnknown(ingress)) return "unknown";
        for (const rule of Array.isArray(ingress) ? ingress : []) {
            if (isUnknown(rule)) return "unknown";
            if (rule === null || typeof rule !== "object") continue;
            collectStrings((rule as Record<string, unknown>)["cidrBlocks"], sources);
            collectStrings((rule as Record<string, unknown>)["ipv6CidrBlocks"], sources);
        }
    } else if (view.type === T.securityGroupRule) {
        if (isUnknown(props["type"])) return "unknown";
        if (props["type"] !== "ingress") return "egress";
        collectStrings(props["cidrBlocks"], sources);
        collectStrings(props["ipv6CidrBlocks"], sources);
    } else {
        collectStrings(props["cidrIpv4"], sources);
        collectStrings(props["cidrIpv6"], sources);
    }
    return sources;
}

function accountsOf(value: unknown): string[] {
    let list = value;
    if (typeof list === "string" && !isUnknown(list)) {
        try {
            list = JSON.parse(list);
        } catch {
            return [];
        }
    }
    return Array.isArray(list) ? list.filter((a): a is string => typeof a === "string") : [];
}

/**
 * A role is third-party access when its trust policy admits an account outside the configured client
 * accounts. With none configured, the accounts the provider is allowed to manage (`allowedAccountIds`)
 * are the role's own; with neither, every account a trust policy names counts.
 */
function trustAccess(view: ResourceView, settings: Pick<ExpirySettings, "clientAccountIds">): Access {
    const trust = trustedAccounts(view.read("assumeRolePolicy"));
    if (trust.state === "unknown")
        return { state: "unknown", reason: `the trust policy of ${describe(view)} is not known until apply` };
    if (trust.state === "invalid") return { state: "unknown", reason: `${describe(view)}: ${trust.problem}` };
    const own =
        settings.clientAccountIds.length > 0
            ? settings.clientAccountIds
            : accountsOf(view.record.provider?.props["allowedAccountIds"]);
    const outside = trust.accounts.filter((a) => !own.includes(a));
    if (trust.everyone) return { state: "access", why: { because: "trusts", anyone: true } };
    if (outside.length > 0) return { state: "access", why: { because: "trusts", accounts: outside } };
    if (trust.partlyUnknown)
        return {
            state: "unknown",
            reason: `principals in the trust policy of ${describe(view)} are not known until apply`,
        };
    return NONE;
}

const ADDRESS_RULES: ReadonlySet<string> = new Set([T.securityGroup, T.securityGroupRule, T.vpcIngressRule]);

export type OwnAccessSettings = Pick<ExpirySettings, "thirdPartyAccessTypes" | "clientAccountIds" | "clientCidrs">;

/**
 * Whether a resource is third-party access, where the resource, its provider and the configuration decide: a role by
 * its trust policy, a customer gateway by its address, any other listed type that is not a connection, an address
 * rule or a resource without tags by its type. Undefined where that takes the rest of the stack.
 */
function ownAccess(view: ResourceView, settings: OwnAccessSettings): Access | undefined {
    if (!settings.thirdPartyAccessTypes.includes(view.type)) return NONE;
    if (view.type === T.iamRole) return trustAccess(view, settings);
    if (view.type === T.customerGateway) return gatewayAddressAccess(view, settings, view);
    if (DECIDED_FROM_FACTS.has(view.type) || ADDRESS_RULES.has(view.type) || view.type in TAG_HOLDERS) return undefined;
    return { state: "access" };
}

/** Whether a resource whose access takes the stack to decide ({@link ownAccess}) is third-party access. */
function accessOf(
    view: ResourceView,
    settings: ExpirySettings,
    own: OwnRanges,
    index: StackIndex,
    placement: Placement,
): Access {
    if (DECIDED_FROM_FACTS.has(view.type)) return connectionAccess(view, settings, index, placement);
    if (ADDRESS_RULES.has(view.type)) {
        const sources = ingressSources(view);
        if (sources === "egress") return NONE;
        if (sources === "unknown")
            return { state: "unknown", reason: `the ingress rules of ${describe(view)} are not known until apply` };
        return addressAccess(view, sources, own);
    }
    return { state: "access" };
}

/** What the expiry tag's date says on the day of the check: expired, beyond the horizon, or within the warning window. */
function dateFindings(urn: string, tags: DemarcTags, settings: ExpiryDateSettings, asOfDay: number): Finding[] {
    const expires = tags.get("expires");
    if (expires.state !== "valid") return [];
    const date = expires.value;
    const status = expiryStatus(parseIsoDay(date) as number, asOfDay, settings.maxExpiryDays);
    const read = { name: TAG.expires, value: date, from: tagSourceText(expires.source) };
    const asOf = { name: "asOf", value: formatIsoDay(asOfDay) };
    if (status.state === "expired") return [violation("expiry.expired", urn, { values: [read, asOf] })];
    if (status.state === "beyond horizon")
        return [
            violation("expiry.beyond-horizon", urn, {
                values: [
                    { ...read, allowed: `${status.latest} or earlier (maxExpiryDays)` },
                    asOf,
                    { name: "maxExpiryDays", value: String(settings.maxExpiryDays) },
                ],
            }),
        ];
    if (status.daysLeft <= settings.expiryWarningDays)
        return [advisory("expiry.expiring-soon", urn, { values: [read, asOf] })];
    return [];
}

/**
 * A resource carrying `demarc:expires` is access that ends on that day, whatever else decides whether it is
 * third-party access: judged on the resource alone, before it is created. Expired and beyond the horizon are
 * violations, within the warning window advisory. (A value that is not a date is a tag-value finding.)
 */
export function expiryDateFindings(view: ResourceView, settings: ExpiryDateSettings, asOfDay: number): Finding[] {
    return dateFindings(view.urn, demarcTagsOf(view), settings, asOfDay);
}

/** Why a resource is third-party access, where its record shows it: what its findings say of it. */
const accessDetail = (access: Access): { access?: AccessReason } =>
    access.state === "access" && access.why !== undefined ? { access: access.why } : {};

/**
 * Third-party access must carry an expiry and an owner. Their values are judged on the resource that carries
 * them ({@link expiryDateFindings} and the tag-value rule), so this reports only what is absent or not known.
 */
function presenceFindings(view: ResourceView, access: Access, holder: ResourceView = view): Finding[] {
    const findings: Finding[] = [];
    const urn = view.urn;
    const of = holder === view ? {} : { of: elementOf(holder) };
    const detail = accessDetail(access);
    for (const name of ["expires", "owner"] as const) {
        const read = demarcTagsOf(holder).get(name);
        if (read.state === "absent")
            findings.push(
                violation("expiry.missing-tag", urn, {
                    ...detail,
                    values: [{ ...of, name: TAG[name], allowed: ALLOWED_VALUES[name] }],
                }),
            );
        else if (read.state === "unknown")
            findings.push(
                undetermined("expiry.undetermined", urn, [{ ...of, what: TAG[name], reason: read.reason }], detail),
            );
    }
    return findings;
}

/**
 * The resource that carries the expiry of a piece of access: itself, or for an
 * `aws:ec2/securityGroupRule` (which takes no tags) its security group.
 */
/** Resources that take no tags, and the resource that carries their expiry. */
const TAG_HOLDERS: Readonly<Record<string, { path: string; type: string }>> = {
    [T.securityGroupRule]: { path: "securityGroupId", type: T.securityGroup },
    [T.ramPrincipalAssociation]: { path: "resourceShareArn", type: T.ramResourceShare },
};

/**
 * The resource that carries the expiry of a piece of access: itself, or for one that takes no tags
 * (an `aws:ec2/securityGroupRule`, a RAM principal association) the resource it belongs to.
 */
function tagHolder(
    view: ResourceView,
    access: Access,
    index: StackIndex,
): { holder: ResourceView } | { finding: Finding } {
    const holding = TAG_HOLDERS[view.type];
    if (!holding) return { holder: view };
    const held = resolveReference(index, view, holding.path, { types: [holding.type], one: true });
    if (held.state === "resolved") return { holder: held.targets[0] };
    if (held.state === "unknown")
        return {
            finding: undetermined(
                "expiry.undetermined",
                view.urn,
                [{ what: holding.path, reason: UNTIL_APPLY }],
                accessDetail(access),
            ),
        };
    const holderRead =
        held.state === "external"
            ? { name: holding.path, value: held.external.join(", "), notInStack: true as const }
            : { name: holding.path };
    return { finding: violation("expiry.untaggable", view.urn, { ...accessDetail(access), values: [holderRead] }) };
}

/**
 * Third-party access the resource alone shows (a role trusting another account, a customer gateway outside the
 * client's ranges, a Client VPN endpoint) carries `demarc:expires` and `demarc:owner`: judged before it is created.
 */
export function ownAccessExpiryFindings(view: ResourceView, settings: OwnAccessSettings): Finding[] {
    const access = ownAccess(view, settings);
    if (access === undefined || access.state === "none") return [];
    if (access.state === "unknown")
        return [undetermined("expiry.undetermined", view.urn, [{ what: THIRD_PARTY_ACCESS, reason: access.reason }])];
    return presenceFindings(view, access);
}

/** Third-party access whose access takes the stack to decide carries `demarc:expires` (the last valid day) and `demarc:owner`. */
export function accessExpiryFindings(index: StackIndex, placement: Placement, settings: ExpirySettings): Finding[] {
    const own = new OwnRanges(index, settings);
    const findings: Finding[] = [];
    for (const view of index.views) {
        if (ownAccess(view, settings) !== undefined) continue;
        const access = accessOf(view, settings, own, index, placement);
        if (access.state === "none") continue;
        if (access.state === "unknown") {
            findings.push(
                undetermined("expiry.undetermined", view.urn, [{ what: THIRD_PARTY_ACCESS, reason: access.reason }]),
            );
            continue;
        }
        const held = tagHolder(view, access, index);
        if ("finding" in held) {
            findings.push(held.finding);
            continue;
        }
        findings.push(...presenceFindings(view, access, held.holder));
    }
    return findings;
}
