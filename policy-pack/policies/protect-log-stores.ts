import { checkTamperProtection } from "../../lib/demarcation/tamper-protection";
import { stackPolicy } from "../kit";

export default stackPolicy(
    {
        name: "protect-log-stores",
        displayName: "Protect log buckets from deletion",
        summary:
            "a log bucket without versioning and object lock with a long enough default retention, inline or by the resources that name it",
        description:
            "Buckets that hold evidence are versioned and object-locked with a default retention of at least logRetentionDays, inline or through the " +
            "BucketVersioning and BucketObjectLockConfiguration resources that name them. logRetentionDays is set here; refuse-short-log-retention " +
            "judges log groups against it.",
        severity: "high",
        rule: "log placement",
        why:
            "Logs must be protected from deletion: evidence that whoever holds write access can overwrite or delete is no evidence. " +
            "Versioning keeps every write, object lock keeps it for the retention period whoever asks.",
        remediationSteps:
            "Enable versioning (aws.s3.BucketVersioning with status Enabled), create the bucket with objectLockEnabled and add an aws.s3.BucketObjectLockConfiguration " +
            "with a default retention of at least logRetentionDays.",
        kinds: ["evidence.unprotected-store", "evidence.protection.undetermined"],
    },
    ["logRetentionDays", "undetermined"],
    ({ index, settings }) => checkTamperProtection(index, settings.logRetentionDays),
);
