import { accessExpiryFindings } from "../../lib/expiry";
import { stackPolicy } from "../kit";

export default stackPolicy(
    {
        name: "require-access-expiry",
        displayName: "Third-party access carries an expiry and an owner",
        summary:
            "third-party access that takes the stack to recognise (VPN connections, peerings, transit-gateway attachments, RAM shares, partner ingress) without `demarc:expires` and `demarc:owner` (their values are judged by the resource policies)",
        description:
            "Third-party access that takes the stack to recognise (VPN connections by their customer gateway, peering and transit-gateway peering and " +
            "attachments by their ends, RAM shares, ingress from partner ranges) carries demarc:expires and demarc:owner. Access the resource alone shows " +
            "(roles, customer gateways, Client VPN endpoints) is refuse-open-ended-access', and dates are refuse-expired-access', on each resource before it is created.",
        severity: "high",
        rule: "expiring access",
        why:
            "VPNs and other connections to clients, partners and suppliers are left open after contracts end, and provider access needs a " +
            "continued-business-need review. An expiry date and an owner on the access itself make both happen on every deploy.",
        remediationSteps:
            "Tag the access with demarc:expires (YYYY-MM-DD, the last day it is valid, within the maximum horizon) and demarc:owner (the team or " +
            "contract that answers for it).",
        kinds: ["expiry.missing-tag", "expiry.untaggable", "expiry.undetermined"],
    },
    ["thirdPartyAccessTypes", "clientAccountIds", "clientCidrs", "providerCidrs", "undetermined"],
    ({ index, placement, settings }) => accessExpiryFindings(index, placement, settings),
);
