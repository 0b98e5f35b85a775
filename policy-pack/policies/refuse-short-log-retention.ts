import { logRetentionFindings } from "../../lib/demarcation/tamper-protection";
import { ownerSetting, resourcePolicy } from "../kit";
import protectLogStores from "./protect-log-stores";

export default resourcePolicy(
    {
        name: "refuse-short-log-retention",
        displayName: "Log groups keep evidence long enough",
        summary: "a log group holding evidence kept less than `logRetentionDays` (a `DELIVERY` class keeps 2 days)",
        description:
            "A log group that holds evidence (every log group not tagged demarc:role=log-relay) keeps its events at least logRetentionDays " +
            '(set on protect-log-stores), or never expires; a "DELIVERY" logGroupClass keeps them 2 days whatever retentionInDays says.',
        severity: "high",
        rule: "log placement",
        why:
            "Logs must be protected from deletion: evidence that expires before anyone asks for it is no evidence. " +
            "A log group's retention is its own setting, so it is judged on the log group alone, before it is created.",
        remediationSteps:
            "Set retentionInDays to at least logRetentionDays, or leave it unset (or 0) to never expire; use a STANDARD or INFREQUENT_ACCESS log group class " +
            "for evidence, or tag a group that only forwards demarc:role=log-relay.",
        kinds: ["evidence.unprotected-store", "evidence.protection.undetermined"],
    },
    ["undetermined"],
    (view, { packConfig }) =>
        logRetentionFindings(view, ownerSetting(protectLogStores, "logRetentionDays", packConfig)),
);
