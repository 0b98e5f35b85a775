import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { T } from "../../lib/aws-types";
import { formatIsoDay, parseIsoDay } from "../../lib/dates";
import { diagnosesOf } from "../../lib/findings";
import { POLICIES } from "../../policy-pack/policies";
import { notRenderedFromEvidence, readingsOf } from "../support/rendered";
import { withProps } from "../support/mutators";
import { clientAccount, CONFIG, network } from "./fixtures";
import { awsProvider, record } from "../support/records";

const dateLike = fc.oneof(
    fc.string(),
    fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
    fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
    fc.constantFrom("2026-02-30", "2028-02-29", "31/12/2026", " 2026-12-01 ", "", "9999-99-99", "0000-01-01"),
);

const waiverField = (text: fc.Arbitrary<string>) => fc.oneof(text, fc.anything());

const patterns = fc.oneof(
    fc.string({ minLength: 1 }),
    fc.constantFrom("*", "?", "partner-*", "urn:*", "urn:pulumi:dev::*", "[", "(", "\\", "a{2}", "^$"),
);

/** A waiver's free text, line breaks and marker-like text included. */
const words = fc
    .oneof(
        fc.string({ minLength: 1 }),
        fc.constantFrom("renewal\nsigned", "ciso\r\n@acme", " CHG-1 \n\n ", "ok [kind: expiry.expired]", "x\r"),
    )
    .filter((s) => s.trim() !== "");

const wellFormedWaiver = fc.record(
    {
        resource: patterns,
        justification: words,
        approver: words,
        expires: fc.integer({ min: -400, max: 800 }).map((offset) => formatIsoDay(parseIsoDay(CONFIG.asOf)! + offset)),
        finding: fc.string({ minLength: 1 }),
    },
    { requiredKeys: ["resource", "justification", "approver", "expires"] },
);

const waiverObject = fc.oneof(
    wellFormedWaiver,
    fc.dictionary(fc.string(), fc.anything()),
    fc.record(
        {
            resource: waiverField(patterns),
            justification: waiverField(fc.string()),
            approver: waiverField(fc.string()),
            expires: waiverField(dateLike),
            finding: waiverField(fc.string()),
        },
        { requiredKeys: [] },
    ),
);

const tagValues = fc.dictionary(
    fc.constantFrom("demarc:expires", "demarc:owner", "demarc:zone", "demarc:side", "Demarc:Expires ", "demarc:waiver"),
    fc.string(),
);

describe("hostile waivers and tag values", () => {
    test("never make a policy throw, never leak the VPN's pre-shared key, and leave every message rendered from its fields", () => {
        fc.assert(
            fc.property(
                fc.array(waiverObject, { maxLength: 4 }),
                tagValues,
                tagValues,
                fc.oneof(fc.json(), fc.anything()),
                fc.array(
                    fc.oneof(
                        fc.string(),
                        fc.ipV4().map((ip) => `${ip}/24`),
                        fc.ipV6().map((ip) => `${ip}/64`),
                    ),
                    { maxLength: 3 },
                ),
                (waivers, vpnTags, defaultTags, trustPolicy, cidrBlocks) => {
                    const provider = awsProvider(defaultTags, "partner");
                    const role = record(
                        T.iamRole,
                        "hostile-role",
                        { assumeRolePolicy: trustPolicy, tags: vpnTags },
                        { provider },
                    );
                    const records = [
                        ...withProps(network({ vpnTags, vpnProvider: provider }), "app", {
                            ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks }],
                        }),
                        role,
                        record(
                            T.securityGroupRule,
                            "hostile-rule",
                            { type: "ingress", securityGroupId: "sg-1", cidrBlocks },
                            { provider: clientAccount },
                        ),
                    ];
                    const pack = Object.fromEntries(
                        POLICIES.map((p) => [p.metadata.name, { asOf: CONFIG.asOf, waivers }]),
                    );
                    for (const policy of POLICIES) {
                        const config =
                            policy.metadata.name === "require-access-expiry"
                                ? { ...CONFIG, waivers }
                                : { asOf: CONFIG.asOf, waivers };
                        const findings = policy.evaluate(records, config, pack);
                        for (const finding of findings) expect(finding.message).not.toContain("s3cr3t-psk");
                        // Each message, waiver words included, rendered from its fields: as found, and as the engine carries it.
                        expect(notRenderedFromEvidence(findings)).toEqual([]);
                        const diagnostics = diagnosesOf(findings).map((d) => ({
                            ...d,
                            description: d.description ?? "",
                        }));
                        expect(notRenderedFromEvidence(readingsOf(diagnostics))).toEqual([]);
                    }
                },
            ),
            { numRuns: 300 },
        );
    });
});
