import { T, SUBNET_PLACED } from "../../lib/aws-types";
import { Placement } from "../../lib/placement";
import { resolveReference } from "../../lib/references";
import type { ResourceView } from "../../lib/resource";
import { StackIndex } from "../../lib/stack";
import { isUnknown } from "../../lib/values";
import type { FindingEvidence, PlaceEvidence } from "../../lib/findings";
import { classify, type CheckedStack } from "../check-result";
import { escapeMermaid } from "./escape";

/** Above this many subnets, subnets are drawn as one node per side, zone and VPC. */
export const MAX_SUBNET_NODES = 40;

const GATEWAYS: ReadonlySet<string> = new Set([
    T.internetGateway,
    T.egressOnlyInternetGateway,
    T.natGateway,
    T.vpnGateway,
    T.customerGateway,
    T.vpnConnection,
    T.clientVpnEndpoint,
    T.vpcPeeringConnection,
    T.transitGateway,
    T.tgwRouteTable,
]);

/** Properties that join a gateway node to the nodes it connects. */
const JOINS: readonly { path: string; types: readonly string[] }[] = [
    { path: "vpcId", types: [T.vpc] },
    { path: "peerVpcId", types: [T.vpc] },
    { path: "subnetId", types: [T.subnet] },
    { path: "vpnGatewayId", types: [T.vpnGateway] },
    { path: "customerGatewayId", types: [T.customerGateway] },
    { path: "transitGatewayId", types: [T.transitGateway] },
];

/** Attachments drawn as an edge between what they join. */
const ATTACHMENTS: readonly {
    type: string;
    ends: readonly [{ path: string; types: readonly string[] }, { path: string; types: readonly string[] }];
}[] = [
    {
        type: T.tgwVpcAttachment,
        ends: [
            { path: "vpcId", types: [T.vpc] },
            { path: "transitGatewayId", types: [T.transitGateway] },
        ],
    },
    {
        type: T.vpnGatewayAttachment,
        ends: [
            { path: "vpcId", types: [T.vpc] },
            { path: "vpnGatewayId", types: [T.vpnGateway] },
        ],
    },
    {
        type: T.clientVpnNetworkAssociation,
        ends: [
            { path: "clientVpnEndpointId", types: [T.clientVpnEndpoint] },
            { path: "subnetId", types: [T.subnet] },
        ],
    },
    {
        type: T.vpcPeeringConnectionAccepter,
        ends: [
            { path: "vpcPeeringConnectionId", types: [T.vpcPeeringConnection] },
            { path: "vpcId", types: [T.vpc] },
        ],
    },
];

/** References followed to fold a resource that is not drawn into the node it belongs to. */
const FOLD_PATHS: readonly string[] = [
    "subnetId",
    "subnetIds",
    "subnets",
    "subnetMappings.subnetId",
    "securityGroupId",
    "vpcSecurityGroupIds",
    "securityGroups",
    "routeTableId",
    "vpcId",
    "transitGatewayId",
    "transitGatewayRouteTableId",
    "vpcPeeringConnectionId",
    "vpnConnectionId",
    "vpnGatewayId",
    "clientVpnEndpointId",
];

type Mark = "mandatory" | "advisory" | undefined;

interface Container {
    readonly id: string;
    readonly label: string;
    readonly zone?: string;
    readonly children: Container[];
    readonly nodes: string[];
}

interface Node {
    readonly id: string;
    label: string;
    members: number;
    mark: Mark;
}

const stronger = (a: Mark, b: Mark): Mark => (a === "mandatory" || b === "mandatory" ? "mandatory" : (a ?? b));

/** Node kinds whose type token alone reads ambiguously. */
const KIND_LABELS: Readonly<Record<string, string>> = {
    [T.clientVpnEndpoint]: "client VPN endpoint",
    [T.tgwRouteTable]: "transit gateway route table",
};

function kindOf(type: string): string {
    if (KIND_LABELS[type]) return KIND_LABELS[type];
    const kind = type.split(":").pop() ?? type;
    return kind.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
}

function knownString(view: ResourceView, path: string): string | undefined {
    const read = view.string(path);
    return read.state === "known" && !isUnknown(read.value) ? read.value : undefined;
}

class Diagram {
    private counter = 0;
    private readonly nodes = new Map<string, Node>();
    private readonly nodeOf = new Map<string, string>();
    private readonly edges: { from: string; to: string; label?: string; dotted?: boolean; red?: boolean }[] = [];
    private readonly sides = new Map<string, Container>();
    private readonly markedContainers = new Map<string, Mark>();
    private internet: string | undefined;

    constructor(readonly collapseSubnets: boolean) {}

    private nextId(prefix: string): string {
        return `${prefix}${this.counter++}`;
    }

    side(name: string): Container {
        let side = this.sides.get(name);
        if (!side) {
            const label = name === "client" || name === "provider" ? `${name} side` : "side not determined";
            side = { id: this.nextId("s"), label, children: [], nodes: [] };
            this.sides.set(name, side);
        }
        return side;
    }

    zone(sideName: string, zone: string | undefined): Container {
        const side = this.side(sideName);
        if (!zone) return side;
        let found = side.children.find((c) => c.zone === zone);
        if (!found) {
            found = { id: this.nextId("z"), label: `zone ${zone}`, zone, children: [], nodes: [] };
            side.children.push(found);
        }
        return found;
    }

    addNode(key: string, container: Container, label: string): Node {
        let node = this.nodes.get(key);
        if (!node) {
            node = { id: this.nextId("n"), label, members: 0, mark: undefined };
            this.nodes.set(key, node);
            container.nodes.push(key);
        }
        return node;
    }

    bind(stackKey: string, urn: string, nodeKey: string): void {
        this.nodeOf.set(`${stackKey}\u0000${urn}`, nodeKey);
    }

    nodeKeyOf(stackKey: string, urn: string): string | undefined {
        return this.nodeOf.get(`${stackKey}\u0000${urn}`);
    }

    node(key: string): Node | undefined {
        return this.nodes.get(key);
    }

    internetNode(): string {
        if (!this.internet) {
            this.internet = "internet";
            this.nodes.set("internet", { id: "internet", label: "internet (red)", members: 0, mark: undefined });
        }
        return this.internet;
    }

    edge(from: string, to: string, options: { label?: string; dotted?: boolean; red?: boolean } = {}): void {
        if (from === to) return;
        const existing = this.edges.find((e) => e.from === from && e.to === to && e.label === options.label);
        if (existing) {
            existing.red ||= options.red;
            return;
        }
        this.edges.push({ from, to, ...options });
    }

    markContainer(id: string, mark: Mark): void {
        this.markedContainers.set(id, stronger(this.markedContainers.get(id), mark));
    }

    render(): string {
        const out: string[] = ["flowchart LR"];
        const idOf = (key: string) => this.nodes.get(key)?.id ?? key;
        const nodeLine = (key: string, indent: string) => {
            const node = this.nodes.get(key)!;
            const members = node.members > 0 ? `<br/>+${node.members} resource${node.members === 1 ? "" : "s"}` : "";
            out.push(`${indent}${node.id}["${node.label}${members}"]`);
        };
        const renderContainer = (container: Container, indent: string) => {
            out.push(`${indent}subgraph ${container.id}["${escapeMermaid(container.label)}"]`);
            for (const child of container.children) renderContainer(child, `${indent}    `);
            for (const key of container.nodes) nodeLine(key, `${indent}    `);
            out.push(`${indent}end`);
        };
        for (const name of ["client", "provider", "unknown"]) {
            const side = this.sides.get(name);
            if (side) renderContainer(side, "    ");
        }
        if (this.internet) nodeLine(this.internet, "    ");
        const red: number[] = [];
        this.edges.forEach((edge, index) => {
            const arrow = edge.dotted ? "-.-" : edge.red ? "-->" : "---";
            const label = edge.label ? `|"${edge.label}"|` : "";
            out.push(`    ${idOf(edge.from)} ${arrow}${label} ${idOf(edge.to)}`);
            if (edge.red) red.push(index);
        });
        out.push("    classDef mandatory fill:#fdd,stroke:#c00,stroke-width:3px,color:#600");
        out.push("    classDef advisory fill:#fff3cd,stroke:#b7791f,stroke-width:2px");
        const zoneStyles: Record<string, string> = {
            red: "fill:#fff0f0,stroke:#e57373",
            yellow: "fill:#fffbe6,stroke:#e0c341",
            green: "fill:#f0fff0,stroke:#66bb6a",
        };
        for (const side of this.sides.values()) {
            for (const zone of side.children)
                if (zone.zone && zoneStyles[zone.zone]) out.push(`    style ${zone.id} ${zoneStyles[zone.zone]}`);
        }
        for (const mark of ["mandatory", "advisory"] as const) {
            const ids = [...this.nodes.values()].filter((n) => n.mark === mark).map((n) => n.id);
            const containers = [...this.markedContainers.entries()].filter(([, m]) => m === mark).map(([id]) => id);
            for (const id of [...ids, ...containers]) out.push(`    class ${id} ${mark}`);
        }
        if (red.length > 0) out.push(`    linkStyle ${red.join(",")} stroke:#c00,stroke-width:3px,color:#c00`);
        return out.join("\n");
    }
}

function placedValue(placed: { state: string; value?: unknown }): string | undefined {
    return placed.state === "valid" ? String(placed.value) : undefined;
}

function marksOf(stack: CheckedStack): Map<string, Mark> {
    const marks = new Map<string, Mark>();
    for (const finding of stack.findings) {
        const kind = classify(finding);
        marks.set(finding.urn, stronger(marks.get(finding.urn), kind === "mandatory" ? "mandatory" : "advisory"));
    }
    return marks;
}

function drawStack(diagram: Diagram, stack: CheckedStack, stackKey: string): void {
    const index = new StackIndex(stack.resources);
    const placement = new Placement(index);
    const marks = marksOf(stack);
    const drawn = new Set<string>();
    const sideOf = (view: ResourceView) => placedValue(placement.side(view)) ?? "unknown";
    const tenantOf = (view: ResourceView) => placedValue(placement.tenant(view));
    const label = (view: ResourceView, extra: (string | undefined)[] = []) =>
        [
            `${kindOf(view.type)} ${escapeMermaid(view.name)}`,
            ...extra.filter((e): e is string => !!e).map(escapeMermaid),
        ].join("<br/>");
    const put = (view: ResourceView, container: ReturnType<Diagram["side"]>, key: string, text: string) => {
        const node = diagram.addNode(key, container, text);
        diagram.bind(stackKey, view.urn, key);
        node.mark = stronger(node.mark, marks.get(view.urn));
        return node;
    };

    for (const vpc of index.ofType(T.vpc)) {
        const tenant = tenantOf(vpc);
        put(
            vpc,
            diagram.zone(sideOf(vpc), placedValue(placement.zone(vpc))),
            `${stackKey}\u0000${vpc.urn}`,
            label(vpc, [knownString(vpc, "cidrBlock"), tenant && `tenant ${tenant}`]),
        );
    }
    const subnets = index.ofType(T.subnet);
    for (const subnet of subnets) {
        const zone = placedValue(placement.zone(subnet));
        const tenant = tenantOf(subnet);
        const vpc = placement.vpcOf(subnet);
        const container = diagram.zone(sideOf(subnet), zone);
        if (diagram.collapseSubnets) {
            const key = `${stackKey}\u0000subnets\u0000${vpc?.urn ?? ""}\u0000${zone ?? ""}`;
            const node =
                diagram.node(key) ??
                put(
                    subnet,
                    container,
                    key,
                    `${zone ?? "unzoned"} subnets${vpc ? ` of ${escapeMermaid(vpc.name)}` : ""}`,
                );
            diagram.bind(stackKey, subnet.urn, key);
            node.mark = stronger(node.mark, marks.get(subnet.urn));
            if (tenant && !node.label.includes(`tenant ${escapeMermaid(tenant)}`))
                node.label += `<br/>tenant ${escapeMermaid(tenant)}`;
        } else {
            put(
                subnet,
                container,
                `${stackKey}\u0000${subnet.urn}`,
                label(subnet, [knownString(subnet, "cidrBlock"), tenant && `tenant ${tenant}`]),
            );
        }
        const subnetKey = diagram.nodeKeyOf(stackKey, subnet.urn)!;
        const vpcKey = vpc && diagram.nodeKeyOf(stackKey, vpc.urn);
        if (vpcKey) diagram.edge(vpcKey, subnetKey, { dotted: true });
    }
    for (const view of index.views) {
        if (!GATEWAYS.has(view.type)) continue;
        const zone = SUBNET_PLACED.has(view.type) ? placedValue(placement.zone(view)) : undefined;
        const tenant = tenantOf(view);
        put(
            view,
            diagram.zone(sideOf(view), zone),
            `${stackKey}\u0000${view.urn}`,
            label(view, [tenant && `tenant ${tenant}`]),
        );
    }
    for (const view of index.views) {
        if (!GATEWAYS.has(view.type)) continue;
        const key = diagram.nodeKeyOf(stackKey, view.urn)!;
        for (const join of JOINS) {
            const ref = resolveReference(index, view, join.path, { types: join.types });
            if (ref.state !== "resolved") continue;
            for (const target of ref.targets) {
                const targetKey = diagram.nodeKeyOf(stackKey, target.urn);
                if (targetKey) diagram.edge(targetKey, key, { red: marks.get(view.urn) === "mandatory" });
            }
        }
        if (view.type === T.internetGateway || view.type === T.egressOnlyInternetGateway)
            diagram.edge(key, diagram.internetNode());
    }
    for (const { type, ends } of ATTACHMENTS) {
        for (const view of index.ofType(type)) {
            const [a, b] = ends.map((end) => {
                const ref = resolveReference(index, view, end.path, { types: end.types });
                return ref.state === "resolved" ? diagram.nodeKeyOf(stackKey, ref.targets[0].urn) : undefined;
            });
            if (a && b) {
                diagram.edge(a, b, { label: escapeMermaid(view.name), red: marks.get(view.urn) === "mandatory" });
                drawn.add(view.urn);
            }
        }
    }
    for (const finding of stack.findings) {
        if (finding.evidence && drawFlows(diagram, index, finding.evidence, marks.get(finding.urn), sideOf))
            drawn.add(finding.urn);
    }
    for (const [urn, mark] of marks) {
        if (drawn.has(urn) || diagram.nodeKeyOf(stackKey, urn)) continue;
        const view = index.get(urn);
        const host = view && foldInto(diagram, index, stackKey, view, 0);
        const node = host && diagram.node(host);
        if (node) {
            node.mark = stronger(node.mark, mark);
            node.members++;
        } else if (view && !/^pulumi:(providers:|pulumi:Stack$)/.test(view.type)) {
            const zone = placedValue(placement.zone(view));
            const container = diagram.zone(sideOf(view), zone);
            diagram.markContainer(container.id, mark);
        }
    }
}

function foldInto(
    diagram: Diagram,
    index: StackIndex,
    stackKey: string,
    view: ResourceView,
    depth: number,
): string | undefined {
    const own = diagram.nodeKeyOf(stackKey, view.urn);
    if (own || depth > 3) return own;
    for (const path of FOLD_PATHS) {
        const ref = resolveReference(index, view, path, { types: index.views.map((v) => v.type) });
        if (ref.state !== "resolved") continue;
        for (const target of ref.targets) {
            const found = foldInto(diagram, index, stackKey, target, depth + 1);
            if (found) return found;
        }
    }
    const parent = view.record.parent && index.get(view.record.parent);
    return parent ? foldInto(diagram, index, stackKey, parent, depth + 1) : undefined;
}

/**
 * An offending element drawn from its finding's evidence: a flow between the zones (or the internet) at its
 * ends, red when the finding is mandatory. Any layer, inline rules included; nothing is re-read from properties.
 */
function drawFlows(
    diagram: Diagram,
    index: StackIndex,
    evidence: FindingEvidence,
    mark: Mark,
    sideOf: (v: ResourceView) => string,
): boolean {
    const nodeOf = (end: PlaceEvidence) => {
        const zone = "value" in end.zone ? end.zone.value : undefined;
        const view = end.urn !== undefined ? index.get(end.urn) : undefined;
        if (view) return diagram.zone(sideOf(view), zone).id;
        return zone === "red" && end.tenant === undefined && end.vpn === undefined ? diagram.internetNode() : undefined;
    };
    const pairs = new Set<string>();
    for (const from of (evidence.from ?? []).map(nodeOf))
        for (const to of (evidence.to ?? []).map(nodeOf)) if (from && to) pairs.add(`${from}\u0000${to}`);
    for (const pair of pairs) {
        const [from, to] = pair.split("\u0000") as [string, string];
        diagram.edge(from, to, { label: escapeMermaid(evidence.element.name), red: mark === "mandatory" });
    }
    return pairs.size > 0;
}

/**
 * A Mermaid flowchart of the demarcation: client side and provider side as subgraphs, zones nested
 * in them, tenants in the labels; VPCs, subnets and gateways as nodes (what sits in a subnet is
 * folded into it); resources with a mandatory finding and offending flows in red.
 */
export function demarcationDiagram(stacks: readonly CheckedStack[]): string {
    const subnetCount = stacks.reduce((n, s) => n + s.resources.filter((r) => r.type === T.subnet).length, 0);
    const diagram = new Diagram(subnetCount > MAX_SUBNET_NODES);
    stacks.forEach((stack, i) => drawStack(diagram, stack, `${i}`));
    return diagram.render();
}
