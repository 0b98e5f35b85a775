import { describe, expect, test } from "vitest";
import { T } from "../../lib/aws-types";
import reportUnmodelledConnectivity from "../../policy-pack/policies/report-unmodelled-connectivity";
import requireDemarcTags from "../../policy-pack/policies/require-demarc-tags";
import validateDemarcTags from "../../policy-pack/policies/validate-demarc-tags";
import { nameOf } from "../support/findings";
import { notRenderedFromEvidence } from "../support/rendered";
import { elementOf } from "../../lib/urn";
import { UNKNOWN } from "../support/records";
import { POLICIES } from "../../policy-pack/policies";
import { findings, MODES } from "./findings";
import { threeZones, type Net } from "./fixture";

/** A cluster placed through a subnet group it names by the group's name (an output: unknown at a preview). */
function throughSubnetGroup(
    net: Net,
    subnet: string,
    [groupType, prop]: [string, string],
    cluster: { type: string; name: string; groups: string },
): void {
    const group = `${cluster.name}-subnets`;
    net.add(groupType, group, { name: group, subnetIds: [net.id(subnet)] }, { subnetIds: net.get(subnet) });
    net.add(
        cluster.type,
        cluster.name,
        { [prop]: net.preview ? net.id(group) : group, [cluster.groups]: [net.id("app-sg")] },
        { [prop]: net.get(group), [cluster.groups]: net.get("app-sg") },
    );
}

/**
 * Every AWS construct that puts an interface in a subnet, whatever its property shape: each is placed
 * in its subnets and is a member of its groups. Baseline: in the green subnet "app-a" with the green
 * group "app-sg", no finding. Change: its subnets are the yellow "dmz-a", so the green group is
 * attached in yellow.
 */
const CONSTRUCTS: readonly [string, string, (net: Net, subnet: string) => void][] = [
    [
        "an ECS service (networkConfiguration.subnets, .securityGroups)",
        'service "api"',
        (net, subnet) =>
            net.add(
                "aws:ecs/service:Service",
                "api",
                {
                    launchType: "FARGATE",
                    networkConfiguration: {
                        subnets: [net.id(subnet)],
                        securityGroups: [net.id("app-sg")],
                        assignPublicIp: false,
                    },
                },
                { networkConfiguration: [net.get(subnet), net.get("app-sg")] },
            ),
    ],
    [
        "an EKS cluster (vpcConfig.subnetIds, .securityGroupIds)",
        'cluster "k8s"',
        (net, subnet) =>
            net.add(
                "aws:eks/cluster:Cluster",
                "k8s",
                {
                    vpcConfig: {
                        subnetIds: [net.id(subnet)],
                        securityGroupIds: [net.id("app-sg")],
                        endpointPrivateAccess: true,
                        endpointPublicAccess: false,
                    },
                },
                { vpcConfig: [net.get(subnet), net.get("app-sg")] },
            ),
    ],
    [
        "a Lambda function (vpcConfig)",
        'function "worker"',
        (net, subnet) =>
            net.add(
                T.lambdaFunction,
                "worker",
                {
                    runtime: "nodejs22.x",
                    vpcConfig: { subnetIds: [net.id(subnet)], securityGroupIds: [net.id("app-sg")] },
                },
                { vpcConfig: [net.get(subnet), net.get("app-sg")] },
            ),
    ],
    [
        "a Route 53 resolver endpoint (ipAddresses[].subnetId)",
        'resolverEndpoint "dns-in"',
        (net, subnet) =>
            net.add(
                "aws:route53/resolverEndpoint:ResolverEndpoint",
                "dns-in",
                {
                    direction: "INBOUND",
                    securityGroupIds: [net.id("app-sg")],
                    ipAddresses: [{ subnetId: net.id(subnet) }],
                },
                { securityGroupIds: net.get("app-sg"), ipAddresses: net.get(subnet) },
            ),
    ],
    [
        "an RDS instance (through its DB subnet group)",
        'instance "app-db"',
        (net, subnet) =>
            throughSubnetGroup(net, subnet, ["aws:rds/subnetGroup:SubnetGroup", "dbSubnetGroupName"], {
                type: "aws:rds/instance:Instance",
                name: "app-db",
                groups: "vpcSecurityGroupIds",
            }),
    ],
    [
        "an ElastiCache cluster (through its subnet group)",
        'cluster "cache"',
        (net, subnet) =>
            throughSubnetGroup(net, subnet, ["aws:elasticache/subnetGroup:SubnetGroup", "subnetGroupName"], {
                type: "aws:elasticache/cluster:Cluster",
                name: "cache",
                groups: "securityGroupIds",
            }),
    ],
    [
        "a Redshift cluster (through its subnet group)",
        'cluster "warehouse"',
        (net, subnet) =>
            throughSubnetGroup(net, subnet, ["aws:redshift/subnetGroup:SubnetGroup", "clusterSubnetGroupName"], {
                type: "aws:redshift/cluster:Cluster",
                name: "warehouse",
                groups: "vpcSecurityGroupIds",
            }),
    ],
    [
        "an EFS mount target (subnetId, securityGroups)",
        'mountTarget "files"',
        (net, subnet) =>
            net.add(
                "aws:efs/mountTarget:MountTarget",
                "files",
                { fileSystemId: "fs-1", subnetId: net.id(subnet), securityGroups: [net.id("app-sg")] },
                { subnetId: net.get(subnet), securityGroups: net.get("app-sg") },
            ),
    ],
    [
        "an interface VPC endpoint (subnetIds, securityGroupIds)",
        'vpcEndpoint "ssm"',
        (net, subnet) =>
            net.add(
                T.vpcEndpoint,
                "ssm",
                {
                    vpcId: net.id("core"),
                    serviceName: "com.amazonaws.us-east-1.ssm",
                    vpcEndpointType: "Interface",
                    subnetIds: [net.id(subnet)],
                    securityGroupIds: [net.id("app-sg")],
                },
                { vpcId: net.get("core"), subnetIds: net.get(subnet), securityGroupIds: net.get("app-sg") },
            ),
    ],
];

describe.each(MODES)("every construct that puts an interface in a subnet (%s)", (_mode, preview) => {
    test.each(CONSTRUCTS)("%s is placed in its subnets and is a member of its groups", (_name, label, build) => {
        const baseline = threeZones(preview);
        build(baseline, "app-a");
        expect(findings(baseline)).toEqual([]);
        const net = threeZones(preview);
        build(net, "dmz-a");
        expect(findings(net)).toEqual([
            {
                policy: "require-demarc-tags",
                resource: "app-sg",
                level: "policy",
                message: `security group "app-sg" (green) is attached to ${label} (yellow, from subnet "dmz-a"): a group shared across zones lets one zone's rules admit another's resources; use one group per zone`,
            },
        ]);
    });

    test("a gateway VPC endpoint joins route tables: no zone of its own is asked for", () => {
        const net = threeZones(preview);
        net.add(
            T.vpcEndpoint,
            "s3",
            {
                vpcId: net.id("core"),
                serviceName: "com.amazonaws.us-east-1.s3",
                vpcEndpointType: "Gateway",
                routeTableIds: [net.id("app-rt")],
            },
            { vpcId: net.get("core"), routeTableIds: net.get("app-rt") },
        );
        net.add(
            T.vpcEndpoint,
            "dynamodb",
            {
                vpcId: net.id("core"),
                serviceName: "com.amazonaws.us-east-1.dynamodb",
                routeTableIds: [net.id("app-rt")],
            },
            { vpcId: net.get("core"), routeTableIds: net.get("app-rt") },
        );
        expect(findings(net)).toEqual([]);
    });
});

const OPEN_TO_ALL = [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }];

describe.each(MODES)("a missing or waived tag never switches a network judgement off (%s)", (_mode, preview) => {
    test("an untagged default security group open to the internet, attached to a green instance", () => {
        const net = threeZones(preview);
        net.add(
            T.defaultSecurityGroup,
            "default-sg",
            { vpcId: net.id("core"), ingress: OPEN_TO_ALL },
            { vpcId: net.get("core") },
        );
        expect(findings(net)).toEqual([
            {
                policy: "forbid-red-green-paths",
                resource: "default-sg",
                level: "advisory",
                message:
                    'undetermined: ingress rule 1 of security group "default-sg" on security group "default-sg": whether it lets red reach green cannot be decided: defaultSecurityGroup "default-sg" has no demarc:zone, nor has vpc "core"',
            },
        ]);
        net.instance("app-3", "app-a", ["default-sg"]);
        expect(findings(net)).toEqual([
            {
                policy: "forbid-red-green-paths",
                resource: "default-sg",
                level: "policy",
                message:
                    'ingress rule 1 of security group "default-sg" admits 0.0.0.0/0 (the internet, red) to security group "default-sg" (green (from where it sits: instance "app-3", as defaultSecurityGroup "default-sg" has no demarc:zone, nor has vpc "core"), tenant acme) on all traffic (protocol -1): red reaches green directly; route it through yellow',
            },
        ]);
    });

    test("an instance naming no group gets its VPC's default group", () => {
        const net = threeZones(preview);
        net.add(
            T.defaultSecurityGroup,
            "default-sg",
            { vpcId: net.id("core"), ingress: OPEN_TO_ALL },
            { vpcId: net.get("core") },
        );
        net.add(T.instance, "bare", { subnetId: net.id("app-a") }, { subnetId: net.get("app-a") });
        const found = findings(net);
        expect(found.map((f) => [f.policy, f.resource, f.level])).toEqual([
            ["forbid-red-green-paths", "default-sg", "policy"],
        ]);
        expect(found[0].message).toContain(
            '(from where it sits: instance "bare", as defaultSecurityGroup "default-sg" has no demarc:zone',
        );
    });

    const untaggedSsh = (net: Net) => {
        net.add(
            T.securityGroup,
            "ssh-sg",
            {
                vpcId: net.id("core"),
                ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }],
            },
            { vpcId: net.get("core") },
        );
    };

    test("a group with no zone and no members: its red-green judgement is undetermined, not silent", () => {
        const net = threeZones(preview);
        untaggedSsh(net);
        expect(findings(net)).toEqual([
            {
                policy: "require-demarc-tags",
                resource: "ssh-sg",
                level: "policy",
                message: 'securityGroup "ssh-sg" has no demarc:zone, nor has vpc "core"; allowed: red, yellow, green',
            },
            {
                policy: "forbid-red-green-paths",
                resource: "ssh-sg",
                level: "advisory",
                message:
                    'undetermined: ingress rule 1 of security group "ssh-sg" on security group "ssh-sg": whether it lets red reach green cannot be decided: securityGroup "ssh-sg" has no demarc:zone, nor has vpc "core"',
            },
        ]);
    });

    test("waiving the missing zone of a group open on tcp 22 and attached to a green instance silences no red-green judgement", () => {
        const net = threeZones(preview);
        untaggedSsh(net);
        net.instance("jump", "app-a", ["ssh-sg"]);
        const waiver = {
            asOf: "2026-12-01",
            waivers: [
                { resource: "ssh-sg", justification: "tagged next sprint", approver: "secops", expires: "2026-12-20" },
            ],
        };
        const waived = requireDemarcTags.evaluate(net.records, waiver);
        expect(waived.map((f) => [f.urn.split("::").pop(), f.level])).toEqual([["ssh-sg", "advisory"]]);
        expect(findings(net).filter((f) => f.policy === "forbid-red-green-paths")).toEqual([
            {
                policy: "forbid-red-green-paths",
                resource: "ssh-sg",
                level: "policy",
                message:
                    'ingress rule 1 of security group "ssh-sg" admits 0.0.0.0/0 (the internet, red) to security group "ssh-sg" (green (from where it sits: instance "jump", as securityGroup "ssh-sg" has no demarc:zone, nor has vpc "core"), tenant acme) on tcp 22: red reaches green directly; route it through yellow',
            },
        ]);
    });

    test("a subnet with an invalid zone takes its VPC's zone in the network", () => {
        const net = threeZones(preview);
        net.vpc("lab", "10.7.0.0/16", { "demarc:zone": "green", "demarc:tenant": "acme" });
        net.subnet("lab-a", "lab", "10.7.0.0/24", "purple");
        net.group("lab-sg", "lab", "green");
        net.ingress("lab-ssh", "lab-sg", "0.0.0.0/0", "tcp", [22, 22]);
        net.instance("lab-1", "lab-a", ["lab-sg"]);
        expect(findings(net).map((f) => [f.policy, f.resource, f.level])).toEqual([
            ["forbid-red-green-paths", "lab-ssh", "policy"],
        ]);
        // The invalid value is the subnet's own tag: judged on the subnet alone, at Analyze, once.
        const tagValues = validateDemarcTags
            .evaluate(net.records)
            .filter((f) => ["lab-a", "lab-1"].includes(nameOf(f.urn)))
            .map((f) => [nameOf(f.urn), f.level, f.message]);
        expect(tagValues).toEqual([
            ["lab-a", "policy", 'subnet "lab-a": demarc:zone is "purple"; allowed: red, yellow, green'],
        ]);
    });

    test("a route out of a subnet with no zone to the internet gateway is undetermined, not silent", () => {
        const net = threeZones(preview);
        net.add(T.subnet, "lost-a", { vpcId: net.id("core"), cidrBlock: "10.0.8.0/24" }, { vpcId: net.get("core") });
        net.routeTable("lost-rt", "core", ["lost-a"]);
        net.route("lost-default", "lost-rt", "0.0.0.0/0", ["gatewayId", "igw"]);
        // Every layer that joins it to red or green says so: the red group's wide rule, db-a's ACL naming the VPC, the route.
        const found = findings(net).filter((f) => f.policy === "forbid-red-green-paths");
        expect(found.map((f) => [f.resource, f.level])).toEqual([
            ["internet-to-alb", "advisory"],
            ["db-nacl-in-110", "advisory"],
            ["db-nacl-out-110", "advisory"],
            ["lost-default", "advisory"],
        ]);
        expect(found[3].message).toBe(
            'undetermined: route "lost-default": whether it lets red reach green cannot be decided: subnet "lost-a" has no demarc:zone, nor has vpc "core"',
        );
    });
});

describe("a resource whose security groups are not known until apply", () => {
    /** An instance in "app-a" whose groups are computed from `from` (the engine's dependencies of that property). */
    const instanceWith = (net: Net, from: string[]) =>
        net.add(
            T.instance,
            "batch-1",
            { subnetId: net.id("app-a"), vpcSecurityGroupIds: UNKNOWN },
            { subnetId: net.get("app-a"), vpcSecurityGroupIds: from.map((name) => net.get(name)) },
        );

    test("with nothing telling which, any group of its VPC in another zone may be attached: undetermined, naming them", () => {
        const net = threeZones(true);
        instanceWith(net, []);
        const found = requireDemarcTags.evaluate(net.records).filter((f) => nameOf(f.urn) === "batch-1");
        expect(found.map((f) => [f.kind, f.message, f.evidence?.unknown])).toEqual([
            [
                "tag.undetermined",
                'undetermined: instance "batch-1" (green, from subnet "app-a"): its vpcSecurityGroupIds are not known until apply, and security group "alb-sg" (red), security group "proxy-sg" (yellow) may be among them; whether a group of another zone is attached to it cannot be decided',
                [{ what: "vpcSecurityGroupIds", reason: "not known until apply" }],
            ],
        ]);
    });

    test("where the engine's dependencies leave only groups of its own zone, nothing is at stake", () => {
        const net = threeZones(true);
        net.add(T.securityGroup, "batch-sg", { vpcId: net.id("core"), tags: { "demarc:zone": "green" } });
        instanceWith(net, ["app-sg", "db-sg", "batch-sg"]);
        net.change("batch-1", { vpcSecurityGroupIds: [UNKNOWN, UNKNOWN] });
        expect(requireDemarcTags.evaluate(net.records).filter((f) => nameOf(f.urn) === "batch-1")).toEqual([]);
    });

    test("where they leave a group of another zone among the candidates, that group is named", () => {
        const net = threeZones(true);
        instanceWith(net, ["app-sg", "proxy-sg"]);
        net.change("batch-1", { vpcSecurityGroupIds: [UNKNOWN] });
        const found = requireDemarcTags.evaluate(net.records).filter((f) => nameOf(f.urn) === "batch-1");
        expect(found.map((f) => f.message)).toEqual([
            'undetermined: instance "batch-1" (green, from subnet "app-a"): its vpcSecurityGroupIds are not known until apply, and security group "proxy-sg" (yellow) may be among them; whether a group of another zone is attached to it cannot be decided',
        ]);
        // Each group that may be attached is a field: the group of the stack, and its zone.
        expect(found.map((f) => f.evidence?.mayBeAmong)).toEqual([
            [{ group: elementOf(net.get("proxy-sg")), zone: "yellow" }],
        ]);
        expect(notRenderedFromEvidence(found)).toEqual([]);
    });
});

describe("what the model leaves out because a value is not known until apply", () => {
    test("a rule whose direction is not known is named, undetermined, with the value; no zone or tenant check judges it otherwise", () => {
        const net = threeZones(false);
        net.add(
            T.securityGroupRule,
            "mystery-rule",
            {
                securityGroupId: net.id("app-sg"),
                type: UNKNOWN,
                protocol: "tcp",
                fromPort: 443,
                toPort: 443,
                cidrBlocks: ["0.0.0.0/0"],
            },
            { securityGroupId: net.get("app-sg") },
        );
        const found = POLICIES.filter((p) => p.kind === "stack").flatMap((p) =>
            p
                .evaluate(net.records)
                .filter((f) => nameOf(f.urn) === "mystery-rule")
                .map((f) => [p.metadata.name, f.kind, f.message, f.evidence?.unknown]),
        );
        expect(found).toEqual([
            [
                "report-unmodelled-connectivity",
                "coverage.unknown.undetermined",
                'undetermined: securityGroupRule "mystery-rule": whether security group rule "mystery-rule" is an ingress or egress rule is not known until apply, so what it joins is left out of the network model and no path through it is checked',
                [
                    {
                        what: 'whether security group rule "mystery-rule" is an ingress or egress rule',
                        reason: "not known until apply",
                    },
                ],
            ],
            [
                "require-access-expiry",
                "expiry.undetermined",
                'undetermined: whether securityGroupRule "mystery-rule" is third-party access: the ingress rules of securityGroupRule "mystery-rule" are not known until apply',
                [
                    {
                        what: "whether it is third-party access",
                        reason: 'the ingress rules of securityGroupRule "mystery-rule" are not known until apply',
                    },
                ],
            ],
        ]);
    });
});

describe.each(MODES)("what the network model does not cover, as evidence fields (%s)", (_mode, preview) => {
    test("each item is the resource of the stack that declares it; a route's target and a peer outside the stack are fields", () => {
        const net = threeZones(preview);
        net.add("aws:directconnect/gateway:Gateway", "dx", { name: "dx" });
        net.add(
            T.networkInterface,
            "fw-eni",
            { subnetId: net.id("dmz-a"), sourceDestCheck: false },
            { subnetId: net.get("dmz-a") },
        );
        net.route("app-via-fw", "app-rt", "10.9.0.0/16", ["networkInterfaceId", "fw-eni"]);
        net.add(
            T.route,
            "app-to-far",
            { routeTableId: net.id("app-rt"), destinationCidrBlock: "10.8.0.0/16", instanceId: "i-0abc" },
            { routeTableId: net.get("app-rt") },
        );
        net.add(
            T.vpcIngressRule,
            "partner-in",
            {
                securityGroupId: net.id("app-sg"),
                ipProtocol: "tcp",
                fromPort: 443,
                toPort: 443,
                referencedSecurityGroupId: "sg-0123456789abcdef0",
            },
            { securityGroupId: net.get("app-sg") },
        );
        net.add(
            T.securityGroup,
            "partner-sg",
            {
                vpcId: net.id("core"),
                tags: { "demarc:zone": "yellow" },
                ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, prefixListIds: ["pl-0123456789abcdef0"] }],
            },
            { vpcId: net.get("core") },
        );
        net.add(T.clientVpnAuthorizationRule, "elsewhere-to-app", {
            clientVpnEndpointId: "cvpn-endpoint-0123456789abcdef0",
            targetNetworkCidr: "10.0.2.0/24",
            authorizeAllGroups: true,
        });
        const [finding, ...others] = reportUnmodelledConnectivity.evaluate(net.records);
        expect(others).toEqual([]);
        const ref = (name: string) => elementOf(net.get(name));
        expect(finding!.kind).toBe("coverage.unmodelled");
        expect(finding!.evidence?.unmodelled).toEqual([
            { what: "Direct Connect", items: [{ element: ref("dx") }] },
            {
                what: "routes to appliances, judged by the appliance's own zone but not followed beyond it",
                items: [{ element: ref("app-via-fw"), routeTo: { element: ref("fw-eni") } }],
            },
            {
                what: "routes through appliances and gateways the model does not follow",
                items: [{ element: ref("app-to-far"), routeTo: { property: "instanceId", id: "i-0abc" } }],
            },
            {
                what: "Client VPN resources joining what is not in this stack",
                items: [
                    {
                        element: ref("elsewhere-to-app"),
                        outside: { what: "Client VPN endpoint", id: "cvpn-endpoint-0123456789abcdef0" },
                    },
                ],
            },
            {
                what: "rule peers outside this stack",
                items: [
                    {
                        element: ref("partner-sg"),
                        label: 'ingress rule 1 of security group "partner-sg"',
                        outside: { what: "prefix list", id: "pl-0123456789abcdef0" },
                    },
                    {
                        element: ref("partner-in"),
                        label: 'security group rule "partner-in"',
                        outside: { what: "security group", id: "sg-0123456789abcdef0" },
                    },
                ],
            },
        ]);
        expect(finding!.message).toBe(
            'the network model does not cover 6 connectivity items, so no zone or tenant path through them is checked: Direct Connect: gateway "dx"; routes to appliances, judged by the appliance\'s own zone but not followed beyond it: route "app-via-fw" (to networkInterface "fw-eni"); routes through appliances and gateways the model does not follow: route "app-to-far" (to instanceId i-0abc); Client VPN resources joining what is not in this stack: authorizationRule "elsewhere-to-app" (Client VPN endpoint cvpn-endpoint-0123456789abcdef0, which is not in this stack); rule peers outside this stack: ingress rule 1 of security group "partner-sg" (prefix list pl-0123456789abcdef0, which is not in this stack), security group rule "partner-in" (security group sg-0123456789abcdef0, which is not in this stack)',
        );
        expect(notRenderedFromEvidence([finding!])).toEqual([]);
    });
});
