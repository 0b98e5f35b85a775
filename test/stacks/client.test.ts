import { beforeAll, describe, expect, it } from "vitest";
import { describeRule, mockNetwork, Network, refName, settle, TYPES } from "./mock-network";

const PSK = "correct-horse-battery-staple-0042";
let net: Network;
let outputs: any;

beforeAll(async () => {
    const registered = mockNetwork({ "demarc-samples:vpnPresharedKey": PSK }, ["demarc-samples:vpnPresharedKey"]);
    const { clientNetwork } = await import("../../stacks/client");
    outputs = await settle(clientNetwork().outputs);
    net = new Network(registered);
});

const zoneOf = (inputs: Record<string, any>) => inputs.tags?.["demarc:zone"];

describe("the compliant client network", () => {
    it("marks the whole account client-side once, on an explicit provider", () => {
        expect(
            net.map(TYPES.provider, (inputs) => [
                JSON.parse(inputs.allowedAccountIds),
                JSON.parse(inputs.defaultTags),
                inputs.region,
            ]),
        ).toEqual({
            "client-account": [["111111111111"], { tags: { "demarc:side": "client" } }, "us-east-1"],
        });
    });

    it("names every resource that takes tags and gives it to tenant acme", () => {
        const tags = net.tags();
        expect(Object.entries(tags).filter(([name, t]) => t.Name !== name || t["demarc:tenant"] !== "acme")).toEqual(
            [],
        );
        const untaggedTypes = new Set(
            net.resources.filter((r) => r.type.startsWith("aws:") && r.inputs.tags === undefined).map((r) => r.type),
        );
        expect([...untaggedTypes].sort()).toEqual([
            "aws:ec2/networkAclAssociation:NetworkAclAssociation",
            "aws:ec2/networkAclRule:NetworkAclRule",
            "aws:ec2/route:Route",
            "aws:ec2/routeTableAssociation:RouteTableAssociation",
            "aws:ec2clientvpn/authorizationRule:AuthorizationRule",
            "aws:ec2clientvpn/networkAssociation:NetworkAssociation",
            "aws:iam/rolePolicy:RolePolicy",
            "aws:lb/targetGroupAttachment:TargetGroupAttachment",
            "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration",
            "aws:s3/bucketPolicy:BucketPolicy",
            "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
            "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
            "aws:s3/bucketVersioning:BucketVersioning",
        ]);
    });

    it("holds several zones in one VPC, so the VPC has no zone and every subnet has one", () => {
        expect(net.map(TYPES.vpc, (inputs) => [inputs.cidrBlock, zoneOf(inputs)])).toEqual({
            "client-vpc": ["10.10.0.0/16", undefined],
        });
        expect(
            net.map(TYPES.subnet, (inputs) => [
                zoneOf(inputs),
                inputs.availabilityZone,
                inputs.cidrBlock,
                refName(inputs.vpcId),
            ]),
        ).toEqual({
            "public-a": ["red", "us-east-1a", "10.10.0.0/24", "client-vpc"],
            "public-b": ["red", "us-east-1b", "10.10.1.0/24", "client-vpc"],
            "dmz-a": ["yellow", "us-east-1a", "10.10.10.0/24", "client-vpc"],
            "dmz-b": ["yellow", "us-east-1b", "10.10.11.0/24", "client-vpc"],
            "app-a": ["green", "us-east-1a", "10.10.20.0/24", "client-vpc"],
            "app-b": ["green", "us-east-1b", "10.10.21.0/24", "client-vpc"],
            "data-a": ["green", "us-east-1a", "10.10.22.0/24", "client-vpc"],
            "data-b": ["green", "us-east-1b", "10.10.23.0/24", "client-vpc"],
        });
    });

    it("places every device in a subnet of the zone it declares", () => {
        const placement = (inputs: Record<string, any>) => [
            refName(inputs.subnetId),
            zoneOf(inputs),
            inputs.tags["demarc:role"],
        ];
        expect(net.map(TYPES.instance, placement)).toEqual({
            "app-server-a": ["app-a", "green", "application"],
            "app-server-b": ["app-b", "green", "application"],
            bastion: ["dmz-a", "yellow", "remote-access"],
            "fw-a": ["dmz-a", "yellow", "firewall"],
            "fw-b": ["dmz-b", "yellow", "firewall"],
            "log-server": ["data-a", "green", "log-server"],
            "proxy-a": ["dmz-a", "yellow", "proxy"],
            "proxy-b": ["dmz-b", "yellow", "proxy"],
        });
        expect(net.map(TYPES.natGateway, placement)).toEqual({
            "nat-a": ["public-a", "red", undefined],
            "nat-b": ["public-b", "red", undefined],
        });
        expect(
            net.map("aws:lb/loadBalancer:LoadBalancer", (i) => [i.subnets.map(refName), zoneOf(i), i.internal]),
        ).toEqual({
            "edge-alb": [["public-a", "public-b"], "red", false],
        });
        expect(net.map("aws:rds/subnetGroup:SubnetGroup", (i) => [i.subnetIds.map(refName), zoneOf(i)])).toEqual({
            "data-subnet-group": [["data-a", "data-b"], "green"],
        });
        expect(
            net.map("aws:rds/instance:Instance", (i) => [
                i.dbSubnetGroupName,
                i.vpcSecurityGroupIds.map(refName),
                zoneOf(i),
                i.publiclyAccessible,
            ]),
        ).toEqual({
            "app-db": ["data-subnet-group", ["db-sg"], "green", false],
        });
        expect(net.map(TYPES.instance, (i) => i.vpcSecurityGroupIds.map(refName))).toEqual({
            "app-server-a": ["app-sg"],
            "app-server-b": ["app-sg"],
            bastion: ["remote-access-sg"],
            "fw-a": ["firewall-sg"],
            "fw-b": ["firewall-sg"],
            "log-server": ["log-server-sg"],
            "proxy-a": ["proxy-sg"],
            "proxy-b": ["proxy-sg"],
        });
    });

    it("keeps one security group per role in a zone", () => {
        expect(net.map(TYPES.securityGroup, zoneOf)).toEqual({
            "alb-sg": "red",
            "app-sg": "green",
            "db-sg": "green",
            "firewall-sg": "yellow",
            "log-server-sg": "green",
            "proxy-sg": "yellow",
            "remote-access-sg": "yellow",
        });
    });

    it("opens red to yellow on TLS only, yellow to green on encrypted ports only, and nothing from red to green", () => {
        expect(net.map(TYPES.ingress, describeRule("in"))).toEqual({
            "alb-to-proxy-https-in": "in proxy-sg from alb-sg tcp:443-443",
            "app-peers-in": "in app-sg from app-sg all",
            "app-to-db-postgres-in": "in db-sg from app-sg tcp:5432-5432",
            "app-to-log-server-syslog-in": "in log-server-sg from app-sg udp:514-514",
            "firewall-to-log-server-syslog-in": "in log-server-sg from firewall-sg tcp:6514-6514",
            "internet-to-alb-https-in": "in alb-sg from 0.0.0.0/0 tcp:443-443",
            "proxy-to-app-https-in": "in app-sg from proxy-sg tcp:8443-8443",
            "proxy-to-log-server-syslog-in": "in log-server-sg from proxy-sg tcp:6514-6514",
            "relay-to-proxy-syslog-in": "in proxy-sg from 10.201.0.0/16 tcp:6514-6514",
            "remote-access-ssh-in": "in remote-access-sg from remote-access-sg tcp:22-22",
            "remote-access-to-app-ssh-in": "in app-sg from remote-access-sg tcp:22-22",
            "remote-access-to-firewall-ssh-in": "in firewall-sg from remote-access-sg tcp:22-22",
            "remote-access-to-log-server-syslog-in": "in log-server-sg from remote-access-sg tcp:6514-6514",
        });
        expect(net.map(TYPES.egress, describeRule("out"))).toEqual({
            "alb-to-proxy-https-out": "out alb-sg to proxy-sg tcp:443-443",
            "app-peers-out": "out app-sg to app-sg all",
            "app-to-db-postgres-out": "out app-sg to db-sg tcp:5432-5432",
            "app-to-log-server-syslog-out": "out app-sg to log-server-sg udp:514-514",
            "firewall-to-log-server-syslog-out": "out firewall-sg to log-server-sg tcp:6514-6514",
            "proxy-to-app-https-out": "out proxy-sg to app-sg tcp:8443-8443",
            "proxy-to-internet-https-out": "out proxy-sg to 0.0.0.0/0 tcp:443-443",
            "proxy-to-log-server-syslog-out": "out proxy-sg to log-server-sg tcp:6514-6514",
            "remote-access-ssh-out": "out remote-access-sg to remote-access-sg tcp:22-22",
            "remote-access-to-app-ssh-out": "out remote-access-sg to app-sg tcp:22-22",
            "remote-access-to-firewall-ssh-out": "out remote-access-sg to firewall-sg tcp:22-22",
            "remote-access-to-log-server-syslog-out": "out remote-access-sg to log-server-sg tcp:6514-6514",
        });
    });

    it("routes only red subnets to the internet gateway; yellow leaves through NAT and reaches the MSSP over the VPN; green stays in", () => {
        expect(net.groupBy(TYPES.routeTableAssociation, "routeTableId", "subnetId")).toEqual({
            "dmz-a-rt": ["dmz-a"],
            "dmz-b-rt": ["dmz-b"],
            "private-rt": ["app-a", "app-b", "data-a", "data-b"],
            "public-rt": ["public-a", "public-b"],
        });
        const route = (inputs: Record<string, any>) => {
            const target =
                inputs.gatewayId ?? inputs.natGatewayId ?? inputs.vpcPeeringConnectionId ?? inputs.transitGatewayId;
            return `${refName(inputs.routeTableId)}: ${inputs.destinationCidrBlock} -> ${refName(target)}`;
        };
        expect(net.map(TYPES.route, route)).toEqual({
            "dmz-a-default-route": "dmz-a-rt: 0.0.0.0/0 -> nat-a",
            "dmz-a-to-mssp": "dmz-a-rt: 10.201.0.0/16 -> mssp-vgw",
            "dmz-b-default-route": "dmz-b-rt: 0.0.0.0/0 -> nat-b",
            "dmz-b-to-mssp": "dmz-b-rt: 10.201.0.0/16 -> mssp-vgw",
            "public-default-route": "public-rt: 0.0.0.0/0 -> client-igw",
        });
        expect(net.map(TYPES.routeTable, (inputs) => [refName(inputs.vpcId), zoneOf(inputs)])).toEqual({
            "dmz-a-rt": ["client-vpc", undefined],
            "dmz-b-rt": ["client-vpc", undefined],
            "private-rt": ["client-vpc", undefined],
            "public-rt": ["client-vpc", undefined],
        });
    });

    it("gives each zone a network ACL whose rules, return traffic included, match the zone rules", () => {
        expect(net.groupBy(TYPES.naclAssociation, "networkAclId", "subnetId")).toEqual({
            "dmz-nacl": ["dmz-a", "dmz-b"],
            "private-nacl": ["app-a", "app-b", "data-a", "data-b"],
            "public-nacl": ["public-a", "public-b"],
        });
        const entry = (inputs: Record<string, any>) =>
            `${refName(inputs.networkAclId)} ${inputs.egress ? "out" : "in"} ${inputs.ruleNumber} ${inputs.ruleAction} ` +
            `${inputs.cidrBlock} ${inputs.protocol === "-1" ? "all" : `${inputs.protocol}:${inputs.fromPort}-${inputs.toPort}`}`;
        expect(Object.values(net.map(TYPES.naclRule, entry)).sort()).toEqual(
            [
                "public-nacl in 100 deny 10.10.20.0/22 all",
                "public-nacl in 110 allow 0.0.0.0/0 tcp:443-443",
                "public-nacl in 120 allow 0.0.0.0/0 tcp:1024-65535",
                "public-nacl out 100 deny 10.10.20.0/22 all",
                "public-nacl out 110 allow 0.0.0.0/0 tcp:443-443",
                "public-nacl out 120 allow 0.0.0.0/0 tcp:1024-65535",
                "dmz-nacl in 100 allow 10.10.0.0/23 tcp:443-443",
                "dmz-nacl in 110 allow 10.201.0.0/16 tcp:6514-6514",
                "dmz-nacl in 120 allow 10.10.10.0/23 all",
                "dmz-nacl in 130 allow 0.0.0.0/0 tcp:1024-65535",
                "dmz-nacl out 100 allow 10.10.10.0/23 all",
                "dmz-nacl out 110 allow 10.10.20.0/22 tcp:8443-8443",
                "dmz-nacl out 120 allow 10.10.20.0/22 tcp:22-22",
                "dmz-nacl out 130 allow 10.10.20.0/22 tcp:6514-6514",
                "dmz-nacl out 140 allow 0.0.0.0/0 tcp:443-443",
                "dmz-nacl out 150 allow 10.10.0.0/23 tcp:1024-65535",
                "dmz-nacl out 160 allow 10.201.0.0/16 tcp:1024-65535",
                "private-nacl in 100 deny 10.10.0.0/23 all",
                "private-nacl in 110 allow 10.10.10.0/23 tcp:8443-8443",
                "private-nacl in 120 allow 10.10.10.0/23 tcp:22-22",
                "private-nacl in 130 allow 10.10.10.0/23 tcp:6514-6514",
                "private-nacl in 140 allow 10.10.20.0/22 all",
                "private-nacl out 100 deny 10.10.0.0/23 all",
                "private-nacl out 110 allow 10.10.20.0/22 all",
                "private-nacl out 120 allow 10.10.10.0/23 tcp:1024-65535",
            ].sort(),
        );
    });

    it("delivers the flow log and the trail to the versioned, object-locked log bucket on the client side", () => {
        expect(
            net.map(TYPES.flowLog, (i) => [
                refName(i.vpcId),
                i.logDestinationType,
                refName(i.logDestination),
                i.trafficType,
            ]),
        ).toEqual({
            "client-vpc-flow-log": ["client-vpc", "s3", "log-bucket", "ALL"],
        });
        expect(
            net.map(TYPES.trail, (i) => [refName(i.s3BucketName), i.isMultiRegionTrail, i.enableLogFileValidation]),
        ).toEqual({
            "account-trail": ["log-bucket", true, true],
        });
        expect(
            net.map(TYPES.bucket, (i) => [
                i.bucket,
                i.objectLockEnabled,
                i.tags["demarc:role"],
                i.tags["demarc:managed-by"],
            ]),
        ).toEqual({
            "log-bucket": ["acme-demarc-logs-111111111111", true, "log-store", "client"],
        });
        expect(net.map(TYPES.bucketVersioning, (i) => [refName(i.bucket), i.versioningConfiguration.status])).toEqual({
            "log-bucket-versioning": ["log-bucket", "Enabled"],
        });
        expect(net.map(TYPES.bucketObjectLock, (i) => [refName(i.bucket), i.rule.defaultRetention])).toEqual({
            "log-bucket-object-lock": ["log-bucket", { mode: "COMPLIANCE", days: 365 }],
        });
        expect(
            net.map("aws:cloudwatch/logGroup:LogGroup", (i) => [i.name, i.retentionInDays, i.tags["demarc:role"]]),
        ).toEqual({
            "client-vpn-connection-logs": ["/demarc/client-vpn/connections", 365, "log-store"],
            "mssp-flow-log-group": ["/demarc/mssp-flow-logs", 365, "log-store"],
        });
        expect(net.named("log-server").inputs.tags).toEqual({
            Name: "log-server",
            "demarc:zone": "green",
            "demarc:tenant": "acme",
            "demarc:role": "log-server",
            "demarc:managed-by": "client",
            "demarc:standard": "2.5",
        });
    });

    it("connects the MSSP through a client-managed, expiring site-to-site VPN into yellow, its keys kept secret", () => {
        const access = (i: Record<string, any>) => [
            i.tags["demarc:managed-by"],
            i.tags["demarc:expires"],
            i.tags["demarc:owner"],
        ];
        const noc = ["client", "2027-06-30", "noc-team@mssp (contract MSSP-2026-014)"];
        expect(net.map(TYPES.vpnGateway, (i) => [refName(i.vpcId), ...access(i)])).toEqual({
            "mssp-vgw": ["client-vpc", ...noc],
        });
        expect(net.map(TYPES.customerGateway, (i) => [i.ipAddress, i.bgpAsn, ...access(i)])).toEqual({
            "mssp-cgw": ["203.0.113.10", "64600", ...noc],
        });
        expect(
            net.map(TYPES.vpnConnection, (i) => [refName(i.vpnGatewayId), refName(i.customerGatewayId), ...access(i)]),
        ).toEqual({
            "mssp-vpn": ["mssp-vgw", "mssp-cgw", ...noc],
        });
        const vpn = net.named("mssp-vpn").inputs;
        const secret = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: PSK };
        expect([
            vpn.tunnel1PresharedKey,
            vpn.tunnel2PresharedKey,
            vpn.tunnel1IkeVersions,
            vpn.tunnel2IkeVersions,
        ]).toEqual([secret, secret, ["ikev2"], ["ikev2"]]);
    });

    it("lets the MSSP's engineers in through a client-managed Client VPN endpoint into yellow that expires in 17 days", () => {
        const endpoint = net.named("mssp-client-vpn").inputs;
        expect([
            endpoint.securityGroupIds.map(refName),
            endpoint.connectionLogOptions,
            endpoint.transportProtocol,
            endpoint.vpnPort,
        ]).toEqual([
            ["remote-access-sg"],
            { enabled: true, cloudwatchLogGroup: "/demarc/client-vpn/connections" },
            "tcp",
            443,
        ]);
        expect(endpoint.tags).toEqual({
            Name: "mssp-client-vpn",
            "demarc:zone": "yellow",
            "demarc:tenant": "acme",
            "demarc:role": "remote-access",
            "demarc:managed-by": "client",
            "demarc:expires": "2026-12-10",
            "demarc:owner": "noc-team@mssp (contract MSSP-2026-014)",
            "demarc:standard": "2.5",
        });
        expect(net.groupBy(TYPES.clientVpnAssociation, "clientVpnEndpointId", "subnetId")).toEqual({
            "mssp-client-vpn": ["dmz-a", "dmz-b"],
        });
        expect(
            net.map(TYPES.clientVpnAuthorization, (i) => [
                refName(i.clientVpnEndpointId),
                i.targetNetworkCidr,
                i.accessGroupId,
            ]),
        ).toEqual({
            "mssp-client-vpn-dmz-access": ["mssp-client-vpn", "10.10.10.0/23", "mssp-noc-engineers"],
        });
    });

    it("lets the MSSP's account assume only least-privilege, expiring roles", () => {
        const trust = (i: Record<string, any>) => JSON.parse(i.assumeRolePolicy).Statement;
        const providerTrust = [
            {
                Effect: "Allow",
                Principal: { AWS: "arn:aws:iam::222222222222:root" },
                Action: "sts:AssumeRole",
                Condition: { StringEquals: { "sts:ExternalId": "acme-MSSP-2026-014" } },
            },
        ];
        expect(net.map(TYPES.role, trust)).toEqual({
            "mssp-flow-log-ingest": providerTrust,
            "mssp-operator": providerTrust,
        });
        expect(net.map(TYPES.role, (i) => [i.tags["demarc:expires"], i.tags["demarc:owner"]])).toEqual({
            "mssp-flow-log-ingest": ["2027-06-30", "noc-team@mssp (contract MSSP-2026-014)"],
            "mssp-operator": ["2027-06-30", "noc-team@mssp (contract MSSP-2026-014)"],
        });
        expect(net.map(TYPES.rolePolicy, (i) => [refName(i.role), JSON.parse(i.policy).Statement])).toEqual({
            "mssp-flow-log-ingest-policy": [
                "mssp-flow-log-ingest",
                [
                    {
                        Sid: "WriteFlowLogs",
                        Effect: "Allow",
                        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                        Resource: "arn:mock:mssp-flow-log-group:*",
                    },
                ],
            ],
            "mssp-operator-policy": [
                "mssp-operator",
                [
                    {
                        Sid: "ReadNetwork",
                        Effect: "Allow",
                        Action: [
                            "ec2:DescribeInstances",
                            "ec2:DescribeSecurityGroups",
                            "ec2:DescribeSecurityGroupRules",
                            "ec2:DescribeNetworkAcls",
                            "ec2:DescribeRouteTables",
                            "ec2:DescribeVpnConnections",
                        ],
                        Resource: "*",
                    },
                    {
                        Sid: "FirewallSessions",
                        Effect: "Allow",
                        Action: "ssm:StartSession",
                        Resource: [
                            "arn:aws:ec2:us-east-1:111111111111:instance/id-of:fw-a",
                            "arn:aws:ec2:us-east-1:111111111111:instance/id-of:fw-b",
                            "arn:aws:ssm:us-east-1::document/AWS-StartSSHSession",
                        ],
                    },
                ],
            ],
        });
        expect(net.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment")).toEqual([]);
    });

    it("keeps every managed device on the current standard, and the remote-access devices client-managed", () => {
        const device = (i: Record<string, any>) => [
            i.tags["demarc:role"],
            i.tags["demarc:managed-by"],
            i.tags["demarc:standard"],
        ];
        expect(net.map(TYPES.instance, device)).toEqual({
            "app-server-a": ["application", undefined, undefined],
            "app-server-b": ["application", undefined, undefined],
            bastion: ["remote-access", "client", "2.5"],
            "fw-a": ["firewall", "provider", "2.5"],
            "fw-b": ["firewall", "provider", "2.5"],
            "log-server": ["log-server", "client", "2.5"],
            "proxy-a": ["proxy", "provider", "2.5"],
            "proxy-b": ["proxy", "provider", "2.5"],
        });
    });

    it("exports the stack's entry points", () => {
        expect(outputs).toEqual({
            vpcId: "id-of:client-vpc",
            subnetIds: {
                red: ["id-of:public-a", "id-of:public-b"],
                yellow: ["id-of:dmz-a", "id-of:dmz-b"],
                green: ["id-of:app-a", "id-of:app-b", "id-of:data-a", "id-of:data-b"],
            },
            albDnsName: "edge-alb.elb.amazonaws.com",
            logBucket: "acme-demarc-logs-111111111111",
            trailArn: "arn:mock:account-trail",
            logServerPrivateIp: "10.0.0.10",
            vpnConnectionId: "id-of:mssp-vpn",
            clientVpnEndpointId: "id-of:mssp-client-vpn",
            msspOperatorRoleArn: "arn:mock:mssp-operator",
        });
    });
});
