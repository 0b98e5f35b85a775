import { checkProviderRoles } from "../../lib/demarcation/provider-roles";
import { stackPolicy } from "../kit";

export default stackPolicy(
    {
        name: "limit-provider-role-permissions",
        displayName: "No administrator rights for the provider through other resources",
        summary:
            "administrator rights given to a role the provider can assume by another resource: a role policy, an attachment, a customer policy's document",
        description:
            "An IAM role the provider can assume (its trust policy admits a provider account, any account not the client's, or anyone) is given no administrator " +
            "permission by another resource: a RolePolicy or RolePolicyAttachment, or a customer managed policy whose document allows * or iam:* on every resource. " +
            "What the role carries itself is refuse-provider-admin-roles' to judge.",
        severity: "critical",
        rule: "separation of duties",
        why:
            "Separation of duties: the provider operates the network but must not hold the keys to everything in it, " +
            "nor be able to change the controls and the records that audit its own work. Administrator rights in the provider's hands make every other rule optional.",
        remediationSteps:
            "Remove the attachment or role policy, or replace the administrator policy with one that allows only the actions the provider's contract needs, " +
            "on the resources it manages; restrict the trust policy to the provider's account with a condition (sts:ExternalId, aws:PrincipalArn).",
        kinds: ["duty.provider-role-admin", "duty.provider-role.undetermined"],
    },
    ["clientAccountIds", "providerAccountIds", "undetermined"],
    ({ index, settings }) => checkProviderRoles(index, settings),
);
