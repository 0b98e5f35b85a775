import { violation, type Finding } from "./findings";
import { ownPlacement, placedByItself, type Placement, type PlacedName } from "./placement";
import type { ResourceView } from "./resource";
import type { StackIndex } from "./stack";
import { TAG } from "./tag-keys";
import { demarcTagsOf, tagSourceText } from "./tags";
import type { ZonePlan } from "./zone-plan";

const CLAIMED: readonly PlacedName[] = ["zone", "tenant", "side"];

/**
 * Tags are claims: every `demarc:zone`, `demarc:tenant` and `demarc:side` tag on a resource the client's
 * plan places must say what the plan says. Each finding names the tag, the plan entry and where each came from.
 */
export function planClaims(view: ResourceView, placement: Placement, plan: ZonePlan): Finding[] {
    const findings: Finding[] = [];
    for (const name of CLAIMED) {
        const decided = plan.decide(view, name, placement);
        if (decided?.state !== "valid") continue;
        const read = demarcTagsOf(view).get(name);
        const values = {
            values: [
                ...(read.state === "valid"
                    ? [{ name: TAG[name], value: read.raw, from: tagSourceText(read.source) }]
                    : read.state === "invalid"
                      ? [read.read]
                      : []),
                { name: TAG[name], value: String(decided.value), from: decided.from },
            ],
        };
        if (read.state === "valid" && read.value !== decided.value) {
            findings.push(violation("plan.tag-disagrees", view.urn, values));
        } else if (read.state === "invalid") {
            findings.push(violation("plan.tag-invalid", view.urn, values));
        }
    }
    return findings;
}

/** The claims of the resources whose tags the rest of the stack decides; a resource placed by itself is judged alone, at `Analyze`. */
export function planClaimFindings(index: StackIndex, placement: Placement, plan: ZonePlan | undefined): Finding[] {
    if (!plan) return [];
    return index.views.filter((view) => !placedByItself(view)).flatMap((view) => planClaims(view, placement, plan));
}

/** The claims of a resource placed by itself, judged on its record, its provider and the plan. */
export function ownPlanClaims(view: ResourceView, plan: ZonePlan | undefined): Finding[] {
    const placement = plan && ownPlacement(view, plan);
    return placement ? planClaims(view, placement, plan) : [];
}
