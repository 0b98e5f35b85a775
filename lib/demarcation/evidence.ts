import { T } from "../aws-types";
import type { ResourceView } from "../resource";
import type { StackIndex } from "../stack";
import { demarcTagsOf } from "../tags";
import { resolveReference, type Referent, type ReferenceSpec } from "../references";
import type { HeldEvidence } from "../findings";
import { elementOf } from "../urn";

const BUCKETS: readonly string[] = [T.bucket, T.bucketV2];
const SUBSCRIPTION_DESTINATIONS: readonly string[] = [
    T.firehoseStream,
    T.kinesisStream,
    T.lambdaFunction,
    T.logDestination,
    T.logGroup,
];
const FIREHOSE_S3_PATHS = [
    "extendedS3Configuration.bucketArn",
    ...[
        "elasticsearch",
        "httpEndpoint",
        "iceberg",
        "opensearch",
        "opensearchserverless",
        "redshift",
        "snowflake",
        "splunk",
    ].map((d) => `${d}Configuration.s3Configuration.bucketArn`),
];

/** One path along which a resource sends logs. */
export interface Delivery {
    readonly from: ResourceView;
    readonly property: string;
    readonly target: Referent;
}

function flowLogDestinationTypes(view: ResourceView): readonly string[] {
    const type = view.string("logDestinationType");
    if (type.state === "absent") return [T.logGroup];
    if (type.state !== "known") return [...BUCKETS, T.logGroup, T.firehoseStream];
    switch (type.value) {
        case "s3":
            return BUCKETS;
        case "kinesis-data-firehose":
            return [T.firehoseStream];
        default:
            return [T.logGroup];
    }
}

/** The properties through which each kind of resource delivers logs, and what they may point at. */
function deliveryPaths(view: ResourceView): readonly (readonly [string, ReferenceSpec])[] {
    const arn = (types: readonly string[]): ReferenceSpec => ({ types });
    const name = (types: readonly string[]): ReferenceSpec => ({ types, names: true, sole: true });
    switch (view.type) {
        case T.flowLog: {
            const types = flowLogDestinationTypes(view);
            return view.read("logDestination").state === "absent"
                ? [["logGroupName", name([T.logGroup])]]
                : [["logDestination", arn(types)]];
        }
        case T.trail:
            return [
                ["s3BucketName", name(BUCKETS)],
                ["cloudWatchLogsGroupArn", arn([T.logGroup])],
            ];
        case T.bucketLogging:
        case T.bucketLoggingV2:
            return [["targetBucket", name(BUCKETS)]];
        case T.bucket:
            return [["logging.targetBucket", name(BUCKETS)]];
        case T.bucketV2:
            return [["loggings.targetBucket", name(BUCKETS)]];
        case T.logSubscriptionFilter:
            return [["destinationArn", arn(SUBSCRIPTION_DESTINATIONS)]];
        case T.firehoseStream:
            return FIREHOSE_S3_PATHS.map((path) => [path, arn(BUCKETS)] as const);
        default:
            return [];
    }
}

const deliveryCache = new WeakMap<StackIndex, Delivery[]>();

/** Every delivery of logs in the stack: flow logs, trails, S3 access logging, subscription filters, Firehose. */
export function deliveries(index: StackIndex): Delivery[] {
    let found = deliveryCache.get(index);
    if (found) return found;
    found = [];
    for (const view of index.views) {
        for (const [property, spec] of deliveryPaths(view)) {
            for (const target of resolveReference(index, view, property, spec).referents)
                found.push({ from: view, property, target });
        }
    }
    deliveryCache.set(index, found);
    return found;
}

/** A resource that holds evidence, and why it counts as one. */
export interface LogStore {
    readonly view: ResourceView;
    readonly why: HeldEvidence;
}

const STORING_ROLES = ["log-server", "log-store"];

/** Why a resource holds evidence by what it is and carries itself (a storing role, or a log group not tagged a log-relay), if it does. */
export function ownStoreReason(view: ResourceView): HeldEvidence | undefined {
    const role = demarcTagsOf(view).get("role");
    const roles = role.state === "valid" ? role.value : [];
    if (roles.some((r) => STORING_ROLES.includes(r))) return { because: "role", roles };
    if (view.type === T.logGroup && !roles.includes("log-relay")) return { because: "log-group" };
    return undefined;
}

/**
 * Resources that hold evidence: those in a storing log role (demarc:role log-server or log-store),
 * every log group not tagged as a log-relay (one that only feeds a subscription), and every bucket
 * that logs are delivered to, unless it says it is on the provider's side: such a delivery is the
 * finding (deliver-logs-client-side), not the bucket. A log-relay forwards and stores nothing.
 */
export function logStores(index: StackIndex): LogStore[] {
    const stores = new Map<ResourceView, HeldEvidence>();
    for (const view of index.views) {
        const why = ownStoreReason(view);
        if (why) stores.set(view, why);
    }
    for (const delivery of deliveries(index)) {
        const target = delivery.target;
        if (target.state !== "in-stack" || !BUCKETS.includes(target.view.type) || stores.has(target.view)) continue;
        const side = demarcTagsOf(target.view).get("side");
        if (side.state === "valid" && side.value === "provider") continue;
        stores.set(target.view, { because: "receives-logs", from: elementOf(delivery.from) });
    }
    return [...stores].map(([view, why]) => ({ view, why }));
}
