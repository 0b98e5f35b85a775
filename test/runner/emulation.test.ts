import { describe, expect, test } from "vitest";
import { computeTagsAll, defaultProviderName, parseGoDuration } from "../../runner/emulation";
import { UNKNOWN, makeSecret } from "../../runner/engine-resource";

describe("computeTagsAll", () => {
    test("resource tags override the provider's default tags", () => {
        expect(computeTagsAll({ a: "1", b: "2" }, '{"tags":{"b":"default","c":"3"}}')).toEqual({
            a: "1",
            b: "2",
            c: "3",
        });
    });

    test("without default tags it is the resource's tags", () => {
        expect(computeTagsAll({ a: "1" }, undefined)).toEqual({ a: "1" });
    });

    test("unknown tags, default tags or tag values make it unknown", () => {
        expect([
            computeTagsAll(UNKNOWN, '{"tags":{}}'),
            computeTagsAll({ a: "1" }, UNKNOWN),
            computeTagsAll({ a: UNKNOWN }, undefined),
        ]).toEqual([UNKNOWN, UNKNOWN, UNKNOWN]);
    });

    test("a secret on either side makes the result secret", () => {
        expect(computeTagsAll(makeSecret({ a: "1" }), '{"tags":{"c":"3"}}')).toEqual(makeSecret({ a: "1", c: "3" }));
    });
});

describe("engine naming and durations", () => {
    test("default provider names follow the engine's version encoding", () => {
        expect([
            defaultProviderName("7.48.0"),
            defaultProviderName("1.2.3-alpha.1+build5"),
            defaultProviderName(undefined),
        ]).toEqual(["default_7_48_0", "default_1_2_3_alpha_1_build5", "default"]);
    });

    test("Go durations become seconds", () => {
        expect([
            parseGoDuration("5m"),
            parseGoDuration("1h30m"),
            parseGoDuration("1.5s"),
            parseGoDuration("250ms"),
        ]).toEqual([300, 5400, 1.5, 0.25]);
        expect(() => parseGoDuration("5 minutes")).toThrow(new Error('invalid duration "5 minutes"'));
    });
});
