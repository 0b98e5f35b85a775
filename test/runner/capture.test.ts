import * as path from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { captureProgram } from "../../runner/capture";
import { type CapturedStack, type EngineResource, UNKNOWN, makeSecret } from "../../runner/engine-resource";
import { TINY_PROGRAM, TINY_URNS } from "./tiny-program";

const programs = path.join(__dirname, "..", "fixtures", "programs");
const tiny = TINY_PROGRAM;

const { STACK, ACCOUNT, DEFAULT_PROVIDER, VPC, SUBNET, NET, SG, DB } = TINY_URNS;

const NO_OPTIONS = { protect: false, ignoreChanges: [], aliases: [], additionalSecretOutputs: [] };

function byUrn(stack: CapturedStack, urn: string): EngineResource {
    const found = stack.resources.find((r) => r.urn === urn);
    if (!found) {
        throw new Error(`no resource ${urn} in ${stack.resources.map((r) => r.urn).join(", ")}`);
    }
    return found;
}

describe("captureProgram, as after an update", () => {
    let captured: CapturedStack;

    beforeAll(async () => {
        captured = await captureProgram({
            program: tiny,
            project: "tiny",
            stack: "dev",
            organization: "acme",
            config: { "aws:region": "us-east-1", "tiny:owner": "platform" },
        });
    });

    test("the stack carries its identity and config", () => {
        expect([captured.organization, captured.project, captured.stack, captured.preview, captured.config]).toEqual([
            "acme",
            "tiny",
            "dev",
            false,
            { "aws:region": "us-east-1", "tiny:owner": "platform" },
        ]);
    });

    test("every resource has an engine-form urn, in registration order, with the default provider before its first user", () => {
        expect(captured.resources.map((r) => r.urn)).toEqual([
            STACK,
            NET,
            DEFAULT_PROVIDER,
            DB,
            ACCOUNT,
            VPC,
            SG,
            SUBNET,
        ]);
    });

    test("the root stack has no parent, top-level resources have the stack, component children the component", () => {
        expect(captured.resources.map((r) => [r.name, r.parent])).toEqual([
            ["tiny-dev", undefined],
            ["net", STACK],
            ["default_7_48_0", undefined],
            ["db", STACK],
            ["account", STACK],
            ["main", STACK],
            ["sg", NET],
            ["app-a", STACK],
        ]);
    });

    test("the default provider is synthesized with the aws config and the package version", () => {
        expect(byUrn(captured, DEFAULT_PROVIDER)).toEqual({
            urn: DEFAULT_PROVIDER,
            type: "pulumi:providers:aws",
            name: "default_7_48_0",
            custom: true,
            id: "default_7_48_0-id",
            dependencies: [],
            propertyDependencies: {},
            inputs: { region: "us-east-1", version: "7.48.0" },
            outputs: { region: "us-east-1", version: "7.48.0" },
            options: NO_OPTIONS,
        });
    });

    test("the explicit provider sends defaultTags as a JSON string, and the version the engine adds", () => {
        const account = byUrn(captured, ACCOUNT);
        expect(account.inputs).toEqual({
            defaultTags: '{"tags":{"demarc:side":"client"}}',
            region: "us-east-1",
            skipCredentialsValidation: "false",
            skipRegionValidation: "true",
            version: "7.48.0",
        });
        expect([account.id, account.provider]).toEqual(["account-id", undefined]);
    });

    test("a component child in engine form, on the default provider, with vpcId depending on the VPC", () => {
        expect(byUrn(captured, SG)).toEqual({
            urn: SG,
            type: "aws:ec2/securityGroup:SecurityGroup",
            name: "sg",
            custom: true,
            id: "sg-id",
            parent: NET,
            provider: `${DEFAULT_PROVIDER}::default_7_48_0-id`,
            dependencies: [VPC],
            propertyDependencies: { description: [], tags: [], vpcId: [VPC] },
            inputs: { description: "app", tags: { "demarc:zone": "green" }, vpcId: "main-id" },
            outputs: {
                arn: "arn:aws:ec2:us-east-1:123456789012:security-group/sg-id",
                description: "app",
                id: "sg-id",
                tags: { "demarc:zone": "green" },
                tagsAll: { "demarc:zone": "green" },
                vpcId: "main-id",
            },
            options: NO_OPTIONS,
        });
    });

    test("tagsAll merges the explicit provider's default tags under the resource's tags", () => {
        const vpc = byUrn(captured, VPC);
        expect([vpc.provider, vpc.outputs.tagsAll]).toEqual([
            `${ACCOUNT}::account-id`,
            { "demarc:side": "client", Name: "main", "demarc:zone": "green" },
        ]);
    });

    test("a resource without tags gets no tagsAll", () => {
        expect(byUrn(captured, SUBNET).outputs).toEqual({
            arn: "arn:aws:ec2:us-east-1:123456789012:subnet/app-a-id",
            availabilityZone: "us-east-1a",
            cidrBlock: "10.0.1.0/24",
            id: "app-a-id",
            vpcId: "main-id",
        });
    });

    test("a secret input travels wrapped, and resource options come through", () => {
        const db = byUrn(captured, DB);
        expect(db.inputs.password).toEqual(makeSecret("correct-horse-battery-staple"));
        expect(db.options).toEqual({
            protect: true,
            ignoreChanges: ["tags"],
            aliases: [],
            additionalSecretOutputs: ["password", "passwordWo"],
            customTimeouts: { create: 5400 },
        });
    });

    test("components and the stack carry their registered outputs", () => {
        expect([byUrn(captured, NET).outputs, byUrn(captured, STACK).outputs]).toEqual([
            { securityGroupId: "sg-id" },
            { securityGroupId: "sg-id", subnetId: "app-a-id", vpcId: "main-id" },
        ]);
    });
});

describe("captureProgram in preview mode", () => {
    let captured: CapturedStack;

    beforeAll(async () => {
        captured = await captureProgram({ program: tiny, project: "tiny", stack: "dev", preview: true });
    });

    test("ids, references and derived inputs are unknown", () => {
        const subnet = byUrn(captured, SUBNET);
        expect([subnet.id, subnet.inputs.vpcId, subnet.outputs.id, subnet.provider]).toEqual([
            UNKNOWN,
            UNKNOWN,
            UNKNOWN,
            `${ACCOUNT}::${UNKNOWN}`,
        ]);
        expect(byUrn(captured, SG).provider).toEqual(`${DEFAULT_PROVIDER}::${UNKNOWN}`);
    });

    test("propertyDependencies still say where vpcId comes from", () => {
        expect([
            byUrn(captured, SUBNET).propertyDependencies.vpcId,
            byUrn(captured, SG).propertyDependencies.vpcId,
        ]).toEqual([[VPC], [VPC]]);
    });

    test("tagsAll is computed when both the tags and the default tags are known", () => {
        expect(byUrn(captured, VPC).outputs.tagsAll).toEqual({
            "demarc:side": "client",
            Name: "main",
            "demarc:zone": "green",
        });
    });

    test("the default provider has no config beyond its version and an unknown id", () => {
        const provider = byUrn(captured, DEFAULT_PROVIDER);
        expect([provider.id, provider.inputs]).toEqual([UNKNOWN, { version: "7.48.0" }]);
    });

    test("stack outputs derived from ids are unknown", () => {
        expect(byUrn(captured, STACK).outputs).toEqual({
            dbEndpoint: UNKNOWN,
            securityGroupId: UNKNOWN,
            subnetId: UNKNOWN,
            vpcId: UNKNOWN,
        });
    });
});

describe("captureProgram failures", () => {
    test("a program that throws rejects the capture with its message, naming the program", async () => {
        const failing = path.join(programs, "failing");
        const failure = captureProgram({ program: failing, project: "failing", stack: "dev" });
        await expect(failure).rejects.toThrow(
            `capture of program ${failing} failed: the program (@pulumi/pulumi 3.248.0) exited with code 32: Running program '${failing}/' failed with an unhandled exception:\nError: the failing fixture refuses to run\n    at `,
        );
    });

    test("a missing program rejects the capture", async () => {
        const missing = path.join(programs, "missing");
        await expect(captureProgram({ program: missing, project: "missing", stack: "dev" })).rejects.toThrow(
            new Error(`capture of program ${missing} failed: program ${missing} does not exist`),
        );
    });
});

describe("captureProgram entry points", () => {
    test("a directory whose Pulumi.yaml main exports a function (`export =`): it is called and its result is the stack's outputs", async () => {
        const captured = await captureProgram({
            program: path.join(programs, "function-export"),
            project: "fx",
            stack: "ci",
            config: { "aws:region": "eu-west-1" },
        });
        expect(captured.resources.map((r) => [r.urn, r.outputs])).toEqual([
            [
                "urn:pulumi:ci::fx::pulumi:pulumi:Stack::fx-ci",
                { vpcId: "edge-id", zones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"] },
            ],
            ["urn:pulumi:ci::fx::pulumi:providers:aws::default_7_48_0", { region: "eu-west-1", version: "7.48.0" }],
            [
                "urn:pulumi:ci::fx::aws:ec2/vpc:Vpc::edge",
                {
                    arn: "arn:aws:ec2:eu-west-1:123456789012:vpc/edge-id",
                    cidrBlock: "10.9.0.0/16",
                    id: "edge-id",
                    tags: { Owner: "123456789012" },
                    tagsAll: { Owner: "123456789012" },
                },
            ],
        ]);
    });
});
