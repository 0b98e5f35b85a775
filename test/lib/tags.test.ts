import { describe, expect, test } from "vitest";
import { T } from "../../lib/aws-types";
import { ResourceView } from "../../lib/resource";
import { demarcTagsOf } from "../../lib/tags";
import { awsProvider, record, UNKNOWN } from "../support/records";

function tagsOf(props: Record<string, unknown>, defaultTags?: Record<string, string>) {
    return demarcTagsOf(new ResourceView(record(T.vpc, "main", props, { provider: awsProvider(defaultTags) })));
}

describe("reading demarc tags", () => {
    test("own tags override the provider's default tags, which apply when the resource has none", () => {
        const tags = tagsOf({ tags: { "demarc:zone": "green" } }, { "demarc:zone": "red", "demarc:side": "client" });
        expect(tags.get("zone")).toEqual({
            state: "valid",
            key: "demarc:zone",
            value: "green",
            raw: "green",
            source: "tags",
        });
        expect(tags.get("side")).toEqual({
            state: "valid",
            key: "demarc:side",
            value: "client",
            raw: "client",
            source: "provider default tags",
        });
    });

    test("default tags given as an object rather than the engine's JSON string", () => {
        const view = new ResourceView(
            record(
                T.vpc,
                "main",
                {},
                { provider: { ...awsProvider(), props: { defaultTags: { tags: { "demarc:side": "provider" } } } } },
            ),
        );
        expect(demarcTagsOf(view).get("side")).toMatchObject({ state: "valid", value: "provider" });
    });

    test("tagsAll is read when neither tags nor default tags carry the key", () => {
        expect(tagsOf({ tagsAll: { "demarc:tenant": "acme" } }).get("tenant")).toMatchObject({
            state: "valid",
            value: "acme",
            source: "tagsAll",
        });
    });

    test("keys and values are matched case-insensitively after trimming", () => {
        const tags = tagsOf({ tags: { "  DEMARC:Zone": "  YELLOW ", "Demarc:Tenant": "Acme-EU-1" } });
        expect(tags.get("zone")).toMatchObject({ state: "valid", value: "yellow", raw: "  YELLOW " });
        expect(tags.get("tenant")).toMatchObject({ state: "valid", value: "acme-eu-1" });
    });

    test("a bad value names the key, the value, where it came from and what is allowed", () => {
        expect(tagsOf({}, { "demarc:side": "mssp" }).get("side")).toEqual({
            state: "invalid",
            key: "demarc:side",
            raw: "mssp",
            source: "provider default tags",
            problem: 'demarc:side is "mssp" (from provider default tags); allowed: client, provider',
        });
        expect(tagsOf({ tags: { "demarc:tenant": "Acme Corp" } }).get("tenant")).toMatchObject({
            problem:
                'demarc:tenant is "Acme Corp"; allowed: a tenant id of lower-case letters, digits and hyphens ([a-z0-9-]+), or shared',
        });
        expect(tagsOf({ tags: { "demarc:expires": "31/12/2026" } }).get("expires")).toMatchObject({
            problem:
                'demarc:expires is "31/12/2026"; allowed: an ISO date YYYY-MM-DD, the last day the access is valid (e.g. 2027-06-30)',
        });
        expect(tagsOf({ tags: { "demarc:expires": "2026-02-30" } }).get("expires")).toMatchObject({ state: "invalid" });
        expect(tagsOf({ tags: { "demarc:standard": "v2.5" } }).get("standard")).toMatchObject({ state: "invalid" });
    });

    test("roles are a comma-separated list of known roles", () => {
        expect(tagsOf({ tags: { "demarc:role": "Firewall, remote-access" } }).get("role")).toMatchObject({
            value: ["firewall", "remote-access"],
        });
        expect(tagsOf({ tags: { "demarc:role": "log-sever" } }).get("role")).toMatchObject({ state: "invalid" });
    });

    test("two keys differing only in case with different values are a conflict, not a silent pick", () => {
        expect(tagsOf({ tags: { "demarc:zone": "red", "Demarc:Zone": "green" } }).get("zone")).toMatchObject({
            state: "invalid",
            problem:
                'demarc:zone is set more than once in tags, with keys differing only in case and values "red", "green"; keep one: red, yellow, green',
        });
        expect(tagsOf({ tags: { "demarc:zone": "red", "Demarc:Zone": " RED" } }).get("zone")).toMatchObject({
            state: "valid",
            value: "red",
        });
    });

    test("unknown tag maps and values are unknown, not absent", () => {
        expect(tagsOf({ tags: UNKNOWN }, { "demarc:zone": "red" }).get("zone")).toMatchObject({ state: "unknown" });
        expect(tagsOf({ tags: { "demarc:zone": UNKNOWN } }).get("zone")).toMatchObject({ state: "unknown" });
        expect(tagsOf({ tags: {} }, undefined).get("zone")).toEqual({ state: "absent" });
    });

    test("a key outside the convention is reported, so a typo does not pass silently", () => {
        const known =
            "demarc:zone, demarc:tenant, demarc:side, demarc:managed-by, demarc:role, demarc:expires, demarc:owner, demarc:standard";
        expect(tagsOf({ tags: { "demarc:zones": "green" } }).problems()).toEqual([
            {
                kind: "tag.unknown-key",
                problem: `demarc:zones is not a demarc tag; known keys: ${known}`,
                read: {
                    name: "demarc:zones",
                    value: "green",
                    from: "own tag",
                    problem: "not a demarc tag",
                    allowed: known,
                },
            },
        ]);
    });

    test("a tag value of the wrong type is read as text and judged", () => {
        expect(tagsOf({ tags: { "demarc:standard": 2.5 } }).get("standard")).toMatchObject({
            state: "valid",
            value: "2.5",
        });
        expect(tagsOf({ tags: "not a map" }).get("zone")).toEqual({ state: "absent" });
    });
});
