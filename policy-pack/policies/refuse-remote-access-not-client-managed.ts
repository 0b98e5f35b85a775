import { ownRemoteAccessFindings } from "../../lib/demarcation/remote-access";
import { resourcePolicy } from "../kit";
import requireClientManagedRemoteAccess from "./require-client-managed-remote-access";

const { metadata } = requireClientManagedRemoteAccess;

export default resourcePolicy(
    {
        name: "refuse-remote-access-not-client-managed",
        displayName: "Remote-access gateways outside a subnet are client-managed",
        summary:
            "a Client VPN endpoint, VPN gateway or other remote-access gateway placed by itself that is not `demarc:managed-by=client`, " +
            "unless its own side is the provider's",
        description:
            "A remote-access gateway that sits in no subnet (a Client VPN endpoint, a VPN gateway, anything else tagged demarc:role=remote-access that names " +
            "no subnet) is tagged demarc:managed-by=client, unless its own side (the client's plan for its account, else its own tag, else its provider's " +
            "default tags) is the provider's: refused before it is created.",
        severity: metadata.severity,
        rule: metadata.rule,
        why:
            `${metadata.why} Whether such a gateway is the provider's own door is decided by the gateway, its provider and the client's plan alone, ` +
            "so it is stopped before it is created, in every kind of pulumi up and in Insights audits.",
        remediationSteps: metadata.remediationSteps,
        kinds: metadata.kinds,
    },
    ["undetermined"],
    (view, { plan }) => ownRemoteAccessFindings(view, plan),
);
