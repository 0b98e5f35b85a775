import { roleOwnFindings } from "../../lib/demarcation/provider-roles";
import { resourcePolicy } from "../kit";

export default resourcePolicy(
    {
        name: "refuse-provider-admin-roles",
        displayName: "No administrator role for the provider",
        summary:
            "a role the provider can assume carrying administrator rights of its own (inline policies, AWS's administrator policies in `managedPolicyArns`); a role anyone can assume without a condition",
        description:
            "An IAM role whose own trust policy admits the provider (a provider account, any account not the client's, or anyone) carries no administrator " +
            "permission of its own: no inline policy allowing * or iam:* on every resource, no AdministratorAccess, PowerUserAccess or IAMFullAccess in its " +
            "managedPolicyArns. A role anyone can assume without a condition is refused outright.",
        severity: "critical",
        rule: "separation of duties",
        why:
            "Separation of duties: the provider operates the network but must not hold the keys to everything in it. " +
            "A role's trust policy, inline policies and managed policy ARNs are the role's own, so it is refused before it is created, in every kind of pulumi up " +
            "and in Insights audits of roles made by hand.",
        remediationSteps:
            "Replace the administrator policy with one that allows only the actions the provider's contract needs, on the resources it manages; " +
            "restrict the trust policy to the provider's account with a condition (sts:ExternalId, aws:PrincipalArn).",
        kinds: ["duty.provider-role-admin", "duty.role-open-to-anyone", "duty.provider-role.undetermined"],
    },
    ["clientAccountIds", "providerAccountIds", "undetermined"],
    (view, { settings }) => roleOwnFindings(view, settings),
);
