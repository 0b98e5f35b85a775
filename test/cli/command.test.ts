import * as fs from "node:fs";
import { isDeepStrictEqual } from "node:util";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { capturedToStackExport } from "../../cli/stack-export";
import { COMPLIANT_FINDINGS, expectedFindings, SCENARIOS, type ExpectedFinding } from "../../stacks/scenarios";
import { cachedCapture, ROOT, SAMPLE_RUNS, sampleExport } from "../support/captures";
import { requireBuiltDemarc, runDemarc, runDemarcInProcess } from "../support/demarc-command";
import { sortedFindings, type SeenFinding } from "../support/findings";
import { notRenderedFromEvidence } from "../support/rendered";
import { mermaidBlock, mermaidParser } from "./mermaid";
import { parseJUnit, sarifSchemaErrors } from "./validators";

const LAB = "test/fixtures/programs/lab";
const TENANT_PROBLEM =
    'demarc:tenant is "ACME Corp"; allowed: a tenant id of lower-case letters, digits and hyphens ([a-z0-9-]+), or shared';

/** The command as a user runs it: a process of its own, for what its exit code and its files show. */
const spawned = (...args: string[]) => runDemarc(args);
/** The command's reports, from the built command run in this process. */
const demarc = (...args: string[]) => runDemarcInProcess(args);

interface JsonFinding {
    policy: string;
    kind: string | null;
    class: string;
    name: string;
    urn: string;
    type: string;
    message: string;
    waived: boolean;
    waivedBy: object | null;
    waiverLapsed: object | null;
}
const findingsOf = (json: string) =>
    (JSON.parse(json) as { stacks: { stack: string; mode: string; findings: JsonFinding[] }[] }).stacks.map((s) => ({
        stack: `${s.stack} ${s.mode}`,
        findings: s.findings.map((f) => ({ policy: f.policy, class: f.class, name: f.name, message: f.message })),
    }));

let tmp: string;
beforeAll(() => {
    requireBuiltDemarc();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "demarc-cli-"));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/**
 * An invalid value is judged on the resource that carries it, by the resource policy, once: the group and subnet
 * that inherit the VPC's tenant do not repeat it.
 */
const VPC_PROBLEM = `vpc "lab-vpc": ${TENANT_PROBLEM}`;
const MISTAGGED_FINDINGS = [
    { policy: "validate-demarc-tags", class: "mandatory", name: "lab-vpc", message: VPC_PROBLEM },
];

describe("demarc check on a program", () => {
    test("a mandatory violation exits 1, every report written at once", async () => {
        const dir = path.join(tmp, "reports");
        const run = await spawned(
            "check",
            "--stack-config",
            `${LAB}/Pulumi.mistagged.yaml`,
            "--format",
            "json",
            "--format",
            "sarif",
            "--format",
            "junit",
            "--format",
            `markdown=${tmp}/pr.md`,
            "--output-dir",
            dir,
        );
        expect(run.stderr).toBe("");
        expect(run.code).toBe(1);
        expect(run.stdout).toContain(
            `  MANDATORY lab-vpc (aws:ec2/vpc:Vpc)\n    ${VPC_PROBLEM}\n    urn:pulumi:mistagged::lab::aws:ec2/vpc:Vpc::lab-vpc\n`,
        );
        expect(run.stdout.trimEnd().split("\n").pop()).toBe(
            "1 mandatory, 0 advisory, 0 undetermined across 6 resources: FAILED",
        );
        expect(fs.readdirSync(dir).sort()).toEqual(["demarc.json", "demarc.junit.xml", "demarc.sarif"]);

        expect(findingsOf(fs.readFileSync(path.join(dir, "demarc.json"), "utf8"))).toEqual([
            { stack: "mistagged known", findings: MISTAGGED_FINDINGS },
        ]);

        const sarif = JSON.parse(fs.readFileSync(path.join(dir, "demarc.sarif"), "utf8"));
        expect(sarifSchemaErrors(sarif)).toBeNull();
        const vpcResult = sarif.runs[0].results.find(
            (r: { locations: { logicalLocations: { name: string }[] }[] }) =>
                r.locations[0].logicalLocations[0].name === "lab-vpc",
        );
        expect(vpcResult.locations[0].physicalLocation).toEqual({
            artifactLocation: { uri: `${LAB}/index.ts`, uriBaseId: "%SRCROOT%" },
            region: { startLine: 13 },
        });
        expect(vpcResult).toMatchObject({
            ruleId: "validate-demarc-tags/tag.invalid-value",
            level: "error",
            message: { text: VPC_PROBLEM },
        });

        const junit = parseJUnit(fs.readFileSync(path.join(dir, "demarc.junit.xml"), "utf8"));
        const tags = junit.suites.find((s) => s.name === "validate-demarc-tags")!;
        expect(tags.cases.map((c) => [c.name, c.failure?.message])).toEqual([
            ["lab/mistagged (known): lab-vpc (aws:ec2/vpc:Vpc)", VPC_PROBLEM],
        ]);
        expect(junit.suites.find((s) => s.name === "require-access-expiry")!.cases).toEqual([
            { name: "lab/mistagged (known): no findings", classname: "demarc.require-access-expiry" },
        ]);
        expect(junit.failures).toBe(1);

        const markdown = fs.readFileSync(path.join(tmp, "pr.md"), "utf8");
        await expect((await mermaidParser()).parse(mermaidBlock(markdown))).resolves.toBeTruthy();
        expect(markdown).toContain(
            `| 🔴 mandatory | mistagged | \`lab-vpc\` | \`aws:ec2/vpc:Vpc\` | vpc "lab-vpc": demarc:tenant is "ACME Corp"; allowed: a tenant id of lower-case letters, digits and hyphens (\\[a-z0-9-\\]+), or shared |`,
        );
    });

    test("known and first-preview mode: an unknown tag is undetermined, advisory, and the run passes", async () => {
        const run = await demarc(
            "check",
            "--program",
            LAB,
            "--stack-config",
            `${LAB}/Pulumi.lab.yaml`,
            "--preview",
            "--as-of",
            "2026-11-23",
            "--format",
            "json",
        );
        expect(run.stderr).toBe("");
        expect(run.code).toBe(0);
        expect(findingsOf(run.stdout)).toEqual([
            { stack: "lab known", findings: [] },
            {
                stack: "lab preview",
                findings: [
                    {
                        policy: "require-demarc-tags",
                        class: "undetermined",
                        name: "lab-app",
                        message:
                            'undetermined: demarc:zone of subnet "lab-app": demarc:zone in its tags is not known until apply',
                    },
                ],
            },
        ]);
    });
});

test("demarc check on a stack export of the same stack finds the same, located in the export", async () => {
    const captured = await cachedCapture({
        program: path.join(ROOT, LAB),
        project: "lab",
        stack: "mistagged",
        config: { "aws:region": "eu-west-1", "lab:tenant": "ACME Corp" },
    });
    const file = path.join(tmp, "mistagged.json");
    fs.writeFileSync(file, JSON.stringify(capturedToStackExport(captured), null, 4));
    const run = await demarc("check", "--export", file, "--format", "json", "--format", `sarif=${tmp}/export.sarif`);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(1);
    expect(findingsOf(run.stdout)).toEqual([{ stack: "mistagged known", findings: MISTAGGED_FINDINGS }]);
    expect(JSON.parse(run.stdout).stacks[0].source).toEqual({ kind: "export", path: file });
    const sarif = JSON.parse(fs.readFileSync(path.join(tmp, "export.sarif"), "utf8"));
    expect(sarifSchemaErrors(sarif)).toBeNull();
    const urn = "urn:pulumi:mistagged::lab::aws:ec2/vpc:Vpc::lab-vpc";
    const line =
        fs
            .readFileSync(file, "utf8")
            .split("\n")
            .findIndex((l) => l.includes(`"urn": "${urn}"`)) + 1;
    const vpcResult = sarif.runs[0].results.find(
        (r: { locations: { logicalLocations: { fullyQualifiedName: string }[] }[] }) =>
            r.locations[0].logicalLocations[0].fullyQualifiedName === urn,
    );
    expect(line).toBeGreaterThan(1);
    expect(vpcResult.locations[0].physicalLocation.region).toEqual({ startLine: line });
});

describe("demarc check on the bundled sample stacks", () => {
    const seen = (findings: readonly JsonFinding[]): SeenFinding[] =>
        sortedFindings(
            findings.map((f) => ({
                policy: f.policy,
                resource: f.name,
                level: f.class === "mandatory" ? "mandatory" : "advisory",
                kind: f.kind ?? undefined,
            })),
        );
    const expected = (findings: readonly ExpectedFinding[]): SeenFinding[] =>
        sortedFindings(findings.map(({ policy, resource, level, kind }) => ({ policy, resource, level, kind })));
    const stacksOf = (json: string) =>
        (JSON.parse(json) as { stacks: { stack: string; mode: string; findings: JsonFinding[] }[] }).stacks.map(
            (s) => ({ stack: `${s.stack} ${s.mode}`, findings: seen(s.findings) }),
        );

    test("the compliant client and provider stacks give exactly their expected findings, and pass", async () => {
        const run = await spawned("check", "--format", "json", "--format", `markdown=${tmp}/samples.md`);
        expect(run.stderr).toBe("");
        expect(stacksOf(run.stdout)).toEqual([
            { stack: "client known", findings: expected(COMPLIANT_FINDINGS.client) },
            { stack: "provider known", findings: expected(COMPLIANT_FINDINGS.provider) },
        ]);
        expect(run.code).toBe(0);
        const markdown = fs.readFileSync(path.join(tmp, "samples.md"), "utf8");
        await expect((await mermaidParser()).parse(mermaidBlock(markdown))).resolves.toBeTruthy();
        expect(markdown).toContain('subgraph s0["client side"]');
    });

    // A first preview through the command is shown on the lab program above; every scenario at a first preview, by the
    // protocol suites.
    test("a scenario: the sample program it changes, exactly its findings, and a failed run", async () => {
        const scenario = SCENARIOS.find((s) => s.name === "vpn-expired")!;
        const run = await demarc("check", "--scenario", scenario.name, "--format", "json");
        expect(run.stderr).toBe("");
        expect(stacksOf(run.stdout)).toEqual([
            { stack: "client known", findings: expected(expectedFindings(scenario, false)) },
        ]);
        expect(run.code).toBe(1);
    });

    test("waivers in the JSON report: the waiver that covers a finding and the lapsed one that would are fields, the message rendered from them; SARIF suppresses only the waived", async () => {
        const config = JSON.parse(fs.readFileSync("examples/policy-config.json", "utf8"));
        const justification = "NOC contract renewal signed, tags follow in CHG-1042";
        config["refuse-expired-access"] = {
            waivers: [
                {
                    resource: "mssp-vpn",
                    kind: "expiry.expired",
                    justification,
                    approver: "ciso@acme.example",
                    expires: "2026-12-15",
                },
                {
                    resource: "mssp-client-vpn",
                    kind: "expiry.expiring-soon",
                    justification: "renewal under review",
                    approver: "noc@acme.example",
                    expires: "2026-11-20",
                },
            ],
        };
        const configFile = path.join(tmp, "waivers-policy-config.json");
        fs.writeFileSync(configFile, JSON.stringify(config));
        const exported = await sampleExport({ network: "client", scenario: "vpn-expired", preview: false }, tmp);
        const run = await demarc(
            "check",
            "--export",
            exported,
            "--policy-config",
            configFile,
            "--format",
            "json",
            "--format",
            `sarif=${tmp}/waivers.sarif`,
        );
        expect(run.stderr).toBe("");
        const [stack] = JSON.parse(run.stdout).stacks as {
            findings: JsonFinding[];
        }[];
        expect(notRenderedFromEvidence(stack!.findings)).toEqual([]);
        const accessFindings = stack!.findings
            .filter((f) => f.policy === "refuse-expired-access")
            .map(({ name, kind, class: level, waived, waivedBy, waiverLapsed, message }) => ({
                name,
                kind,
                class: level,
                waived,
                waivedBy,
                waiverLapsed,
                message,
            }));
        expect(accessFindings).toEqual([
            {
                name: "mssp-vpn",
                kind: "expiry.expired",
                class: "advisory",
                waived: true,
                waivedBy: { approver: "ciso@acme.example", expires: "2026-12-15", justification },
                waiverLapsed: null,
                message: `waived (approved by ciso@acme.example until 2026-12-15: ${justification}): vpnConnection "mssp-vpn" expired 23 days ago (demarc:expires 2026-10-31)`,
            },
            {
                name: "mssp-client-vpn",
                kind: "expiry.expiring-soon",
                class: "advisory",
                waived: false,
                waivedBy: null,
                waiverLapsed: { approver: "noc@acme.example", expires: "2026-11-20" },
                message:
                    'waiver expired on 2026-11-20 (approved by noc@acme.example): Client VPN endpoint "mssp-client-vpn" expires in 17 days (demarc:expires 2026-12-10)',
            },
        ]);
        // The lapsed waiver is itself a mandatory finding: the run fails on it, not on the waived VPN.
        expect(
            stack!.findings.filter((f) => f.class === "mandatory").map((f) => [f.policy, f.kind, f.message]),
        ).toEqual([
            [
                "validate-waivers",
                "waiver.expired",
                'waiver 2 of refuse-expired-access (resource "mssp-client-vpn") expired 3 days ago (expires 2026-11-20)',
            ],
        ]);
        expect(run.code).toBe(1);

        const sarif = JSON.parse(fs.readFileSync(`${tmp}/waivers.sarif`, "utf8"));
        expect(sarifSchemaErrors(sarif)).toBeNull();
        const results = (
            sarif.runs[0].results as {
                ruleId: string;
                locations: { logicalLocations: { name: string }[] }[];
                suppressions?: unknown;
                properties: { waived?: boolean; waiverLapsed?: unknown };
            }[]
        )
            .filter((r) => r.ruleId.startsWith("refuse-expired-access/"))
            .map((r) => ({
                name: r.locations[0]!.logicalLocations[0]!.name,
                suppressions: r.suppressions,
                waived: r.properties.waived,
                waiverLapsed: r.properties.waiverLapsed,
            }));
        expect(results.sort((a, b) => a.name.localeCompare(b.name))).toEqual([
            {
                name: "mssp-client-vpn",
                suppressions: undefined,
                waived: false,
                waiverLapsed: { approver: "noc@acme.example", expires: "2026-11-20" },
            },
            {
                name: "mssp-vpn",
                suppressions: [
                    {
                        kind: "external",
                        status: "accepted",
                        justification,
                        properties: { approver: "ciso@acme.example", expires: "2026-12-15" },
                    },
                ],
                waived: true,
                waiverLapsed: undefined,
            },
        ]);
    });

    test("every sample stack and scenario as deployed, in one run: each stack's findings exactly, a network finding's kind and evidence, every report valid", async () => {
        // Each run exported as its own stack, named after its scenario.
        const runs = SAMPLE_RUNS.filter((r) => !r.preview).map((r) => ({ ...r, stack: r.scenario ?? r.network }));
        const exports = await Promise.all(runs.map((r) => sampleExport(r, tmp, r.stack)));
        const reports = ["sarif", "junit", "markdown"].map((format) => `${format}=${tmp}/all.${format}`);
        const run = await demarc(
            "check",
            ...exports.flatMap((file) => ["--export", file]),
            "--policy-config",
            "examples/policy-config.json",
            ...["json", ...reports].flatMap((format) => ["--format", format]),
        );
        expect(run.stderr).toBe("");
        const expectations = runs.map((r) => {
            const scenario = SCENARIOS.find((s) => s.name === r.scenario);
            const findings = scenario ? expectedFindings(scenario) : COMPLIANT_FINDINGS[r.network];
            return { stack: `${r.stack} known`, findings: expected(findings) };
        });
        expect(stacksOf(run.stdout)).toEqual(expectations);
        expect(run.code).toBe(1);

        // A network finding carries its kind and evidence through the protocol into the JSON report.
        const client = (
            JSON.parse(run.stdout).stacks as { stack: string; findings: (JsonFinding & { evidence: unknown })[] }[]
        ).find((s) => s.stack === "open-green-security-group");
        const rule = client!.findings.find((f) => f.name === "internet-to-app-https-in")!;
        expect(rule.kind).toBe("zone.red-green.rule");
        expect(rule.evidence).toEqual({
            element: {
                urn: rule.urn,
                name: "internet-to-app-https-in",
                type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
            },
            layer: "security-group rule",
            reading: {
                label: 'security group rule "internet-to-app-https-in"',
                direction: "ingress",
                peer: "0.0.0.0/0",
                group: 'security group "app-sg"',
            },
            from: [
                {
                    place: "the internet",
                    zone: { value: "red", from: "outside every address block of this stack" },
                    count: 1,
                },
            ],
            to: [
                {
                    place: 'security group "app-sg"',
                    urn: "urn:pulumi:open-green-security-group::demarc-samples::aws:ec2/securityGroup:SecurityGroup::app-sg",
                    zone: { value: "green", from: "own tag" },
                    tenant: { value: "acme", from: "own tag" },
                    count: 1,
                },
            ],
            traffic: "tcp 443",
            morePairs: 0,
        });
        // Every finding on a resource names that resource as its evidence's element.
        const stacks = JSON.parse(run.stdout).stacks as {
            stack: string;
            findings: (JsonFinding & { evidence: { element: unknown } | null })[];
        }[];
        const findings = stacks.flatMap((s) => s.findings);
        expect(findings.length).toBeGreaterThan(runs.length);
        expect(
            findings.filter(
                (f) =>
                    !f.evidence || !isDeepStrictEqual(f.evidence.element, { urn: f.urn, name: f.name, type: f.type }),
            ),
        ).toEqual([]);
        // Each stack's JSON findings exactly, kinds, messages and evidence included, against the reviewed file; after a
        // deliberate change, rewrite it with `npx vitest run --project e2e test/cli/command.test.ts -u` and review the diff.
        const reported = stacks.map((s) => ({
            stack: s.stack,
            findings: s.findings
                .map(({ policy, kind, class: level, name, message, waivedBy, waiverLapsed, evidence }) => ({
                    policy,
                    kind,
                    class: level,
                    name,
                    message,
                    // Waiver fields where a finding has them (the samples are configured without waivers): reviewed, and proven, with the message.
                    ...(waivedBy ? { waivedBy } : {}),
                    ...(waiverLapsed ? { waiverLapsed } : {}),
                    evidence,
                }))
                .sort((a, b) =>
                    `${a.policy} ${a.name} ${a.kind} ${a.message}`.localeCompare(
                        `${b.policy} ${b.name} ${b.kind} ${b.message}`,
                    ),
                ),
        }));
        await expect(`${JSON.stringify(reported, null, 2)}\n`).toMatchFileSnapshot("__snapshots__/stack-findings.json");

        expect(sarifSchemaErrors(JSON.parse(fs.readFileSync(`${tmp}/all.sarif`, "utf8")))).toBeNull();
        const junit = parseJUnit(fs.readFileSync(`${tmp}/all.junit`, "utf8"));
        // A failing testcase per stack, policy and resource with a mandatory finding, whatever its kinds.
        const failing = new Set(
            expectations.flatMap((e) =>
                e.findings.filter((f) => f.level === "mandatory").map((f) => `${e.stack} ${f.policy} ${f.resource}`),
            ),
        );
        expect(junit.failures).toBe(failing.size);
        const markdown = fs.readFileSync(`${tmp}/all.markdown`, "utf8");
        await expect((await mermaidParser()).parse(mermaidBlock(markdown))).resolves.toBeTruthy();
    });
});

describe("bad input exits 2 with a clear message", () => {
    test.each([
        [
            "an unknown format",
            ["--format", "pdf"],
            /^demarc: --format "pdf": expected one of text, json, sarif, junit, markdown\n/,
        ],
        [
            "a date that is not one",
            ["--program", LAB, "--as-of", "2026-02-30"],
            /^demarc: --as-of "2026-02-30" is not a calendar date YYYY-MM-DD\n/,
        ],
        [
            "two reports for standard output",
            ["--format", "json", "--format", "sarif"],
            /^demarc: json, sarif: only one report can go to standard output/,
        ],
    ])("%s", async (_, args, message) => {
        const run = await demarc("check", ...args);
        expect(run.stdout).toBe("");
        expect(run.stderr).toMatch(message);
        expect(run.code).toBe(2);
    });

    test.each([
        [
            "a missing export",
            ["--export", "missing.json"],
            "export missing.json",
            /^demarc: export missing\.json: cannot read stack export missing\.json: ENOENT/,
        ],
        [
            "a file that is not an export",
            ["--export", "package.json"],
            "export package.json",
            /^demarc: export package\.json: package\.json is not a stack export: a `pulumi stack export` file has/,
        ],
        [
            "a program that throws",
            ["--program", "test/fixtures/programs/failing"],
            "program test/fixtures/programs/failing",
            /^demarc: program test\/fixtures\/programs\/failing: capture of program .*failed: the program \(@pulumi\/pulumi 3\.248\.0\) exited with code 32: .*the failing fixture refuses to run/s,
        ],
    ])("%s: the target's error, in the report and on standard error", async (_, args, target, message) => {
        const run = await demarc("check", ...args);
        expect(run.stderr).toMatch(message);
        expect(run.stdout).toContain(`\nNOT CHECKED ${target}\n`);
        expect(run.stdout.trimEnd().split("\n").pop()).toBe(
            "0 mandatory, 0 advisory, 0 undetermined across 0 resources; 1 target failed: FAILED",
        );
        expect(run.code).toBe(2);
    });

    test("an invalid policy config, naming the policy and the field", async () => {
        const config = path.join(tmp, "policy-config.json");
        fs.writeFileSync(config, JSON.stringify({ "require-demarc-tags": { undetermined: "sometimes" } }));
        const stack = await sampleExport({ network: "provider", preview: false }, tmp);
        const run = await demarc("check", "--export", stack, "--policy-config", config);
        expect(run.stdout).toBe("");
        expect(run.stderr).toMatch(
            new RegExp(
                `^demarc: invalid policy config ${config.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:\n  require-demarc-tags: undetermined: `,
            ),
        );
        expect(run.code).toBe(2);
    });
});

test("no command is a usage error", async () => {
    const run = await spawned();
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("demarc: expected the command `check` or `init`\n\nUsage: demarc check [options]");
});
