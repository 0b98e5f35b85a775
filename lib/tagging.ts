import { TAG, type Role, type Side, type Zone } from "./tag-keys";

/** What a program declares about a resource, written as `demarc:*` tags by {@link demarcTags}. */
export interface Demarcation {
    zone?: Zone;
    tenant?: string;
    side?: Side;
    managedBy?: string;
    role?: Role | readonly Role[];
    /** Last day the access is valid, `YYYY-MM-DD`. */
    expires?: string;
    owner?: string;
    standard?: string;
}

/**
 * The `demarc:*` tags for a resource, merged over any other tags it carries.
 * `demarcTags({ zone: "green", tenant: "acme", side: "client" }, { Name: "app-a" })`
 */
export function demarcTags(demarcation: Demarcation, other: Record<string, string> = {}): Record<string, string> {
    const tags: Record<string, string> = { ...other };
    const put = (key: string, value: string | undefined) => {
        if (value !== undefined) tags[key] = value;
    };
    put(TAG.zone, demarcation.zone);
    put(TAG.tenant, demarcation.tenant);
    put(TAG.side, demarcation.side);
    put(TAG.managedBy, demarcation.managedBy);
    put(
        TAG.role,
        Array.isArray(demarcation.role) ? demarcation.role.join(",") : (demarcation.role as string | undefined),
    );
    put(TAG.expires, demarcation.expires);
    put(TAG.owner, demarcation.owner);
    put(TAG.standard, demarcation.standard);
    return tags;
}
