import type { ResourceView } from "../resource";
import type { StackIndex } from "../stack";
import { isUnknown } from "../values";

/** Where one reference (an ARN, a name or an id in a property) points. */
export type Target =
    | { readonly state: "in-stack"; readonly view: ResourceView }
    | { readonly state: "external"; readonly value: string }
    | { readonly state: "unknown"; readonly path: string };

const byKeyCache = new WeakMap<StackIndex, Map<string, ResourceView[]>>();

/** Resources by every string they can be referred to with: ARN, id, bucket name, name. */
function byKey(index: StackIndex): Map<string, ResourceView[]> {
    let keys = byKeyCache.get(index);
    if (keys) return keys;
    keys = new Map();
    for (const view of index.views) {
        for (const prop of ["arn", "id", "bucket", "name"]) {
            const value = view.record.props[prop];
            if (typeof value !== "string" || value === "" || isUnknown(value)) continue;
            const same = keys.get(value);
            if (same) {
                if (!same.includes(view)) same.push(view);
            } else keys.set(value, [view]);
        }
    }
    byKeyCache.set(index, keys);
    return keys;
}

/** The strings an ARN may be matched by: itself, without a trailing `:*`, the bucket or log group it names. */
function candidateKeys(reference: string): string[] {
    const keys = [reference];
    const stripped = reference.replace(/:\*$/, "");
    if (stripped !== reference) keys.push(stripped);
    const s3 = /^arn:aws[a-z-]*:s3:::([^/]+)/.exec(stripped);
    if (s3) keys.push(s3[1]);
    const logGroup = /^arn:aws[a-z-]*:logs:[^:]*:[^:]*:log-group:(.+)$/.exec(stripped);
    if (logGroup) keys.push(logGroup[1]);
    return keys;
}

/** The resource of one of `types` a reference names in the stack, by ARN, id or name. */
export function findByReference(
    index: StackIndex,
    reference: string,
    types: readonly string[],
): ResourceView | undefined {
    const keys = byKey(index);
    for (const key of candidateKeys(reference)) {
        const found = keys.get(key)?.find((v) => types.includes(v.type));
        if (found) return found;
    }
    return undefined;
}

/** The values at a path, through arrays at any level, and whether any step on the way is unknown. */
export function leafValues(root: unknown, path: string | readonly string[]): { values: unknown[]; unknown: boolean } {
    const out = { values: [] as unknown[], unknown: false };
    const walk = (value: unknown, rest: readonly string[]): void => {
        if (isUnknown(value)) out.unknown = true;
        else if (Array.isArray(value)) value.forEach((item) => walk(item, rest));
        else if (rest.length === 0) {
            if (value !== undefined && value !== null) out.values.push(value);
        } else if (value !== null && typeof value === "object")
            walk((value as Record<string, unknown>)[rest[0]], rest.slice(1));
    };
    walk(root, typeof path === "string" ? path.split(".") : path);
    return out;
}

/**
 * What a property refers to: the engine's propertyDependencies first (they name the resource even
 * when its ARN or name is not known yet), then ARNs, ids and names in the stack. A reference to
 * nothing in the stack is external; an unknown one with no dependency is unknown.
 */
export function referencedTargets(
    index: StackIndex,
    view: ResourceView,
    path: string,
    types: readonly string[],
): Target[] {
    const segments = path.split(".");
    const fromEngine = view
        .dependenciesOf(segments[0])
        .map((urn) => index.get(urn))
        .filter((v): v is ResourceView => v !== undefined && types.includes(v.type));
    if (fromEngine.length > 0) return [...new Set(fromEngine)].map((v) => ({ state: "in-stack", view: v }));
    const found = leafValues(view.record.props, segments);
    const targets: Target[] = [];
    for (const reference of found.values) {
        if (typeof reference !== "string" || reference === "") continue;
        const target = findByReference(index, reference, types);
        if (target) {
            if (!targets.some((t) => t.state === "in-stack" && t.view === target))
                targets.push({ state: "in-stack", view: target });
        } else targets.push({ state: "external", value: reference });
    }
    if (found.unknown) targets.push({ state: "unknown", path });
    return targets;
}
