import { describe, expect, test } from "vitest";
import { T } from "../../lib/aws-types";
import { relatedElements, type CheckResult } from "../../cli/check-result";
import type { FindingEvidence } from "../../lib/findings";
import { demarcationDiagram, MAX_SUBNET_NODES } from "../../cli/reports/diagram";
import { jsonReport } from "../../cli/reports/json";
import { junitReport } from "../../cli/reports/junit";
import { markdownReport } from "../../cli/reports/markdown";
import { fingerprint, sarifReport } from "../../cli/reports/sarif";
import { textReport } from "../../cli/reports/text";
import { record } from "../support/records";
import { mermaidBlock, mermaidParser } from "./mermaid";
import {
    appGroup,
    appInstance,
    dmzSubnet,
    edgeGroup,
    edgeToApp,
    EXPIRY_MESSAGE,
    FLOW_EVIDENCE,
    FLOW_MESSAGE,
    peering,
    ROLE_MESSAGE,
    sampleResult,
    sampleStack,
    UNDETERMINED_MESSAGE,
} from "./sample-result";
import { parseJUnit, sarifSchemaErrors } from "./validators";

const clean: CheckResult = { ...sampleResult, stacks: [{ ...sampleStack, findings: [] }] };

describe("text", () => {
    test("findings grouped by policy, each with level, resource, message and urn, then the summary", () => {
        expect(textReport(sampleResult)).toBe(
            [
                "checked demarc-test/dev (known) from program stacks/index.ts",
                "",
                "require-demarc-tags (mandatory, high): 2 findings",
                "  MANDATORY app-1 (aws:ec2/instance:Instance)",
                `    ${ROLE_MESSAGE}`,
                `    ${appInstance.urn}`,
                "  UNDETERMINED dmz-a (aws:ec2/subnet:Subnet)",
                `    ${UNDETERMINED_MESSAGE}`,
                `    ${dmzSubnet.urn}`,
                "",
                "forbid-red-green-paths (mandatory, critical): 1 finding",
                "  MANDATORY edge-to-app (aws:ec2/securityGroupRule:SecurityGroupRule)",
                `    ${FLOW_MESSAGE}`,
                `    ${edgeToApp.urn}`,
                "",
                "require-access-expiry (mandatory, medium): 1 finding",
                "  ADVISORY mssp-peering (aws:ec2/vpcPeeringConnection:VpcPeeringConnection)",
                `    ${EXPIRY_MESSAGE}`,
                `    ${peering.urn}`,
                "",
                "2 mandatory, 1 advisory, 1 undetermined across 11 resources: FAILED",
                "",
            ].join("\n"),
        );
    });

    test("colours only when asked; terminal control characters from resources are dropped", () => {
        const hostile: CheckResult = {
            ...sampleResult,
            stacks: [
                {
                    ...sampleStack,
                    findings: [
                        {
                            policy: "require-demarc-tags",
                            enforcementLevel: "mandatory",
                            urn: appInstance.urn,
                            message: "tag \u001b[2Jcleared",
                            undetermined: false,
                        },
                    ],
                },
            ],
        };
        expect(textReport(hostile)).toContain("    tag [2Jcleared\n");
        expect(textReport(hostile)).not.toContain("\u001b");
        const coloured = textReport(hostile, { color: true });
        expect(coloured).toContain("\u001b[31mMANDATORY\u001b[0m app-1");
        expect(coloured).toContain(
            "\u001b[31m1 mandatory, 0 advisory, 0 undetermined across 11 resources: FAILED\u001b[0m",
        );
    });

    test("a clean stack passes", () => {
        expect(textReport(clean)).toBe(
            "checked demarc-test/dev (known) from program stacks/index.ts\n\n0 mandatory, 0 advisory, 0 undetermined across 11 resources: PASSED\n",
        );
    });
});

describe("json", () => {
    test("the documented shape", () => {
        const report = JSON.parse(jsonReport(sampleResult));
        expect(report.version).toBe(1);
        expect(report.pack).toEqual({ name: "demarc", version: "0.1.0" });
        expect(report.summary).toEqual({
            passed: false,
            mandatory: 2,
            advisory: 1,
            undetermined: 1,
            resources: 11,
            unexpanded: 0,
            otherProviders: 0,
            failedTargets: 0,
            acceptUnexpanded: false,
        });
        expect(report.failures).toEqual([]);
        expect(report.policies.map((p: { name: string }) => p.name)).toEqual([
            "require-demarc-tags",
            "forbid-red-green-paths",
            "require-access-expiry",
            "protect-log-stores",
        ]);
        expect(report.stacks).toHaveLength(1);
        const [stack] = report.stacks;
        expect({ ...stack, findings: undefined }).toEqual({
            project: "demarc-test",
            stack: "dev",
            mode: "known",
            source: { kind: "program", path: "stacks/index.ts" },
            resources: 11,
            notJudged: [],
            notes: [],
            findings: undefined,
        });
        expect(stack.findings).toEqual([
            {
                policy: "require-demarc-tags",
                kind: "tag.invalid-value",
                class: "mandatory",
                enforcementLevel: "mandatory",
                severity: "high",
                urn: appInstance.urn,
                name: "app-1",
                type: T.instance,
                message: ROLE_MESSAGE,
                waived: false,
                waivedBy: null,
                waiverLapsed: null,
                evidence: null,
            },
            {
                policy: "forbid-red-green-paths",
                kind: "zone.red-green.rule",
                class: "mandatory",
                enforcementLevel: "mandatory",
                severity: "critical",
                urn: edgeToApp.urn,
                name: "edge-to-app",
                type: T.securityGroupRule,
                message: FLOW_MESSAGE,
                waived: false,
                waivedBy: null,
                waiverLapsed: null,
                evidence: FLOW_EVIDENCE,
            },
            {
                policy: "require-access-expiry",
                kind: "expiry.expiring-soon",
                class: "advisory",
                enforcementLevel: "advisory",
                severity: "medium",
                urn: peering.urn,
                name: "mssp-peering",
                type: T.vpcPeeringConnection,
                message: EXPIRY_MESSAGE,
                waived: false,
                waivedBy: null,
                waiverLapsed: null,
                evidence: null,
            },
            {
                policy: "require-demarc-tags",
                kind: "tag.undetermined",
                class: "undetermined",
                enforcementLevel: "advisory",
                severity: "high",
                urn: dmzSubnet.urn,
                name: "dmz-a",
                type: T.subnet,
                message: UNDETERMINED_MESSAGE,
                waived: false,
                waivedBy: null,
                waiverLapsed: null,
                evidence: null,
            },
        ]);
    });
});

describe("waivers, in every format, from the finding's fields", () => {
    const waivedBy = { approver: "ciso@acme.example", expires: "2026-12-15", justification: "preview only" };
    const waiverLapsed = { approver: "noc@acme.example", expires: "2026-11-20" };
    const [role, , , undetermined] = sampleStack.findings;
    const result: CheckResult = {
        ...sampleResult,
        stacks: [
            {
                ...sampleStack,
                findings: [
                    {
                        ...role!,
                        message: `waiver expired on 2026-11-20 (approved by noc@acme.example): ${ROLE_MESSAGE}`,
                        waiverLapsed,
                    },
                    {
                        ...undetermined!,
                        message: `waived (approved by ciso@acme.example until 2026-12-15: preview only): ${UNDETERMINED_MESSAGE}`,
                        waived: waivedBy,
                    },
                ],
            },
        ],
    };

    test("json: a waived undetermined finding stays undetermined, with its waiver; a lapsed waiver leaves its finding mandatory, naming the waiver", () => {
        const report = JSON.parse(jsonReport(result));
        expect(report.summary).toMatchObject({ mandatory: 1, advisory: 0, undetermined: 1, passed: false });
        expect(
            report.stacks[0].findings.map((f: Record<string, unknown>) => [
                f.name,
                f.class,
                f.waived,
                f.waivedBy,
                f.waiverLapsed,
            ]),
        ).toEqual([
            ["app-1", "mandatory", false, null, waiverLapsed],
            ["dmz-a", "undetermined", true, waivedBy, null],
        ]);
    });

    test("sarif: the waived result is suppressed by the waiver, accepted, with its justification; the lapsed one is not, and names it", () => {
        const sarif = JSON.parse(sarifReport(result, { sourceRoot: "file:///work/repo/" }));
        expect(sarifSchemaErrors(sarif)).toBeNull();
        const [lapsed, waived] = sarif.runs[0].results;
        expect([lapsed.level, lapsed.suppressions, lapsed.properties.waived, lapsed.properties.waiverLapsed]).toEqual([
            "error",
            undefined,
            false,
            waiverLapsed,
        ]);
        expect([waived.level, waived.suppressions, waived.properties.waived]).toEqual([
            "note",
            [
                {
                    kind: "external",
                    status: "accepted",
                    justification: "preview only",
                    properties: { approver: "ciso@acme.example", expires: "2026-12-15" },
                },
            ],
            true,
        ]);
    });

    test("text and markdown: each finding at the level its fields give, its message saying how the waiver stands", () => {
        const text = textReport(result);
        expect(text).toContain(
            `MANDATORY app-1 (${T.instance})\n    waiver expired on 2026-11-20 (approved by noc@acme.example): `,
        );
        expect(text).toContain(
            `UNDETERMINED dmz-a (${T.subnet})\n    waived (approved by ciso@acme.example until 2026-12-15: preview only): `,
        );
        const markdown = markdownReport(result);
        expect(markdown).toContain("| 🔴 mandatory | dev | `app-1` |");
        expect(markdown).toContain("| ⚪ undetermined | dev | `dmz-a` |");
    });
});

describe("sarif", () => {
    const sarif = JSON.parse(sarifReport(sampleResult, { sourceRoot: "file:///work/repo/" }));
    const run = sarif.runs[0];

    test("validates against the SARIF 2.1.0 schema", () => {
        expect(sarifSchemaErrors(sarif)).toBeNull();
        expect(sarifSchemaErrors(JSON.parse(sarifReport(clean)))).toBeNull();
        expect(
            sarifSchemaErrors({
                ...sarif,
                runs: [{ ...run, results: [{ ...run.results[0], message: undefined, level: "fatal" }] }],
            }),
        ).not.toBeNull();
    });

    test("one rule per kind of finding a policy reported, with the kind's help and the policy's remediation", () => {
        expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual([
            "require-demarc-tags/tag.invalid-value",
            "require-demarc-tags/tag.undetermined",
            "forbid-red-green-paths/zone.red-green.rule",
            "require-access-expiry/expiry.expiring-soon",
        ]);
        expect(run.tool.driver.rules[2]).toEqual({
            id: "forbid-red-green-paths/zone.red-green.rule",
            name: "zone.red-green.rule",
            shortDescription: { text: "No path lets red reach green directly." },
            fullDescription: { text: "No path lets red reach green directly." },
            help: {
                text:
                    "A security-group rule lets red reach green (or green reach red) directly. Admit green only from yellow, red only into yellow. " +
                    "Route red to green through a yellow zone, encrypted. Rule: zones.",
                markdown:
                    "A security-group rule lets red reach green (or green reach red) directly. Admit green only from yellow, red only into yellow.\n\n" +
                    "**Remediation.** Route red to green through a yellow zone, encrypted.\n\nRule: zones.",
            },
            defaultConfiguration: { level: "error" },
            properties: {
                tags: ["demarc", "zones"],
                policy: "forbid-red-green-paths",
                kind: "zone.red-green.rule",
                severity: "critical",
                "security-severity": "9.5",
            },
        });
        expect(run.tool.driver.rules[0].fullDescription.text).toBe(
            "Every network-placed resource has a valid demarc:zone, demarc:tenant and demarc:side. A resource nobody placed is one nobody is accountable for.",
        );
        expect(run.originalUriBaseIds).toEqual({ "%SRCROOT%": { uri: "file:///work/repo/" } });
    });

    test("a diagnostic without a kind (one the pack did not write) gets its policy's rule", () => {
        const { kind: _kind, ...unkinded } = sampleStack.findings[1]!;
        const sarif = JSON.parse(sarifReport({ ...sampleResult, stacks: [{ ...sampleStack, findings: [unkinded] }] }));
        expect(sarifSchemaErrors(sarif)).toBeNull();
        expect(sarif.runs[0].tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(["forbid-red-green-paths"]);
        expect(sarif.runs[0].results[0]).toMatchObject({ ruleId: "forbid-red-green-paths", ruleIndex: 0 });
    });

    test("each finding a result with its level, the urn as logical location and a physical location", () => {
        const byUrn = (urn: string) =>
            run.results.find(
                (r: { locations: { logicalLocations: { fullyQualifiedName: string }[] }[] }) =>
                    r.locations[0].logicalLocations[0].fullyQualifiedName === urn,
            );
        expect(byUrn(appInstance.urn)).toMatchObject({
            ruleId: "require-demarc-tags/tag.invalid-value",
            ruleIndex: 0,
            level: "error",
            message: { text: ROLE_MESSAGE },
            locations: [
                {
                    physicalLocation: {
                        artifactLocation: { uri: "stacks/app.ts", uriBaseId: "%SRCROOT%" },
                        region: { startLine: 42 },
                    },
                    logicalLocations: [{ fullyQualifiedName: appInstance.urn, name: "app-1", kind: "resource" }],
                },
            ],
        });
        expect(byUrn(edgeToApp.urn).locations[0].physicalLocation).toEqual({
            artifactLocation: { uri: "stacks/index.ts", uriBaseId: "%SRCROOT%" },
            region: { startLine: 1 },
        });
        expect(byUrn(edgeToApp.urn)).toMatchObject({
            ruleId: "forbid-red-green-paths/zone.red-green.rule",
            ruleIndex: 2,
            level: "error",
            properties: { policy: "forbid-red-green-paths", kind: "zone.red-green.rule", waived: false },
        });
        expect(byUrn(peering.urn)).toMatchObject({
            ruleId: "require-access-expiry/expiry.expiring-soon",
            ruleIndex: 3,
            level: "warning",
        });
        expect(byUrn(dmzSubnet.urn)).toMatchObject({
            ruleId: "require-demarc-tags/tag.undetermined",
            ruleIndex: 1,
            level: "note",
        });
    });

    test("fingerprints are stable across runs and rewordings, and differ between findings", () => {
        const again = JSON.parse(
            sarifReport({
                ...sampleResult,
                stacks: [{ ...sampleStack, findings: [...sampleStack.findings].reverse() }],
            }),
        );
        const prints = (r: { results: { partialFingerprints: Record<string, string> }[] }) =>
            r.results.map((x) => x.partialFingerprints["demarcFinding/v2"]).sort();
        expect(prints(again.runs[0])).toEqual(prints(run));
        expect(new Set(prints(run)).size).toBe(4);
        expect(run.results[0].partialFingerprints["demarcFinding/v2"]).toBe(
            fingerprint(sampleStack.findings[0]!, appInstance.urn),
        );
        const reworded = JSON.parse(
            sarifReport({
                ...sampleResult,
                stacks: [
                    {
                        ...sampleStack,
                        findings: sampleStack.findings.map((f) => ({ ...f, message: `${f.message}, reworded` })),
                    },
                ],
            }),
        );
        expect(prints(reworded.runs[0])).toEqual(prints(run));
        const twice = JSON.parse(
            sarifReport({
                ...sampleResult,
                stacks: [
                    {
                        ...sampleStack,
                        findings: [sampleStack.findings[1]!, { ...sampleStack.findings[1]!, message: "a second rule" }],
                    },
                ],
            }),
        );
        expect(new Set(prints(twice.runs[0])).size).toBe(2);
    });
});

describe("evidence", () => {
    test("JSON carries a finding's evidence, null where it has none", () => {
        const findings = (JSON.parse(jsonReport(sampleResult)) as { stacks: { findings: { evidence: unknown }[] }[] })
            .stacks[0]!.findings;
        expect(findings.map((f) => f.evidence)).toEqual([null, FLOW_EVIDENCE, null, null]);
    });

    test("SARIF carries it in the result's properties, and still validates", () => {
        const sarif = JSON.parse(sarifReport(sampleResult));
        expect(sarifSchemaErrors(sarif)).toBeNull();
        const flow = sarif.runs[0].results.find(
            (r: { ruleId: string }) => r.ruleId === "forbid-red-green-paths/zone.red-green.rule",
        );
        expect(flow.properties.evidence).toEqual(FLOW_EVIDENCE);
    });

    test("the diagram draws an offending flow from the evidence, on any element: a rule inline in its group too", async () => {
        const inline = {
            ...sampleStack.findings[1]!,
            urn: appGroup.urn,
            evidence: {
                ...FLOW_EVIDENCE,
                element: { urn: appGroup.urn, name: "app", type: T.securityGroup },
                from: [
                    { place: "the internet", zone: { value: "red", from: "outside every address block" }, count: 1 },
                ],
            },
        };
        const diagram = demarcationDiagram([{ ...sampleStack, findings: [inline] }]);
        await expect((await mermaidParser()).parse(diagram)).resolves.toBeTruthy();
        const lines = diagram.split("\n").map((l) => l.trim());
        const [green] = lines
            .filter((l) => l.startsWith("subgraph ") && l.endsWith('["zone green"]'))
            .map((l) => l.split(" ")[1]!.split("[")[0]);
        expect(lines).toContain(`internet -->|"app"| ${green}`);
        const withoutEvidence = demarcationDiagram([
            { ...sampleStack, findings: [{ ...sampleStack.findings[1]!, evidence: undefined }] },
        ]);
        expect(withoutEvidence).not.toContain('-->|"edge-to-app"|');
    });
});

describe("the path and what was not known, under the finding", () => {
    const element = (r: { urn: string; name: string; type: string }) => ({ urn: r.urn, name: r.name, type: r.type });
    const routed = {
        ...sampleStack.findings[1]!,
        urn: peering.urn,
        kind: "zone.red-green.route",
        message: "peering lets red reach green",
        evidence: {
            element: element(peering),
            layer: "routing",
            from: FLOW_EVIDENCE.from,
            to: FLOW_EVIDENCE.to,
            path: [
                {
                    element: element(dmzSubnet),
                    text: 'route "dmz-out" sends 10.9.0.0/16 through peering connection "mssp"',
                },
                { element: element(peering), text: 'peering connection "mssp" joins the two VPCs' },
            ],
            morePairs: 0,
        },
    };
    const unknown = {
        ...sampleStack.findings[3]!,
        evidence: {
            element: element(dmzSubnet),
            unknown: [{ of: element(appGroup), what: "vpcId", reason: "not known until apply" }],
        },
    };
    const result: CheckResult = { ...sampleResult, stacks: [{ ...sampleStack, findings: [routed, unknown] }] };

    test("the text report lists the path hop by hop, and each value not known with its resource", () => {
        const text = textReport(result);
        expect(text).toContain(
            [
                "    peering lets red reach green",
                "    path:",
                '      1. route "dmz-out" sends 10.9.0.0/16 through peering connection "mssp"',
                '      2. peering connection "mssp" joins the two VPCs',
                `    ${peering.urn}`,
            ].join("\n"),
        );
        expect(text).toContain(`    not known: vpcId of app (not known until apply)\n    ${dmzSubnet.urn}`);
    });

    test("SARIF names each other resource the evidence rests on as a related location, and still validates", () => {
        const sarif = JSON.parse(sarifReport(result));
        expect(sarifSchemaErrors(sarif)).toBeNull();
        const related = (ruleId: string) =>
            sarif.runs[0].results
                .find((r: { ruleId: string }) => r.ruleId === ruleId)
                .relatedLocations?.map(
                    (l: {
                        id: number;
                        message: { text: string };
                        logicalLocations: { fullyQualifiedName: string }[];
                    }) => [l.id, l.logicalLocations[0]!.fullyQualifiedName, l.message.text],
                );
        expect(related("forbid-red-green-paths/zone.red-green.route")).toEqual([
            [0, dmzSubnet.urn, 'hop 1: route "dmz-out" sends 10.9.0.0/16 through peering connection "mssp"'],
            [1, edgeGroup.urn, 'from security group "edge"'],
            [2, appGroup.urn, 'to security group "app"'],
        ]);
        expect(related(`require-demarc-tags/${unknown.kind}`)).toEqual([
            [0, appGroup.urn, "its vpcId is not known until apply"],
        ]);
    });

    test("what else a finding names besides values and ends is a related resource: a share and what it shares, each uncovered item, what delivers logs, exposes, joins or may be attached", () => {
        /** The related resources of a finding on the DMZ subnet with these evidence fields. */
        const relatedOf = (fields: Omit<FindingEvidence, "element">) =>
            relatedElements({ ...sampleStack.findings[3]!, evidence: { element: element(dmzSubnet), ...fields } });
        const at = (r: { urn: string; name: string }, text: string) => ({ urn: r.urn, name: r.name, text });
        expect(relatedOf({ holdsEvidence: { because: "receives-logs", from: element(peering) } })).toEqual([
            at(peering, "delivers logs to it"),
        ]);
        expect(
            relatedOf({
                access: {
                    because: "joins-ends",
                    tag: "tenant",
                    ends: [
                        { element: element(edgeGroup), value: "acme" },
                        { element: element(appGroup), value: "globex" },
                    ],
                },
            }),
        ).toEqual([at(edgeGroup, "one end (tenant acme)"), at(appGroup, "one end (tenant globex)")]);
        expect(
            relatedOf({
                grant: {
                    what: "AdministratorAccess",
                    via: { attachment: element(peering), policy: element(appGroup) },
                },
            }),
        ).toEqual([
            at(peering, "gives the role its administrator right"),
            at(appGroup, "gives the role its administrator right"),
        ]);
        expect(relatedOf({ mayBeAmong: [{ group: element(edgeGroup), zone: "red" }] })).toEqual([
            at(edgeGroup, "may be among its groups (red)"),
        ]);
        expect(
            relatedOf({
                exposure: {
                    by: "subnet-public-ip",
                    subnet: element(appGroup),
                    route: { element: element(peering), gateway: { element: element(edgeGroup) } },
                },
            }),
        ).toEqual([
            at(appGroup, "gives it a public IP address"),
            at(peering, "routes the internet to it"),
            at(edgeGroup, "the internet gateway"),
        ]);
        expect(
            relatedOf({
                sharing: {
                    share: element(peering),
                    resources: [{ element: element(appGroup) }, { arn: "arn:aws:ec2:us-east-1:2:subnet/subnet-1" }],
                },
            }),
        ).toEqual([at(peering, "the resource share"), at(appGroup, "shared")]);
        expect(
            relatedOf({
                unmodelled: [
                    {
                        what: "routes to appliances",
                        items: [{ element: element(peering), routeTo: { element: element(edgeGroup) } }],
                    },
                    {
                        what: "rule peers outside this stack",
                        items: [{ element: element(appGroup), outside: { what: "security group", id: "sg-1" } }],
                    },
                ],
            }),
        ).toEqual([
            at(peering, "routes to appliances"),
            at(edgeGroup, "a route target: routes to appliances"),
            at(appGroup, "rule peers outside this stack"),
        ]);
    });
});

describe("junit", () => {
    test("one suite per policy; a failing case per mandatory finding, system-out for advisory, a passing case where nothing was found", () => {
        const junit = parseJUnit(junitReport(sampleResult));
        expect(junit).toEqual({
            tests: 5,
            failures: 2,
            suites: [
                {
                    name: "require-demarc-tags",
                    tests: 2,
                    failures: 1,
                    cases: [
                        {
                            name: "demarc-test/dev (known): app-1 (aws:ec2/instance:Instance)",
                            classname: "demarc.require-demarc-tags",
                            failure: {
                                type: "mandatory",
                                message: ROLE_MESSAGE,
                                text: `mandatory: ${ROLE_MESSAGE}\n  ${appInstance.urn}`,
                            },
                        },
                        {
                            name: "demarc-test/dev (known): dmz-a (aws:ec2/subnet:Subnet)",
                            classname: "demarc.require-demarc-tags",
                            systemOut: `advisory: ${UNDETERMINED_MESSAGE}\n  ${dmzSubnet.urn}`,
                        },
                    ],
                },
                {
                    name: "forbid-red-green-paths",
                    tests: 1,
                    failures: 1,
                    cases: [
                        {
                            name: "demarc-test/dev (known): edge-to-app (aws:ec2/securityGroupRule:SecurityGroupRule)",
                            classname: "demarc.forbid-red-green-paths",
                            failure: {
                                type: "mandatory",
                                message: FLOW_MESSAGE,
                                text: `mandatory: ${FLOW_MESSAGE}\n  ${edgeToApp.urn}`,
                            },
                        },
                    ],
                },
                {
                    name: "require-access-expiry",
                    tests: 1,
                    failures: 0,
                    cases: [
                        {
                            name: "demarc-test/dev (known): mssp-peering (aws:ec2/vpcPeeringConnection:VpcPeeringConnection)",
                            classname: "demarc.require-access-expiry",
                            systemOut: `advisory: ${EXPIRY_MESSAGE}\n  ${peering.urn}`,
                        },
                    ],
                },
                {
                    name: "protect-log-stores",
                    tests: 1,
                    failures: 0,
                    cases: [{ name: "demarc-test/dev (known): no findings", classname: "demarc.protect-log-stores" }],
                },
            ],
        });
    });

    test("two stacks that read alike (one stack exported twice) keep their own cases, named by where each was read", () => {
        const finding = sampleStack.findings.find((f) => f.urn === edgeToApp.urn)!;
        const exported = (file: string, findings: typeof sampleStack.findings) => ({
            ...sampleStack,
            source: { kind: "export" as const, path: file },
            findings,
        });
        const result: CheckResult = {
            ...sampleResult,
            stacks: [exported("before.json", [finding]), exported("after.json", [])],
        };
        const suite = parseJUnit(junitReport(result)).suites.find((s) => s.name === "forbid-red-green-paths")!;
        expect(suite.cases.map((c) => [c.name, c.failure === undefined ? "passed" : "failed"])).toEqual([
            [
                "demarc-test/dev (known) from before.json: edge-to-app (aws:ec2/securityGroupRule:SecurityGroupRule)",
                "failed",
            ],
            ["demarc-test/dev (known) from after.json: no findings", "passed"],
        ]);
    });

    test("names and messages that look like XML stay text", () => {
        const hostile = record(T.instance, 'x"/><testcase name="y', { subnetId: "subnet-g" });
        const result: CheckResult = {
            ...sampleResult,
            stacks: [
                {
                    ...sampleStack,
                    resources: [...sampleStack.resources, hostile],
                    findings: [
                        {
                            policy: "require-demarc-tags",
                            enforcementLevel: "mandatory",
                            urn: hostile.urn,
                            message: "]]></failure>&\u0001",
                            undetermined: false,
                        },
                    ],
                },
            ],
        };
        const [suite] = parseJUnit(junitReport(result)).suites;
        expect(suite.cases).toEqual([
            {
                name: `demarc-test/dev (known): x"/><testcase name="y (aws:ec2/instance:Instance)`,
                classname: "demarc.require-demarc-tags",
                failure: {
                    type: "mandatory",
                    message: "]]></failure>&\ufffd",
                    text: `mandatory: ]]></failure>&\ufffd\n  ${hostile.urn}`,
                },
            },
        ]);
    });
});

describe("markdown", () => {
    const markdown = markdownReport(sampleResult);

    test("a summary table, then findings grouped by policy with escaped cells", () => {
        expect(markdown).toContain(
            [
                "## demarc check: ❌ failed",
                "",
                "2 mandatory, 1 advisory, 1 undetermined across 11 resources: FAILED",
                "",
                "| stack | mode | source | resources | mandatory | advisory | undetermined |",
                "|---|---|---|---:|---:|---:|---:|",
                "| demarc-test/dev | known | program `stacks/index.ts` | 11 | 2 | 1 | 1 |",
            ].join("\n"),
        );
        expect(markdown).toContain(
            '| 🔴 mandatory | dev | `app-1` | `aws:ec2/instance:Instance` | instance "app-1": demarc:role is "a\\|b&lt;script&gt;"; allowed: one or more of log-server, log-store (comma-separated) |',
        );
        expect(markdown).toContain(
            '| 🟡 advisory | dev | `mssp-peering` | `aws:ec2/vpcPeeringConnection:VpcPeeringConnection` | vpcPeeringConnection "mssp-peering" expires on 2026-12-01, within 30 days of 2026-11-23 (owner \\`mssp-ops\\` &#64; \\*contract 7\\*) |',
        );
        expect(markdown).toContain(
            '| ⚪ undetermined | dev | `dmz-a` | `aws:ec2/subnet:Subnet` | undetermined: subnet "dmz-a": its cidrBlock is not known until apply |',
        );
        expect(markdown.indexOf("#### `require-demarc-tags` (mandatory, severity high)")).toBeLessThan(
            markdown.indexOf("#### `forbid-red-green-paths` (mandatory, severity critical)"),
        );
        expect(markdown).not.toContain("protect-log-stores");
    });

    test("the diagram: sides as subgraphs with zones nested, tenants labelled, offenders in red", async () => {
        const diagram = mermaidBlock(markdown);
        await expect((await mermaidParser()).parse(diagram)).resolves.toBeTruthy();
        expect(diagram).toBe(demarcationDiagram(sampleResult.stacks));
        const lines = diagram.split("\n").map((l) => l.trim());
        const nodeId = (label: string) => lines.find((l) => l.includes(`["${label}`))?.split("[")[0];
        const subgraph = (label: string) =>
            lines
                .filter((l) => l.startsWith("subgraph ") && l.endsWith(`["${label}"]`))
                .map((l) => l.split(" ")[1].split("[")[0]);
        expect(lines[0]).toBe("flowchart LR");
        const app = nodeId("subnet app-a");
        expect(lines).toContain(`${app}["subnet app-a<br/>10.0.2.0/24<br/>tenant acme<br/>+1 resource"]`);
        expect(lines).toContain(`class ${app} mandatory`);
        expect(lines).toContain(`class ${nodeId("subnet dmz-a")} advisory`);
        expect(lines).toContain(`class ${nodeId("vpc peering connection mssp-peering")} advisory`);
        expect(lines).toContain(`${nodeId("vpc mssp-vpc")}["vpc mssp-vpc<br/>10.9.0.0/16<br/>tenant shared"]`);
        expect(subgraph("client side")).toHaveLength(1);
        expect(subgraph("provider side")).toHaveLength(1);
        const [red] = subgraph("zone red");
        const [green] = subgraph("zone green");
        const flow = lines.findIndex((l) => l === `${red} -->|"edge-to-app"| ${green}`);
        expect(flow).toBeGreaterThan(0);
        const edges = lines.filter((l) => / (---|-->|-\.-)/.test(l));
        expect(lines).toContain(`linkStyle ${edges.indexOf(lines[flow])} stroke:#c00,stroke-width:3px,color:#c00`);
        expect(lines).toContain(`${nodeId("internet gateway igw")} --- internet`);
    });

    test("labels cannot break out of the diagram or the code block", async () => {
        const hostile = record(
            T.subnet,
            'x"]\n```\nclick y call alert()%%',
            { vpcId: "vpc-1", tags: { "demarc:zone": "green", "demarc:tenant": "a`b" } },
            { refs: {} },
        );
        const diagram = demarcationDiagram([{ ...sampleStack, resources: [...sampleStack.resources, hostile] }]);
        await expect((await mermaidParser()).parse(diagram)).resolves.toBeTruthy();
        expect(diagram).not.toContain("```");
        expect(diagram).toContain("subnet x#34;#93; #96;#96;#96; click y call alert#40;#41;#37;#37;");
    });

    test("a large stack collapses subnets to one node per VPC and zone", async () => {
        const many = Array.from({ length: MAX_SUBNET_NODES + 1 }, (_, i) =>
            record(
                T.subnet,
                `s-${i}`,
                { id: `subnet-${i}`, vpcId: "vpc-1", tags: { "demarc:zone": i % 2 ? "green" : "yellow" } },
                { refs: { vpcId: sampleStack.resources[2] } },
            ),
        );
        const diagram = demarcationDiagram([{ ...sampleStack, resources: [...sampleStack.resources, ...many] }]);
        await expect((await mermaidParser()).parse(diagram)).resolves.toBeTruthy();
        expect(diagram).not.toContain("s-7");
        expect(diagram).toMatch(/\["green subnets of client-vpc<br\/>tenant acme<br\/>\+1 resource"\]/);
        expect(diagram).toMatch(/\["yellow subnets of client-vpc<br\/>tenant acme"\]/);
        expect(diagram).toMatch(/\["red subnets of client-vpc<br\/>tenant acme"\]/);
    });
});

describe("what was not judged and what could not be checked, in every format", () => {
    const vpcUrn = "urn:pulumi:dev::demarc-test::awsx:ec2:Vpc::shared";
    const firewallUrn = "urn:pulumi:dev::demarc-test::gcp:compute/firewall:Firewall::allow-ssh";
    const gaps: CheckResult = {
        ...sampleResult,
        stacks: [
            {
                ...sampleStack,
                findings: [],
                unjudged: [
                    { urn: vpcUrn, name: "shared", type: "awsx:ec2:Vpc", reason: "unexpanded" },
                    {
                        urn: firewallUrn,
                        name: "allow-ssh",
                        type: "gcp:compute/firewall:Firewall",
                        reason: "other-provider",
                    },
                ],
                notes: ["secure config left out (encrypted; supply the values with --config KEY=VALUE): app:psk"],
            },
        ],
        failures: [{ target: "program infra/broken", message: "the program exited with code 32: boom\nsecond line" }],
    };

    test("text: each line of a multi-line finding indented under it", () => {
        const multi: CheckResult = {
            ...sampleResult,
            stacks: [{ ...sampleStack, findings: [{ ...sampleStack.findings[0]!, message: "first\nsecond\nthird" }] }],
        };
        expect(textReport(multi)).toContain(
            `  MANDATORY app-1 (aws:ec2/instance:Instance)\n    first\n    second\n    third\n    ${appInstance.urn}\n`,
        );
    });

    test("text: the failed target with its indented error, the components not expanded, the resources not judged", () => {
        const text = textReport(gaps);
        expect(text).toContain(
            "  note: secure config left out (encrypted; supply the values with --config KEY=VALUE): app:psk\n",
        );
        expect(text).toContain(
            "\nNOT CHECKED program infra/broken\n    the program exited with code 32: boom\n    second line\n",
        );
        expect(text).toContain(
            "\ncomponents not expanded (fails the check): 1\n  NOT EXPANDED shared (awsx:ec2:Vpc)\n    its resources are created by its provider plugin at deploy time and cannot exist offline: check that network from its stack export (demarc check --export) or with pulumi preview --policy-pack, or accept the gap with --accept-unexpanded\n",
        );
        expect(text).toContain(
            "\nresources of providers demarc does not judge: 1\n  NOT JUDGED allow-ssh (gcp:compute/firewall:Firewall)\n",
        );
        expect(text.trimEnd().split("\n").pop()).toBe(
            "0 mandatory, 0 advisory, 0 undetermined across 11 resources; 1 component not expanded, 1 resource of other providers not judged, 1 target failed: FAILED",
        );
        expect(
            textReport({ ...gaps, failures: [], acceptUnexpanded: true })
                .trimEnd()
                .split("\n")
                .pop(),
        ).toBe(
            "0 mandatory, 0 advisory, 0 undetermined across 11 resources; 1 component not expanded, 1 resource of other providers not judged: PASSED",
        );
    });

    test("json: summary counts, failures and each stack's resources not judged", () => {
        const json = JSON.parse(jsonReport(gaps));
        expect(json.summary).toMatchObject({ passed: false, unexpanded: 1, otherProviders: 1, failedTargets: 1 });
        expect(json.failures).toEqual([gaps.failures[0]]);
        expect(json.stacks[0].notJudged).toEqual([
            { urn: vpcUrn, name: "shared", type: "awsx:ec2:Vpc", reason: "unexpanded" },
            { urn: firewallUrn, name: "allow-ssh", type: "gcp:compute/firewall:Firewall", reason: "other-provider" },
        ]);
    });

    test("sarif: an error result for the component, a note for the other provider's resource, the failure as a notification", () => {
        const sarif = JSON.parse(sarifReport(gaps));
        expect(sarifSchemaErrors(sarif)).toBeNull();
        const results = sarif.runs[0].results.map(
            (r: { ruleId: string; level: string; locations: { logicalLocations: { name: string }[] }[] }) => [
                r.ruleId,
                r.level,
                r.locations[0]!.logicalLocations[0]!.name,
            ],
        );
        expect(results).toEqual([
            ["demarc/component-not-expanded", "error", "shared"],
            ["demarc/resource-not-judged", "note", "allow-ssh"],
        ]);
        expect(sarif.runs[0].invocations[0].executionSuccessful).toBe(false);
        expect(sarif.runs[0].invocations[0].toolExecutionNotifications[0].message.text).toBe(
            "program infra/broken could not be checked: the program exited with code 32: boom\nsecond line",
        );
    });

    test("junit: a coverage suite with the failed target as an error, the component failing, the other provider's resource skipped", () => {
        const junit = parseJUnit(junitReport(gaps));
        const coverage = junit.suites.find((s) => s.name === "demarc coverage")!;
        expect(coverage.cases.map((c) => [c.name, c.failure?.message ?? null])).toEqual([
            ["program infra/broken", null],
            [
                "demarc-test/dev (known): shared (awsx:ec2:Vpc)",
                "component not expanded: its resources are created by its provider plugin at deploy time and cannot exist offline: check that network from its stack export (demarc check --export) or with pulumi preview --policy-pack, or accept the gap with --accept-unexpanded",
            ],
            ["demarc-test/dev (known): allow-ssh (gcp:compute/firewall:Firewall)", null],
        ]);
        expect(junitReport(gaps)).toContain('<error message="the program exited with code 32: boom">');
        expect(junitReport(gaps)).toContain('<skipped message="a resource of a provider demarc does not judge"/>');
    });

    test("markdown: not checked and not judged sections", () => {
        const markdown = markdownReport(gaps);
        expect(markdown).toContain(
            "### Not checked\n\n- ❌ program infra/broken: the program exited with code 32: boom\n",
        );
        expect(markdown).toContain("| dev | `shared` | `awsx:ec2:Vpc` | 🔴 a component its provider plugin builds:");
        expect(markdown).toContain(
            "| dev | `allow-ssh` | `gcp:compute/firewall:Firewall` | a provider demarc does not judge |",
        );
    });
});
