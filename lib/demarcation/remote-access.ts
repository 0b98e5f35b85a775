import { T } from "../aws-types";
import { undetermined, violation, type Finding } from "../findings";
import { ownPlacement, placedByItself, type Placed, type Placement, type PlacementAuthority } from "../placement";
import type { ResourceView } from "../resource";
import type { StackIndex } from "../stack";
import { TAG, type Side } from "../tag-keys";
import { demarcTagsOf, tagSourceText } from "../tags";

const GATEWAY_TYPES: readonly string[] = [T.clientVpnEndpoint, T.vpnGateway];

function isRemoteAccessGateway(view: ResourceView): boolean {
    if (GATEWAY_TYPES.includes(view.type)) return true;
    const role = demarcTagsOf(view).get("role");
    return role.state === "valid" && role.value.includes("remote-access");
}

/** The finding on one remote-access gateway on the side `side`: none when the provider's own door, or client-managed. */
function remoteAccessFinding(view: ResourceView, side: Placed<Side>): Finding | undefined {
    if (side.state === "valid" && side.value === "provider") return undefined;
    const managedBy = demarcTagsOf(view).get("managedBy");
    switch (managedBy.state) {
        case "valid":
            if (managedBy.value === "client") return undefined;
            return violation("duty.remote-access-not-client-managed", view.urn, {
                values: [{ name: TAG.managedBy, value: managedBy.raw, from: tagSourceText(managedBy.source) }],
            });
        case "absent":
            return violation("duty.remote-access-no-manager", view.urn, { values: [{ name: TAG.managedBy }] });
        case "invalid":
            return undefined; // a tag-value finding of the resource itself
        case "unknown":
            return undetermined("duty.remote-access.undetermined", view.urn, [
                { what: TAG.managedBy, reason: managedBy.reason },
            ]);
    }
}

/**
 * A remote-access gateway placed by itself (a Client VPN endpoint, a VPN gateway, anything in the remote-access role
 * that sits in no subnet) is exempt as the provider's own door only by its own side: its tags, its provider's default
 * tags and the plan's entry for its account. Judged on the resource alone; none on any other resource.
 */
export function ownRemoteAccessFindings(view: ResourceView, plan: PlacementAuthority | undefined): Finding[] {
    const placement = isRemoteAccessGateway(view) ? ownPlacement(view, plan) : undefined;
    const finding = placement && remoteAccessFinding(view, placement.side(view));
    return finding ? [finding] : [];
}

/**
 * Remote-access gateways whose side may come from where they sit (a bastion in a subnet) are managed by the client,
 * unless on the provider's side: the provider's own door, not the client's.
 */
export function checkRemoteAccess(index: StackIndex, placement: Placement): Finding[] {
    return index.views
        .filter((view) => isRemoteAccessGateway(view) && !placedByItself(view))
        .map((view) => remoteAccessFinding(view, placement.side(view)))
        .filter((f): f is Finding => f !== undefined);
}
