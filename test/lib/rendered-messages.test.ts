import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, test } from "vitest";
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
});
