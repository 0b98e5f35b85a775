import { effectiveConfig, SHARED_SECTION } from "../../lib/shared-settings";
import { waiverHygiene, waiverSection } from "../../lib/waivers";
import { todayUtc } from "../../lib/dates";
import { COMMON_SETTINGS, stackPolicy, type DemarcPolicy } from "../kit";

const NAME = "validate-waivers";

/** Judges the waivers of every policy of `pack`: those that pick findings by message are matched against that policy's findings. */
export const validateWaivers = (pack: () => readonly DemarcPolicy[]) =>
    stackPolicy(
        {
            name: NAME,
            displayName: "Valid waivers",
            summary: "a malformed, expired or over-long waiver, or one that matches nothing",
            description:
                "Every waiver of every policy is well-formed, unexpired, within the maximum horizon, and matches a resource of the stack.",
            severity: "medium",
            rule: "waivers",
            why:
                "An exception nobody reviews becomes the rule. A waiver is time-boxed and approved; one that has lapsed, cannot be read or " +
                "waives nothing is itself something to act on.",
            remediationSteps:
                "Fix the waiver's fields (resource, justification, approver, expires YYYY-MM-DD), renew an expired waiver with its approver, " +
                "or remove a waiver that is no longer needed.",
            kinds: [
                "waiver.malformed",
                "waiver.expired",
                "waiver.beyond-horizon",
                "waiver.unmatched",
                "waiver.by-message",
            ],
        },
        [],
        ({ index, packConfig }) => {
            const urns = index.views.map((v) => v.urn);
            const today = todayUtc();
            const shared = packConfig.get(SHARED_SECTION);
            const records = index.records;
            const findingsOf = (policy: string) => () => {
                const waived = pack().find((p) => p.metadata.name === policy && p.metadata.name !== NAME);
                try {
                    return waived?.evaluate(records, packConfig.get(policy), Object.fromEntries(packConfig)) ?? [];
                } catch {
                    return []; // an invalid configuration is that policy's own finding
                }
            };
            return [...packConfig].flatMap(([policy, config]) =>
                waiverHygiene(
                    waiverSection(policy, effectiveConfig(policy, COMMON_SETTINGS, config, shared), today),
                    urns,
                    findingsOf(policy),
                ),
            );
        },
    );
