import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { SHARED_TENANT, type Zone } from "../lib/tag-keys";
import type { Demarcation } from "../lib/tagging";
import {
    AZ_A,
    AZ_B,
    BGP_ASN,
    CIDR,
    CURRENT_STANDARD,
    PROVIDER_ACCOUNT,
    PUBLIC_IP,
    TENANT_ACCESS,
    TENANT_LOG_DESTINATION,
    TENANTS,
    type Tenant,
} from "./facts";
import {
    accountProvider,
    egress,
    flowLog,
    hardenedTunnels,
    ingress,
    instance,
    natGateway,
    policyDocument,
    role,
    routeTable,
    securityGroup,
    tagged,
    TRAFFIC,
    trustPolicy,
} from "./network";

const TENANT_PUBLIC_IP: Record<Tenant, string> = { acme: PUBLIC_IP.acmeVpnGateway, globex: PUBLIC_IP.globexVpnGateway };
const TENANT_ASN: Record<Tenant, string> = { acme: BGP_ASN.acme, globex: BGP_ASN.globex };

export const managedDevice = (deviceRole: Demarcation["role"]): Demarcation => ({
    role: deviceRole,
    managedBy: "provider",
    standard: CURRENT_STANDARD,
});

interface Shared {
    opts: pulumi.CustomResourceOptions;
    tgw: aws.ec2transitgateway.TransitGateway;
    deliveryRole: aws.iam.Role;
}

/** What the MSSP runs for one tenant: an enclave VPC with a log relay, its VPN, and its own transit-gateway route table. */
function tenantEnclave(tenant: Tenant, { opts, tgw, deliveryRole }: Shared) {
    const cidr = CIDR.tenants[tenant];
    const owned: Demarcation = { tenant };
    const placed = (zone: Zone, demarcation: Demarcation = {}): Demarcation => ({ zone, tenant, ...demarcation });

    const vpc = new aws.ec2.Vpc(
        `${tenant}-vpc`,
        {
            cidrBlock: cidr.enclave,
            enableDnsSupport: true,
            enableDnsHostnames: true,
            tags: tagged(`${tenant}-vpc`, placed("yellow")),
        },
        opts,
    );
    const subnets = Object.fromEntries(
        (
            [
                ["a", AZ_A, cidr.servicesA],
                ["b", AZ_B, cidr.servicesB],
            ] as const
        ).map(([az, zone, block]) => {
            const name = `${tenant}-services-${az}`;
            const subnet = new aws.ec2.Subnet(
                name,
                { vpcId: vpc.id, cidrBlock: block, availabilityZone: zone, tags: tagged(name, owned) },
                opts,
            );
            return [name, subnet];
        }),
    ) as Record<string, aws.ec2.Subnet>;
    const attachment = new aws.ec2transitgateway.VpcAttachment(
        `${tenant}-attachment`,
        {
            transitGatewayId: tgw.id,
            vpcId: vpc.id,
            subnetIds: Object.values(subnets).map((subnet) => subnet.id),
            transitGatewayDefaultRouteTableAssociation: false,
            transitGatewayDefaultRouteTablePropagation: false,
            tags: tagged(`${tenant}-attachment`, owned),
        },
        opts,
    );
    routeTable(
        `${tenant}-services-rt`,
        vpc,
        owned,
        subnets,
        [
            {
                name: `${tenant}-services-to-client`,
                destination: cidr.clientNetwork,
                target: { transitGatewayId: tgw.id },
            },
        ],
        { ...opts, dependsOn: [attachment] },
    );

    const relaySg = securityGroup(`${tenant}-relay-sg`, vpc, `Log relay for ${tenant}`, placed("yellow"), opts);
    const rule = { traffic: TRAFFIC.syslogTls, demarcation: owned };
    ingress(
        `${tenant}-collectors-to-relay-syslog-in`,
        relaySg,
        cidr.enclave,
        { ...rule, description: "Syslog over TLS from the tenant's collectors" },
        opts,
    );
    egress(
        `${tenant}-relay-to-client-syslog-out`,
        relaySg,
        cidr.clientLogIngest,
        { ...rule, description: "Syslog over TLS to the client's log ingest" },
        opts,
    );
    const relay = instance(
        `${tenant}-log-relay`,
        {
            subnet: subnets[`${tenant}-services-a`],
            groups: [relaySg],
            demarcation: placed("yellow", managedDevice("log-relay")),
        },
        opts,
    );

    const access: Demarcation = { tenant, managedBy: "provider", ...TENANT_ACCESS[tenant] };
    const cgw = new aws.ec2.CustomerGateway(
        `${tenant}-cgw`,
        {
            type: "ipsec.1",
            bgpAsn: TENANT_ASN[tenant],
            ipAddress: TENANT_PUBLIC_IP[tenant],
            tags: tagged(`${tenant}-cgw`, access),
        },
        opts,
    );
    const vpn = new aws.ec2.VpnConnection(
        `${tenant}-vpn`,
        {
            type: "ipsec.1",
            transitGatewayId: tgw.id,
            customerGatewayId: cgw.id,
            staticRoutesOnly: false,
            ...hardenedTunnels(new pulumi.Config("demarc-samples").getSecret(`${tenant}VpnPresharedKey`)),
            tags: tagged(`${tenant}-vpn`, access),
        },
        opts,
    );

    const tgwRouteTable = new aws.ec2transitgateway.RouteTable(
        `${tenant}-tgw-rt`,
        { transitGatewayId: tgw.id, tags: tagged(`${tenant}-tgw-rt`, owned) },
        opts,
    );
    const ends = { vpc: attachment.id, vpn: vpn.transitGatewayAttachmentId };
    for (const [end, attachmentId] of Object.entries(ends)) {
        new aws.ec2transitgateway.RouteTableAssociation(
            `${tenant}-tgw-rt-serves-${tenant}-${end}`,
            { transitGatewayRouteTableId: tgwRouteTable.id, transitGatewayAttachmentId: attachmentId },
            opts,
        );
        new aws.ec2transitgateway.RouteTablePropagation(
            `${tenant}-tgw-rt-learns-${tenant}-${end}`,
            { transitGatewayRouteTableId: tgwRouteTable.id, transitGatewayAttachmentId: attachmentId },
            opts,
        );
    }

    const destination = TENANT_LOG_DESTINATION[tenant];
    flowLog(
        `${tenant}-vpc-flow-log`,
        vpc,
        {
            type: "cloud-watch-logs",
            arn: destination.logGroupArn,
            role: deliveryRole.arn,
            crossAccountRole: destination.ingestRoleArn,
        },
        owned,
        opts,
    );

    return { vpc, attachment, relaySg, relay, vpn, tgwRouteTable };
}

/** The MSSP's network: a shared NOC, and a transit gateway serving tenants acme and globex, each kept to itself. */
export function providerNetwork() {
    const provider = accountProvider("provider-account", PROVIDER_ACCOUNT, { side: "provider" });
    const opts: pulumi.CustomResourceOptions = { provider };
    const shared: Demarcation = { tenant: SHARED_TENANT };
    const placed = (zone: Zone, demarcation: Demarcation = {}): Demarcation => ({
        zone,
        tenant: SHARED_TENANT,
        ...demarcation,
    });

    // The NOC: management subnets (yellow) reaching out through a NAT gateway in a public subnet (red).
    const noc = new aws.ec2.Vpc(
        "noc-vpc",
        {
            cidrBlock: CIDR.provider.nocVpc,
            enableDnsSupport: true,
            enableDnsHostnames: true,
            tags: tagged("noc-vpc", shared),
        },
        opts,
    );
    const nocSubnet = (name: string, cidrBlock: string, az: string, zone: Zone) =>
        new aws.ec2.Subnet(
            name,
            { vpcId: noc.id, cidrBlock, availabilityZone: az, tags: tagged(name, placed(zone)) },
            opts,
        );
    const nocPublicA = nocSubnet("noc-public-a", CIDR.provider.nocPublicA, AZ_A, "red");
    const nocMgmtA = nocSubnet("noc-mgmt-a", CIDR.provider.nocMgmtA, AZ_A, "yellow");
    const nocMgmtB = nocSubnet("noc-mgmt-b", CIDR.provider.nocMgmtB, AZ_B, "yellow");
    const nocIgw = new aws.ec2.InternetGateway("noc-igw", { vpcId: noc.id, tags: tagged("noc-igw", shared) }, opts);
    const nocNat = natGateway("noc-nat", nocPublicA, nocIgw, shared, opts);
    routeTable(
        "noc-public-rt",
        noc,
        shared,
        { "noc-public-a": nocPublicA },
        [{ name: "noc-public-default-route", destination: CIDR.internet, target: { gatewayId: nocIgw.id } }],
        opts,
    );
    routeTable(
        "noc-mgmt-rt",
        noc,
        shared,
        { "noc-mgmt-a": nocMgmtA, "noc-mgmt-b": nocMgmtB },
        [{ name: "noc-mgmt-default-route", destination: CIDR.internet, target: { natGatewayId: nocNat.id } }],
        opts,
    );
    const nocSg = securityGroup("noc-jump-sg", noc, "NOC jump hosts", placed("yellow"), opts);
    egress(
        "noc-jump-to-internet-https-out",
        nocSg,
        CIDR.internet,
        { description: "Client VPN sessions and consoles over TLS", traffic: TRAFFIC.https, demarcation: shared },
        opts,
    );
    instance(
        "noc-jump-a",
        { subnet: nocMgmtA, groups: [nocSg], demarcation: placed("yellow", managedDevice("management")) },
        opts,
    );

    // Flow logs of every VPC go to the tenants' own accounts.
    const deliveryRole = role(
        "flow-log-delivery",
        {
            roleName: "demarc-flow-log-delivery",
            description: "Delivers VPC flow logs into each tenant's log group",
            trust: trustPolicy({ Service: "vpc-flow-logs.amazonaws.com" }),
            policy: policyDocument([
                {
                    Sid: "WriteTenantLogGroups",
                    Effect: "Allow",
                    Action: [
                        "logs:CreateLogStream",
                        "logs:PutLogEvents",
                        "logs:DescribeLogGroups",
                        "logs:DescribeLogStreams",
                    ],
                    Resource: TENANTS.map((tenant) => `${TENANT_LOG_DESTINATION[tenant].logGroupArn}:*`),
                },
                {
                    Sid: "PassTenantIngestRoles",
                    Effect: "Allow",
                    Action: "iam:PassRole",
                    Resource: TENANTS.map((tenant) => TENANT_LOG_DESTINATION[tenant].ingestRoleArn),
                },
            ]),
            demarcation: shared,
        },
        opts,
    );
    for (const tenant of TENANTS) {
        const destination = TENANT_LOG_DESTINATION[tenant];
        flowLog(
            `noc-vpc-flow-log-${tenant}`,
            noc,
            {
                type: "cloud-watch-logs",
                arn: destination.logGroupArn,
                role: deliveryRole.arn,
                crossAccountRole: destination.ingestRoleArn,
            },
            { tenant },
            opts,
        );
    }

    // The shared transit gateway: no default route table, so nothing is associated or propagated unless written here.
    const tgw = new aws.ec2transitgateway.TransitGateway(
        "mssp-tgw",
        {
            description: "MSSP tenant edge",
            amazonSideAsn: BGP_ASN.providerTransitGateway,
            defaultRouteTableAssociation: "disable",
            defaultRouteTablePropagation: "disable",
            autoAcceptSharedAttachments: "disable",
            dnsSupport: "enable",
            vpnEcmpSupport: "enable",
            tags: tagged("mssp-tgw", { ...shared, ...managedDevice("gateway") }),
        },
        opts,
    );
    const enclaves = Object.fromEntries(
        TENANTS.map((tenant) => [tenant, tenantEnclave(tenant, { opts, tgw, deliveryRole })]),
    ) as Record<Tenant, ReturnType<typeof tenantEnclave>>;

    return {
        opts,
        nocMgmtB,
        nocSg,
        enclaves,
        outputs: {
            nocVpcId: noc.id,
            transitGatewayId: tgw.id,
            tenants: Object.fromEntries(
                TENANTS.map((tenant) => [
                    tenant,
                    {
                        vpcId: enclaves[tenant].vpc.id,
                        vpnConnectionId: enclaves[tenant].vpn.id,
                        transitGatewayRouteTableId: enclaves[tenant].tgwRouteTable.id,
                        logRelayPrivateIp: enclaves[tenant].relay.privateIp,
                    },
                ]),
            ),
        },
    };
}

export type ProviderNetwork = ReturnType<typeof providerNetwork>;
