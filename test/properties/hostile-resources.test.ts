import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { T } from "../../lib/aws-types";
import type { ResourceRecord } from "../../lib/resource";
import { UNKNOWN_SENTINELS } from "../../lib/values";
import { POLICIES } from "../../policy-pack/policies";
import { notRenderedFromEvidence } from "../support/rendered";
import { awsProvider, urnOf } from "../support/records";

const SECRET = "hunter2-S3CR3T-value";
const types = [...Object.values(T), "aws:directconnect/connection:Connection", "random:index/randomId:RandomId"];
const propertyNames = [
    "id",
    "arn",
    "tags",
    "tagsAll",
    "vpcId",
    "subnetId",
    "subnetIds",
    "cidrBlock",
    "ipv6CidrBlock",
    "ingress",
    "egress",
    "securityGroupId",
    "referencedSecurityGroupId",
    "cidrIpv4",
    "cidrIpv6",
    "fromPort",
    "toPort",
    "ipProtocol",
    "protocol",
    "routes",
    "routeTableId",
    "gatewayId",
    "transitGatewayId",
    "transitGatewayAttachmentId",
    "vpcSecurityGroupIds",
    "assumeRolePolicy",
    "policy",
    "policyArn",
    "logDestination",
    "s3BucketName",
    "versioningConfiguration",
    "bucket",
    "peerVpcId",
    "destinationCidrBlock",
    "type",
    "subnetMappings",
    "securityGroups",
];

const leaf = fc.oneof(
    fc.constantFrom(...UNKNOWN_SENTINELS),
    fc.string(),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.constantFrom(
        "0.0.0.0/0",
        "::/0",
        "10.0.0.0/8",
        "10.0.1.0/24",
        "not-a-cidr",
        "-1",
        "tcp",
        "green",
        "red",
        "2026-02-30",
    ),
    fc.constantFrom(
        '{"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"*","Resource":"*"}]}',
        "{not json",
    ),
);
const value = fc.letrec((tie) => ({
    value: fc.oneof(
        { maxDepth: 3 },
        leaf,
        fc.array(tie("value"), { maxLength: 4 }),
        fc.dictionary(fc.constantFrom(...propertyNames, "demarc:zone", "Demarc:Side "), tie("value"), { maxKeys: 4 }),
    ),
})).value;

const hostileRecord = (i: number) =>
    fc
        .record({
            type: fc.constantFrom(...types),
            props: fc.dictionary(fc.constantFrom(...propertyNames), value, { maxKeys: 8 }),
            defaultTags: fc.option(
                fc.dictionary(
                    fc.constantFrom("demarc:zone", "demarc:side", "demarc:tenant", "demarc:expires"),
                    fc.string(),
                    { maxKeys: 3 },
                ),
            ),
            refs: fc.array(fc.tuple(fc.constantFrom(...propertyNames), fc.nat(7)), { maxLength: 3 }),
        })
        .map(({ type, props, defaultTags, refs }) => ({ i, type, props, defaultTags, refs }));

function toRecords(
    drafts: {
        i: number;
        type: string;
        props: Record<string, unknown>;
        defaultTags: Record<string, string> | null;
        refs: [string, number][];
    }[],
): ResourceRecord[] {
    const urns = drafts.map((d) => urnOf(d.type, `r${d.i}`));
    return drafts.map((d) => {
        const propertyDependencies: Record<string, string[]> = {};
        for (const [prop, target] of d.refs) (propertyDependencies[prop] ??= []).push(urns[target % urns.length]);
        return {
            type: d.type,
            urn: urns[d.i],
            name: `r${d.i}`,
            props: { ...d.props, presharedKey: SECRET, password: SECRET },
            provider: awsProvider(d.defaultTags ?? undefined),
            dependencies: Object.values(propertyDependencies).flat(),
            propertyDependencies,
        };
    });
}

describe("hostile resources", () => {
    test.each(POLICIES.map((p) => [p.metadata.name, p] as const))(
        "%s never throws, never quotes a secret, and renders each message from its evidence",
        (_name, policy) => {
            fc.assert(
                fc.property(
                    fc
                        .integer({ min: 1, max: 8 })
                        .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => hostileRecord(i)))),
                    (drafts) => {
                        const findings = policy.evaluate(toRecords(drafts));
                        for (const finding of findings) {
                            expect(finding.message).not.toContain(SECRET);
                            expect(typeof finding.urn).toBe("string");
                        }
                        expect(notRenderedFromEvidence(findings)).toEqual([]);
                    },
                ),
                { numRuns: 300 },
            );
        },
    );
});
