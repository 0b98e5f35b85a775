import { T } from "../aws-types";
import { undetermined, UNTIL_APPLY, violation, type Finding, type UnknownValue } from "../findings";
import { describe } from "../placement";
import type { ResourceView } from "../resource";
import type { StackIndex } from "../stack";
import { quote } from "../tags";
import { describeRead, valuesAt } from "../values";
import { logStores, ownStoreReason } from "./evidence";
import { resolveReference } from "../references";
import { elementOf } from "../urn";

const BUCKETS: readonly string[] = [T.bucket, T.bucketV2];
const VERSIONING: readonly string[] = [T.bucketVersioning, T.bucketVersioningV2];
const OBJECT_LOCK: readonly string[] = [T.bucketObjectLock, T.bucketObjectLockV2];
const DAYS_PER_YEAR = 365;

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
    | { readonly state: "violation"; readonly detail: string }
    | { readonly state: "unknown"; readonly detail: string; readonly unknown: readonly UnknownValue[] };

const ok: Verdict = { state: "ok" };

function mayBelong(unattributed: readonly ResourceView[], what: string): Verdict | undefined {
    if (unattributed.length === 0) return undefined;
    return {
        state: "unknown",
        detail: `the bucket of ${unattributed.map(describe).join(", ")} is not known until apply, so its ${what} cannot be told`,
        unknown: unattributed.map((view) => ({ of: elementOf(view), what: "bucket", reason: UNTIL_APPLY })),
    };
}

function versioningVerdict(bucket: ResourceView, versioning: Companions): Verdict {
    const inlinePath = bucket.type === T.bucketV2 ? "versionings.enabled" : "versioning.enabled";
    const inline = valuesAt(bucket.record.props, inlinePath);
    if (inline.values.includes(true)) return ok;
    const statuses: string[] = [];
    for (const config of versioning.of.get(bucket) ?? []) {
        const status = config.string("versioningConfiguration.status");
        if (status.state === "known" && status.value.trim().toLowerCase() === "enabled") return ok;
        if (status.state === "unknown")
            return {
                state: "unknown",
                detail: `the versioning status of ${describe(config)} is not known until apply`,
                unknown: [{ of: elementOf(config), what: "versioningConfiguration.status", reason: UNTIL_APPLY }],
            };
        statuses.push(
            status.state === "known"
                ? `${quote(status.value)} (${describe(config)})`
                : `${describeRead(status)} (${describe(config)})`,
        );
    }
    if (inline.unknown)
        return {
            state: "unknown",
            detail: "its inline versioning is not known until apply",
            unknown: [{ what: inlinePath, reason: UNTIL_APPLY }],
        };
    const unattributed = mayBelong(versioning.unattributed, "versioning");
    if (unattributed) return unattributed;
    if (statuses.length > 0)
        return { state: "violation", detail: `its versioning is ${statuses.join(", ")}, not "Enabled"` };
    return { state: "violation", detail: "it has no versioning, so an overwritten or deleted log is gone" };
}

/** Default retentions in days, from an object-lock configuration's `rule.defaultRetention` or a BucketV2's `rules.defaultRetentions`. */
function retentions(root: unknown, path: string): { days: number[]; unknown: boolean } {
    const found = valuesAt(root, path);
    const days: number[] = [];
    let unknown = found.unknown;
    for (const retention of found.values) {
        if (retention === null || typeof retention !== "object") continue;
        const each = retention as Record<string, unknown>;
        const d = valuesAt(each, "days");
        const y = valuesAt(each, "years");
        if (d.unknown || y.unknown) unknown = true;
        const dayCount = d.values.find((v): v is number => typeof v === "number");
        const yearCount = y.values.find((v): v is number => typeof v === "number");
        if (dayCount !== undefined) days.push(dayCount);
        else if (yearCount !== undefined) days.push(yearCount * DAYS_PER_YEAR);
    }
    return { days, unknown };
}

function objectLockVerdict(bucket: ResourceView, locks: Companions, minimumDays: number): Verdict {
    const props = bucket.record.props;
    const enabledFlag = valuesAt(props, "objectLockEnabled");
    const inlineEnabled = valuesAt(props, "objectLockConfiguration.objectLockEnabled");
    const configs = locks.of.get(bucket) ?? [];
    const enabled = enabledFlag.values.includes(true) || inlineEnabled.values.includes("Enabled") || configs.length > 0;
    const sources: { days: number[]; unknown: boolean; from: string }[] = [
        {
            ...retentions(
                props,
                bucket.type === T.bucketV2
                    ? "objectLockConfiguration.rules.defaultRetentions"
                    : "objectLockConfiguration.rule.defaultRetention",
            ),
            from: "its objectLockConfiguration",
        },
        ...configs.map((config) => ({
            ...retentions(config.record.props, "rule.defaultRetention"),
            from: describe(config),
        })),
    ];
    const longest = sources
        .flatMap((s) => s.days.map((days) => ({ days, from: s.from })))
        .sort((a, b) => b.days - a.days)[0];
    if (enabled && longest && longest.days >= minimumDays) return ok;
    const unknown = sources.find((s) => s.unknown);
    if (unknown)
        return {
            state: "unknown",
            detail: `its object-lock retention (${unknown.from}) is not known until apply`,
            unknown: [{ what: `object-lock retention (${unknown.from})`, reason: UNTIL_APPLY }],
        };
    if (!enabled && (enabledFlag.unknown || inlineEnabled.unknown))
        return {
            state: "unknown",
            detail: "whether it has object lock is not known until apply",
            unknown: [{ what: "objectLockEnabled", reason: UNTIL_APPLY }],
        };
    const unattributed = mayBelong(locks.unattributed, "object lock");
    if (unattributed) return unattributed;
    const minimum = `at least ${minimumDays} days (logRetentionDays)`;
    if (!enabled)
        return {
            state: "violation",
            detail: `it has no object lock; enable objectLockEnabled with a default retention of ${minimum}`,
        };
    if (!longest)
        return {
            state: "violation",
            detail: `its object lock has no default retention, so the writer decides what may be deleted; set one of ${minimum}`,
        };
    return {
        state: "violation",
        detail: `its object-lock default retention is ${longest.days} days (${longest.from}), below ${minimum}`,
    };
}

/** CloudWatch ignores retentionInDays of a DELIVERY-class log group and keeps its events this many days. */
const DELIVERY_CLASS_DAYS = 2;

function logGroupVerdict(group: ResourceView, minimumDays: number): Verdict {
    const logClass = group.string("logGroupClass");
    if (logClass.state === "unknown")
        return {
            state: "unknown",
            detail: "its logGroupClass is not known until apply",
            unknown: [{ what: "logGroupClass", reason: UNTIL_APPLY }],
        };
    if (logClass.state === "known" && logClass.value.trim().toUpperCase() === "DELIVERY") {
        if (DELIVERY_CLASS_DAYS >= minimumDays) return ok;
        return {
            state: "violation",
            detail: `it is of logGroupClass "DELIVERY", whose events CloudWatch keeps ${DELIVERY_CLASS_DAYS} days whatever retentionInDays says, below the minimum of ${minimumDays} days (logRetentionDays)`,
        };
    }
    const retention = group.number("retentionInDays");
    switch (retention.state) {
        case "absent":
            return ok;
        case "unknown":
            return {
                state: "unknown",
                detail: "its retentionInDays is not known until apply",
                unknown: [{ what: "retentionInDays", reason: UNTIL_APPLY }],
            };
        case "mistyped":
            return { state: "violation", detail: describeRead(retention) };
        case "known":
            if (retention.value === 0 || retention.value >= minimumDays) return ok;
            return {
                state: "violation",
                detail: `it keeps logs ${retention.value} days (retentionInDays), below the minimum of ${minimumDays} days (logRetentionDays)`,
            };
    }
}

/** Each verdict on a store, by the protection it judges (`versioning`, `object lock`, `retention`). */
function verdictFindings(view: ResourceView, why: string, verdicts: Readonly<Record<string, Verdict>>): Finding[] {
    const findings: Finding[] = [];
    for (const [name, verdict] of Object.entries(verdicts)) {
        const detail = {
            holdsEvidence: why,
            values: [{ name, problem: verdict.state === "ok" ? "" : verdict.detail }],
        };
        if (verdict.state === "violation") findings.push(violation("evidence.unprotected-store", view.urn, detail));
        else if (verdict.state === "unknown")
            findings.push(undetermined("evidence.protection.undetermined", view.urn, verdict.unknown, detail));
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
