import { ownSideFindings } from "../../lib/own-tags";
import { resourcePolicy } from "../kit";

export default resourcePolicy(
    {
        name: "require-demarc-side",
        displayName: "Every judged resource outside a subnet has a side",
        summary:
            "a judged resource placed by itself (a role, a log group, a bucket, a VPN connection, a customer gateway, a Client VPN endpoint, a gateway, a peering) " +
            "with no `demarc:side` from the plan's entry for its account, its own tags or its provider's default tags",
        description:
            "Every judged resource that is no network place and sits in no subnet (IAM roles, log groups, buckets, trails, flow logs, VPN connections, " +
            "customer gateways, Client VPN endpoints, gateways, peerings, transit gateways) has a demarc:side: the client's plan for its account, " +
            "else its own tag, else its provider's default tags.",
        severity: "high",
        rule: "tags",
        why:
            "Which side of the demarcation a resource is on decides whose standards govern it and whether it may hold evidence or be the provider's door. " +
            "A resource that sits in no subnet takes its side from nothing but itself, its provider and the client's plan, so one that says none is " +
            "refused before it is created, in every kind of pulumi up and in Insights audits.",
        remediationSteps:
            "Tag the resource demarc:side (client or provider), or mark its whole account once through the provider's defaultTags, or name the " +
            "account in the client's plan (clientAccountIds, providerAccountIds or zonePlan.accounts) and give the provider allowedAccountIds or " +
            "assumeRole so the account is known before the resource exists.",
        kinds: ["tag.missing", "tag.undetermined"],
    },
    ["undetermined"],
    (view, { plan }) => ownSideFindings(view, plan),
);
