import { undetermined, violation, type Finding } from "./findings";
import { describe, placedRead, type Placed } from "./placement";
import type { ResourceView } from "./resource";
import { ALLOWED_VALUES, demarcTagsOf } from "./tags";
import { TAG } from "./tag-keys";

type PlacedName = "zone" | "tenant" | "side";

/**
 * The finding for a zone, tenant or side as it applies to a resource. An invalid value held by a
 * resource's own tag is that resource's tag-value finding ({@link ownTagFindings}), reported there once.
 */
export function placedFinding(view: ResourceView, name: PlacedName, placed: Placed<unknown>): Finding | undefined {
    const urn = view.urn;
    const values = { values: [{ ...placedRead(TAG[name], placed), allowed: ALLOWED_VALUES[name] }] };
    switch (placed.state) {
        case "valid":
            return undefined;
        case "missing":
            return violation("tag.missing", urn, `${placed.reason}; allowed: ${ALLOWED_VALUES[name]}`, values);
        case "invalid":
            return placed.tagOf === undefined
                ? violation("tag.placement-conflict", urn, placed.problem, values)
                : undefined;
        case "unknown": {
            const reason = placed.reason.replace(`${describe(view)}: `, "");
            return undetermined("tag.undetermined", urn, `${TAG[name]} of ${describe(view)}: ${reason}`, [
                { what: TAG[name], reason },
            ]);
        }
    }
}

/**
 * What one resource's own tags and its provider's default tags decide, without the rest of the stack: every
 * `demarc:*` value parses and every key is one of the convention's. Whether a zone, tenant or side is missing
 * depends on where the resource sits and on the client's plan, and is the stack's to judge.
 */
export function ownTagFindings(view: ResourceView): Finding[] {
    return demarcTagsOf(view)
        .problems()
        .map(({ kind, problem, read }) =>
            violation(kind, view.urn, `${describe(view)}: ${problem}`, { values: [read] }),
        );
}
