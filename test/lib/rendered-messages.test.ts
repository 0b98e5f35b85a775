import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, test } from "vitest";
import { FINDING_KINDS } from "../../lib/finding-kinds";
import { violation } from "../../lib/findings";
import { rendersFromEvidence } from "../../lib/messages";
import { notRenderedFromEvidence, type Reading } from "../support/rendered";

const REVIEWED = path.join(__dirname, "..", "cli", "__snapshots__", "stack-findings.json");

describe("a finding's message is rendered from its evidence", () => {
    test("every finding of every sample stack and scenario as deployed, in the reviewed JSON report: its evidence renders its message", () => {
        const stacks = JSON.parse(fs.readFileSync(REVIEWED, "utf8")) as { findings: Reading[] }[];
        const findings = stacks.flatMap((s) => s.findings);
        expect(findings.filter((f) => f.kind && rendersFromEvidence(f.kind)).length).toBeGreaterThan(0);
        expect(notRenderedFromEvidence(findings)).toEqual([]);
    });

    test("every kind of finding on a resource is rendered from its evidence; only findings on the pack as a whole (its configuration, a failed check, its waivers) are worded where they are found", () => {
        expect(Object.keys(FINDING_KINDS).filter((kind) => !rendersFromEvidence(kind))).toEqual([
            "waiver.malformed",
            "waiver.expired",
            "waiver.beyond-horizon",
            "waiver.unmatched",
            "waiver.by-message",
            "config.invalid",
            "check.undetermined",
        ]);
    });

    test("a finding on a resource has no message but the one its evidence renders", () => {
        const urn = "urn:pulumi:dev::p::aws:ec2/vpc:Vpc::main";
        const missing = violation("tag.missing", urn, {
            values: [{ name: "demarc:zone", problem: 'vpc "main" has no demarc:zone', allowed: "red, yellow, green" }],
        });
        expect(missing.message).toBe('vpc "main" has no demarc:zone; allowed: red, yellow, green');
        // A message of its own is given only to a finding on the pack as a whole (no urn): the typecheck refuses this.
        // @ts-expect-error a finding on a resource takes its evidence, not a message
        void (() => violation("tag.missing", urn, "no zone"));
    });
});
