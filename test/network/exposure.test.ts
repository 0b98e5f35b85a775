import { describe, expect, test } from "vitest";
import { T } from "../../lib/aws-types";
import { elementOf } from "../../lib/urn";
import forbidRedGreenPaths from "../../policy-pack/policies/forbid-red-green-paths";
import { nameOf } from "../support/findings";
import { notRenderedFromEvidence } from "../support/rendered";
import { findings, MODES } from "./findings";
import { threeZones, type Net } from "./fixture";

const RED_GREEN = "the internet (red) reaches green directly; route it through yellow";

/** What exposes each green resource found exposed, by the resource the finding is on; each message proven rendered from its evidence. */
function exposures(net: Net) {
    const found = forbidRedGreenPaths.evaluate(net.records).filter((f) => f.kind === "zone.green-exposed");
    expect(notRenderedFromEvidence(found)).toEqual([]);
    return found.map((f) => [nameOf(f.urn), f.evidence?.exposure]);
}

/** Green with a way in from the internet: the public subnet's table, shared with app-a. */
function greenRoutedToInternet(net: Net): void {
    net.add(
        T.routeTableAssociation,
        "public-rt-app-b",
        { routeTableId: net.id("public-rt"), subnetId: net.id("app-b") },
        { routeTableId: net.get("public-rt"), subnetId: net.get("app-b") },
    );
}

describe.each(MODES)("routes to appliances (%s)", (_mode, preview) => {
    const appliance = (net: Net, subnet: string) =>
        net.add(
            T.networkInterface,
            "fw-eni",
            { subnetId: net.id(subnet), sourceDestCheck: false },
            { subnetId: net.get(subnet) },
        );

    test("a green route to an interface in yellow is green to yellow; to one in red it is green reaching red", () => {
        const net = threeZones(preview);
        appliance(net, "dmz-a");
        net.route("app-via-fw", "app-rt", "10.9.0.0/16", ["networkInterfaceId", "fw-eni"]);
        expect(findings(net)).toEqual([
            {
                policy: "report-unmodelled-connectivity",
                resource: "app-via-fw",
                level: "advisory",
                message:
                    'the network model does not cover 1 connectivity item, so no zone or tenant path through it is checked: routes to appliances, judged by the appliance\'s own zone but not followed beyond it: route "app-via-fw" (to networkInterface "fw-eni")',
            },
        ]);
        const red = threeZones(preview);
        appliance(red, "public-a");
        red.route("app-via-fw", "app-rt", "10.9.0.0/16", ["networkInterfaceId", "fw-eni"]);
        expect(findings(red).filter((f) => f.level === "policy")).toEqual([
            {
                policy: "forbid-red-green-paths",
                resource: "app-via-fw",
                level: "policy",
                message:
                    'route "app-via-fw" lets subnet "app-a" (green, tenant acme) reach networkInterface "fw-eni" (red, tenant acme): route "app-via-fw" sends 10.9.0.0/16 to networkInterface "fw-eni", an appliance judged by its own zone and followed no further; green reaches red directly; route it through yellow',
            },
        ]);
    });

    test("a route to an instance in red is judged by the instance's zone", () => {
        const net = threeZones(preview);
        net.route("app-via-web", "app-rt", "10.9.0.0/16", ["instanceId", "web-1"]);
        expect(
            findings(net)
                .filter((f) => f.level === "policy")
                .map((f) => [f.policy, f.resource]),
        ).toEqual([["forbid-red-green-paths", "app-via-web"]]);
    });
});

describe.each(MODES)("public exposure of green (%s)", (_mode, preview) => {
    const withAppB = (preview: boolean) => {
        const net = threeZones(preview);
        net.subnet("app-b", "core", "10.0.4.0/24", "green");
        net.group("app-b-sg", "core", "green");
        net.nacl(
            "app-b-nacl",
            "core",
            ["app-b"],
            [
                [100, false, "allow", "10.0.2.0/24", "-1", 0, 0],
                [100, true, "allow", "10.0.2.0/24", "-1", 0, 0],
            ],
        );
        return net;
    };

    test("a public IP on a green instance whose subnet routes to the internet gateway", () => {
        const net = withAppB(preview);
        net.add(
            T.instance,
            "app-b-1",
            { subnetId: net.id("app-b"), vpcSecurityGroupIds: [net.id("app-b-sg")], associatePublicIpAddress: true },
            { subnetId: net.get("app-b"), vpcSecurityGroupIds: net.get("app-b-sg") },
        );
        expect(findings(net)).toEqual([]);
        greenRoutedToInternet(net);
        const found = findings(net).filter((f) => f.resource === "app-b-1");
        expect(found).toEqual([
            {
                policy: "forbid-red-green-paths",
                resource: "app-b-1",
                level: "policy",
                message: `instance "app-b-1" (green, from subnet "app-b") has a public IP address (associatePublicIpAddress), and route "public-default" to internet gateway "igw" routes the internet to it: ${RED_GREEN}`,
            },
        ]);
        const route = {
            element: elementOf(net.get("public-default")),
            gateway: { element: elementOf(net.get("igw")) },
        };
        expect(exposures(net)).toEqual([["app-b-1", { by: "public-ip", route }]]);
        net.change("app-b-1", { associatePublicIpAddress: undefined });
        net.change("app-b", { mapPublicIpOnLaunch: true });
        expect(exposures(net)).toEqual([
            ["app-b-1", { by: "subnet-public-ip", subnet: elementOf(net.get("app-b")), route }],
        ]);
    });

    test("an Elastic IP on a green interface whose subnet routes to the internet gateway", () => {
        const net = withAppB(preview);
        net.add(
            T.networkInterface,
            "app-b-eni",
            { subnetId: net.id("app-b"), securityGroups: [net.id("app-b-sg")] },
            { subnetId: net.get("app-b"), securityGroups: net.get("app-b-sg") },
        );
        net.add(
            T.eip,
            "app-b-eip",
            { domain: "vpc", networkInterface: net.id("app-b-eni") },
            { networkInterface: net.get("app-b-eni") },
        );
        expect(findings(net)).toEqual([]);
        greenRoutedToInternet(net);
        expect(findings(net).filter((f) => f.resource === "app-b-eip")).toEqual([
            {
                policy: "forbid-red-green-paths",
                resource: "app-b-eip",
                level: "policy",
                message: `eip "app-b-eip" gives a public address (Elastic IP) to networkInterface "app-b-eni" (green, from subnet "app-b"), and route "public-default" to internet gateway "igw" routes the internet to it: ${RED_GREEN}`,
            },
        ]);
        expect(exposures(net)).toEqual([
            [
                "app-b-eip",
                {
                    by: "elastic-ip",
                    route: {
                        element: elementOf(net.get("public-default")),
                        gateway: { element: elementOf(net.get("igw")) },
                    },
                },
            ],
        ]);
    });

    test("an internet-facing load balancer in green; internal passes", () => {
        const net = threeZones(preview);
        const lb = (internal?: boolean) =>
            net.add(
                T.loadBalancer,
                "app-lb",
                {
                    loadBalancerType: "application",
                    ...(internal === undefined ? {} : { internal }),
                    subnets: [net.id("app-a")],
                    securityGroups: [net.id("app-sg")],
                },
                { subnets: net.get("app-a"), securityGroups: net.get("app-sg") },
            );
        lb(true);
        expect(findings(net)).toEqual([]);
        net.remove("app-lb");
        lb();
        expect(findings(net)).toEqual([
            {
                policy: "forbid-red-green-paths",
                resource: "app-lb",
                level: "policy",
                message: `loadBalancer "app-lb" (green, from subnet "app-a") is internet-facing (internal is not true): ${RED_GREEN}`,
            },
        ]);
    });

    test("an EKS cluster in green with its public API endpoint open to 0.0.0.0/0", () => {
        const net = threeZones(preview);
        const cluster = (vpcConfig: Record<string, unknown>) =>
            net.add(
                "aws:eks/cluster:Cluster",
                "k8s",
                { vpcConfig: { subnetIds: [net.id("app-a")], securityGroupIds: [net.id("app-sg")], ...vpcConfig } },
                { vpcConfig: [net.get("app-a"), net.get("app-sg")] },
            );
        cluster({ endpointPrivateAccess: true, endpointPublicAccess: false });
        expect(findings(net)).toEqual([]);
        net.remove("k8s");
        cluster({ endpointPublicAccess: true, publicAccessCidrs: ["0.0.0.0/0"] });
        expect(findings(net)).toEqual([
            {
                policy: "forbid-red-green-paths",
                resource: "k8s",
                level: "policy",
                message: `cluster "k8s" (green, from subnet "app-a") has a public API endpoint (endpointPublicAccess) open to 0.0.0.0/0: ${RED_GREEN}`,
            },
        ]);
        expect(exposures(net)).toEqual([["k8s", { by: "public-endpoint", openTo: ["0.0.0.0/0"] }]]);
    });

    test("a publicly accessible database in green with an internet route", () => {
        const net = withAppB(preview);
        net.add(
            "aws:rds/subnetGroup:SubnetGroup",
            "pub-db-subnets",
            { name: "pub-db-subnets", subnetIds: [net.id("app-b")] },
            { subnetIds: net.get("app-b") },
        );
        net.add(
            "aws:rds/instance:Instance",
            "pub-db",
            {
                dbSubnetGroupName: preview ? net.id("pub-db-subnets") : "pub-db-subnets",
                vpcSecurityGroupIds: [net.id("app-b-sg")],
                publiclyAccessible: true,
            },
            { dbSubnetGroupName: net.get("pub-db-subnets"), vpcSecurityGroupIds: net.get("app-b-sg") },
        );
        expect(findings(net)).toEqual([]);
        greenRoutedToInternet(net);
        expect(
            findings(net)
                .filter((f) => f.resource === "pub-db")
                .map((f) => [f.policy, f.level]),
        ).toEqual([["forbid-red-green-paths", "policy"]]);
    });
});
