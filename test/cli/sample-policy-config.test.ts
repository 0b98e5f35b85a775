import * as fs from "node:fs";
import * as path from "node:path";
import { expect, test } from "vitest";
import { SHARED_SECTION } from "../../lib/shared-settings";
import { POLICIES } from "../../policy-pack/policies";
import { CHECK_FACTS } from "../../stacks/facts";

test("examples/policy-config.json writes each sample fact once: shared ones in the shared section, the others where declared", () => {
    const document = JSON.parse(
        fs.readFileSync(path.resolve(__dirname, "..", "..", "examples", "policy-config.json"), "utf8"),
    );
    expect(document).toEqual({
        [SHARED_SECTION]: {
            asOf: CHECK_FACTS.asOf,
            clientAccountIds: CHECK_FACTS.clientAccounts,
            providerAccountIds: CHECK_FACTS.providerAccounts,
            clientCidrs: CHECK_FACTS.clientRanges,
            providerCidrs: CHECK_FACTS.providerRanges,
        },
        "require-current-standard": { currentStandard: CHECK_FACTS.currentStandard },
    });
    // The facts left out are the defaults every policy applies.
    const defaults = (setting: string) =>
        POLICIES.filter((p) => (p.settings.names as readonly string[]).includes(setting)).map((p) => {
            const parsed = p.settings.parse({});
            return parsed.ok ? (parsed.value as Record<string, unknown>)[setting] : undefined;
        });
    expect(new Set(defaults("expiryWarningDays"))).toEqual(new Set([CHECK_FACTS.expiryWarningDays]));
    expect(new Set(defaults("maxExpiryDays"))).toEqual(new Set([CHECK_FACTS.expiryHorizonDays]));
    expect(POLICIES.filter((p) => (p.settings.names as readonly string[]).includes("currentStandard"))).toHaveLength(1);
});
