import type { z } from "zod";
import { parseIsoDay } from "./dates";
import {
    ROLES,
    SIDES,
    TAG,
    TAG_PREFIX,
    ZONES,
    type Role,
    type Side,
    type TagKey,
    type TagName,
    type Zone,
} from "./tag-keys";
import type { ResourceView } from "./resource";
import { loadZod } from "./settings";
import type { ValueRead } from "./findings";
import { isUnknown, kindOf } from "./values";

export type TagSource = "tags" | "tagsAll" | "provider default tags";

export type TagRead<T> =
    | { readonly state: "absent" }
    | { readonly state: "unknown"; readonly key: TagKey; readonly reason: string }
    /** `read`: the value as evidence gives it, with what makes it invalid. */
    | { readonly state: "invalid"; readonly key: TagKey; readonly source: TagSource; readonly read: ValueRead }
    | {
          readonly state: "valid";
          readonly key: TagKey;
          readonly value: T;
          readonly raw: string;
          readonly source: TagSource;
      };

const lower = (s: string) => s.trim().toLowerCase();

/** Where a tag was read, as evidence says it. */
export const tagSourceText = (source: TagSource): string => (source === "tags" ? "own tag" : source);

export const ALLOWED_VALUES: Readonly<Record<TagName, string>> = {
    zone: ZONES.join(", "),
    tenant: "a tenant id of lower-case letters, digits and hyphens ([a-z0-9-]+), or shared",
    side: SIDES.join(", "),
    managedBy: "client, provider, or the name of a third party",
    role: `one or more of ${ROLES.join(", ")} (comma-separated)`,
    expires: "an ISO date YYYY-MM-DD, the last day the access is valid (e.g. 2027-06-30)",
    owner: "a team or contract reference",
    standard: "a version of the client's security standard such as 2.5",
};

function buildTagSchemas() {
    const { z } = loadZod();
    return {
        zone: z.string().transform(lower).pipe(z.enum(ZONES)),
        tenant: z
            .string()
            .transform(lower)
            .pipe(z.string().regex(/^[a-z0-9-]+$/)),
        side: z.string().transform(lower).pipe(z.enum(SIDES)),
        managedBy: z.string().transform(lower).pipe(z.string().min(1).max(256)),
        role: z
            .string()
            .transform((s) => s.split(",").map(lower))
            .pipe(z.array(z.enum(ROLES)).min(1)),
        expires: z
            .string()
            .transform((s) => s.trim())
            .refine((s) => parseIsoDay(s) !== undefined),
        owner: z
            .string()
            .transform((s) => s.trim())
            .pipe(z.string().min(1)),
        standard: z
            .string()
            .transform((s) => s.trim())
            .pipe(z.string().regex(/^\d+(\.\d+)*$/)),
    } satisfies Record<TagName, z.ZodType>;
}

let tagSchemas: ReturnType<typeof buildTagSchemas> | undefined;
const TAG_SCHEMAS = () => (tagSchemas ??= buildTagSchemas());

export interface DemarcTagValues {
    zone: Zone;
    tenant: string;
    side: Side;
    managedBy: string;
    role: Role[];
    expires: string;
    owner: string;
    standard: string;
}

/** A tag value as it may be quoted in a message: trimmed to a readable length, control characters escaped. */
export function quote(value: string): string {
    const short = value.length > 80 ? `${value.slice(0, 77)}...` : value;
    return JSON.stringify(short);
}

/** One `demarc:*` key as written on a resource, and its value as text. */
export interface TagEntry {
    readonly key: string;
    readonly value: string;
}

type TagMap =
    /** `conflicts`: by key, the entries of a key set more than once (in keys differing only in case) with different values. */
    | { state: "known"; tags: ReadonlyMap<string, string>; conflicts: ReadonlyMap<string, readonly TagEntry[]> }
    | { state: "unknown" }
    | { state: "absent" }
    | { state: "invalid"; problem: string };

const ABSENT: TagMap = { state: "absent" };
const UNKNOWN: TagMap = { state: "unknown" };

function demarcEntries(value: unknown): TagMap {
    if (value === undefined || value === null) return ABSENT;
    if (isUnknown(value)) return UNKNOWN;
    if (typeof value !== "object" || Array.isArray(value)) return { state: "invalid", problem: "tags are not a map" };
    const tags = new Map<string, string>();
    const entries = new Map<string, TagEntry[]>();
    for (const [rawKey, rawValue] of Object.entries(value as Record<string, unknown>)) {
        const key = rawKey.trim().toLowerCase();
        if (!key.startsWith(TAG_PREFIX)) continue;
        const text =
            typeof rawValue === "string"
                ? rawValue
                : typeof rawValue === "number" || typeof rawValue === "boolean"
                  ? String(rawValue)
                  : `<${kindOf(rawValue)}>`;
        const written = entries.get(key);
        if (written) written.push({ key: rawKey, value: text });
        else entries.set(key, [{ key: rawKey, value: text }]);
        tags.set(key, text);
    }
    const conflicts = new Map<string, readonly TagEntry[]>();
    for (const [key, written] of entries)
        if (new Set(written.map((e) => lower(e.value))).size > 1) conflicts.set(key, written);
    return { state: "known", tags, conflicts };
}

/** The `demarc:*` entries of each provider's `defaultTags`, read once for all the resources it serves. */
const defaultTagsCache = new WeakMap<object, TagMap>();

function providerDefaultTags(view: ResourceView): TagMap {
    const provider = view.record.provider;
    if (!provider) return ABSENT;
    let entries = defaultTagsCache.get(provider);
    if (!entries) {
        entries = demarcEntries(readDefaultTags(provider.props["defaultTags"]));
        defaultTagsCache.set(provider, entries);
    }
    return entries;
}

function readDefaultTags(defaultTags: unknown): unknown {
    if (isUnknown(defaultTags)) return defaultTags;
    if (typeof defaultTags === "string") {
        try {
            defaultTags = JSON.parse(defaultTags);
        } catch {
            return undefined;
        }
    }
    if (defaultTags === null || typeof defaultTags !== "object") return undefined;
    return (defaultTags as Record<string, unknown>)["tags"];
}

/**
 * The `demarc:*` tags of a resource: its own `tags` over the provider's `defaultTags`, with `tagsAll`
 * where known. Keys and values are matched case-insensitively after trimming.
 */
export class DemarcTags {
    private readonly sources: readonly [TagSource, TagMap][];

    constructor(view: ResourceView) {
        this.sources = [
            ["tags", demarcEntries(view.record.props["tags"])],
            ["provider default tags", providerDefaultTags(view)],
            ["tagsAll", demarcEntries(view.record.props["tagsAll"])],
        ];
    }

    /** The raw value of a `demarc:*` key and where it came from. */
    raw(
        key: TagKey,
    ):
        | { state: "absent" }
        | { state: "unknown"; reason: string }
        | { state: "conflict"; conflicting: readonly TagEntry[]; source: TagSource }
        | { state: "found"; raw: string; source: TagSource } {
        for (const [source, map] of this.sources) {
            if (map.state === "unknown") {
                if (source === "tagsAll") continue;
                return { state: "unknown", reason: `its ${source} are not known until apply` };
            }
            if (map.state !== "known") continue;
            const value = map.tags.get(key);
            if (value === undefined) continue;
            if (isUnknown(value))
                return { state: "unknown", reason: `${key} in its ${source} is not known until apply` };
            const conflict = map.conflicts.get(key);
            if (conflict) return { state: "conflict", conflicting: conflict, source };
            return { state: "found", raw: value, source };
        }
        return { state: "absent" };
    }

    get<N extends TagName>(name: N): TagRead<DemarcTagValues[N]> {
        const key = TAG[name];
        const found = this.raw(key);
        if (found.state === "absent") return found;
        if (found.state === "unknown") return { state: "unknown", key, reason: found.reason };
        const invalid = (read: Omit<ValueRead, "name" | "from" | "allowed">): TagRead<DemarcTagValues[N]> => ({
            state: "invalid",
            key,
            source: found.source,
            read: { name: key, ...read, from: tagSourceText(found.source), allowed: ALLOWED_VALUES[name] },
        });
        if (found.state === "conflict")
            return invalid({ invalid: "set-more-than-once", conflicting: found.conflicting });
        const parsed = TAG_SCHEMAS()[name].safeParse(found.raw);
        if (!parsed.success) return invalid({ value: found.raw, invalid: "not-allowed" });
        return { state: "valid", key, value: parsed.data as DemarcTagValues[N], raw: found.raw, source: found.source };
    }

    /** Every `demarc:*` key present whose value does not parse, and keys outside the convention. */
    problems(): { kind: "tag.unknown-key" | "tag.invalid-value"; read: ValueRead }[] {
        const problems: { kind: "tag.unknown-key" | "tag.invalid-value"; read: ValueRead }[] = [];
        const knownKeys = new Set<string>(Object.values(TAG));
        const seen = new Set<string>();
        for (const [source, map] of this.sources) {
            if (map.state !== "known") continue;
            for (const [key, value] of map.tags) {
                if (seen.has(key)) continue;
                seen.add(key);
                if (!knownKeys.has(key)) {
                    const allowed = [...knownKeys].join(", ");
                    problems.push({
                        kind: "tag.unknown-key",
                        read: { name: key, value, from: tagSourceText(source), invalid: "unknown-key", allowed },
                    });
                }
            }
        }
        for (const name of Object.keys(TAG) as TagName[]) {
            const read = this.get(name);
            if (read.state === "invalid") problems.push({ kind: "tag.invalid-value", read: read.read });
        }
        return problems;
    }
}

const tagCache = new WeakMap<ResourceView, DemarcTags>();

export function demarcTagsOf(view: ResourceView): DemarcTags {
    let tags = tagCache.get(view);
    if (!tags) {
        tags = new DemarcTags(view);
        tagCache.set(view, tags);
    }
    return tags;
}
