import { T } from "../aws-types";
import { advisory, undetermined, UNTIL_APPLY, type Finding } from "../findings";
import { describe } from "../placement";
import { admissionsOf } from "./flows";
import type { NetworkModel } from "./model";

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

/** One advisory listing what the model leaves out: unmodelled resource types, routes to targets it does not follow, references outside the stack. */
export function unmodelledFinding(model: NetworkModel): Finding[] {
    const byWhat = new Map<string, string[]>();
    const add = (what: string, item: string) => {
        const items = byWhat.get(what);
        if (items) items.push(item);
        else byWhat.set(what, [item]);
    };
    let first: string | undefined;
    for (const view of model.index.views) {
        const entry = UNMODELLED_CONNECTIVITY.find((u) => view.type.startsWith(u.prefix));
        if (!entry) continue;
        first ??= view.urn;
        add(entry.what, describe(view));
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
                `${route.label} (to ${target.label})`,
            );
        }
    }
    for (const attachment of model.attachments) {
        if (attachment.kind !== "peering" || typeof attachment.peer === "object") continue;
        first ??= attachment.view.urn;
        add(
            "transit gateway peering to gateways outside this stack (what lies beyond is not followed)",
            `${describe(attachment.view)} (${attachment.peer})`,
        );
    }
    for (const endpoint of model.clientVpnEndpoints) {
        const tgw = endpoint.view.record.props["transitGatewayConfiguration"];
        if (tgw === undefined || tgw === null) continue;
        first ??= endpoint.view.urn;
        add("Client VPN endpoints attached to a transit gateway", describe(endpoint.view));
    }
    for (const { view, what } of model.clientVpnOutside) {
        first ??= view.urn;
        add("Client VPN resources joining what is not in this stack", `${describe(view)} (${what})`);
    }
    for (const { rule, what } of admissionsOf(model).external) {
        first ??= rule.view.urn;
        add("rule peers outside this stack", `${rule.label} (${what})`);
    }
    if (byWhat.size === 0 || first === undefined) return [];
    const stack = model.index.ofType(T.stack)[0]?.urn ?? first;
    return [
        advisory("coverage.unmodelled", stack, {
            unmodelled: [...byWhat].map(([what, items]) => ({ what, items })),
        }),
    ];
}
