import { beforeAll, expect, test } from "vitest";
import type { PolicyPackProcess } from "../../runner/analyzer";
import { runPolicyPack } from "../../runner/engine";
import type { CapturedStack, EngineResource } from "../../runner/engine-resource";
import { sharedSamplePack } from "../support/sample-runs";

/**
 * A value the pack cannot decode (a resource reference an engine passed on as is, a signature from a newer
 * SDK) never fails a request: it is read as unknown and named in an undetermined finding.
 */
const urn = (type: string, name: string) => `urn:pulumi:dev::odd::${type}::${name}`;
const OPTIONS = { protect: false, ignoreChanges: [], aliases: [], additionalSecretOutputs: [] };
const SIG = "4dabf18193072939515e22adb298388d";
const tags = { "demarc:zone": "green", "demarc:tenant": "acme", "demarc:side": "client" };

function resource(type: string, name: string, props: Record<string, unknown>): EngineResource {
    return {
        urn: urn(type, name),
        type,
        name,
        custom: true,
        id: `${name}-id`,
        dependencies: [],
        propertyDependencies: {},
        inputs: props,
        outputs: { ...props, id: `${name}-id` },
        options: OPTIONS,
    };
}

const vpc = resource("aws:ec2/vpc:Vpc", "odd-vpc", { cidrBlock: "10.90.0.0/16", tags, tagsAll: tags });
const group = resource("aws:ec2/securityGroup:SecurityGroup", "odd-sg", {
    vpcId: { [SIG]: "5cf8f73096256a8f31e491e813e4eb8e", urn: vpc.urn, id: "odd-vpc-id", packageVersion: "" },
    description: { [SIG]: "0123456789abcdef0123456789abcdef", value: "from a newer SDK" },
    tags,
    tagsAll: tags,
});
const captured: CapturedStack = {
    organization: "organization",
    project: "odd",
    stack: "dev",
    preview: false,
    config: {},
    resources: [vpc, group],
};

let pack: PolicyPackProcess;
beforeAll(async () => {
    pack = await sharedSamplePack();
});

test("undecodable values become undetermined findings naming the resource and the property, in Analyze and AnalyzeStack", async () => {
    const run = await runPolicyPack({ captured, pack, policyConfig: {} });
    const undecodable = run.diagnostics
        .filter((d) => d.message.includes("cannot decode"))
        .map((d) => [d.policyName, d.enforcementLevel, d.urn, d.message]);
    const message = (property: string, signature: string) =>
        `undetermined: securityGroup "odd-sg": ${property} holds a value the pack cannot decode (signature ${signature}); it was judged as unknown [kind: coverage.undecodable.undetermined]`;
    const findings = [
        [
            "report-unmodelled-connectivity",
            "advisory",
            group.urn,
            message("description", "0123456789abcdef0123456789abcdef"),
        ],
        ["report-unmodelled-connectivity", "advisory", group.urn, message("vpcId", "5cf8f73096256a8f31e491e813e4eb8e")],
    ];
    // Once for Analyze (the urn the engine fills in is the resource's here), once for AnalyzeStack.
    expect(undecodable).toEqual([...findings, ...findings]);
});
