import { ownLogPlacementFindings } from "../../lib/demarcation/log-placement";
import { EVIDENCE_SIDE_KINDS } from "../../lib/demarcation/sides";
import { ownerSetting, resourcePolicy } from "../kit";
import keepLogStoresClientSide from "./keep-log-stores-client-side";

export default resourcePolicy(
    {
        name: "refuse-provider-side-log-stores",
        displayName: "Log groups and log stores outside a subnet stay on the client's side",
        summary:
            "a log group, or a `log-server`/`log-store` that sits in no subnet, on the provider's side or in a non-client account (its tags, its provider's default tags, its account)",
        description:
            "A resource that holds evidence by what it is or carries (a log group not tagged demarc:role=log-relay, demarc:role log-server or log-store) " +
            "and sits in no subnet is on the client's side: demarc:side=client in its own tags or its provider's default tags, or by the client's plan for " +
            "its account; and in a client account (read from its ARN or its provider) where clientAccountIds (set on keep-log-stores-client-side) are configured.",
        severity: "high",
        rule: "log placement",
        why:
            "Log stores that hold the evidence must sit on the client's side of the demarcation, under the client's standards; if the provider holds them, " +
            "the party under investigation keeps the records. A log group's side and account are its own, its provider's and its account's, " +
            "so it is refused before it is created, in every kind of pulumi up and in Insights audits.",
        remediationSteps:
            "Create the log group or store with a provider for a client account, and tag it (or that provider's default tags) demarc:side=client. " +
            "If it only forwards logs, tag it demarc:role=log-relay instead.",
        kinds: [...EVIDENCE_SIDE_KINDS],
    },
    ["undetermined"],
    (view, { packConfig, plan }) =>
        ownLogPlacementFindings(view, plan, {
            clientAccountIds: ownerSetting(keepLogStoresClientSide, "clientAccountIds", packConfig),
            providerAccountIds: ownerSetting(keepLogStoresClientSide, "providerAccountIds", packConfig),
        }),
);
