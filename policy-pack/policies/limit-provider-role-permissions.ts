import { checkProviderRoles } from "../../lib/demarcation/provider-roles";
import { stackPolicy } from "../kit";

export default stackPolicy(
    {
        name: "limit-provider-role-permissions",
        displayName: "No administrator rights for the provider",
        description:
            "An IAM role the provider can assume (its trust policy admits a provider account, any account not the client's, or anyone) carries no administrator permission: " +
            "no AdministratorAccess, PowerUserAccess or IAMFullAccess, and no policy allowing * or iam:* on every resource. A role anyone can assume without a condition is refused outright.",
        severity: "critical",
        rule: "separation of duties",
        why:
            "Separation of duties: the provider operates the network but must not hold the keys to everything in it, " +
            "nor be able to change the controls and the records that audit its own work. Administrator rights in the provider's hands make every other rule optional.",
        remediationSteps:
            "Replace the administrator policy with one that allows only the actions the provider's contract needs, on the resources it manages; " +
            "restrict the trust policy to the provider's account with a condition (sts:ExternalId, aws:PrincipalArn).",
        kinds: ["duty.provider-role-admin", "duty.role-open-to-anyone", "duty.provider-role.undetermined"],
    },
    ["clientAccountIds", "providerAccountIds", "undetermined"],
    ({ index, settings }) => checkProviderRoles(index, settings),
);
