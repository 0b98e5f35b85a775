/** Pulumi type tokens of the AWS resources the pack reads. Strings only: the pack never loads `@pulumi/aws`. */
export const T = {
    provider: "pulumi:providers:aws",
    stack: "pulumi:pulumi:Stack",
    vpc: "aws:ec2/vpc:Vpc",
    subnet: "aws:ec2/subnet:Subnet",
    securityGroup: "aws:ec2/securityGroup:SecurityGroup",
    securityGroupRule: "aws:ec2/securityGroupRule:SecurityGroupRule",
    vpcIngressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    vpcEgressRule: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    networkAcl: "aws:ec2/networkAcl:NetworkAcl",
    networkAclRule: "aws:ec2/networkAclRule:NetworkAclRule",
    networkAclAssociation: "aws:ec2/networkAclAssociation:NetworkAclAssociation",
    defaultNetworkAcl: "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl",
    defaultSecurityGroup: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
    routeTable: "aws:ec2/routeTable:RouteTable",
    defaultRouteTable: "aws:ec2/defaultRouteTable:DefaultRouteTable",
    route: "aws:ec2/route:Route",
    routeTableAssociation: "aws:ec2/routeTableAssociation:RouteTableAssociation",
    mainRouteTableAssociation: "aws:ec2/mainRouteTableAssociation:MainRouteTableAssociation",
    internetGateway: "aws:ec2/internetGateway:InternetGateway",
    egressOnlyInternetGateway: "aws:ec2/egressOnlyInternetGateway:EgressOnlyInternetGateway",
    natGateway: "aws:ec2/natGateway:NatGateway",
    eip: "aws:ec2/eip:Eip",
    vpnGateway: "aws:ec2/vpnGateway:VpnGateway",
    vpnGatewayAttachment: "aws:ec2/vpnGatewayAttachment:VpnGatewayAttachment",
    vpnGatewayRoutePropagation: "aws:ec2/vpnGatewayRoutePropagation:VpnGatewayRoutePropagation",
    customerGateway: "aws:ec2/customerGateway:CustomerGateway",
    vpnConnection: "aws:ec2/vpnConnection:VpnConnection",
    vpnConnectionRoute: "aws:ec2/vpnConnectionRoute:VpnConnectionRoute",
    clientVpnEndpoint: "aws:ec2clientvpn/endpoint:Endpoint",
    clientVpnNetworkAssociation: "aws:ec2clientvpn/networkAssociation:NetworkAssociation",
    clientVpnAuthorizationRule: "aws:ec2clientvpn/authorizationRule:AuthorizationRule",
    clientVpnRoute: "aws:ec2clientvpn/route:Route",
    vpcPeeringConnection: "aws:ec2/vpcPeeringConnection:VpcPeeringConnection",
    vpcPeeringConnectionAccepter: "aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter",
    transitGateway: "aws:ec2transitgateway/transitGateway:TransitGateway",
    tgwVpcAttachment: "aws:ec2transitgateway/vpcAttachment:VpcAttachment",
    tgwVpcAttachmentAccepter: "aws:ec2transitgateway/vpcAttachmentAccepter:VpcAttachmentAccepter",
    tgwPeeringAttachment: "aws:ec2transitgateway/peeringAttachment:PeeringAttachment",
    tgwPeeringAttachmentAccepter: "aws:ec2transitgateway/peeringAttachmentAccepter:PeeringAttachmentAccepter",
    tgwRouteTable: "aws:ec2transitgateway/routeTable:RouteTable",
    tgwRouteTableAssociation: "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation",
    tgwRouteTablePropagation: "aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation",
    tgwRoute: "aws:ec2transitgateway/route:Route",
    tgwDefaultRouteTableAssociation: "aws:ec2transitgateway/defaultRouteTableAssociation:DefaultRouteTableAssociation",
    tgwDefaultRouteTablePropagation: "aws:ec2transitgateway/defaultRouteTablePropagation:DefaultRouteTablePropagation",
    vpcIpv4CidrBlockAssociation: "aws:ec2/vpcIpv4CidrBlockAssociation:VpcIpv4CidrBlockAssociation",
    vpcIpv6CidrBlockAssociation: "aws:ec2/vpcIpv6CidrBlockAssociation:VpcIpv6CidrBlockAssociation",
    managedPrefixList: "aws:ec2/managedPrefixList:ManagedPrefixList",
    managedPrefixListEntry: "aws:ec2/managedPrefixListEntry:ManagedPrefixListEntry",
    instance: "aws:ec2/instance:Instance",
    networkInterface: "aws:ec2/networkInterface:NetworkInterface",
    networkInterfaceSgAttachment:
        "aws:ec2/networkInterfaceSecurityGroupAttachment:NetworkInterfaceSecurityGroupAttachment",
    vpcEndpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
    loadBalancer: "aws:lb/loadBalancer:LoadBalancer",
    albLoadBalancer: "aws:alb/loadBalancer:LoadBalancer",
    flowLog: "aws:ec2/flowLog:FlowLog",
    trail: "aws:cloudtrail/trail:Trail",
    bucket: "aws:s3/bucket:Bucket",
    bucketV2: "aws:s3/bucketV2:BucketV2",
    bucketVersioning: "aws:s3/bucketVersioning:BucketVersioning",
    bucketVersioningV2: "aws:s3/bucketVersioningV2:BucketVersioningV2",
    bucketObjectLock: "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration",
    bucketObjectLockV2: "aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2",
    bucketLogging: "aws:s3/bucketLogging:BucketLogging",
    bucketLoggingV2: "aws:s3/bucketLoggingV2:BucketLoggingV2",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    logSubscriptionFilter: "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter",
    firehoseStream: "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
    kinesisStream: "aws:kinesis/stream:Stream",
    lambdaFunction: "aws:lambda/function:Function",
    logDestination: "aws:cloudwatch/logDestination:LogDestination",
    iamRole: "aws:iam/role:Role",
    iamRolePolicy: "aws:iam/rolePolicy:RolePolicy",
    iamRolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    iamPolicy: "aws:iam/policy:Policy",
    ramResourceShare: "aws:ram/resourceShare:ResourceShare",
    ramPrincipalAssociation: "aws:ram/principalAssociation:PrincipalAssociation",
} as const;

/** Resources that sit in a subnet and take its zone. */
export const SUBNET_PLACED: ReadonlySet<string> = new Set([
    T.instance,
    T.networkInterface,
    T.vpcEndpoint,
    T.loadBalancer,
    T.albLoadBalancer,
    T.natGateway,
]);

/** Network-placed resources: each has a zone, a tenant and a side. */
export const PLACES: ReadonlySet<string> = new Set([T.vpc, T.subnet, T.securityGroup, ...SUBNET_PLACED]);

/** Connections, gateways and access resources: no zone, but a side (and often a tenant, an expiry and an owner). */
export const CONNECTIONS: ReadonlySet<string> = new Set([
    T.internetGateway,
    T.vpnGateway,
    T.customerGateway,
    T.vpnConnection,
    T.clientVpnEndpoint,
    T.vpcPeeringConnection,
    T.vpcPeeringConnectionAccepter,
    T.transitGateway,
    T.tgwVpcAttachment,
    T.tgwPeeringAttachment,
    T.tgwRouteTable,
]);

/** Resources that hold or deliver evidence. */
export const LOG_RESOURCES: ReadonlySet<string> = new Set([
    T.flowLog,
    T.trail,
    T.bucket,
    T.bucketV2,
    T.logGroup,
    T.firehoseStream,
]);

/** Every resource type whose side the pack judges. */
export const JUDGED: ReadonlySet<string> = new Set([...PLACES, ...CONNECTIONS, ...LOG_RESOURCES, T.iamRole]);

/**
 * Third-party access, by default: connections to partners, suppliers and the provider. IAM roles and
 * security groups and their ingress rules count only when they admit someone outside the client.
 */
export const THIRD_PARTY_ACCESS: readonly string[] = [
    T.vpnConnection,
    T.customerGateway,
    T.clientVpnEndpoint,
    T.vpcPeeringConnection,
    T.vpcPeeringConnectionAccepter,
    T.tgwPeeringAttachment,
    T.tgwPeeringAttachmentAccepter,
    T.tgwVpcAttachment,
    T.ramPrincipalAssociation,
    T.iamRole,
    T.securityGroup,
    T.securityGroupRule,
    T.vpcIngressRule,
];
