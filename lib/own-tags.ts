import { JUDGED, T } from "./aws-types";
import { undetermined, violation, type Finding } from "./findings";
import { isPlace, placesInterfaces } from "./interfaces";
import { describe, type Placed } from "./placement";
import type { ResourceView } from "./resource";
import { StackIndex } from "./stack";
import { ALLOWED_VALUES, demarcTagsOf } from "./tags";
import { TAG } from "./tag-keys";

type PlacedName = "zone" | "tenant" | "side";

/**
 * The finding for a zone, tenant or side as it applies to a resource. An invalid value held by a
 * resource's own tag is that resource's tag-value finding ({@link ownTagFindings}), reported there once.
 */
export function placedFinding(view: ResourceView, name: PlacedName, placed: Placed<unknown>): Finding | undefined {
    const urn = view.urn;
    switch (placed.state) {
        case "valid":
            return undefined;
        case "missing":
            return violation(urn, `${placed.reason}; allowed: ${ALLOWED_VALUES[name]}`);
        case "invalid":
            return placed.tagOf === undefined ? violation(urn, placed.problem) : undefined;
        case "unknown":
            return undetermined(
                urn,
                `${TAG[name]} of ${describe(view)}: ${placed.reason.replace(`${describe(view)}: `, "")}`,
            );
    }
}

/** The resource as the engine's `Analyze` call shows it: alone, with its provider. */
function alone(view: ResourceView): { index: StackIndex; view: ResourceView } {
    const index = new StackIndex([view.record]);
    return { index, view: index.views[0] };
}

/**
 * Whether a resource takes its zone, tenant and side from where it sits (a subnet or group from its VPC, what puts
 * an interface in a subnet from the subnet), judged from the resource alone, so that the resource policy at
 * `Analyze` and the stack policy draw the line in the same place.
 */
export function inheritsPlacement(view: ResourceView): boolean {
    if (view.type === T.subnet || view.type === T.securityGroup || view.type === T.defaultSecurityGroup) return true;
    const self = alone(view);
    return placesInterfaces(self.index, self.view);
}

/** The zone, tenant and side a resource must carry (a VPC holding several zones carries none). */
function placedNames(view: ResourceView): PlacedName[] {
    const self = alone(view);
    const names: PlacedName[] = [];
    if (isPlace(self.index, self.view)) names.push("zone", "tenant");
    if (names.length > 0 || JUDGED.has(view.type)) names.push("side");
    return names;
}

/**
 * What one resource's own tags and its provider's default tags decide, without the rest of the stack:
 * every `demarc:*` value parses and every key is one of the convention's; and, where placement does not
 * decide (a resource not placed in a subnet or VPC), the zone, tenant and side it must carry are there.
 */
export function ownTagFindings(view: ResourceView): Finding[] {
    const tags = demarcTagsOf(view);
    const findings = tags.problems().map((problem) => violation(view.urn, `${describe(view)}: ${problem}`));
    if (inheritsPlacement(view)) return findings;
    for (const name of placedNames(view)) {
        const read = tags.get(name);
        if (read.state === "absent") {
            if (name === "zone" && view.type === T.vpc) continue;
            findings.push(
                violation(view.urn, `${describe(view)} has no ${TAG[name]}; allowed: ${ALLOWED_VALUES[name]}`),
            );
        } else if (read.state === "unknown") {
            findings.push(undetermined(view.urn, `${TAG[name]} of ${describe(view)}: ${read.reason}`));
        }
    }
    return findings;
}
