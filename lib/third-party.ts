import { accountOf, accountOfArn, type AccountRead } from "./accounts";
import { isCovered, parseCidr } from "./cidr";
import { T } from "./aws-types";
import { unusableText } from "./messages";
import { describe, type Placed, type Placement } from "./placement";
import { resolveReference } from "./references";
import type { ResourceView } from "./resource";
import type { StackIndex } from "./stack";
import type { AccessReason } from "./findings";
import { elementOf } from "./urn";
import { isUnknown, showValue } from "./values";

/** Whether a connection is third-party access, from what the stack and the client's settings say. */
export type Access =
    | { readonly state: "none" }
    | { readonly state: "access"; readonly why?: AccessReason }
    | { readonly state: "unknown"; readonly reason: string };

export const NO_ACCESS: Access = { state: "none" };

export interface ConnectionFacts {
    readonly clientAccountIds: readonly string[];
    readonly clientCidrs: readonly string[];
}

/** The two ends of a peering: the resource types they are, and the properties naming them and the far account. */
interface PeeringShape {
    readonly ends: readonly string[];
    readonly local: string;
    readonly remote: string;
    readonly remoteAccount: string;
}

const VPC_PEERING: PeeringShape = { ends: [T.vpc], local: "vpcId", remote: "peerVpcId", remoteAccount: "peerOwnerId" };
const TGW_PEERING: PeeringShape = {
    ends: [T.transitGateway],
    local: "transitGatewayId",
    remote: "peerTransitGatewayId",
    remoteAccount: "peerAccountId",
};

/** What an accepter accepts: the request it names when that is in the stack. */
const ACCEPTED: Readonly<Record<string, { path: string; type: string }>> = {
    [T.vpcPeeringConnectionAccepter]: { path: "vpcPeeringConnectionId", type: T.vpcPeeringConnection },
    [T.tgwPeeringAttachmentAccepter]: { path: "transitGatewayAttachmentId", type: T.tgwPeeringAttachment },
};

/** Types whose third-party status is decided here from facts; any other listed type counts whole. */
export const DECIDED_FROM_FACTS: ReadonlySet<string> = new Set([
    T.vpcPeeringConnection,
    T.vpcPeeringConnectionAccepter,
    T.tgwPeeringAttachment,
    T.tgwPeeringAttachmentAccepter,
    T.vpnConnection,
    T.customerGateway,
    T.tgwVpcAttachment,
    T.ramPrincipalAssociation,
]);

/**
 * The accounts on both ends of a peering: the requester's (its ARN or provider) and the far one
 * (the peer owner given, else the requester's own, as AWS defaults it).
 */
function peeringAccounts(
    view: ResourceView,
    shape: PeeringShape,
): { state: "known"; local: AccountRead; remote: string | undefined } | { state: "unknown"; reason: string } {
    const remote = view.record.props[shape.remoteAccount];
    if (isUnknown(remote)) return { state: "unknown", reason: `its ${shape.remoteAccount} is not known until apply` };
    const local = accountOf(view);
    return { state: "known", local, remote: typeof remote === "string" && remote !== "" ? remote : undefined };
}

function crossAccount(view: ResourceView, shape: PeeringShape, facts: ConnectionFacts): Access | undefined {
    const accounts = peeringAccounts(view, shape);
    if (accounts.state === "unknown") return { state: "unknown", reason: accounts.reason };
    const localIds = accounts.local.state === "known" ? accounts.local.ids : [];
    const ends = [...new Set([...localIds, ...(accounts.remote ? [accounts.remote] : [])])];
    if (facts.clientAccountIds.length > 0) {
        const outside = ends.filter((a) => !facts.clientAccountIds.includes(a));
        if (outside.length > 0) return { state: "access", why: { because: "joins", accounts: outside } };
        return undefined;
    }
    if (accounts.remote !== undefined && !localIds.includes(accounts.remote))
        return { state: "access", why: { because: "joins", accounts: [accounts.remote], unconfigured: true } };
    return undefined;
}

function endValue(placed: Placed<string>, end: ResourceView, what: string): { value: string } | { reason: string } {
    switch (placed.state) {
        case "valid":
            return { value: placed.value };
        case "missing":
            return { reason: `the ${what} of ${describe(end)} is not known: ${placed.reason}` };
        case "invalid":
            return {
                reason: `the ${what} of ${describe(end)} is not known: ${unusableText(placed.read, placed.read.of)}`,
            };
        case "unknown":
            return { reason: `the ${what} of ${describe(end)} is not known: ${placed.reason}` };
    }
}

/** A peering joining different tenants or sides is third-party access, whoever owns the accounts. */
function joinsDifferent(view: ResourceView, shape: PeeringShape, index: StackIndex, placement: Placement): Access {
    const ends: ResourceView[] = [];
    for (const path of [shape.local, shape.remote]) {
        const ref = resolveReference(index, view, path, { types: shape.ends, one: true });
        if (ref.state === "resolved") ends.push(ref.targets[0]);
        else if (ref.state === "unknown") return { state: "unknown", reason: `its ${path} is not known until apply` };
        else if (ref.state === "external")
            return {
                state: "unknown",
                reason: `its ${path} ${ref.external.join(", ")} is not in this stack, so the tenant and side of that end cannot be told`,
            };
        else return { state: "unknown", reason: `it names no ${path}` };
    }
    const [a, b] = ends;
    for (const what of ["tenant", "side"] as const) {
        const [va, vb] = [endValue(placement[what](a), a, what), endValue(placement[what](b), b, what)];
        if ("reason" in va) return { state: "unknown", reason: va.reason };
        if ("reason" in vb) return { state: "unknown", reason: vb.reason };
        if (va.value !== vb.value)
            return {
                state: "access",
                why: {
                    because: "joins-ends",
                    tag: what,
                    ends: [
                        { element: elementOf(a), value: va.value },
                        { element: elementOf(b), value: vb.value },
                    ],
                },
            };
    }
    return NO_ACCESS;
}

function peeringAccess(
    view: ResourceView,
    shape: PeeringShape,
    facts: ConnectionFacts,
    index: StackIndex,
    placement: Placement,
): Access {
    return crossAccount(view, shape, facts) ?? joinsDifferent(view, shape, index, placement);
}

/** A customer gateway is third-party access unless its address is one of the client's. */
export function gatewayAddressAccess(gateway: ResourceView, facts: ConnectionFacts, judged: ResourceView): Access {
    const address = gateway.record.props["ipAddress"];
    const whose = gateway === judged ? "its" : `the ${describe(gateway)}'s`;
    if (isUnknown(address)) return { state: "unknown", reason: `${whose} ipAddress is not known until apply` };
    const range =
        typeof address === "string" ? parseCidr(address.includes("/") ? address : `${address}/32`) : undefined;
    if (!range)
        return {
            state: "access",
            why: { because: "no-address", gateway: elementOf(gateway), address: showValue(address) },
        };
    const client = facts.clientCidrs.map(parseCidr).filter((r) => r !== undefined);
    if (isCovered(range, client)) return NO_ACCESS;
    return { state: "access" };
}

function vpnAccess(view: ResourceView, facts: ConnectionFacts, index: StackIndex): Access {
    const ref = resolveReference(index, view, "customerGatewayId", { types: [T.customerGateway], one: true });
    if (ref.state === "resolved") return gatewayAddressAccess(ref.targets[0], facts, view);
    if (ref.state === "unknown") return { state: "unknown", reason: "its customerGatewayId is not known until apply" };
    return {
        state: "unknown",
        reason:
            ref.state === "external"
                ? `its customer gateway ${ref.external.join(", ")} is not in this stack, so its address cannot be told`
                : "it names no customer gateway",
    };
}

/** A VPC attached to a transit gateway owned by another account, one of them not the client's. */
function attachmentAccess(view: ResourceView, facts: ConnectionFacts, index: StackIndex): Access {
    const tgw = resolveReference(index, view, "transitGatewayId", { types: [T.transitGateway], one: true });
    if (tgw.state === "unknown") return { state: "unknown", reason: "its transitGatewayId is not known until apply" };
    if (tgw.state !== "resolved")
        return {
            state: "unknown",
            reason:
                tgw.state === "external"
                    ? `its transit gateway ${tgw.external.join(", ")} is not in this stack, so whose account it is cannot be told`
                    : "it names no transit gateway",
        };
    const [mine, theirs] = [accountOf(view), accountOf(tgw.targets[0])];
    if (mine.state === "unknown") return { state: "unknown", reason: mine.reason };
    if (theirs.state === "unknown")
        return { state: "unknown", reason: `${describe(tgw.targets[0])}: ${theirs.reason}` };
    if (mine.state !== "known" || theirs.state !== "known") return NO_ACCESS;
    const accounts = [...new Set([...mine.ids, ...theirs.ids])];
    if (accounts.length < 2) return NO_ACCESS;
    const outside = accounts.filter((a) => !facts.clientAccountIds.includes(a));
    if (outside.length === 0) return NO_ACCESS;
    return { state: "access", why: { because: "attaches", gateway: elementOf(tgw.targets[0]), accounts } };
}

const ORGANIZATION = /^arn:aws[a-z-]*:organizations::/;

/** A RAM share to an account outside the client's; an organization or unit names no account to tell. */
function shareAccess(view: ResourceView, facts: ConnectionFacts): Access {
    const principal = view.record.props["principal"];
    if (isUnknown(principal)) return { state: "unknown", reason: "its principal is not known until apply" };
    if (typeof principal !== "string" || principal === "")
        return { state: "unknown", reason: `its principal ${showValue(principal)} names no account` };
    if (ORGANIZATION.test(principal))
        return {
            state: "unknown",
            reason: `its principal ${principal} is an organization or unit, whose accounts cannot be told from the stack`,
        };
    const shared = /^\d{12}$/.test(principal) ? principal : accountOfArn(principal);
    if (!shared) return { state: "unknown", reason: `its principal ${principal} names no account` };
    const own = accountOf(view);
    if (facts.clientAccountIds.length > 0) {
        if (facts.clientAccountIds.includes(shared)) return NO_ACCESS;
        return { state: "access", why: { because: "shares", account: shared } };
    }
    if (own.state === "known" && own.ids.includes(shared)) return NO_ACCESS;
    return { state: "access", why: { because: "shares", account: shared, unconfigured: true } };
}

/**
 * Third-party access decided from facts: a peering to an account outside the client's, or between
 * different tenants or sides; a VPN whose customer gateway is not a client address; a VPC attached to
 * another account's transit gateway; a RAM share to an outside account. Undetermined where the facts
 * are not known.
 */
export function connectionAccess(
    view: ResourceView,
    facts: ConnectionFacts,
    index: StackIndex,
    placement: Placement,
): Access {
    const accepted = ACCEPTED[view.type];
    if (accepted) {
        const ref = resolveReference(index, view, accepted.path, { types: [accepted.type], one: true });
        if (ref.state === "resolved") return connectionAccess(ref.targets[0], facts, index, placement);
        if (ref.state === "unknown")
            return { state: "unknown", reason: `its ${accepted.path} is not known until apply` };
        return {
            state: "unknown",
            reason: `the request it accepts is not in this stack, so where the other end lies cannot be told`,
        };
    }
    switch (view.type) {
        case T.vpcPeeringConnection:
            return peeringAccess(view, VPC_PEERING, facts, index, placement);
        case T.tgwPeeringAttachment:
            return peeringAccess(view, TGW_PEERING, facts, index, placement);
        case T.vpnConnection:
            return vpnAccess(view, facts, index);
        case T.customerGateway:
            return gatewayAddressAccess(view, facts, view);
        case T.tgwVpcAttachment:
            return attachmentAccess(view, facts, index);
        case T.ramPrincipalAssociation:
            return shareAccess(view, facts);
    }
    return { state: "access" };
}
