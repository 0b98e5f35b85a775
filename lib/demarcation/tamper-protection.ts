import { T } from "../aws-types";
import {
    undetermined,
    UNTIL_APPLY,
    violation,
    type Finding,
    type HeldEvidence,
    type ProtectionEvidence,
    type ProtectionShortfall,
    type UnknownValue,
    type ValueRead,
} from "../findings";
import { DAYS_PER_YEAR, DELIVERY_CLASS_DAYS, RETENTION_SETTING } from "../messages";
import type { ResourceView } from "../resource";
import type { StackIndex } from "../stack";
import { valuesAt, type Read } from "../values";
import { logStores, ownStoreReason } from "./evidence";
import { resolveReference } from "../references";
import { elementOf } from "../urn";

const BUCKETS: readonly string[] = [T.bucket, T.bucketV2];
const VERSIONING: readonly string[] = [T.bucketVersioning, T.bucketVersioningV2];
const OBJECT_LOCK: readonly string[] = [T.bucketObjectLock, T.bucketObjectLockV2];
/** Where an object-lock configuration resource sets its default retention. */
const COMPANION_RETENTION = "rule.defaultRetention";

/** Resources configuring a bucket (versioning, object lock), by the bucket they name; those naming an unknown bucket apart. */
interface Companions {
    readonly of: Map<ResourceView, ResourceView[]>;
    readonly unattributed: ResourceView[];
}

function companions(index: StackIndex, types: readonly string[]): Companions {
    const of = new Map<ResourceView, ResourceView[]>();
    const unattributed: ResourceView[] = [];
    for (const view of index.ofType(...types)) {
        for (const target of resolveReference(index, view, "bucket", { types: BUCKETS, names: true }).referents) {
            if (target.state === "in-stack") of.set(target.view, [...(of.get(target.view) ?? []), view]);
            else if (target.state === "unknown") unattributed.push(view);
        }
    }
    return { of, unattributed };
}

type Verdict =
    | { readonly state: "ok" }
    | { readonly state: "violation"; readonly shortfall: ProtectionShortfall; readonly values: readonly ValueRead[] }
    | { readonly state: "unknown"; readonly unknown: readonly UnknownValue[] };

const ok: Verdict = { state: "ok" };

const violated = (shortfall: ProtectionShortfall, ...values: ValueRead[]): Verdict => ({
    state: "violation",
    shortfall,
    values,
});
const unknownAt = (what: string, of?: ResourceView): Verdict => ({
    state: "unknown",
    unknown: [{ ...(of ? { of: elementOf(of) } : {}), what, reason: UNTIL_APPLY }],
});

/** A property as read, of `of` where not the store itself: its value, or why there is none. Not for a value not known until apply. */
function propertyRead(read: Read<unknown>, path: string, of?: ResourceView): ValueRead {
    const on = of ? { of: elementOf(of) } : {};
    switch (read.state) {
        case "known":
            return { ...on, name: path, value: String(read.value) };
        case "mistyped":
            return { ...on, name: read.path, invalid: "mistyped", found: read.found, allowed: read.expected };
        default:
            return { ...on, name: read.path };
    }
}

const isScalar = (value: unknown): value is string | number | boolean =>
    typeof value === "string" || typeof value === "number" || typeof value === "boolean";

/** The scalar values written at `path`, each as read: what an unprotected store has in place of protection. */
const written = (values: readonly unknown[], path: string): ValueRead[] =>
    values.filter(isScalar).map((value) => ({ name: path, value: String(value) }));

/** The minimum retention, as the finding reads it: the setting and its value. */
const minimumRead = (minimumDays: number): ValueRead => ({ name: RETENTION_SETTING, value: String(minimumDays) });

function mayBelong(unattributed: readonly ResourceView[]): Verdict | undefined {
    if (unattributed.length === 0) return undefined;
    return {
        state: "unknown",
        unknown: unattributed.map((view) => ({ of: elementOf(view), what: "bucket", reason: UNTIL_APPLY })),
    };
}

const STATUS = "versioningConfiguration.status";

function versioningVerdict(bucket: ResourceView, versioning: Companions): Verdict {
    const inlinePath = bucket.type === T.bucketV2 ? "versionings.enabled" : "versioning.enabled";
    const inline = valuesAt(bucket.record.props, inlinePath);
    if (inline.values.includes(true)) return ok;
    const statuses: ValueRead[] = [];
    for (const config of versioning.of.get(bucket) ?? []) {
        const status = config.string(STATUS);
        if (status.state === "known" && status.value.trim().toLowerCase() === "enabled") return ok;
        if (status.state === "unknown") return unknownAt(STATUS, config);
        statuses.push(propertyRead(status, STATUS, config));
    }
    if (inline.unknown) return unknownAt(inlinePath);
    const unattributed = mayBelong(versioning.unattributed);
    if (unattributed) return unattributed;
    if (statuses.length > 0) return violated("not-enabled", ...statuses);
    return violated("absent", ...written(inline.values, inlinePath));
}

/** A default retention as written: its days or years, and its mode, each read at its path. */
interface Retention {
    readonly days: number;
    readonly reads: readonly ValueRead[];
}

/** Default retentions, from an object-lock configuration's `rule.defaultRetention` or a BucketV2's `rules.defaultRetentions`. */
function retentions(root: unknown, path: string, of?: ResourceView): { found: Retention[]; unknown: boolean } {
    const found = valuesAt(root, path);
    const on = of ? { of: elementOf(of) } : {};
    const kept: Retention[] = [];
    let unknown = found.unknown;
    for (const retention of found.values) {
        if (retention === null || typeof retention !== "object") continue;
        const each = retention as Record<string, unknown>;
        const d = valuesAt(each, "days");
        const y = valuesAt(each, "years");
        if (d.unknown || y.unknown) unknown = true;
        const dayCount = d.values.find((v): v is number => typeof v === "number");
        const yearCount = y.values.find((v): v is number => typeof v === "number");
        const mode = valuesAt(each, "mode").values.find((v): v is string => typeof v === "string");
        const modeRead = mode === undefined ? [] : [{ ...on, name: `${path}.mode`, value: mode }];
        if (dayCount !== undefined)
            kept.push({
                days: dayCount,
                reads: [{ ...on, name: `${path}.days`, value: String(dayCount) }, ...modeRead],
            });
        else if (yearCount !== undefined)
            kept.push({
                days: yearCount * DAYS_PER_YEAR,
                reads: [{ ...on, name: `${path}.years`, value: String(yearCount) }, ...modeRead],
            });
    }
    return { found: kept, unknown };
}

function objectLockVerdict(bucket: ResourceView, locks: Companions, minimumDays: number): Verdict {
    const props = bucket.record.props;
    const enabledFlag = valuesAt(props, "objectLockEnabled");
    const inlineEnabled = valuesAt(props, "objectLockConfiguration.objectLockEnabled");
    const configs = locks.of.get(bucket) ?? [];
    const enabled = enabledFlag.values.includes(true) || inlineEnabled.values.includes("Enabled") || configs.length > 0;
    const inlinePath =
        bucket.type === T.bucketV2
            ? "objectLockConfiguration.rules.defaultRetentions"
            : "objectLockConfiguration.rule.defaultRetention";
    const sources: { found: Retention[]; unknown: boolean; path: string; of?: ResourceView }[] = [
        { ...retentions(props, inlinePath), path: inlinePath },
        ...configs.map((config) => ({
            ...retentions(config.record.props, COMPANION_RETENTION, config),
            path: COMPANION_RETENTION,
            of: config,
        })),
    ];
    const longest = sources.flatMap((s) => s.found).sort((a, b) => b.days - a.days)[0];
    if (enabled && longest && longest.days >= minimumDays) return ok;
    const unknown = sources.find((s) => s.unknown);
    if (unknown) return unknownAt(unknown.path, unknown.of);
    if (!enabled && enabledFlag.unknown) return unknownAt("objectLockEnabled");
    if (!enabled && inlineEnabled.unknown) return unknownAt("objectLockConfiguration.objectLockEnabled");
    const unattributed = mayBelong(locks.unattributed);
    if (unattributed) return unattributed;
    const minimum = minimumRead(minimumDays);
    if (!enabled)
        return violated(
            "absent",
            ...written(enabledFlag.values, "objectLockEnabled"),
            ...written(inlineEnabled.values, "objectLockConfiguration.objectLockEnabled"),
            minimum,
        );
    if (!longest)
        return violated(
            "no-default-retention",
            ...configs.map((config) => ({ of: elementOf(config), name: COMPANION_RETENTION })),
            minimum,
        );
    return violated("too-short", ...longest.reads, minimum);
}

function logGroupVerdict(group: ResourceView, minimumDays: number): Verdict {
    const logClass = group.string("logGroupClass");
    if (logClass.state === "unknown") return unknownAt("logGroupClass");
    if (logClass.state === "known" && logClass.value.trim().toUpperCase() === "DELIVERY") {
        if (DELIVERY_CLASS_DAYS >= minimumDays) return ok;
        return violated("delivery-class", { name: "logGroupClass", value: logClass.value }, minimumRead(minimumDays));
    }
    const retention = group.number("retentionInDays");
    switch (retention.state) {
        case "absent":
            return ok;
        case "unknown":
            return unknownAt("retentionInDays");
        case "mistyped":
            return violated("mistyped", propertyRead(retention, "retentionInDays"));
        case "known":
            if (retention.value === 0 || retention.value >= minimumDays) return ok;
            return violated("too-short", propertyRead(retention, "retentionInDays"), minimumRead(minimumDays));
    }
}

/** Each verdict on a store, by the protection it judges. */
function verdictFindings(
    view: ResourceView,
    why: HeldEvidence,
    verdicts: Partial<Record<ProtectionEvidence["what"], Verdict>>,
): Finding[] {
    const findings: Finding[] = [];
    for (const [what, verdict] of Object.entries(verdicts) as [ProtectionEvidence["what"], Verdict][]) {
        if (verdict.state === "violation")
            findings.push(
                violation("evidence.unprotected-store", view.urn, {
                    holdsEvidence: why,
                    protection: { what, shortfall: verdict.shortfall },
                    ...(verdict.values.length > 0 ? { values: verdict.values } : {}),
                }),
            );
        else if (verdict.state === "unknown")
            findings.push(
                undetermined("evidence.protection.undetermined", view.urn, verdict.unknown, {
                    holdsEvidence: why,
                    protection: { what },
                }),
            );
    }
    return findings;
}

/**
 * A log group keeps its events as long as its own retentionInDays and logGroupClass say: no other resource
 * changes that, so it is judged on the log group alone, before it is created.
 */
export function logRetentionFindings(view: ResourceView, minimumDays: number): Finding[] {
    const why = view.type === T.logGroup ? ownStoreReason(view) : undefined;
    return why ? verdictFindings(view, why, { retention: logGroupVerdict(view, minimumDays) }) : [];
}

/**
 * Log buckets are versioned and object-locked with a long enough default retention. Either may be set by a
 * separate resource naming the bucket, so no bucket is judged on its own; log groups are ({@link logRetentionFindings}).
 */
export function checkTamperProtection(index: StackIndex, minimumDays: number): Finding[] {
    const versioning = companions(index, VERSIONING);
    const locks = companions(index, OBJECT_LOCK);
    return logStores(index)
        .filter(({ view }) => BUCKETS.includes(view.type))
        .flatMap(({ view, why }) =>
            verdictFindings(view, why, {
                versioning: versioningVerdict(view, versioning),
                "object lock": objectLockVerdict(view, locks, minimumDays),
            }),
        );
}
