import { describe, expect, test } from "vitest";
import { T } from "../../lib/aws-types";
import { ResourceView } from "../../lib/resource";
import { unusableText } from "../../lib/messages";
import { ownTagFindings } from "../../lib/own-tags";
import { demarcTagsOf } from "../../lib/tags";
import { elementOf } from "../../lib/urn";
import { awsProvider, record, UNKNOWN } from "../support/records";

function viewOf(props: Record<string, unknown>, defaultTags?: Record<string, string>) {
    return new ResourceView(record(T.vpc, "main", props, { provider: awsProvider(defaultTags) }));
}

function tagsOf(props: Record<string, unknown>, defaultTags?: Record<string, string>) {
    return demarcTagsOf(viewOf(props, defaultTags));
}

/** What makes a tag invalid, as its finding's message says it. */
function problemOf(
    props: Record<string, unknown>,
    name: "zone" | "tenant" | "expires",
    defaultTags?: Record<string, string>,
) {
    const view = viewOf(props, defaultTags);
    const read = demarcTagsOf(view).get(name);
    return read.state === "invalid" ? unusableText(read.read, elementOf(view)) : undefined;
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
            source: "provider default tags",
            read: {
                name: "demarc:side",
                value: "mssp",
                invalid: "not-allowed",
                from: "provider default tags",
                allowed: "client, provider",
            },
        });
        expect(ownTagFindings(viewOf({}, { "demarc:side": "mssp" }))).toMatchObject([
            {
                kind: "tag.invalid-value",
                message: 'vpc "main": demarc:side is "mssp" (from provider default tags); allowed: client, provider',
            },
        ]);
        expect(problemOf({ tags: { "demarc:tenant": "Acme Corp" } }, "tenant")).toBe(
            'demarc:tenant is "Acme Corp"; allowed: a tenant id of lower-case letters, digits and hyphens ([a-z0-9-]+), or shared',
        );
        expect(problemOf({ tags: { "demarc:expires": "31/12/2026" } }, "expires")).toBe(
            'demarc:expires is "31/12/2026"; allowed: an ISO date YYYY-MM-DD, the last day the access is valid (e.g. 2027-06-30)',
        );
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
            read: {
                name: "demarc:zone",
                invalid: "set-more-than-once",
                conflicting: [
                    { key: "demarc:zone", value: "red" },
                    { key: "Demarc:Zone", value: "green" },
                ],
                from: "own tag",
            },
        });
        expect(problemOf({ tags: { "demarc:zone": "red", "Demarc:Zone": "green" } }, "zone")).toBe(
            'demarc:zone is set more than once in tags, with keys differing only in case and values "red", "green"; keep one: red, yellow, green',
        );
        expect(tagsOf({ tags: { "demarc:zone": "red", "Demarc:Zone": " RED" } }).get("zone")).toMatchObject({
            state: "valid",
            value: "red",
        });
    });

    test("a key set three times in different cases names every key as written and its value, those that agree too", () => {
        const view = viewOf(
            { tags: { "demarc:zone": "green" } },
            { "demarc:tenant": "acme", " DEMARC:TENANT": "ACME ", "Demarc:Tenant": "globex" },
        );
        const read = {
            name: "demarc:tenant",
            invalid: "set-more-than-once",
            conflicting: [
                { key: "demarc:tenant", value: "acme" },
                { key: " DEMARC:TENANT", value: "ACME " },
                { key: "Demarc:Tenant", value: "globex" },
            ],
            from: "provider default tags",
            allowed: "a tenant id of lower-case letters, digits and hyphens ([a-z0-9-]+), or shared",
        };
        expect(demarcTagsOf(view).get("tenant")).toEqual({
            state: "invalid",
            key: "demarc:tenant",
            source: "provider default tags",
            read,
        });
        expect(ownTagFindings(view)).toEqual([
            {
                kind: "tag.invalid-value",
                urn: view.urn,
                level: "policy",
                message:
                    'vpc "main": demarc:tenant is set more than once in provider default tags, with keys differing only in case and values "acme", "ACME ", "globex"; keep one: a tenant id of lower-case letters, digits and hyphens ([a-z0-9-]+), or shared',
                evidence: { element: elementOf(view), values: [read] },
            },
        ]);
        expect(
            tagsOf({ tags: { "demarc:zone": "red", "DEMARC:ZONE": "Red", "Demarc:Zone": " RED " } }).get("zone"),
        ).toMatchObject({ state: "valid", value: "red" });
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
                read: { name: "demarc:zones", value: "green", from: "own tag", invalid: "unknown-key", allowed: known },
            },
        ]);
        expect(ownTagFindings(viewOf({ tags: { "demarc:zones": "green" } }))).toMatchObject([
            { kind: "tag.unknown-key", message: `vpc "main": demarc:zones is not a demarc tag; known keys: ${known}` },
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
