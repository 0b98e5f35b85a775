import { accountRead, isAccountId, ownerOfAccount, type AccountSettings } from "../accounts";
import { T } from "../aws-types";
import { undetermined, UNTIL_APPLY, violation, type Finding, type SharedResource } from "../findings";
import { resolveReference } from "../references";
import type { ResourceView } from "../resource";
import { isUnknown } from "../values";
import { elementOf } from "../urn";
import type { NetworkModel } from "./model";

const SHARE = "aws:ram/resourceShare:ResourceShare";
const RESOURCE_ASSOCIATION = "aws:ram/resourceAssociation:ResourceAssociation";
const PRINCIPAL_ASSOCIATION = "aws:ram/principalAssociation:PrincipalAssociation";

/** Network resources another account can join by a share: in the stack by type, outside it by the ARN's resource kind. */
const NETWORK_TYPES: readonly string[] = [
    T.transitGateway,
    T.subnet,
    T.managedPrefixList,
    "aws:ec2/vpcIpamPool:VpcIpamPool",
    "aws:route53/resolverRule:ResolverRule",
    "aws:networkmanager/coreNetwork:CoreNetwork",
];
const NETWORK_ARN =
    /:(transit-gateway|subnet|prefix-list|ipam-pool|resolver-rule|core-network|transit-gateway-multicast-domain)\//;

/** What a resource association shares, if it is a network resource. */
function sharedNetwork(
    model: NetworkModel,
    view: ResourceView,
): { resource: SharedResource; tgw?: ResourceView } | "unknown" | undefined {
    const ref = resolveReference(model.index, view, "resourceArn", { types: NETWORK_TYPES, one: true });
    if (ref.state === "resolved") {
        const target = ref.targets[0];
        return { resource: { element: elementOf(target) }, tgw: target.type === T.transitGateway ? target : undefined };
    }
    // Unknown, and computed only from resources of other kinds: a resource of the stack that is no network resource.
    if (ref.state === "unknown")
        return ref.unknown.some((u) => u.candidates.length > 0) || view.dependenciesOf("resourceArn").length === 0
            ? "unknown"
            : undefined;
    const arn = ref.external[0];
    return arn !== undefined && NETWORK_ARN.test(arn) ? { resource: { arn } } : undefined;
}

/**
 * Network resources shared through AWS RAM with accounts outside the client's: the other account
 * can attach VPCs to a shared transit gateway (with auto-accept on, without any review), place
 * resources in a shared subnet, or route by a shared prefix list. The finding lands on the principal
 * association that lets the account in.
 */
export function sharedNetworkFindings(model: NetworkModel, settings: AccountSettings): Finding[] {
    const findings: Finding[] = [];
    const shares = model.index.ofType(SHARE);
    if (shares.length === 0) return findings;
    const shareOf = (view: ResourceView) =>
        resolveReference(model.index, view, "resourceShareArn", { types: [SHARE], one: true });
    const sharedBy = new Map<string, { resource: SharedResource; tgw?: ResourceView }[]>();
    const unknownBy = new Set<string>();
    for (const view of model.index.ofType(RESOURCE_ASSOCIATION)) {
        const share = shareOf(view);
        const shared = sharedNetwork(model, view);
        if (share.state !== "resolved" || shared === undefined) continue;
        for (const s of share.targets) {
            if (shared === "unknown") unknownBy.add(s.urn);
            else sharedBy.set(s.urn, [...(sharedBy.get(s.urn) ?? []), shared]);
        }
    }
    for (const view of model.index.ofType(PRINCIPAL_ASSOCIATION)) {
        const share = shareOf(view);
        if (share.state !== "resolved") continue;
        for (const s of share.targets) {
            const resources = sharedBy.get(s.urn) ?? [];
            if (resources.length === 0 && !unknownBy.has(s.urn)) continue;
            const principal = view.record.props["principal"];
            const sharing = { share: elementOf(s), resources: resources.map((r) => r.resource) };
            if (isUnknown(principal) || resources.length === 0) {
                const unknown = [
                    ...(isUnknown(principal) ? [{ what: "principal", reason: UNTIL_APPLY }] : []),
                    ...(resources.length === 0
                        ? [{ of: elementOf(s), what: "the resources it shares", reason: UNTIL_APPLY }]
                        : []),
                ];
                findings.push(undetermined("tenant.share.undetermined", view.urn, unknown, { sharing }));
                continue;
            }
            if (typeof principal !== "string") continue;
            if (!isAccountId(principal)) {
                findings.push(
                    violation("tenant.share-to-organization", view.urn, {
                        sharing,
                        values: [{ name: "principal", value: principal }],
                    }),
                );
                continue;
            }
            const owner = ownerOfAccount(principal, settings);
            if (owner === "client") continue;
            if (owner === "unconfigured") {
                findings.push(
                    undetermined(
                        "tenant.share.undetermined",
                        view.urn,
                        [{ what: `the owner of account ${principal}`, reason: "clientAccountIds is not configured" }],
                        { sharing, values: [{ name: "principal", value: principal }] },
                    ),
                );
                continue;
            }
            const autoAccept = resources.find((r) => r.tgw?.record.props["autoAcceptSharedAttachments"] === "enable");
            findings.push(
                violation("tenant.share-outside", view.urn, {
                    sharing: { ...sharing, ...(autoAccept?.tgw ? { autoAccepting: elementOf(autoAccept.tgw) } : {}) },
                    values: [{ ...accountRead(principal, undefined, settings), name: "principal" }],
                }),
            );
        }
    }
    return findings;
}
