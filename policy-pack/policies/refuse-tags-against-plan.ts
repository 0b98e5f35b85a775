import { ownPlanClaims } from "../../lib/plan-claims";
import { resourcePolicy } from "../kit";

export default resourcePolicy(
    {
        name: "refuse-tags-against-plan",
        displayName: "A resource placed by itself claims nothing against the client's plan",
        summary:
            "a role, log group, bucket, VPN or other resource placed by itself whose `demarc:zone`, `demarc:tenant` or `demarc:side` tag disagrees with the client's plan for its account",
        description:
            "A resource that is no network place and sits in no subnet carries no demarc:zone, demarc:tenant or demarc:side tag (its own or its " +
            "provider's default tags) that disagrees with the client's zone plan for its account.",
        severity: "high",
        rule: "tags",
        why:
            "Tags are written by whoever writes the program, often the provider the rules police: a log store or a role claimed for the client in a " +
            "provider account is how evidence and access slip to the wrong side. Such a resource is placed by its own record, its provider and the " +
            "plan alone, so its claim is refused before it is created, in every kind of pulumi up and in Insights audits.",
        remediationSteps:
            "Correct the tag to what the client's plan says, or, where the plan is wrong, have the client change it in follow-zone-plan's configuration " +
            "(clientAccountIds, providerAccountIds, zonePlan.accounts); give the provider allowedAccountIds or assumeRole so the account is known " +
            "before the resource exists.",
        kinds: ["plan.tag-disagrees", "plan.tag-invalid"],
    },
    [],
    (view, { plan }) => ownPlanClaims(view, plan),
);
