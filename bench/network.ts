import type { PolicyResource, StackValidationArgs } from "@pulumi/policy";
import { T } from "../lib/aws-types";
import {
    admissionsOf,
    encryptionFindings,
    groupZoneFindings,
    jointsOf,
    networkModel,
    redGreenFindings,
    tenantFindings,
    unmodelledFinding,
} from "../lib/network";
import { Placement } from "../lib/placement";
import type { ResourceRecord } from "../lib/resource";
import { DEFAULT_ENCRYPTED_PORTS, zoneFlowMatrix } from "../lib/settings";
import { StackIndex } from "../lib/stack";
import { POLICIES } from "../policy-pack/policies";
import { analysing } from "../policy-pack/stack-request";
import { StackAnalysis } from "../lib/stack-analysis";

const VPCS_PER_TENANT = 5;
const VPCS_PER_TGW = 20;
const ZONES = ["red", "yellow", "green"] as const;

function ipv4(n: number): string {
    return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}

/**
 * A rule-heavy synthetic network of about `resourceCount` resources, as the engine sends them: VPCs
 * of one tenant each (five per tenant), each with red, yellow and green subnets, route tables to an
 * internet gateway (red), a NAT gateway and a transit gateway (yellow), a green network ACL, six security groups
 * with about forty rules (group references, subnet and VPC blocks, the internet on red), instances,
 * a Client VPN endpoint associated with the yellow subnets and authorized to them, a peering to the
 * tenant's previous VPC, and a transit-gateway attachment associated with and propagated into its
 * tenant's route table. Yellow subnets reach other VPCs (by peering and transit
 * gateway); red and green stay in their VPC.
 */
export function syntheticNetwork(resourceCount: number): ResourceRecord[] {
    const records: ResourceRecord[] = [];
    const provider = {
        type: T.provider,
        urn: "urn:pulumi:bench::synthetic::pulumi:providers:aws::default",
        name: "default",
        props: { defaultTags: JSON.stringify({ tags: { "demarc:side": "client" } }) },
    };
    const add = (
        type: string,
        name: string,
        props: Record<string, unknown>,
        deps: Record<string, ResourceRecord | ResourceRecord[]> = {},
    ): ResourceRecord => {
        const propertyDependencies: Record<string, string[]> = {};
        for (const [k, v] of Object.entries(deps))
            propertyDependencies[k] = (Array.isArray(v) ? v : [v]).map((r) => r.urn);
        const r: ResourceRecord = {
            type,
            name,
            urn: `urn:pulumi:bench::synthetic::${type}::${name}`,
            props: { id: `${name}-id`, ...props },
            provider,
            propertyDependencies,
            dependencies: Object.values(propertyDependencies).flat(),
        };
        records.push(r);
        return r;
    };
    const id = (r: ResourceRecord) => r.props["id"] as string;
    let tgw: ResourceRecord | undefined;
    const tenantTables = new Map<string, ResourceRecord>();
    let previous: { vpc: ResourceRecord; tenant: string; base: number; tables: ResourceRecord[] } | undefined;
    for (let v = 0; records.length < resourceCount; v++) {
        const tenant = `t${Math.floor(v / VPCS_PER_TENANT)}`;
        const base = (10 << 24) + (v << 12);
        const cidr = `${ipv4(base)}/20`;
        if (v % VPCS_PER_TGW === 0) {
            tgw = add(T.transitGateway, `tgw-${v}`, {
                defaultRouteTableAssociation: "disable",
                defaultRouteTablePropagation: "disable",
            });
            tenantTables.clear();
        }
        let tgwTable = tenantTables.get(tenant);
        if (!tgwTable) {
            tgwTable = add(
                T.tgwRouteTable,
                `tgw-rt-${tenant}-${v}`,
                { transitGatewayId: id(tgw!), tags: { "demarc:tenant": tenant } },
                { transitGatewayId: tgw! },
            );
            tenantTables.set(tenant, tgwTable);
        }
        const vpc = add(T.vpc, `vpc-${v}`, { cidrBlock: cidr, tags: { "demarc:tenant": tenant } });
        const igw = add(T.internetGateway, `igw-${v}`, { vpcId: id(vpc) }, { vpcId: vpc });
        const subnets = new Map<string, ResourceRecord[]>();
        for (const [z, zone] of ZONES.entries()) {
            subnets.set(
                zone,
                [0, 1].map((k) =>
                    add(
                        T.subnet,
                        `sn-${v}-${zone}-${k}`,
                        {
                            vpcId: id(vpc),
                            cidrBlock: `${ipv4(base + ((z * 2 + k) << 8))}/24`,
                            tags: { "demarc:zone": zone },
                        },
                        { vpcId: vpc },
                    ),
                ),
            );
        }
        const nat = add(
            T.natGateway,
            `nat-${v}`,
            { subnetId: id(subnets.get("red")![0]) },
            { subnetId: subnets.get("red")![0] },
        );
        const tables: ResourceRecord[] = [];
        for (const zone of ZONES) {
            const table = add(T.routeTable, `rt-${v}-${zone}`, { vpcId: id(vpc) }, { vpcId: vpc });
            tables.push(table);
            for (const s of subnets.get(zone)!)
                add(
                    T.routeTableAssociation,
                    `rta-${s.name}`,
                    { routeTableId: id(table), subnetId: id(s) },
                    { routeTableId: table, subnetId: s },
                );
            if (zone === "red")
                add(
                    T.route,
                    `r-${v}-default`,
                    { routeTableId: id(table), destinationCidrBlock: "0.0.0.0/0", gatewayId: id(igw) },
                    { routeTableId: table, gatewayId: igw },
                );
            if (zone === "yellow")
                add(
                    T.route,
                    `r-${v}-nat`,
                    { routeTableId: id(table), destinationCidrBlock: "0.0.0.0/0", natGatewayId: id(nat) },
                    { routeTableId: table, natGatewayId: nat },
                );
            if (zone === "yellow")
                add(
                    T.route,
                    `r-${v}-${zone}-tgw`,
                    { routeTableId: id(table), destinationCidrBlock: "10.0.0.0/8", transitGatewayId: id(tgw!) },
                    { routeTableId: table, transitGatewayId: tgw! },
                );
        }
        const greens = subnets.get("green")!;
        const nacl = add(
            T.networkAcl,
            `nacl-${v}`,
            { vpcId: id(vpc), subnetIds: greens.map(id) },
            { vpcId: vpc, subnetIds: greens },
        );
        const yellowCidr = `${ipv4(base + (2 << 8))}/23`;
        [
            [100, false, "deny", `${ipv4(base)}/23`, "-1"],
            [110, false, "allow", "10.0.0.0/8", "-1"],
            [100, true, "deny", `${ipv4(base)}/23`, "-1"],
            [110, true, "allow", "10.0.0.0/8", "-1"],
        ].forEach(([n, egress, action, block, protocol]) =>
            add(
                T.networkAclRule,
                `nacl-${v}-${egress ? "out" : "in"}-${n}`,
                {
                    networkAclId: id(nacl),
                    ruleNumber: n,
                    egress,
                    ruleAction: action,
                    cidrBlock: block,
                    protocol,
                    fromPort: 0,
                    toPort: 0,
                },
                { networkAclId: nacl },
            ),
        );
        const groups = new Map<string, ResourceRecord[]>();
        for (const zone of ZONES)
            groups.set(
                zone,
                [0, 1].map((k) =>
                    add(
                        T.securityGroup,
                        `sg-${v}-${zone}-${k}`,
                        { vpcId: id(vpc), tags: { "demarc:zone": zone } },
                        { vpcId: vpc },
                    ),
                ),
            );
        let rule = 0;
        const ingress = (group: ResourceRecord, peer: ResourceRecord | string, protocol: string, port: number) => {
            const props: Record<string, unknown> = {
                securityGroupId: id(group),
                ipProtocol: protocol,
                fromPort: port,
                toPort: port,
            };
            const deps: Record<string, ResourceRecord> = { securityGroupId: group };
            if (typeof peer === "string") props["cidrIpv4"] = peer;
            else {
                props["referencedSecurityGroupId"] = id(peer);
                deps["referencedSecurityGroupId"] = peer;
            }
            add(T.vpcIngressRule, `in-${v}-${rule++}`, props, deps);
        };
        const egress = (group: ResourceRecord, peer: ResourceRecord, port: number) =>
            add(
                T.vpcEgressRule,
                `out-${v}-${rule++}`,
                {
                    securityGroupId: id(group),
                    ipProtocol: "tcp",
                    fromPort: port,
                    toPort: port,
                    referencedSecurityGroupId: id(peer),
                },
                { securityGroupId: group, referencedSecurityGroupId: peer },
            );
        const [red, yellow, green] = ZONES.map((z) => groups.get(z)!);
        for (const g of red) for (const port of [443, 8443]) ingress(g, "0.0.0.0/0", "tcp", port);
        for (const r of red)
            for (const y of yellow)
                for (const port of [443, 8443]) {
                    ingress(y, r, "tcp", port);
                    egress(r, y, port);
                }
        for (const y of yellow)
            for (const g of green)
                for (const port of [22, 6514]) {
                    ingress(g, y, "tcp", port);
                    egress(y, g, port);
                }
        for (const g of green) {
            ingress(g, g, "-1", 0);
            ingress(g, `${ipv4(base + (4 << 8))}/23`, "tcp", 5432);
            ingress(g, yellowCidr, "tcp", 8443);
        }
        for (const zone of ZONES) {
            for (const [k, s] of subnets.get(zone)!.entries()) {
                const group = groups.get(zone)![k];
                add(
                    T.instance,
                    `i-${s.name}`,
                    { subnetId: id(s), vpcSecurityGroupIds: [id(group)] },
                    { subnetId: s, vpcSecurityGroupIds: [group] },
                );
            }
        }
        const yellows = subnets.get("yellow")!;
        const clientVpn = add(
            T.clientVpnEndpoint,
            `cvpn-${v}`,
            { vpcId: id(vpc), securityGroupIds: [id(yellow[0])], clientCidrBlock: "172.16.0.0/22", splitTunnel: true },
            { vpcId: vpc, securityGroupIds: [yellow[0]] },
        );
        for (const s of yellows)
            add(
                T.clientVpnNetworkAssociation,
                `cvpn-${s.name}`,
                { clientVpnEndpointId: id(clientVpn), subnetId: id(s) },
                { clientVpnEndpointId: clientVpn, subnetId: s },
            );
        add(
            T.clientVpnAuthorizationRule,
            `cvpn-${v}-dmz`,
            { clientVpnEndpointId: id(clientVpn), targetNetworkCidr: yellowCidr, authorizeAllGroups: true },
            { clientVpnEndpointId: clientVpn },
        );
        const attachment = add(
            T.tgwVpcAttachment,
            `att-${v}`,
            {
                transitGatewayId: id(tgw!),
                vpcId: id(vpc),
                subnetIds: greens.map(id),
                transitGatewayDefaultRouteTableAssociation: false,
                transitGatewayDefaultRouteTablePropagation: false,
                tags: { "demarc:tenant": tenant },
            },
            { transitGatewayId: tgw!, vpcId: vpc, subnetIds: greens },
        );
        const link = { transitGatewayAttachmentId: id(attachment), transitGatewayRouteTableId: id(tgwTable) };
        add(T.tgwRouteTableAssociation, `assoc-${v}`, link, {
            transitGatewayAttachmentId: attachment,
            transitGatewayRouteTableId: tgwTable,
        });
        add(T.tgwRouteTablePropagation, `prop-${v}`, link, {
            transitGatewayAttachmentId: attachment,
            transitGatewayRouteTableId: tgwTable,
        });
        if (previous && previous.tenant === tenant) {
            const peering = add(
                T.vpcPeeringConnection,
                `pcx-${v}`,
                { vpcId: id(previous.vpc), peerVpcId: id(vpc), autoAccept: true, tags: { "demarc:tenant": tenant } },
                { vpcId: previous.vpc, peerVpcId: vpc },
            );
            add(
                T.route,
                `r-${v}-pcx-there`,
                {
                    routeTableId: id(previous.tables[1]),
                    destinationCidrBlock: `${ipv4(base + (2 << 8))}/23`,
                    vpcPeeringConnectionId: id(peering),
                },
                { routeTableId: previous.tables[1], vpcPeeringConnectionId: peering },
            );
            add(
                T.route,
                `r-${v}-pcx-back`,
                {
                    routeTableId: id(tables[1]),
                    destinationCidrBlock: `${ipv4(previous.base + (2 << 8))}/23`,
                    vpcPeeringConnectionId: id(peering),
                },
                { routeTableId: tables[1], vpcPeeringConnectionId: peering },
            );
        }
        previous = { vpc, tenant, base, tables };
    }
    return records;
}

/** Every policy's validateStack over the same resources, as one AnalyzeStack call runs them (one shared analysis). */
function allPoliciesAsTheEngineCalls(records: readonly ResourceRecord[]): number {
    const resources = records.map((r) => ({
        ...r,
        provider: r.provider,
        parent: undefined,
        dependencies: [],
        propertyDependencies: Object.fromEntries(
            Object.entries(r.propertyDependencies ?? {}).map(([k, urns]) => [k, urns.map((urn) => ({ urn }))]),
        ),
        isType: () => false,
        asType: () => undefined,
    })) as unknown as PolicyResource[];
    let reported = 0;
    analysing(new StackAnalysis(records), () => {
        for (const { policy } of POLICIES) {
            if ("validateStack" in policy && policy.validateStack) {
                void policy.validateStack(
                    { resources, getConfig: () => ({}) } as unknown as StackValidationArgs,
                    () => reported++,
                );
            }
        }
    });
    return reported;
}

interface Sample {
    size: number;
    build: number;
    policies: number;
    endToEnd: number;
    heap: number;
    findings: number;
}

function measure(size: number): Sample {
    const records = syntheticNetwork(size);
    (globalThis as { gc?: () => void }).gc?.();
    let heap = 0;
    const peak = () => (heap = Math.max(heap, process.memoryUsage().heapUsed));
    const t0 = performance.now();
    const index = new StackIndex(records);
    const placement = new Placement(index);
    const model = networkModel(index, placement);
    admissionsOf(model);
    jointsOf(model);
    const t1 = performance.now();
    peak();
    const findings = [
        ...redGreenFindings(model),
        ...encryptionFindings(model, zoneFlowMatrix({}), DEFAULT_ENCRYPTED_PORTS),
        ...tenantFindings(model, DEFAULT_ENCRYPTED_PORTS),
        ...unmodelledFinding(model),
        ...groupZoneFindings(model),
    ];
    const t2 = performance.now();
    const t3 = performance.now();
    const endToEndFindings = allPoliciesAsTheEngineCalls(records);
    const t4 = performance.now();
    peak();
    if (endToEndFindings < findings.length) throw new Error("the policies found less than the checks");
    return {
        size: records.length,
        build: t1 - t0,
        policies: t2 - t1,
        endToEnd: t4 - t3,
        heap,
        findings: findings.length,
    };
}

/** The model build and the checks in-process, at growing sizes. */
export function networkBenchmark(sizes = [5_000, 20_000, 50_000]): string[] {
    measure(sizes[0]);
    const samples = sizes.map(measure);
    const ms = (n: number) => `${n.toFixed(0)} ms`;
    const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;
    const lines = [
        "network model in-process:",
        "  resources | model build | network checks | all policies (engine path, one shared analysis, its own model) | peak heap | findings",
    ];
    for (const s of samples)
        lines.push(
            `  ${s.size} | ${ms(s.build)} | ${ms(s.policies)} | ${ms(s.endToEnd)} | ${mb(s.heap)} | ${s.findings}`,
        );
    const small = samples[0];
    const large = samples[samples.length - 1];
    const ratio = (k: keyof Sample) => (large[k] / small[k]).toFixed(1);
    lines.push(
        `  growth: build ${ratio("build")}x, checks ${ratio("policies")}x, all policies ${ratio("endToEnd")}x, heap ${ratio("heap")}x (resources ${ratio("size")}x; goal <= 11x)`,
    );
    return lines;
}

if (require.main === module) console.log(networkBenchmark().join("\n"));
