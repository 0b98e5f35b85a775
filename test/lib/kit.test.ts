import { describe, expect, test } from "vitest";
import type {
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import { resourcePolicy, stackPolicy } from "../../policy-pack/kit";
import { elementOfUrn } from "../../lib/urn";

/** A finding on a resource carries at least the element it is on, in the diagnostic's description. */
const VPC = { urn: "urn:pulumi:dev::p::aws:ec2/vpc:Vpc::main", name: "main", type: "aws:ec2/vpc:Vpc" };
const evidenceOfVpc = JSON.stringify({ demarcEvidence: 1, lines: [{ element: VPC }] });
import type { Finding } from "../../lib/findings";
import type { FindingKind } from "../../lib/finding-kinds";

/** A finding on a resource with a message of the test's own: the report path carries whatever the check found. */
const found = (kind: FindingKind, urn: string, message: string): Finding => ({
    kind,
    urn,
    message,
    level: "policy",
    evidence: { element: elementOfUrn(urn) },
});

const metadata = {
    name: "probe-policy",
    displayName: "Probe",
    summary: "nothing: it probes the judging path",
    description: "A probe of the kit's judging path.",
    severity: "low" as const,
    rule: "tags" as const,
    why: "To show what the engine receives.",
    remediationSteps: "None.",
    kinds: ["tag.missing", "tag.invalid-value"] as const,
};

function judged(check: () => Finding[], config: Record<string, unknown> = {}): unknown[] {
    const reported: unknown[] = [];
    const policy = stackPolicy(metadata, ["undetermined"], check).policy as StackValidationPolicy;
    void policy.validateStack(
        { resources: [], getConfig: () => config } as unknown as StackValidationArgs,
        (diagnostic: unknown) => reported.push(diagnostic),
    );
    return reported;
}

describe("the kit's judging path, as the engine calls a policy", () => {
    test("a check that throws is reported undetermined and advisory, never as an error to the engine", () => {
        expect(
            judged(() => {
                throw new Error("boom");
            }),
        ).toEqual([
            {
                message: "undetermined: the check could not be evaluated: boom [kind: check.undetermined]",
                enforcementLevel: "advisory",
            },
        ]);
    });

    test("failing closed makes the same undetermined finding mandatory", () => {
        expect(
            judged(
                () => {
                    throw new Error("boom");
                },
                { undetermined: "mandatory" },
            ),
        ).toEqual([{ message: "undetermined: the check could not be evaluated: boom [kind: check.undetermined]" }]);
    });

    test("findings carry their urn; a configuration the schemas refuse is one finding naming the field", () => {
        expect(judged(() => [found("tag.missing", VPC.urn, "no zone")])).toEqual([
            { message: "no zone [kind: tag.missing]", urn: VPC.urn, description: evidenceOfVpc },
        ]);
        expect(judged(() => [], { undetermined: "sometimes" })).toEqual([
            {
                message:
                    'the policy configuration is invalid: undetermined: Invalid option: expected one of "advisory"|"mandatory" [kind: config.invalid]',
            },
        ]);
    });
});

describe("a resource policy, as the engine calls it at Analyze", () => {
    test("judges the resource and its provider's default tags, and reports through the same path", () => {
        const reported: unknown[] = [];
        const seen: string[] = [];
        const policy = resourcePolicy(metadata, ["undetermined"], (view) => {
            seen.push(`${view.type} ${view.name} ${String(view.record.provider?.props["defaultTags"])}`);
            return [found("tag.invalid-value", view.urn, `${view.name} is refused`)];
        }).policy as ResourceValidationPolicy;
        const validate = policy.validateResource as (
            args: ResourceValidationArgs,
            report: (d: unknown) => void,
        ) => void;
        validate(
            {
                type: "aws:ec2/vpc:Vpc",
                urn: "urn:pulumi:dev::p::aws:ec2/vpc:Vpc::main",
                name: "main",
                props: { tags: {} },
                opts: {},
                provider: { type: "pulumi:providers:aws", urn: "urn:p", name: "default", props: { defaultTags: "{}" } },
                getConfig: () => ({}),
            } as unknown as ResourceValidationArgs,
            (diagnostic) => reported.push(diagnostic),
        );
        expect(seen).toEqual(["aws:ec2/vpc:Vpc main {}"]);
        expect(reported).toEqual([
            { message: "main is refused [kind: tag.invalid-value]", urn: VPC.urn, description: evidenceOfVpc },
        ]);
    });
});
