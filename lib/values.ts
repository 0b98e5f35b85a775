/** Sentinels the engine and `@pulumi/policy` use for values not known until the resource exists. */
export const UNKNOWN_SENTINELS: ReadonlySet<string> = new Set([
    "04da6b54-80e4-46f7-96ec-b56ff0331ba9", // engine wire form, and string
    "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", // boolean
    "3eeb2bf0-c639-47a8-9e75-3b44932eb421", // number
    "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2", // array
    "030794c1-ac77-496b-92df-f27374a8bd58", // asset
    "e48ece36-62e2-4504-bad9-02848725956a", // archive
    "dd056dcd-154b-4c76-9bd3-c8f88648b5ff", // object
]);

export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function isUnknown(value: unknown): boolean {
    return typeof value === "string" && UNKNOWN_SENTINELS.has(value);
}

/** True when the value, or anything inside it, is not known yet. */
export function containsUnknown(value: unknown): boolean {
    if (isUnknown(value)) return true;
    if (Array.isArray(value)) return value.some(containsUnknown);
    if (value !== null && typeof value === "object")
        for (const key in value) if (containsUnknown((value as Record<string, unknown>)[key])) return true;
    return false;
}

/**
 * A property read: known (with a value of the expected kind), unknown (not known until apply),
 * absent (not set, or null), or of the wrong kind. No check may read an unknown value as absent.
 */
export type Read<T> =
    | { readonly state: "known"; readonly value: T }
    | { readonly state: "unknown"; readonly path: string }
    | { readonly state: "absent"; readonly path: string }
    | { readonly state: "mistyped"; readonly path: string; readonly expected: string; readonly found: string };

export const known = <T>(value: T): Read<T> => ({ state: "known", value });

export function kindOf(value: unknown): string {
    if (value === null) return "null";
    if (Array.isArray(value)) return "array";
    return typeof value;
}

export function readPath(root: unknown, path: readonly string[]): Read<unknown> {
    let current: unknown = root;
    const text = path.join(".");
    for (const key of path) {
        if (isUnknown(current)) return { state: "unknown", path: text };
        if (current === null || current === undefined) return { state: "absent", path: text };
        if (typeof current !== "object")
            return { state: "mistyped", path: text, expected: "object", found: kindOf(current) };
        current = (current as Record<string, unknown>)[key];
    }
    if (isUnknown(current)) return { state: "unknown", path: text };
    if (current === null || current === undefined) return { state: "absent", path: text };
    return known(current);
}

function typed<T>(read: Read<unknown>, expected: string, accept: (v: unknown) => v is T): Read<T> {
    if (read.state !== "known") return read;
    if (accept(read.value)) return known(read.value);
    return { state: "mistyped", path: "", expected, found: kindOf(read.value) };
}

const isString = (v: unknown): v is string => typeof v === "string";
const isNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const isBoolean = (v: unknown): v is boolean => typeof v === "boolean";
const isArray = (v: unknown): v is unknown[] => Array.isArray(v);
const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

export const asString = (r: Read<unknown>) => typed(r, "string", isString);
export const asNumber = (r: Read<unknown>) => typed(r, "number", isNumber);
export const asBoolean = (r: Read<unknown>) => typed(r, "boolean", isBoolean);
export const asArray = (r: Read<unknown>) => typed(r, "array", isArray);
export const asRecord = (r: Read<unknown>) => typed(r, "object", isRecord);

export function describeRead(read: Read<unknown>): string {
    switch (read.state) {
        case "known":
            return "known";
        case "unknown":
            return `${read.path} is not known until the resource is created`;
        case "absent":
            return `${read.path} is not set`;
        case "mistyped":
            return `${read.path} is a ${read.found}, expected a ${read.expected}`;
    }
}

/** Names of properties whose values are secret whatever their wire form says; never quoted in a message. */
export const SECRET_PROPERTY =
    /(password|secret|presharedkey|private_?key|privatekey|token|credential|passphrase|psk)/i;

/** A value as a message may show it: strings quoted and shortened, anything else by its kind. */
export function showValue(value: unknown): string {
    if (typeof value === "string") return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
    if (typeof value === "number" || typeof value === "boolean") return String(value);
    return `a ${kindOf(value)}`;
}

/** One value found along a path: where it sits (array indices included) and what it is. */
export interface Leaf {
    readonly path: string;
    readonly value: unknown;
}

/**
 * The values at a dotted path, read through arrays at any level (`ipAddresses.subnetId` reads the
 * field of every element; a numeric segment, `routes.2.gatewayId`, reads one element), and the
 * places where an unknown value stops the walk. Absent and null values are no leaves.
 */
export function leavesAt(root: unknown, path: string | readonly string[]): { known: Leaf[]; unknown: string[] } {
    const out = { known: [] as Leaf[], unknown: [] as string[] };
    const segments = typeof path === "string" ? path.split(".") : path;
    const below = (at: string, segment: string) => (at === "" ? segment : `${at}.${segment}`);
    const walk = (value: unknown, next: number, at: string): void => {
        if (isUnknown(value)) out.unknown.push(at);
        else if (Array.isArray(value)) {
            const segment = segments[next];
            if (segment !== undefined && /^\d+$/.test(segment))
                walk(value[Number(segment)], next + 1, below(at, segment));
            else value.forEach((item, i) => walk(item, next, below(at, String(i))));
        } else if (next === segments.length) {
            if (value !== undefined && value !== null) out.known.push({ path: at, value });
        } else if (value !== null && typeof value === "object")
            walk((value as Record<string, unknown>)[segments[next]], next + 1, below(at, segments[next]));
    };
    walk(root, 0, "");
    return out;
}

/** The values at a path (see `leavesAt`), and whether any step on the way is unknown. */
export function valuesAt(root: unknown, path: string | readonly string[]): { values: unknown[]; unknown: boolean } {
    const found = leavesAt(root, path);
    return { values: found.known.map((l) => l.value), unknown: found.unknown.length > 0 };
}
