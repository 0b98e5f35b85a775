import { accessExpiryFindings } from "../../lib/expiry";
import { stackPolicy } from "../kit";

export default stackPolicy(
    {
        name: "require-access-expiry",
        description:
            "Third-party access (VPNs, customer gateways, Client VPN endpoints, peering, transit-gateway peering, roles trusted by other accounts, " +
            "ingress from partner ranges) carries demarc:expires and demarc:owner; expired access and expiry beyond the horizon are refused, access near expiry warns.",
        severity: "high",
        rule: "expiring access",
        why:
            "VPNs and other connections to clients, partners and suppliers are left open after contracts end, and provider access needs a " +
            "continued-business-need review. An expiry date and an owner on the access itself make both happen on every deploy.",
        remediationSteps:
            "Tag the access with demarc:expires (YYYY-MM-DD, the last day it is valid, within the maximum horizon) and demarc:owner (the team or " +
            "contract that answers for it). Renew an expired or expiring date with its owner, or remove the access.",
    },
    ["thirdPartyAccessTypes", "clientAccountIds", "clientCidrs", "providerCidrs", "expiryWarningDays", "undetermined"],
    ({ index, placement, settings, asOfDay }) => accessExpiryFindings(index, placement, settings, asOfDay),
);
