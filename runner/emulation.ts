import { UNKNOWN, isSecret, makeSecret } from "./engine-resource";

const GO_DURATION_UNITS: Record<string, number> = {
    ns: 1e-9,
    us: 1e-6,
    µs: 1e-6,
    ms: 1e-3,
    s: 1,
    m: 60,
    h: 3600,
};

/** Seconds in a Go duration string such as "5m" or "1h30m", as the engine stores custom timeouts. */
export function parseGoDuration(text: string): number {
    const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g;
    let total = 0;
    let consumed = 0;
    for (const match of text.matchAll(re)) {
        total += Number(match[1]) * GO_DURATION_UNITS[match[2]!]!;
        consumed += match[0].length;
    }
    if (consumed !== text.length || consumed === 0) {
        throw new Error(`invalid duration ${JSON.stringify(text)}`);
    }
    return total;
}

/** The engine's default provider name: `default_<major>_<minor>_<patch>[_<pre>...][_<build>...]`. */
export function defaultProviderName(version: string | undefined): string {
    if (!version) {
        return "default";
    }
    const [core, build] = version.replace(/^v/, "").split("+", 2) as [string, string | undefined];
    const dash = core.indexOf("-");
    const release = dash < 0 ? core : core.slice(0, dash);
    const pre = dash < 0 ? [] : core.slice(dash + 1).split(".");
    const parts = [...release.split("."), ...pre, ...(build ? build.split(".") : [])];
    return ["default", ...parts].join("_");
}

function parseDefaultTags(value: unknown): Record<string, unknown> | typeof UNKNOWN {
    if (value === undefined || value === null) {
        return {};
    }
    if (value === UNKNOWN) {
        return UNKNOWN;
    }
    const parsed = typeof value === "string" ? (JSON.parse(value) as unknown) : value;
    if (typeof parsed !== "object" || parsed === null) {
        return {};
    }
    const tags = (parsed as { tags?: unknown }).tags;
    if (tags === UNKNOWN) {
        return UNKNOWN;
    }
    return typeof tags === "object" && tags !== null ? (tags as Record<string, unknown>) : {};
}

/** `tagsAll` as the AWS provider computes it: the provider's `defaultTags.tags` overridden by the resource's `tags`. */
export function computeTagsAll(tags: unknown, providerDefaultTags: unknown): unknown {
    let secret = false;
    let resourceTags = tags;
    let defaultTags = providerDefaultTags;
    if (isSecret(resourceTags)) {
        secret = true;
        resourceTags = resourceTags.value;
    }
    if (isSecret(defaultTags)) {
        secret = true;
        defaultTags = defaultTags.value;
    }
    if (resourceTags === UNKNOWN) {
        return UNKNOWN;
    }
    const defaults = parseDefaultTags(defaultTags);
    if (defaults === UNKNOWN) {
        return UNKNOWN;
    }
    const own =
        typeof resourceTags === "object" && resourceTags !== null ? (resourceTags as Record<string, unknown>) : {};
    if ([...Object.values(own), ...Object.values(defaults)].includes(UNKNOWN)) {
        return UNKNOWN;
    }
    const merged = { ...defaults, ...own };
    return secret ? makeSecret(merged) : merged;
}
