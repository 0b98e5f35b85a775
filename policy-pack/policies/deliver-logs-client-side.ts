import { checkLogDelivery } from "../../lib/demarcation/log-delivery";
import { EVIDENCE_SIDE_KINDS } from "../../lib/demarcation/sides";
import { stackPolicy } from "../kit";

export default stackPolicy(
    {
        name: "deliver-logs-client-side",
        displayName: "Deliver logs to the client's side",
        summary: "flow logs, trails, access logs, subscriptions and Firehose delivering to the provider's side",
        description:
            "VPC flow logs, CloudTrail trails, S3 access logging, CloudWatch Logs subscription filters and Firehose streams deliver only to destinations on the client's side.",
        severity: "high",
        rule: "log placement",
        why:
            "Logs must be centralised where the client controls them and protected from deletion. " +
            "A flow log or trail delivered into the provider's bucket hands the evidence of the provider's own work to the provider.",
        remediationSteps:
            "Point the delivery at a bucket, log group or stream on the client's side (demarc:side=client, in a client account). " +
            "For a destination outside the stack, use an ARN in an account listed in clientAccountIds.",
        kinds: [...EVIDENCE_SIDE_KINDS, "evidence.delivery.undetermined"],
    },
    ["clientAccountIds", "providerAccountIds", "undetermined"],
    ({ index, placement, settings }) => checkLogDelivery(index, placement, settings),
);
