import { T } from "../aws-types";
import { undetermined, violation, type Finding } from "../findings";
import { describe, type Placement } from "../placement";
import type { ResourceView } from "../resource";
import type { StackIndex } from "../stack";
import { fromWhere } from "./sides";
import { demarcTagsOf, quote } from "../tags";
import { TAG } from "../tag-keys";

const GATEWAY_TYPES: readonly string[] = [T.clientVpnEndpoint, T.vpnGateway];

function isRemoteAccessGateway(view: ResourceView): boolean {
    if (GATEWAY_TYPES.includes(view.type)) return true;
    const role = demarcTagsOf(view).get("role");
    return role.state === "valid" && role.value.includes("remote-access");
}

const RULE = "the door the provider enters through must be managed by the client (demarc:managed-by=client)";

/**
 * Remote-access gateways (Client VPN endpoints, VPN gateways, anything in the remote-access role)
 * are managed by the client. A gateway on the provider's side is the provider's own door, not the client's.
 */
export function checkRemoteAccess(index: StackIndex, placement: Placement): Finding[] {
    const findings: Finding[] = [];
    for (const view of index.views) {
        if (!isRemoteAccessGateway(view)) continue;
        const side = placement.side(view);
        if (side.state === "valid" && side.value === "provider") continue;
        const subject = `${describe(view)} is a remote-access gateway`;
        const managedBy = demarcTagsOf(view).get("managedBy");
        switch (managedBy.state) {
            case "valid":
                if (managedBy.value !== "client") {
                    findings.push(
                        violation(
                            "duty.remote-access-not-client-managed",
                            view.urn,
                            `${subject} with demarc:managed-by=${quote(managedBy.raw.trim())} (${fromWhere(managedBy.source)}); ${RULE}`,
                        ),
                    );
                }
                break;
            case "absent":
                findings.push(
                    violation(
                        "duty.remote-access-no-manager",
                        view.urn,
                        `${subject} with no demarc:managed-by; ${RULE}`,
                    ),
                );
                break;
            case "invalid":
                break; // a tag-value finding of the resource itself
            case "unknown":
                findings.push(
                    undetermined(
                        "duty.remote-access.undetermined",
                        view.urn,
                        `${subject}; who manages it is not known: ${managedBy.reason}`,
                        [{ what: TAG.managedBy, reason: managedBy.reason }],
                    ),
                );
                break;
        }
    }
    return findings;
}
