import type { ResourceView } from "./resource";
import type { StackIndex } from "./stack";
import { isUnknown, leavesAt } from "./values";

/** What a reference is resolved as, and the kinds of resource it may name. */
export interface ReferenceSpec {
    readonly types: readonly string[];
    /** The property holds a name (a bucket's `bucket`, a role's or subnet group's `name`), not only an id or ARN. */
    readonly names?: boolean;
    /** The property holds this output of the target rather than its id (a VPC's `defaultRouteTableId`). */
    readonly attribute?: string;
    /**
     * The path is the only place in its top-level property that holds references of these types
     * (`vpcConfig.subnetIds` of `vpcConfig`): every dependency of these types is one of its references.
     */
    readonly sole?: boolean;
    /** The property holds one reference (a `...Id`): an unknown there is one resource, not a list of them. */
    readonly one?: boolean;
}

/** One reference found at a path: a resource of the stack, a value naming nothing in it, or unknown until apply. */
export type Referent =
    | { readonly state: "in-stack"; readonly view: ResourceView; readonly path: string; readonly value?: string }
    | { readonly state: "external"; readonly value: string; readonly path: string }
    | { readonly state: "unknown"; readonly path: string; readonly candidates: readonly ResourceView[] };

/** Everything a path refers to; `state` says what a caller that wants one answer should take. */
export interface Resolution {
    readonly state: "resolved" | "unknown" | "external" | "absent";
    /** The path read: where an absent or unknown reference is reported. */
    readonly path: string;
    readonly referents: readonly Referent[];
    /** The resources of the stack referred to, each once. */
    readonly targets: readonly ResourceView[];
    /** Known values that name nothing in the stack: infrastructure the program does not manage. */
    readonly external: readonly string[];
    readonly unknown: readonly Extract<Referent, { state: "unknown" }>[];
}

/** Several resolutions read as one (a resource naming subnets in several properties). */
export function combine(resolutions: readonly Resolution[], path: string): Resolution {
    return summarise(
        resolutions.flatMap((r) => r.referents),
        resolutions.find((r) => r.state === "unknown")?.path ?? resolutions[0]?.path ?? path,
    );
}

/** The resolution of a path that refers to nothing, one per path: most resources name no subnet, no group. */
const nothingAt = new Map<string, Resolution>();
const NONE: readonly never[] = Object.freeze([]);

function summarise(referents: readonly Referent[], path: string): Resolution {
    if (referents.length === 0) {
        let nothing = nothingAt.get(path);
        if (!nothing) {
            if (nothingAt.size >= 10_000) nothingAt.clear();
            nothing = { state: "absent", path, referents: NONE, targets: NONE, external: NONE, unknown: NONE };
            nothingAt.set(path, nothing);
        }
        return nothing;
    }
    const targets: ResourceView[] = [];
    const external: string[] = [];
    const unknown: Extract<Referent, { state: "unknown" }>[] = [];
    for (const r of referents) {
        if (r.state === "in-stack") {
            if (!targets.includes(r.view)) targets.push(r.view);
        } else if (r.state === "external") {
            if (!external.includes(r.value)) external.push(r.value);
        } else unknown.push(r);
    }
    const state =
        targets.length > 0 ? "resolved" : unknown.length > 0 ? "unknown" : external.length > 0 ? "external" : "absent";
    return { state, path: unknown[0]?.path ?? path, referents, targets, external, unknown };
}

/** The forms under which an ARN may be held in the stack: itself, without a trailing `:*`; an S3 or log-group ARN by the name it ends in. */
function arnMatches(index: StackIndex, reference: string): readonly ResourceView[] {
    if (!reference.startsWith("arn:")) return [];
    const stripped = reference.replace(/:\*$/, "");
    const found = [...index.withProperty("arn", reference), ...index.withProperty("arn", stripped)];
    const s3 = /^arn:aws[a-z-]*:s3:::([^/]+)$/.exec(stripped) ?? /^arn:aws[a-z-]*:s3:::([^/]+)\//.exec(stripped);
    if (s3) found.push(...index.withProperty("bucket", s3[1]));
    const logGroup = /^arn:aws[a-z-]*:logs:[^:]*:[^:]*:log-group:(.+)$/.exec(stripped);
    if (logGroup) found.push(...index.withProperty("name", logGroup[1]));
    return found;
}

/** The resource of the spec's types a known value names: by id, urn, ARN, the spec's attribute, or (when the property holds one) name. */
export function findReferenced(index: StackIndex, value: string, spec: ReferenceSpec): ResourceView | undefined {
    const ofType = (views: readonly ResourceView[]) => views.find((v) => spec.types.includes(v.type));
    const urn = index.get(value);
    return (
        ofType(index.withProperty("id", value)) ??
        (urn && ofType([urn])) ??
        ofType(arnMatches(index, value)) ??
        (spec.attribute ? ofType(index.withProperty(spec.attribute, value)) : undefined) ??
        (spec.names
            ? ofType([...index.withProperty("name", value), ...index.withProperty("bucket", value)])
            : undefined)
    );
}

/**
 * What the property at `path` (dotted, through arrays and objects at any depth) of `view` refers to.
 *
 * A known value is looked up in the stack (`findReferenced`); naming nothing there, it is external.
 * An unknown value (a first preview: the ids of new resources do not exist yet) is read from the
 * engine's propertyDependencies, which name the resources a top-level property was computed from:
 * - the whole property, or a `sole` place in it: its dependencies of the wanted types that no known
 *   value names are its references. Where the unknowns can be counted (elements of a known array, or
 *   the property holds `one` reference) and are fewer than those dependencies, which of them they are
 *   cannot be told: unknown, naming them as candidates. Where they are more, the rest come from a
 *   resource of another type (a VPC's `defaultSecurityGroupId`): unknown.
 * - a value nested in a property that may hold other references too (one rule of `ingress`, one
 *   route of `routes`): the dependency when exactly one of the wanted types is left; else unknown,
 *   naming the candidates.
 * A dependency of another type is never a target. Known values that name nothing while
 * dependencies of the wanted types are left are those dependencies (held in a form the stack does
 * not index), when there are no more values than dependencies.
 */
export function resolveReference(index: StackIndex, view: ResourceView, path: string, spec: ReferenceSpec): Resolution {
    const dot = path.indexOf(".");
    const top = dot < 0 ? path : path.slice(0, dot);
    const held = view.record.props[top];
    // Nothing there, nothing unknown: no value to look up and nothing to ask the engine's dependencies about.
    if (held === undefined || held === null) return summarise([], path);
    if (dot < 0 && typeof held === "string" && held !== "" && !isUnknown(held)) {
        const target = findReferenced(index, held, spec);
        if (target) return summarise([{ state: "in-stack", view: target, path, value: held }], path);
    }
    const segments = path.split(".");
    const leaves = leavesAt(view.record.props, segments);
    const referents: Referent[] = [];
    const unmatched: { path: string; value: string }[] = [];
    const unknowns = leaves.unknown;
    for (const leaf of leaves.known) {
        if (typeof leaf.value !== "string" || leaf.value === "") continue;
        const target = findReferenced(index, leaf.value, spec);
        if (target) referents.push({ state: "in-stack", view: target, path: leaf.path, value: leaf.value });
        else unmatched.push({ path: leaf.path, value: leaf.value });
    }
    const whole = segments.length === 1 || spec.sole === true;
    if (unknowns.length === 0 && !(whole && unmatched.length > 0)) {
        for (const u of unmatched) referents.push({ state: "external", value: u.value, path: u.path });
        return summarise(referents, path);
    }
    const dependencies = view
        .dependenciesOf(top)
        .map((urn) => index.get(urn))
        .filter((v): v is ResourceView => v !== undefined);
    const named = new Set(
        segments.length === 1
            ? referents.map((r) => (r.state === "in-stack" ? r.view : undefined))
            : namedInProperty(index, view, top, spec),
    );
    const candidates = [...new Set(dependencies.filter((d) => spec.types.includes(d.type) && !named.has(d)))];
    const others = dependencies.filter((d) => !spec.types.includes(d.type));
    const unknownAll = (from: readonly ResourceView[]) =>
        unknowns.forEach((p) => referents.push({ state: "unknown", path: p, candidates: from }));

    if (unknowns.length > 0) {
        const counted = spec.one === true || unknowns.every((p) => /\.\d+$/.test(p));
        if (candidates.length === 0) unknownAll([]);
        else if (!whole) {
            if (candidates.length === 1) referents.push({ state: "in-stack", view: candidates[0], path: unknowns[0] });
            else unknownAll(candidates);
        } else if (counted && unknowns.length < candidates.length) unknownAll(candidates);
        else {
            for (const c of candidates) referents.push({ state: "in-stack", view: c, path: unknowns[0] });
            if (counted && unknowns.length > candidates.length && others.length > 0)
                referents.push({ state: "unknown", path: unknowns[candidates.length], candidates: [] });
        }
        for (const u of unmatched) referents.push({ state: "external", value: u.value, path: u.path });
    } else if (whole && candidates.length > 0) {
        for (const c of candidates) referents.push({ state: "in-stack", view: c, path });
        if (unmatched.length > candidates.length)
            for (const u of unmatched) referents.push({ state: "external", value: u.value, path: u.path });
    } else for (const u of unmatched) referents.push({ state: "external", value: u.value, path: u.path });
    return summarise(referents, path);
}

/** The resources of the spec's types that known values anywhere in a top-level property name. */
function namedInProperty(index: StackIndex, view: ResourceView, top: string, spec: ReferenceSpec): ResourceView[] {
    const named: ResourceView[] = [];
    const walk = (value: unknown): void => {
        if (typeof value === "string") {
            const target = value === "" ? undefined : findReferenced(index, value, spec);
            if (target) named.push(target);
        } else if (Array.isArray(value)) value.forEach(walk);
        else if (value !== null && typeof value === "object") Object.values(value).forEach(walk);
    };
    walk(view.record.props[top]);
    return named;
}
