import * as fs from "node:fs";
import * as path from "node:path";
import { expect, test } from "vitest";
import { POLICIES } from "../../policy-pack/policies";
import { CHECK_FACTS } from "../../stacks/facts";

/** The settings the sample facts fix, and their values. */
const SAMPLE_SETTINGS: Record<string, unknown> = {
    asOf: CHECK_FACTS.asOf,
    clientAccountIds: CHECK_FACTS.clientAccounts,
    providerAccountIds: CHECK_FACTS.providerAccounts,
    currentStandard: CHECK_FACTS.currentStandard,
    expiryWarningDays: CHECK_FACTS.expiryWarningDays,
    maxExpiryDays: CHECK_FACTS.expiryHorizonDays,
    clientCidrs: CHECK_FACTS.clientRanges,
    providerCidrs: CHECK_FACTS.providerRanges,
};

test("examples/policy-config.json gives every policy of the pack the sample facts for each setting it declares", () => {
    const document = JSON.parse(
        fs.readFileSync(path.resolve(__dirname, "..", "..", "examples", "policy-config.json"), "utf8"),
    );
    const expected = Object.fromEntries(
        POLICIES.map(({ metadata, settings }) => [
            metadata.name,
            Object.fromEntries(
                settings.names.filter((name) => name in SAMPLE_SETTINGS).map((name) => [name, SAMPLE_SETTINGS[name]]),
            ),
        ]),
    );
    expect(document).toEqual(expected);
});
