import { expiryDateFindings } from "../../lib/expiry";
import { resourcePolicy } from "../kit";

export default resourcePolicy(
    {
        name: "refuse-expired-access",
        displayName: "No expired access",
        summary:
            "a resource whose `demarc:expires` has passed or lies beyond the horizon (warns within the window): refused before it is created",
        description:
            "A resource carrying demarc:expires (VPNs, customer gateways, Client VPN endpoints, peering, provider-trusted roles, partner ingress) is refused " +
            "once that last valid day has passed or when it lies beyond the maximum horizon, and warned about within the warning window.",
        severity: "high",
        rule: "expiring access",
        why:
            "Access to clients, partners and suppliers outlives the contracts that justified it unless its end is enforced. " +
            "Judged on the resource alone, an expired VPN is stopped before it is created or updated, in every kind of pulumi up.",
        remediationSteps:
            "Renew an expired or expiring date with the access's owner (demarc:expires YYYY-MM-DD, within the maximum horizon), or remove the access.",
        kinds: ["expiry.expired", "expiry.beyond-horizon", "expiry.expiring-soon"],
    },
    ["expiryWarningDays", "undetermined"],
    (view, { settings, asOfDay }) => expiryDateFindings(view, settings, asOfDay),
);
