import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { Zone } from "../lib/tag-keys";
import type { Demarcation } from "../lib/tagging";
import {
    ARN,
    AZ_A,
    AZ_B,
    CIDR,
    CLIENT_ACCOUNT,
    CURRENT_STANDARD,
    EXPIRY,
    EXTERNAL_ID,
    OWNER,
    PROVIDER_ENGINEERS_GROUP,
    PUBLIC_IP,
    BGP_ASN,
    REGION,
} from "./facts";
import {
    accountProvider,
    allowFlow,
    allTraffic,
    egress,
    ephemeral,
    flowLog,
    hardenedTunnels,
    ingress,
    instance,
    naclIn,
    natGateway,
    naclOut,
    networkAcl,
    policyDocument,
    role,
    routeTable,
    securityGroup,
    tagged,
    TRAFFIC,
    trustPolicy,
    type RuleSpec,
    type Traffic,
} from "./network";

export const TENANT = "acme";

type SubnetName = keyof typeof CIDR.client.subnets;

/** What the client's log stores declare: the client keeps them, for tenant acme. */
export const LOG_STORE: Demarcation = { tenant: TENANT, role: "log-store", managedBy: "client" };

const SUBNETS: readonly { name: SubnetName; zone: Zone; az: string }[] = [
    { name: "public-a", zone: "red", az: AZ_A },
    { name: "public-b", zone: "red", az: AZ_B },
    { name: "dmz-a", zone: "yellow", az: AZ_A },
    { name: "dmz-b", zone: "yellow", az: AZ_B },
    { name: "app-a", zone: "green", az: AZ_A },
    { name: "app-b", zone: "green", az: AZ_B },
    { name: "data-a", zone: "green", az: AZ_A },
    { name: "data-b", zone: "green", az: AZ_B },
];

/** The client's network: one VPC split into red, yellow and green subnets, its logging, and the MSSP's ways in. */
export function clientNetwork() {
    const provider = accountProvider("client-account", CLIENT_ACCOUNT, { side: "client" });
    const opts: pulumi.CustomResourceOptions = { provider };
    const placed = (zone: Zone, demarcation: Demarcation = {}): Demarcation => ({
        zone,
        tenant: TENANT,
        ...demarcation,
    });
    const owned: Demarcation = { tenant: TENANT };
    const providerAccess = (): Demarcation => ({
        tenant: TENANT,
        managedBy: "client",
        expires: EXPIRY.valid,
        owner: OWNER.noc,
    });

    const vpc = new aws.ec2.Vpc(
        "client-vpc",
        {
            cidrBlock: CIDR.client.vpc,
            enableDnsSupport: true,
            enableDnsHostnames: true,
            tags: tagged("client-vpc", owned),
        },
        opts,
    );

    const subnets = Object.fromEntries(
        SUBNETS.map(({ name, zone, az }) => {
            const subnet = new aws.ec2.Subnet(
                name,
                {
                    vpcId: vpc.id,
                    cidrBlock: CIDR.client.subnets[name],
                    availabilityZone: az,
                    mapPublicIpOnLaunch: false,
                    tags: tagged(name, placed(zone)),
                },
                opts,
            );
            return [name, subnet];
        }),
    ) as Record<SubnetName, aws.ec2.Subnet>;
    const inZone = (zone: Zone) =>
        Object.fromEntries(SUBNETS.filter((s) => s.zone === zone).map((s) => [s.name, subnets[s.name]])) as Record<
            string,
            aws.ec2.Subnet
        >;
    const red = inZone("red");
    const yellow = inZone("yellow");
    const green = inZone("green");

    // Gateways: the internet enters and leaves through red only.
    const igw = new aws.ec2.InternetGateway("client-igw", { vpcId: vpc.id, tags: tagged("client-igw", owned) }, opts);
    const natA = natGateway("nat-a", subnets["public-a"], igw, owned, opts);
    const natB = natGateway("nat-b", subnets["public-b"], igw, owned, opts);

    // The site-to-site VPN to the MSSP's edge, client-managed and expiring.
    const vgw = new aws.ec2.VpnGateway(
        "mssp-vgw",
        {
            vpcId: vpc.id,
            amazonSideAsn: BGP_ASN.clientVpnGateway,
            tags: tagged("mssp-vgw", { ...providerAccess(), role: "gateway", standard: CURRENT_STANDARD }),
        },
        opts,
    );
    const cgw = new aws.ec2.CustomerGateway(
        "mssp-cgw",
        {
            type: "ipsec.1",
            bgpAsn: BGP_ASN.providerEdge,
            ipAddress: PUBLIC_IP.providerVpnEdge,
            tags: tagged("mssp-cgw", providerAccess()),
        },
        opts,
    );
    const vpn = new aws.ec2.VpnConnection(
        "mssp-vpn",
        {
            type: "ipsec.1",
            vpnGatewayId: vgw.id,
            customerGatewayId: cgw.id,
            staticRoutesOnly: false,
            ...hardenedTunnels(new pulumi.Config("demarc-samples").getSecret("vpnPresharedKey")),
            tags: tagged("mssp-vpn", providerAccess()),
        },
        opts,
    );

    // Routing: only red reaches the internet gateway. Yellow leaves through the NAT gateways and reaches the
    // MSSP's log relay over the VPN. Green has no route out of the VPC.
    const providerEnclave = CIDR.tenants.acme.enclave;
    routeTable(
        "public-rt",
        vpc,
        owned,
        red,
        [{ name: "public-default-route", destination: CIDR.internet, target: { gatewayId: igw.id } }],
        opts,
    );
    for (const [az, nat] of [
        ["a", natA],
        ["b", natB],
    ] as const) {
        routeTable(
            `dmz-${az}-rt`,
            vpc,
            owned,
            { [`dmz-${az}`]: subnets[`dmz-${az}`] },
            [
                { name: `dmz-${az}-default-route`, destination: CIDR.internet, target: { natGatewayId: nat.id } },
                { name: `dmz-${az}-to-mssp`, destination: providerEnclave, target: { gatewayId: vgw.id } },
            ],
            opts,
        );
    }
    const privateRt = routeTable("private-rt", vpc, owned, green, [], opts);

    // Network ACLs per zone. They are stateless: each lists the return traffic of the flows it lets through.
    networkAcl(
        "public-nacl",
        vpc,
        owned,
        red,
        [
            naclIn(100, "deny", CIDR.client.green, allTraffic),
            naclIn(110, "allow", CIDR.internet, TRAFFIC.https),
            naclIn(120, "allow", CIDR.internet, ephemeral),
            naclOut(100, "deny", CIDR.client.green, allTraffic),
            naclOut(110, "allow", CIDR.internet, TRAFFIC.https),
            naclOut(120, "allow", CIDR.internet, ephemeral),
        ],
        opts,
    );
    networkAcl(
        "dmz-nacl",
        vpc,
        owned,
        yellow,
        [
            naclIn(100, "allow", CIDR.client.red, TRAFFIC.https),
            naclIn(110, "allow", providerEnclave, TRAFFIC.syslogTls),
            naclIn(120, "allow", CIDR.client.yellow, allTraffic),
            naclIn(130, "allow", CIDR.internet, ephemeral),
            naclOut(100, "allow", CIDR.client.yellow, allTraffic),
            naclOut(110, "allow", CIDR.client.green, TRAFFIC.httpsAlt),
            naclOut(120, "allow", CIDR.client.green, TRAFFIC.ssh),
            naclOut(130, "allow", CIDR.client.green, TRAFFIC.syslogTls),
            naclOut(140, "allow", CIDR.internet, TRAFFIC.https),
            naclOut(150, "allow", CIDR.client.red, ephemeral),
            naclOut(160, "allow", providerEnclave, ephemeral),
        ],
        opts,
    );
    networkAcl(
        "private-nacl",
        vpc,
        owned,
        green,
        [
            naclIn(100, "deny", CIDR.client.red, allTraffic),
            naclIn(110, "allow", CIDR.client.yellow, TRAFFIC.httpsAlt),
            naclIn(120, "allow", CIDR.client.yellow, TRAFFIC.ssh),
            naclIn(130, "allow", CIDR.client.yellow, TRAFFIC.syslogTls),
            naclIn(140, "allow", CIDR.client.green, allTraffic),
            naclOut(100, "deny", CIDR.client.red, allTraffic),
            naclOut(110, "allow", CIDR.client.green, allTraffic),
            naclOut(120, "allow", CIDR.client.yellow, ephemeral),
        ],
        opts,
    );

    // Security groups, one per role in a zone, opened rule by rule.
    const group = (name: string, zone: Zone, description: string) =>
        securityGroup(name, vpc, description, placed(zone), opts);
    const albSg = group("alb-sg", "red", "Public load balancer");
    const proxySg = group("proxy-sg", "yellow", "Reverse proxies and log ingest");
    const remoteAccessSg = group(
        "remote-access-sg",
        "yellow",
        "Client VPN endpoint and bastion the MSSP enters through",
    );
    const firewallSg = group("firewall-sg", "yellow", "Firewall appliances");
    const appSg = group("app-sg", "green", "Application servers");
    const dbSg = group("db-sg", "green", "Application database");
    const logServerSg = group("log-server-sg", "green", "Log server");

    const rule = (description: string, traffic: Traffic): RuleSpec => ({ description, traffic, demarcation: owned });
    ingress("internet-to-alb-https-in", albSg, CIDR.internet, rule("HTTPS from the internet", TRAFFIC.https), opts);
    allowFlow("alb-to-proxy-https", albSg, proxySg, rule("Load balancer to the reverse proxies", TRAFFIC.https), opts);
    allowFlow("proxy-to-app-https", proxySg, appSg, rule("Reverse proxies to the application", TRAFFIC.httpsAlt), opts);
    egress(
        "proxy-to-internet-https-out",
        proxySg,
        CIDR.internet,
        rule("HTTPS out through the NAT gateways", TRAFFIC.https),
        opts,
    );
    ingress(
        "relay-to-proxy-syslog-in",
        proxySg,
        providerEnclave,
        rule("Syslog over TLS from the MSSP's log relay", TRAFFIC.syslogTls),
        opts,
    );
    allowFlow(
        "proxy-to-log-server-syslog",
        proxySg,
        logServerSg,
        rule("Relayed syslog over TLS", TRAFFIC.syslogTls),
        opts,
    );
    allowFlow(
        "remote-access-ssh",
        remoteAccessSg,
        remoteAccessSg,
        rule("Client VPN sessions to the bastion", TRAFFIC.ssh),
        opts,
    );
    allowFlow(
        "remote-access-to-app-ssh",
        remoteAccessSg,
        appSg,
        rule("Bastion to the application servers", TRAFFIC.ssh),
        opts,
    );
    allowFlow(
        "remote-access-to-firewall-ssh",
        remoteAccessSg,
        firewallSg,
        rule("Bastion to the firewalls", TRAFFIC.ssh),
        opts,
    );
    allowFlow(
        "remote-access-to-log-server-syslog",
        remoteAccessSg,
        logServerSg,
        rule("Session logs over TLS", TRAFFIC.syslogTls),
        opts,
    );
    allowFlow(
        "firewall-to-log-server-syslog",
        firewallSg,
        logServerSg,
        rule("Firewall logs over TLS", TRAFFIC.syslogTls),
        opts,
    );
    allowFlow("app-to-db-postgres", appSg, dbSg, rule("Application to its database", TRAFFIC.postgres), opts);
    allowFlow(
        "app-to-log-server-syslog",
        appSg,
        logServerSg,
        rule("Application syslog inside green", TRAFFIC.syslog),
        opts,
    );
    allowFlow("app-peers", appSg, appSg, rule("Application cluster peers", allTraffic), opts);

    // Devices.
    const device = (
        name: string,
        subnet: SubnetName,
        groups: aws.ec2.SecurityGroup[],
        zone: Zone,
        demarcation: Demarcation,
    ) => instance(name, { subnet: subnets[subnet], groups, demarcation: placed(zone, demarcation) }, opts);
    const managedByProvider = (deviceRole: Demarcation["role"]): Demarcation => ({
        role: deviceRole,
        managedBy: "provider",
        standard: CURRENT_STANDARD,
    });
    const proxyA = device("proxy-a", "dmz-a", [proxySg], "yellow", managedByProvider("proxy"));
    const proxyB = device("proxy-b", "dmz-b", [proxySg], "yellow", managedByProvider("proxy"));
    const fwA = device("fw-a", "dmz-a", [firewallSg], "yellow", managedByProvider("firewall"));
    const fwB = device("fw-b", "dmz-b", [firewallSg], "yellow", managedByProvider("firewall"));
    device("bastion", "dmz-a", [remoteAccessSg], "yellow", {
        role: "remote-access",
        managedBy: "client",
        standard: CURRENT_STANDARD,
    });
    device("app-server-a", "app-a", [appSg], "green", { role: "application" });
    device("app-server-b", "app-b", [appSg], "green", { role: "application" });
    const logServer = instance(
        "log-server",
        {
            subnet: subnets["data-a"],
            groups: [logServerSg],
            instanceType: "m6i.large",
            demarcation: placed("green", { role: "log-server", managedBy: "client", standard: CURRENT_STANDARD }),
        },
        opts,
    );

    const dbSubnets = new aws.rds.SubnetGroup(
        "data-subnet-group",
        {
            name: "data-subnet-group",
            subnetIds: [subnets["data-a"].id, subnets["data-b"].id],
            tags: tagged("data-subnet-group", placed("green")),
        },
        opts,
    );
    new aws.rds.Instance(
        "app-db",
        {
            engine: "postgres",
            engineVersion: "16",
            instanceClass: "db.t4g.medium",
            allocatedStorage: 50,
            storageEncrypted: true,
            dbName: "app",
            username: "app_admin",
            manageMasterUserPassword: true,
            dbSubnetGroupName: dbSubnets.name,
            vpcSecurityGroupIds: [dbSg.id],
            publiclyAccessible: false,
            multiAz: true,
            deletionProtection: true,
            finalSnapshotIdentifier: "app-db-final",
            tags: tagged("app-db", placed("green", { role: "database" })),
        },
        opts,
    );

    // The public entry: HTTPS on the load balancer, forwarded to the reverse proxies.
    const alb = new aws.lb.LoadBalancer(
        "edge-alb",
        {
            loadBalancerType: "application",
            internal: false,
            subnets: Object.values(red).map((subnet) => subnet.id),
            securityGroups: [albSg.id],
            dropInvalidHeaderFields: true,
            tags: tagged("edge-alb", placed("red", { role: "load-balancer" })),
        },
        opts,
    );
    const proxyTargets = new aws.lb.TargetGroup(
        "proxy-targets",
        {
            vpcId: vpc.id,
            port: 443,
            protocol: "HTTPS",
            targetType: "instance",
            healthCheck: { protocol: "HTTPS", path: "/healthz" },
            tags: tagged("proxy-targets", owned),
        },
        opts,
    );
    new aws.lb.Listener(
        "edge-alb-https",
        {
            loadBalancerArn: alb.arn,
            port: 443,
            protocol: "HTTPS",
            sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
            certificateArn: ARN.albCertificate,
            defaultActions: [{ type: "forward", targetGroupArn: proxyTargets.arn }],
            tags: tagged("edge-alb-https", owned),
        },
        opts,
    );
    for (const [name, proxy] of [
        ["proxy-a-target", proxyA],
        ["proxy-b-target", proxyB],
    ] as const) {
        new aws.lb.TargetGroupAttachment(
            name,
            { targetGroupArn: proxyTargets.arn, targetId: proxy.id, port: 443 },
            opts,
        );
    }

    // Evidence: the log bucket, the trail and the flow log, all on the client's side.
    const logBucket = new aws.s3.Bucket(
        "log-bucket",
        {
            bucket: `acme-demarc-logs-${CLIENT_ACCOUNT}`,
            objectLockEnabled: true,
            tags: tagged("log-bucket", LOG_STORE),
        },
        opts,
    );
    new aws.s3.BucketPublicAccessBlock(
        "log-bucket-public-access-block",
        {
            bucket: logBucket.id,
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
        },
        opts,
    );
    new aws.s3.BucketServerSideEncryptionConfiguration(
        "log-bucket-encryption",
        { bucket: logBucket.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] },
        opts,
    );
    const versioning = new aws.s3.BucketVersioning(
        "log-bucket-versioning",
        { bucket: logBucket.id, versioningConfiguration: { status: "Enabled" } },
        opts,
    );
    new aws.s3.BucketObjectLockConfiguration(
        "log-bucket-object-lock",
        { bucket: logBucket.id, rule: { defaultRetention: { mode: "COMPLIANCE", days: 365 } } },
        { ...opts, dependsOn: [versioning] },
    );
    const sourceAccount = { StringEquals: { "aws:SourceAccount": CLIENT_ACCOUNT } };
    const deliveryWrite = {
        StringEquals: { "aws:SourceAccount": CLIENT_ACCOUNT, "s3:x-amz-acl": "bucket-owner-full-control" },
    };
    const logBucketPolicy = new aws.s3.BucketPolicy(
        "log-bucket-policy",
        {
            bucket: logBucket.id,
            policy: policyDocument([
                {
                    Sid: "TrailAclCheck",
                    Effect: "Allow",
                    Principal: { Service: "cloudtrail.amazonaws.com" },
                    Action: "s3:GetBucketAcl",
                    Resource: logBucket.arn,
                    Condition: sourceAccount,
                },
                {
                    Sid: "TrailWrite",
                    Effect: "Allow",
                    Principal: { Service: "cloudtrail.amazonaws.com" },
                    Action: "s3:PutObject",
                    Resource: pulumi.interpolate`${logBucket.arn}/AWSLogs/${CLIENT_ACCOUNT}/*`,
                    Condition: deliveryWrite,
                },
                {
                    Sid: "FlowLogAclCheck",
                    Effect: "Allow",
                    Principal: { Service: "delivery.logs.amazonaws.com" },
                    Action: "s3:GetBucketAcl",
                    Resource: logBucket.arn,
                    Condition: sourceAccount,
                },
                {
                    Sid: "FlowLogWrite",
                    Effect: "Allow",
                    Principal: { Service: "delivery.logs.amazonaws.com" },
                    Action: "s3:PutObject",
                    Resource: pulumi.interpolate`${logBucket.arn}/AWSLogs/${CLIENT_ACCOUNT}/*`,
                    Condition: deliveryWrite,
                },
                {
                    Sid: "DenyInsecureTransport",
                    Effect: "Deny",
                    Principal: "*",
                    Action: "s3:*",
                    Resource: [logBucket.arn, pulumi.interpolate`${logBucket.arn}/*`],
                    Condition: { Bool: { "aws:SecureTransport": "false" } },
                },
            ]),
        },
        opts,
    );
    const trail = new aws.cloudtrail.Trail(
        "account-trail",
        {
            s3BucketName: logBucket.id,
            isMultiRegionTrail: true,
            includeGlobalServiceEvents: true,
            enableLogFileValidation: true,
            tags: tagged("account-trail", owned),
        },
        { ...opts, dependsOn: [logBucketPolicy] },
    );
    flowLog("client-vpc-flow-log", vpc, { type: "s3", arn: logBucket.arn }, owned, {
        ...opts,
        dependsOn: [logBucketPolicy],
    });
    const connectionLogs = new aws.cloudwatch.LogGroup(
        "client-vpn-connection-logs",
        {
            name: "/demarc/client-vpn/connections",
            retentionInDays: 365,
            tags: tagged("client-vpn-connection-logs", LOG_STORE),
        },
        opts,
    );
    const msspFlowLogs = new aws.cloudwatch.LogGroup(
        "mssp-flow-log-group",
        { name: "/demarc/mssp-flow-logs", retentionInDays: 365, tags: tagged("mssp-flow-log-group", LOG_STORE) },
        opts,
    );

    // The MSSP engineers' door: a client-managed Client VPN endpoint into yellow, expiring soon.
    const clientVpn = new aws.ec2clientvpn.Endpoint(
        "mssp-client-vpn",
        {
            description: "MSSP engineers into the DMZ",
            vpcId: vpc.id,
            securityGroupIds: [remoteAccessSg.id],
            clientCidrBlock: CIDR.client.clientVpnPool,
            serverCertificateArn: ARN.clientVpnCertificate,
            authenticationOptions: [{ type: "federated-authentication", samlProviderArn: ARN.clientIdentityProvider }],
            connectionLogOptions: { enabled: true, cloudwatchLogGroup: connectionLogs.name },
            splitTunnel: true,
            transportProtocol: "tcp",
            vpnPort: 443,
            sessionTimeoutHours: 8,
            tags: tagged(
                "mssp-client-vpn",
                placed("yellow", {
                    role: "remote-access",
                    managedBy: "client",
                    expires: EXPIRY.clientVpnEndpoint,
                    owner: OWNER.noc,
                    standard: CURRENT_STANDARD,
                }),
            ),
        },
        opts,
    );
    for (const az of ["a", "b"] as const) {
        new aws.ec2clientvpn.NetworkAssociation(
            `mssp-client-vpn-dmz-${az}`,
            { clientVpnEndpointId: clientVpn.id, subnetId: subnets[`dmz-${az}`].id },
            opts,
        );
    }
    new aws.ec2clientvpn.AuthorizationRule(
        "mssp-client-vpn-dmz-access",
        {
            clientVpnEndpointId: clientVpn.id,
            targetNetworkCidr: CIDR.client.yellow,
            accessGroupId: PROVIDER_ENGINEERS_GROUP,
            description: "MSSP engineers reach the DMZ only",
        },
        opts,
    );

    // Roles the MSSP's account may assume: least privilege, expiring.
    const instanceArn = (target: aws.ec2.Instance) =>
        pulumi.interpolate`arn:aws:ec2:${REGION}:${CLIENT_ACCOUNT}:instance/${target.id}`;
    const operator = role(
        "mssp-operator",
        {
            roleName: "mssp-operator",
            description: "MSSP operators: read the network, open sessions on the firewalls they run",
            trust: trustPolicy({ AWS: ARN.providerRoot }, EXTERNAL_ID),
            policy: policyDocument([
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
                        instanceArn(fwA),
                        instanceArn(fwB),
                        `arn:aws:ssm:${REGION}::document/AWS-StartSSHSession`,
                    ],
                },
            ]),
            demarcation: providerAccess(),
        },
        opts,
    );
    role(
        "mssp-flow-log-ingest",
        {
            roleName: "mssp-flow-log-ingest",
            description: "Delivers the MSSP's VPC flow logs into the client's log group",
            trust: trustPolicy({ AWS: ARN.providerRoot }, EXTERNAL_ID),
            policy: policyDocument([
                {
                    Sid: "WriteFlowLogs",
                    Effect: "Allow",
                    Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                    Resource: pulumi.interpolate`${msspFlowLogs.arn}:*`,
                },
            ]),
            demarcation: providerAccess(),
        },
        opts,
    );

    return {
        opts,
        vpc,
        subnets,
        igw,
        privateRt,
        proxySg,
        appSg,
        logBucket,
        logBucketPolicy,
        operator,
        outputs: {
            vpcId: vpc.id,
            subnetIds: {
                red: Object.values(red).map((subnet) => subnet.id),
                yellow: Object.values(yellow).map((subnet) => subnet.id),
                green: Object.values(green).map((subnet) => subnet.id),
            },
            albDnsName: alb.dnsName,
            logBucket: logBucket.bucket,
            trailArn: trail.arn,
            logServerPrivateIp: logServer.privateIp,
            vpnConnectionId: vpn.id,
            clientVpnEndpointId: clientVpn.id,
            msspOperatorRoleArn: operator.arn,
        },
    };
}

export type ClientNetwork = ReturnType<typeof clientNetwork>;
