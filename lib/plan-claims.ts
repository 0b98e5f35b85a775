import { violation, type Finding } from "./findings";
import { describe, type Placement, type PlacedName } from "./placement";
import type { StackIndex } from "./stack";
import { TAG } from "./tag-keys";
import { demarcTagsOf, quote, type TagSource } from "./tags";
import { PLAN_FROM, type ZonePlan } from "./zone-plan";

const CLAIMED: readonly PlacedName[] = ["zone", "tenant", "side"];

const TAG_SOURCE: Readonly<Record<TagSource, string>> = {
    tags: "own tag",
    "provider default tags": "its provider's default tags",
    tagsAll: "its tagsAll",
};

/**
 * Tags are claims: every `demarc:zone`, `demarc:tenant` and `demarc:side` tag on a resource the client's
 * plan places must say what the plan says. Each finding names the tag, the plan entry and where each came from.
 */
export function planClaimFindings(index: StackIndex, placement: Placement, plan: ZonePlan | undefined): Finding[] {
    if (!plan) return [];
    const findings: Finding[] = [];
    for (const view of index.views) {
        for (const name of CLAIMED) {
            const decided = plan.decide(view, name, placement);
            if (decided?.state !== "valid") continue;
            const planSays = `the client's plan says ${decided.value}, ${decided.from.replace(PLAN_FROM, "from ")}`;
            const read = demarcTagsOf(view).get(name);
            if (read.state === "valid" && read.value !== decided.value) {
                findings.push(
                    violation(
                        "plan.tag-disagrees",
                        view.urn,
                        `${describe(view)} is tagged ${TAG[name]}=${quote(read.raw.trim())} (${TAG_SOURCE[read.source]}), but ${planSays}`,
                    ),
                );
            } else if (read.state === "invalid") {
                findings.push(
                    violation("plan.tag-invalid", view.urn, `${describe(view)}: ${read.problem}; ${planSays}`),
                );
            }
        }
    }
    return findings;
}
