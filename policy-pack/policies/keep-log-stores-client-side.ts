import { checkLogPlacement } from "../../lib/demarcation/log-placement";
import { EVIDENCE_SIDE_KINDS } from "../../lib/demarcation/sides";
import { stackPolicy } from "../kit";

export default stackPolicy(
    {
        name: "keep-log-stores-client-side",
        displayName: "Keep log stores on the client's side",
        summary:
            "a log server or log store in a subnet, or a bucket logs are delivered to, on the provider's side or in a non-client account",
        description:
            "Resources that hold evidence (demarc:role log-server or log-store, log groups, buckets logs are delivered to) are on the client's side: demarc:side=client, in a client-side subnet or VPC, and in a client account where client accounts are configured. " +
            "clientAccountIds and providerAccountIds are set here. A log group, or a log store that sits in no subnet, is refuse-provider-side-log-stores' to judge; " +
            "this policy keeps what sits in a subnet and buckets that are log stores because logs are delivered to them.",
        severity: "high",
        rule: "log placement",
        why:
            "Log servers that hold the evidence must sit on the client's side of the demarcation, under the client's standards. " +
            "If they sit on the provider's network, the provider's standards decide what investigators may see, and the party under investigation keeps the records. " +
            "A log relay that forwards and stores nothing may sit on the provider's side.",
        remediationSteps:
            "Move the log server, bucket or log group into the client's account and a client-side subnet, and tag it (or its subnet, VPC or provider) demarc:side=client. " +
            "If the resource only forwards logs, tag it demarc:role=log-relay instead.",
        kinds: [...EVIDENCE_SIDE_KINDS],
    },
    ["clientAccountIds", "providerAccountIds", "undetermined"],
    ({ index, placement, settings }) => checkLogPlacement(index, placement, settings),
);
