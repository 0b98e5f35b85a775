import type { AccountSettings } from "../accounts";
import type { Finding, HeldEvidence } from "../findings";
import { ownPlacement, placedByItself, type Placement, type PlacementAuthority } from "../placement";
import type { ResourceView } from "../resource";
import type { StackIndex } from "../stack";
import { logStores, ownStoreReason } from "./evidence";
import { clientAccountFinding, clientSideFinding } from "./sides";

/** The side and account findings on one resource holding evidence, read through `placement`. */
function placementFindings(
    view: ResourceView,
    why: HeldEvidence,
    placement: Placement,
    settings: AccountSettings,
): Finding[] {
    const subject = { holdsEvidence: why };
    const side = clientSideFinding(view.urn, subject, placement.side(view));
    const account = clientAccountFinding(view.urn, view, subject, settings);
    return [side, account].filter((f): f is Finding => f !== undefined);
}

/**
 * A resource that holds evidence by what it carries itself and is placed by itself (a log group, a bucket
 * with a storing role): its own tags, its provider and the plan's account entries decide its side and
 * account, so it is judged alone.
 */
function ownStore(view: ResourceView): boolean {
    return ownStoreReason(view) !== undefined && placedByItself(view);
}

/** The findings on a resource that holds evidence and is judged alone ({@link ownStore}); none on any other. */
export function ownLogPlacementFindings(
    view: ResourceView,
    plan: PlacementAuthority | undefined,
    settings: AccountSettings,
): Finding[] {
    const why = ownStoreReason(view);
    const placement = why && ownPlacement(view, plan);
    return placement ? placementFindings(view, why, placement, settings) : [];
}

/**
 * Every other resource holding evidence (one in a subnet, a bucket logs are delivered to) is on the
 * client's side, in a client-side subnet or VPC, and in a client account.
 */
export function checkLogPlacement(index: StackIndex, placement: Placement, settings: AccountSettings): Finding[] {
    return logStores(index)
        .filter(({ view }) => !ownStore(view))
        .flatMap(({ view, why }) => placementFindings(view, why, placement, settings));
}
