import { JUDGED, T } from "../../lib/aws-types";
import type { Finding } from "../../lib/findings";
import { isPlace } from "../../lib/interfaces";
import { groupZoneFindings } from "../../lib/network";
import { judgesOwnSide, placedFinding } from "../../lib/own-tags";
import { stackPolicy } from "../kit";

export default stackPolicy(
    {
        name: "require-demarc-tags",
        displayName: "Every placed resource has a zone, tenant and side",
        summary:
            "a network-placed resource (a VPC, subnet or group, or anything that names a subnet) without a zone, tenant and side (its own, from where it sits, " +
            "or from the plan), or disagreeing with where it sits; a security group attached across zones",
        description:
            "Every network-placed resource (VPCs, subnets, security groups, and whatever names a subnet, even one unknown or outside the stack) has a " +
            "demarc:zone, demarc:tenant and demarc:side (its own, from where it sits, or from the zone plan) and agrees with where it sits; a security " +
            "group is attached only in its own zone. The side of a judged resource placed by itself is require-demarc-side's, before it is created.",
        severity: "high",
        rule: "tags",
        why:
            "Segmentation, tenant separation and the demarcation can only be checked on resources that say where they belong. " +
            "A resource nobody placed is one nobody is accountable for.",
        remediationSteps:
            "Tag the resource (or its VPC or subnet, from which it inherits) with demarc:zone (red, yellow, green), demarc:tenant " +
            "(a tenant id, or shared) and demarc:side (client, provider); mark a whole account once through the provider's defaultTags.",
        kinds: ["tag.missing", "tag.placement-conflict", "tag.undetermined", "tag.shared-group"],
    },
    ["undetermined"],
    ({ index, placement, network }) => {
        const findings: Finding[] = [];
        const add = (f: Finding | undefined) => f && findings.push(f);
        for (const view of index.views) {
            const place = isPlace(index, view);
            if (place) {
                const zone = placement.zone(view);
                if (!(view.type === T.vpc && zone.state === "missing")) add(placedFinding(view, "zone", zone));
                add(placedFinding(view, "tenant", placement.tenant(view)));
            }
            if ((place || JUDGED.has(view.type)) && !judgesOwnSide(view))
                add(placedFinding(view, "side", placement.side(view)));
        }
        findings.push(...groupZoneFindings(network));
        return findings;
    },
);
