import { T } from "../aws-types";
import { advisory, undetermined, UNTIL_APPLY, type Finding, type UnmodelledItem } from "../findings";
import { describe } from "../placement";
import type { ResourceView } from "../resource";
import { elementOf } from "../urn";
import { admissionsOf } from "./flows";
import { isTgw, type NetworkModel } from "./model";

/** Connectivity the network model does not follow, by type-token prefix: paths through them are not checked. */
export const UNMODELLED_CONNECTIVITY: readonly { readonly prefix: string; readonly what: string }[] = [
    { prefix: "aws:directconnect/", what: "Direct Connect" },
    { prefix: "aws:networkfirewall/", what: "Network Firewall" },
    { prefix: "aws:ec2/vpcEndpointService", what: "PrivateLink endpoint services" },
    { prefix: "aws:ec2/vpcEndpointConnectionAccepter", what: "PrivateLink endpoint services" },
    { prefix: "aws:vpclattice/", what: "VPC Lattice" },
    { prefix: "aws:globalaccelerator/", what: "Global Accelerator" },
    { prefix: "aws:networkmanager/", what: "Cloud WAN and Network Manager" },
    { prefix: "aws:ec2transitgateway/connect", what: "transit gateway Connect" },
    { prefix: "aws:ec2transitgateway/multicast", what: "transit gateway multicast" },
    { prefix: "aws:ec2transitgateway/prefixListReference", what: "transit gateway prefix-list references" },
    { prefix: "aws:ec2transitgateway/vpcAttachmentAccepter", what: "transit gateway attachment accepters" },
    { prefix: "aws:ec2transitgateway/instanceConnectEndpoint", what: "EC2 Instance Connect endpoints" },
    { prefix: "aws:ec2/localGateway", what: "Outposts local gateways" },
    { prefix: "aws:ec2/carrierGateway", what: "Wavelength carrier gateways" },
    { prefix: "aws:ec2/trafficMirror", what: "traffic mirroring" },
    { prefix: "aws:apigateway/vpcLink", what: "API Gateway VPC links" },
    { prefix: "aws:apigatewayv2/vpcLink", what: "API Gateway VPC links" },
    { prefix: "aws:verifiedaccess/", what: "Verified Access" },
];

/** What the model left out because a value is not known until apply: each resource undetermined, naming the value. */
export function droppedUnknownFindings(model: NetworkModel): Finding[] {
    return model.unknowns.map(({ view, what }) =>
        undetermined("coverage.unknown.undetermined", view.urn, [{ what, reason: UNTIL_APPLY }]),
    );
}

/** An item declared by `view`: its label too, where the message names it otherwise than by the resource (a route of a table, a rule of a group). */
export const partOf = (view: ResourceView, label: string): UnmodelledItem => ({
    element: elementOf(view),
    ...(label !== describe(view) ? { label } : {}),
});

/** One advisory listing what the model leaves out: unmodelled resource types, routes to targets it does not follow, references outside the stack. */
export function unmodelledFinding(model: NetworkModel): Finding[] {
    const byWhat = new Map<string, UnmodelledItem[]>();
    const add = (what: string, item: UnmodelledItem) => {
        const items = byWhat.get(what);
        if (items) items.push(item);
        else byWhat.set(what, [item]);
    };
    let first: string | undefined;
    for (const view of model.index.views) {
        const entry = UNMODELLED_CONNECTIVITY.find((u) => view.type.startsWith(u.prefix));
        if (!entry) continue;
        first ??= view.urn;
        add(entry.what, { element: elementOf(view) });
    }
    for (const table of model.routeTables) {
        for (const route of table.routes) {
            const target = route.target;
            if (target.kind !== "middlebox" && target.kind !== "other") continue;
            first ??= route.view.urn;
            add(
                target.kind === "middlebox" && target.view
                    ? "routes to appliances, judged by the appliance's own zone but not followed beyond it"
                    : "routes through appliances and gateways the model does not follow",
                {
                    ...partOf(route.view, route.label),
                    routeTo: target.view
                        ? { element: elementOf(target.view) }
                        : target.property !== undefined
                          ? { property: target.property, id: target.id }
                          : {},
                },
            );
        }
    }
    for (const attachment of model.attachments) {
        const peer = attachment.peer;
        if (attachment.kind !== "peering" || peer === undefined || isTgw(peer)) continue;
        first ??= attachment.view.urn;
        add("transit gateway peering to gateways outside this stack (what lies beyond is not followed)", {
            element: elementOf(attachment.view),
            outside: peer,
        });
    }
    for (const endpoint of model.clientVpnEndpoints) {
        const tgw = endpoint.view.record.props["transitGatewayConfiguration"];
        if (tgw === undefined || tgw === null) continue;
        first ??= endpoint.view.urn;
        add("Client VPN endpoints attached to a transit gateway", { element: elementOf(endpoint.view) });
    }
    for (const { view, outside } of model.clientVpnOutside) {
        first ??= view.urn;
        add("Client VPN resources joining what is not in this stack", { element: elementOf(view), outside });
    }
    for (const { rule, outside } of admissionsOf(model).external) {
        first ??= rule.view.urn;
        add("rule peers outside this stack", { ...partOf(rule.view, rule.label), outside });
    }
    if (byWhat.size === 0 || first === undefined) return [];
    const stack = model.index.ofType(T.stack)[0]?.urn ?? first;
    return [
        advisory("coverage.unmodelled", stack, {
            unmodelled: [...byWhat].map(([what, items]) => ({ what, items })),
        }),
    ];
}
