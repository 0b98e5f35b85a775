import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { T } from "../../lib/aws-types";
import type { ProviderRecord, ResourceRecord } from "../../lib/resource";
import { SECRET_PROPERTY } from "../../lib/values";
import { urnOf, UNKNOWN } from "../support/records";
import { configFor } from "../support/findings";
import { CLIENT_ACCOUNT, DEMARCATION_POLICIES, PROVIDER_ACCOUNT } from "./stack";

const JUDGED_HERE = [
    T.vpc,
    T.subnet,
    T.instance,
    T.bucket,
    T.bucketV2,
    T.bucketVersioning,
    T.bucketVersioningV2,
    T.bucketObjectLock,
    T.bucketObjectLockV2,
    T.bucketLogging,
    T.logGroup,
    T.logSubscriptionFilter,
    T.firehoseStream,
    T.flowLog,
    T.trail,
    T.clientVpnEndpoint,
    T.vpnGateway,
    T.iamRole,
    T.iamRolePolicy,
    T.iamRolePolicyAttachment,
    T.iamPolicy,
];
const type = fc.oneof(
    { weight: 9, arbitrary: fc.constantFrom(...JUDGED_HERE) },
    { weight: 1, arbitrary: fc.constantFrom(...Object.values(T)) },
);
const PROPERTIES = [
    "id",
    "arn",
    "name",
    "bucket",
    "tags",
    "tagsAll",
    "vpcId",
    "subnetId",
    "logDestination",
    "logDestinationType",
    "logGroupName",
    "s3BucketName",
    "cloudWatchLogsGroupArn",
    "targetBucket",
    "destinationArn",
    "extendedS3Configuration",
    "splunkConfiguration",
    "versioningConfiguration",
    "versioning",
    "versionings",
    "rule",
    "objectLockEnabled",
    "objectLockConfiguration",
    "logging",
    "loggings",
    "retentionInDays",
    "assumeRolePolicy",
    "inlinePolicies",
    "managedPolicyArns",
    "role",
    "policyArn",
    "policy",
];
const SECRET_KEYS = ["password", "tunnel1PresharedKey", "privateKey", "secretString", "authToken", "masterPassword"];

const arns = fc.constantFrom(
    "arn:aws:s3:::evidence",
    `arn:aws:logs:us-east-1:${PROVIDER_ACCOUNT}:log-group:x:*`,
    `arn:aws:iam::${CLIENT_ACCOUNT}:root`,
    "arn:aws:iam::aws:policy/AdministratorAccess",
    "arn:",
    "arn:aws:s3:::",
    PROVIDER_ACCOUNT,
);
const documents = fc.constantFrom(
    '{"Statement":[{"Effect":"Allow","Principal":{"AWS":"222222222222"},"Action":"sts:AssumeRole"}]}',
    '{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}',
    '{"Statement":[{"Effect":"Allow","Principal":"*","NotAction":"s3:*","Resource":"*"}]}',
    '{"Statement": [',
    '{"Statement": null}',
    '{"Statement": [1, "x", null]}',
    "[]",
    "null",
    '{"Statement":[{"Effect":"Allow","Principal":{"AWS":["*",7,null]},"Action":[null,"sts:*"],"Condition":[]}]}',
);
const leaf = fc.oneof(
    fc.constant(UNKNOWN),
    fc.constant(null),
    arns,
    documents,
    fc.constantFrom("Enabled", "Suspended", "s3", "2.5", "2.10", "client", "provider", "log-store", "firewall"),
    fc.anything(),
);
const hostile = fc.letrec((tie) => ({
    value: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        leaf,
        fc.array(tie("value"), { maxLength: 3 }),
        fc.dictionary(
            fc.constantFrom(
                ...PROPERTIES,
                "days",
                "years",
                "status",
                "enabled",
                "roleArn",
                "bucketArn",
                "defaultRetention",
                "defaultRetentions",
                "rules",
                "Statement",
            ),
            tie("value"),
            { maxKeys: 4 },
        ),
    ),
})).value;
const tags = fc.oneof(
    fc.constant(UNKNOWN),
    hostile,
    fc.dictionary(
        fc.constantFrom(
            "demarc:side",
            "demarc:role",
            "demarc:managed-by",
            "demarc:standard",
            "demarc:zone",
            " Demarc:Side ",
            "demarc:bogus",
        ),
        fc.oneof(
            fc.constant(UNKNOWN),
            fc.constantFrom("client", "provider", "log-store,firewall", "log-relay", "remote-access", "2.3", "2.x", ""),
            fc.string(),
        ),
        { maxKeys: 5 },
    ),
);
const secretValue = fc.string({ minLength: 4, maxLength: 12 }).map((s) => `SECRET-${s}`);
const secrets = fc.dictionary(
    fc.constantFrom(...SECRET_KEYS),
    fc.oneof(secretValue, fc.dictionary(fc.constantFrom(...SECRET_KEYS), secretValue, { maxKeys: 2 })),
    { maxKeys: 3 },
);

const provider: fc.Arbitrary<ProviderRecord | undefined> = fc.option(
    fc
        .record({
            defaultTags: fc.oneof(
                fc.constant(UNKNOWN),
                tags.map((t) => JSON.stringify({ tags: t })),
                hostile,
            ),
            allowedAccountIds: fc.oneof(
                fc.constant(UNKNOWN),
                fc.constant([CLIENT_ACCOUNT]),
                fc.constant(JSON.stringify([PROVIDER_ACCOUNT])),
                hostile,
            ),
            assumeRoles: fc.oneof(
                fc.constant([{ roleArn: UNKNOWN }]),
                fc.constant(JSON.stringify([{ roleArn: `arn:aws:iam::${PROVIDER_ACCOUNT}:role/x` }])),
                hostile,
            ),
        })
        .map((props) => ({ type: T.provider, urn: urnOf(T.provider, "p"), name: "p", props })),
    { nil: undefined },
);

const resource = fc.record({
    type,
    props: fc.dictionary(fc.constantFrom(...PROPERTIES), hostile, { minKeys: 2, maxKeys: 12 }),
    tags,
    secrets,
    provider,
    dependsOn: fc.dictionary(fc.constantFrom(...PROPERTIES), fc.array(fc.nat({ max: 9 }), { maxLength: 2 }), {
        maxKeys: 3,
    }),
});

type ResourceSpec = typeof resource extends fc.Arbitrary<infer S> ? S : never;

function records(specs: ResourceSpec[]): ResourceRecord[] {
    const urns = specs.map((s, i) => urnOf(s.type, `r${i}`));
    return specs.map((s, i) => ({
        type: s.type,
        urn: urns[i],
        name: `r${i}`,
        props: { ...s.props, tags: s.tags, ...s.secrets },
        provider: s.provider,
        propertyDependencies: Object.fromEntries(
            Object.entries(s.dependsOn).map(([key, refs]) => [
                key,
                refs.filter((r) => r < urns.length).map((r) => urns[r]),
            ]),
        ),
    }));
}

/**
 * A string a message could hold by chance (a space, a letter, a short word that `fc.anything()` put under a key
 * such as `token`) cannot be told apart from the message's own words: a secret is looked for from four characters.
 */
const DISTINCT_SECRET_LENGTH = 4;

function secretValues(value: unknown, underSecret = false, out: string[] = []): string[] {
    if (typeof value === "string" && underSecret && value.trim().length >= DISTINCT_SECRET_LENGTH) out.push(value);
    else if (Array.isArray(value)) value.forEach((v) => secretValues(v, underSecret, out));
    else if (value !== null && typeof value === "object") {
        for (const [key, v] of Object.entries(value)) secretValues(v, underSecret || SECRET_PROPERTY.test(key), out);
    }
    return out;
}

const config = fc.record({
    clientAccountIds: fc.subarray([CLIENT_ACCOUNT, "333333333333"]),
    providerAccountIds: fc.subarray([PROVIDER_ACCOUNT]),
    currentStandard: fc.option(fc.constantFrom("2.5", "2.10", "3"), { nil: undefined }),
    logRetentionDays: fc.integer({ min: 1, max: 4000 }),
    undetermined: fc.constantFrom("advisory", "mandatory"),
});

describe("demarcation policies on hostile resources", () => {
    test("return findings or nothing, never throw, never quote a secret", () => {
        fc.assert(
            fc.property(fc.array(resource, { maxLength: 10 }), config, (specs, settings) => {
                const stack = records(specs);
                const secretsInStack = stack.flatMap((r) => secretValues(r.props));
                const raw = Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined));
                for (const policy of DEMARCATION_POLICIES) {
                    const findings = policy.evaluate(stack, configFor(policy.settings.names, raw));
                    for (const finding of findings) {
                        expect(typeof finding.message).toBe("string");
                        expect(stack.some((r) => r.urn === finding.urn)).toBe(true);
                        for (const secret of secretsInStack) expect(finding.message).not.toContain(secret);
                    }
                }
            }),
            { numRuns: 1000 },
        );
    });
});
