import { JUDGED, T } from "../../lib/aws-types";
import { isPlace } from "../../lib/interfaces";
import { undetermined, violation, type Finding } from "../../lib/findings";
import { groupZoneFindings, networkModel } from "../../lib/network";
import { describe, type Placed } from "../../lib/placement";
import { TAG, type TagName } from "../../lib/tag-keys";
import type { ResourceView } from "../../lib/resource";
import { ALLOWED_VALUES, demarcTagsOf } from "../../lib/tags";
import { stackPolicy } from "../kit";

/** Keys whose values other policies judge (expiry, owner and standard are read where they matter). */
const JUDGED_HERE: readonly TagName[] = ["managedBy", "role"];

function placedFinding(
    view: ResourceView,
    name: "zone" | "tenant" | "side",
    placed: Placed<unknown>,
): Finding | undefined {
    const urn = view.urn;
    switch (placed.state) {
        case "valid":
            return undefined;
        case "missing":
            return violation(urn, `${placed.reason}; allowed: ${ALLOWED_VALUES[name]}`);
        case "invalid":
            return violation(urn, placed.problem);
        case "unknown":
            return undetermined(
                urn,
                `${TAG[name]} of ${describe(view)}: ${placed.reason.replace(`${describe(view)}: `, "")}`,
            );
    }
}

export default stackPolicy(
    {
        name: "require-demarc-tags",
        description:
            "Every network-placed resource has a valid demarc:zone, demarc:tenant and demarc:side; every judged resource a valid demarc:side; a security group is attached only in its own zone.",
        severity: "high",
        rule: "tags",
        why:
            "Segmentation, tenant separation and the demarcation can only be checked on resources that say where they belong. " +
            "A resource nobody placed is one nobody is accountable for.",
        remediationSteps:
            "Tag the resource (or its VPC or subnet, from which it inherits) with demarc:zone (red, yellow, green), demarc:tenant " +
            "(a tenant id, or shared) and demarc:side (client, provider); mark a whole account once through the provider's defaultTags.",
    },
    ["undetermined"],
    ({ index, placement }) => {
        const findings: Finding[] = [];
        const add = (f: Finding | undefined) => f && findings.push(f);
        for (const view of index.views) {
            const place = isPlace(index, view);
            if (place) {
                const zone = placement.zone(view);
                if (!(view.type === T.vpc && zone.state === "missing")) add(placedFinding(view, "zone", zone));
                add(placedFinding(view, "tenant", placement.tenant(view)));
            }
            if (place || JUDGED.has(view.type)) add(placedFinding(view, "side", placement.side(view)));
            const tags = demarcTagsOf(view);
            for (const name of JUDGED_HERE) {
                const read = tags.get(name);
                if (read.state === "invalid") add(violation(view.urn, `${describe(view)}: ${read.problem}`));
            }
            for (const problem of tags.problems()) {
                if (problem.includes("is not a demarc tag")) add(violation(view.urn, `${describe(view)}: ${problem}`));
            }
        }
        findings.push(...groupZoneFindings(networkModel(index, placement)));
        return findings;
    },
);
