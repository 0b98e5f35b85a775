import {
    classify,
    distinctStackLabels,
    findingsByPolicy,
    subjectOf,
    type CheckResult,
    type CheckedStack,
    type ReportedFinding,
    UNEXPANDED_ADVICE,
} from "../check-result";
import { escapeXml, escapeXmlText } from "./escape";

interface Case {
    readonly name: string;
    readonly mandatory: string[];
    readonly advisory: string[];
}

function casesOf(
    stacks: readonly CheckedStack[],
    labels: ReadonlyMap<CheckedStack, string>,
    findings: readonly { stack: CheckedStack; finding: ReportedFinding }[],
): Case[] {
    const cases = new Map<string, Case>();
    for (const { stack, finding } of findings) {
        const subject = subjectOf(stack, finding);
        const label = labels.get(stack)!;
        const key = `${label}\u0000${subject.urn}`;
        let entry = cases.get(key);
        if (!entry) {
            entry = { name: `${label}: ${subject.name} (${subject.type})`, mandatory: [], advisory: [] };
            cases.set(key, entry);
        }
        const line = `${finding.enforcementLevel}: ${finding.message}\n  ${subject.urn}`;
        (classify(finding) === "mandatory" ? entry.mandatory : entry.advisory).push(line);
    }
    for (const stack of stacks) {
        const label = labels.get(stack)!;
        if (!findings.some((f) => f.stack === stack))
            cases.set(label, { name: `${label}: no findings`, mandatory: [], advisory: [] });
    }
    return [...cases.values()];
}

function testcase(policy: string, c: Case): string {
    const open = `    <testcase classname="${escapeXml(`demarc.${policy}`)}" name="${escapeXml(c.name)}"`;
    if (c.mandatory.length === 0 && c.advisory.length === 0) return `${open}/>`;
    const body: string[] = [];
    if (c.mandatory.length > 0) {
        const first = c.mandatory[0].split("\n")[0].replace(/^mandatory: /, "");
        body.push(
            `      <failure type="mandatory" message="${escapeXml(first)}">${escapeXmlText(c.mandatory.join("\n"))}</failure>`,
        );
    }
    if (c.advisory.length > 0) body.push(`      <system-out>${escapeXmlText(c.advisory.join("\n"))}</system-out>`);
    return `${open}>\n${body.join("\n")}\n    </testcase>`;
}

/**
 * JUnit XML for CI test views: one testsuite per policy; in it one testcase per resource with findings
 * of that policy (a mandatory finding fails it, an advisory one is its system-out) and one passing
 * testcase per checked stack where the policy found nothing.
 */
export function junitReport(check: CheckResult): string {
    const labels = distinctStackLabels(check.stacks);
    const suites = findingsByPolicy(check).map(({ policy, findings }) => {
        const cases = casesOf(check.stacks, labels, findings);
        const failures = cases.filter((c) => c.mandatory.length > 0).length;
        const properties = [
            ["enforcementLevel", policy.enforcementLevel],
            ["severity", policy.severity ?? ""],
            ["rule", policy.rule ?? ""],
        ]
            .map(([name, value]) => `      <property name="${name}" value="${escapeXml(value)}"/>`)
            .join("\n");
        return {
            tests: cases.length,
            failures,
            xml: [
                `  <testsuite name="${escapeXml(policy.name)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="0">`,
                `    <properties>\n${properties}\n    </properties>`,
                ...cases.map((c) => testcase(policy.name, c)),
                "  </testsuite>",
            ].join("\n"),
        };
    });
    const coverage: string[] = [];
    let coverageFailures = 0;
    let skipped = 0;
    for (const failure of check.failures) {
        coverage.push(
            `    <testcase classname="demarc.coverage" name="${escapeXml(failure.target)}">\n      <error message="${escapeXml(failure.message.split("\n")[0] ?? "")}">${escapeXmlText(failure.message)}</error>\n    </testcase>`,
        );
    }
    for (const stack of check.stacks) {
        for (const u of stack.unjudged) {
            const name = escapeXml(`${labels.get(stack)!}: ${u.name} (${u.type})`);
            if (u.reason === "unexpanded" && !check.acceptUnexpanded) {
                coverageFailures++;
                const message = `component not expanded: ${UNEXPANDED_ADVICE}`;
                coverage.push(
                    `    <testcase classname="demarc.coverage" name="${name}">\n      <failure type="unexpanded" message="${escapeXml(message)}">${escapeXmlText(`${message}\n  ${u.urn}`)}</failure>\n    </testcase>`,
                );
            } else {
                skipped++;
                const message =
                    u.reason === "unexpanded"
                        ? "component not expanded (accepted)"
                        : "a resource of a provider demarc does not judge";
                coverage.push(
                    `    <testcase classname="demarc.coverage" name="${name}">\n      <skipped message="${escapeXml(message)}"/>\n    </testcase>`,
                );
            }
        }
    }
    if (coverage.length > 0) {
        suites.push({
            tests: coverage.length,
            failures: coverageFailures,
            xml: [
                `  <testsuite name="demarc coverage" tests="${coverage.length}" failures="${coverageFailures}" errors="${check.failures.length}" skipped="${skipped}">`,
                ...coverage,
                "  </testsuite>",
            ].join("\n"),
        });
    }
    const tests = suites.reduce((n, s) => n + s.tests, 0);
    const failures = suites.reduce((n, s) => n + s.failures, 0);
    return [
        '<?xml version="1.0" encoding="UTF-8"?>',
        `<testsuites name="${escapeXml(check.pack.name)}" tests="${tests}" failures="${failures}" errors="${check.failures.length}" skipped="${skipped}">`,
        ...suites.map((s) => s.xml),
        "</testsuites>",
        "",
    ].join("\n");
}
