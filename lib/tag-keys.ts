export const TAG_PREFIX = "demarc:";

export const TAG = {
    zone: "demarc:zone",
    tenant: "demarc:tenant",
    side: "demarc:side",
    managedBy: "demarc:managed-by",
    role: "demarc:role",
    expires: "demarc:expires",
    owner: "demarc:owner",
    standard: "demarc:standard",
} as const;

export type TagName = keyof typeof TAG;
export type TagKey = (typeof TAG)[TagName];

export const ZONES = ["red", "yellow", "green"] as const;
export type Zone = (typeof ZONES)[number];

export const SIDES = ["client", "provider"] as const;
export type Side = (typeof SIDES)[number];

export const SHARED_TENANT = "shared";

export const ROLES = [
    "log-server",
    "log-store",
    "log-relay",
    "remote-access",
    "firewall",
    "gateway",
    "proxy",
    "load-balancer",
    "application",
    "database",
    "management",
] as const;
export type Role = (typeof ROLES)[number];
