import { JUDGED } from "./aws-types";
import { undetermined, violation, type Finding } from "./findings";
import { describe, ownPlacement, placedByItself, placedRead, type Placed, type PlacementAuthority } from "./placement";
import type { ResourceView } from "./resource";
import { ALLOWED_VALUES, demarcTagsOf } from "./tags";
import { TAG } from "./tag-keys";

type PlacedName = "zone" | "tenant" | "side";

/**
 * The finding for a zone, tenant or side as it applies to a resource. An invalid value held by a
 * resource's own tag is that resource's tag-value finding ({@link ownTagFindings}), reported there once.
 */
export function placedFinding(view: ResourceView, name: PlacedName, placed: Placed<unknown>): Finding | undefined {
    if (placed.state === "valid") return undefined;
    const urn = view.urn;
    const values = { values: [{ ...placedRead(TAG[name], placed, urn), allowed: ALLOWED_VALUES[name] }] };
    switch (placed.state) {
        case "missing":
            return violation("tag.missing", urn, values);
        case "invalid":
            return placed.tagOf === undefined ? violation("tag.placement-conflict", urn, values) : undefined;
        case "unknown": {
            const reason = placed.reason.replace(`${describe(view)}: `, "");
            return undetermined("tag.undetermined", urn, [{ what: TAG[name], reason }]);
        }
    }
}

/**
 * Whether a resource's side is judged on the resource alone: a judged resource placed by itself (a role, a log
 * group, a VPN connection, a Client VPN endpoint), whose side is the plan's entry for its account, else its own tags
 * over its provider's default tags. Whether a network place or what sits in a subnet has a side is the stack's to
 * judge, with its zone and tenant.
 */
export function judgesOwnSide(view: ResourceView): boolean {
    return JUDGED.has(view.type) && placedByItself(view);
}

/** The finding on the side of a resource that {@link judgesOwnSide}; none on any other. */
export function ownSideFindings(view: ResourceView, plan: PlacementAuthority | undefined): Finding[] {
    const placement = JUDGED.has(view.type) ? ownPlacement(view, plan) : undefined;
    const finding = placement && placedFinding(view, "side", placement.side(view));
    return finding ? [finding] : [];
}

/**
 * What one resource's own tags and its provider's default tags decide, without the rest of the stack: every
 * `demarc:*` value parses and every key is one of the convention's. Whether a value is missing is judged apart:
 * a side placed by the resource itself by {@link ownSideFindings}, anything placed by where it sits by the stack.
 */
export function ownTagFindings(view: ResourceView): Finding[] {
    return demarcTagsOf(view)
        .problems()
        .map(({ kind, read }) => violation(kind, view.urn, { values: [read] }));
}
