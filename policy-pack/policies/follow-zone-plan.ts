import { planClaimFindings } from "../../lib/plan-claims";
import { SHARED_SECTION, SHARED_SECTION_SETTINGS, zonePlanOf } from "../../lib/shared-settings";
import { planProblems } from "../../lib/zone-plan";
import { stackPolicy } from "../kit";

export default stackPolicy(
    {
        name: SHARED_SECTION,
        displayName: "Zones, tenants and sides follow the client's plan",
        summary:
            "a `demarc:zone`, `demarc:tenant` or `demarc:side` tag that disagrees with the client's zone plan; its configuration is the shared section",
        description:
            "The client's zone plan decides zones, tenants and sides; every demarc:zone, demarc:tenant and demarc:side tag on a network place " +
            "or on what sits in a subnet agrees with it (refuse-tags-against-plan judges resources placed by themselves, before creation). " +
            "This policy's configuration holds the settings every policy shares.",
        severity: "high",
        rule: "tags",
        why:
            "Tags are written by whoever writes the program, often the provider the rules police. The client's plan is the standard " +
            "agreed once; a tag is a claim checked against it, so a re-tagged subnet or a log store claimed for the client in a " +
            "provider account cannot pass the zone and evidence rules.",
        remediationSteps:
            "Correct the tag to what the client's plan says, or, where the plan is wrong, have the client change the plan in this " +
            "policy's configuration (zonePlan, clientAccountIds, providerAccountIds, clientCidrs, providerCidrs).",
        kinds: ["plan.tag-disagrees", "plan.tag-invalid"],
    },
    SHARED_SECTION_SETTINGS,
    ({ index, placement, packConfig }) =>
        planClaimFindings(index, placement, zonePlanOf(packConfig.get(SHARED_SECTION))),
    (settings) => planProblems(settings),
);
