import { checkTamperProtection } from "../../lib/demarcation/tamper-protection";
import { stackPolicy } from "../kit";

export default stackPolicy(
    {
        name: "protect-log-stores",
        displayName: "Protect log stores from deletion",
        description:
            "Buckets that hold evidence are versioned and object-locked with a default retention of at least logRetentionDays; log groups keep logs at least logRetentionDays (or never expire).",
        severity: "high",
        rule: "log placement",
        why:
            "Logs must be protected from deletion: evidence that whoever holds write access can overwrite or delete is no evidence. " +
            "Versioning keeps every write, object lock keeps it for the retention period whoever asks.",
        remediationSteps:
            "Enable versioning (aws.s3.BucketVersioning with status Enabled), create the bucket with objectLockEnabled and add an aws.s3.BucketObjectLockConfiguration " +
            "with a default retention of at least logRetentionDays; set retentionInDays of log groups to at least logRetentionDays, or leave it unset to never expire.",
        kinds: ["evidence.unprotected-store", "evidence.protection.undetermined"],
    },
    ["logRetentionDays", "undetermined"],
    ({ index, settings }) => checkTamperProtection(index, settings.logRetentionDays),
);
