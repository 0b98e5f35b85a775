import { ownAccessExpiryFindings } from "../../lib/expiry";
import { ownerSetting, resourcePolicy } from "../kit";
import requireAccessExpiry from "./require-access-expiry";

export default resourcePolicy(
    {
        name: "refuse-open-ended-access",
        displayName: "No third-party access without an end and an owner",
        summary:
            "third-party access the resource alone shows (a role trusting another account, a customer gateway outside the client's ranges, a Client VPN endpoint) without `demarc:expires` and `demarc:owner`",
        description:
            "Third-party access the resource alone shows (an IAM role whose trust policy admits an account outside clientAccountIds, a customer gateway " +
            "whose address is outside clientCidrs, a Client VPN endpoint, any other type of thirdPartyAccessTypes (set on require-access-expiry) that is not " +
            "a connection or an address rule) carries demarc:expires and demarc:owner: refused before it is created.",
        severity: "high",
        rule: "expiring access",
        why:
            "Access to clients, partners and suppliers outlives the contracts that justified it unless it carries its end and someone who answers for it. " +
            "Where the resource itself shows it is third-party access, it is stopped before it is created, in every kind of pulumi up and in Insights audits.",
        remediationSteps:
            "Tag the access with demarc:expires (YYYY-MM-DD, the last day it is valid, within the maximum horizon) and demarc:owner (the team or " +
            "contract that answers for it).",
        kinds: ["expiry.missing-tag", "expiry.undetermined"],
    },
    ["clientAccountIds", "clientCidrs", "undetermined"],
    (view, { settings, packConfig }) =>
        ownAccessExpiryFindings(view, {
            ...settings,
            thirdPartyAccessTypes: ownerSetting(requireAccessExpiry, "thirdPartyAccessTypes", packConfig),
        }),
);
