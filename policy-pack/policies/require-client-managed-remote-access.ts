import { checkRemoteAccess } from "../../lib/demarcation/remote-access";
import { stackPolicy } from "../kit";

export default stackPolicy(
    {
        name: "require-client-managed-remote-access",
        displayName: "Client-managed remote access",
        summary:
            "a remote-access gateway whose side may come from where it sits (a bastion) that the client does not manage",
        description:
            "Remote-access gateways into the client's network whose side may come from where they sit (a bastion or anything else tagged " +
            "demarc:role=remote-access that names a subnet) are tagged demarc:managed-by=client, unless on the provider's side. Client VPN endpoints, " +
            "VPN gateways and other gateways in no subnet are refuse-remote-access-not-client-managed's, before they are created.",
        severity: "high",
        rule: "separation of duties",
        why:
            "The provider must not manage the device through which it enters the client network: whoever runs the door decides who comes in " +
            "and what record of it is kept, and a provider that runs its own door audits itself.",
        remediationSteps:
            "Hand the gateway's management to the client and tag it demarc:managed-by=client; the provider's own gateways belong on its side (demarc:side=provider).",
        kinds: [
            "duty.remote-access-not-client-managed",
            "duty.remote-access-no-manager",
            "duty.remote-access.undetermined",
        ],
    },
    ["undetermined"],
    ({ index, placement }) => checkRemoteAccess(index, placement),
);
