/** The fixed facts both sample networks are built from. Pure data: the checks' configuration reads it too. */

export const REGION = "us-east-1";
export const AZ_A = "us-east-1a";
export const AZ_B = "us-east-1b";

export const CLIENT_ACCOUNT = "111111111111";
export const PROVIDER_ACCOUNT = "222222222222";
export const GLOBEX_ACCOUNT = "333333333333";

export const CURRENT_STANDARD = "2.5";
export const OUTDATED_STANDARD = "2.3";

/** The date the samples are checked as of; expiries below are chosen relative to it. */
export const AS_OF = "2026-11-23";

export const EXPIRY = {
    /** Within the allowed horizon and outside the warning window. */
    valid: "2027-06-30",
    /** The provider engineers' Client VPN endpoint: 17 days after {@link AS_OF}, inside the 30-day warning window. */
    clientVpnEndpoint: "2026-12-10",
    expired: "2026-10-31",
    beyondHorizon: "2028-01-31",
    badFormat: "31/12/2026",
} as const;

export const OWNER = {
    noc: "noc-team@mssp (contract MSSP-2026-014)",
    nocGlobex: "noc-team@mssp (contract MSSP-2026-022)",
    platform: "platform-team@acme (change CHG-2026-118)",
} as const;

export const TENANTS = ["acme", "globex"] as const;
export type Tenant = (typeof TENANTS)[number];

/** Address plan. Every range the checks need to know is here. */
export const CIDR = {
    internet: "0.0.0.0/0",
    client: {
        vpc: "10.10.0.0/16",
        red: "10.10.0.0/23",
        yellow: "10.10.10.0/23",
        green: "10.10.20.0/22",
        subnets: {
            "public-a": "10.10.0.0/24",
            "public-b": "10.10.1.0/24",
            "dmz-a": "10.10.10.0/24",
            "dmz-b": "10.10.11.0/24",
            "app-a": "10.10.20.0/24",
            "app-b": "10.10.21.0/24",
            "data-a": "10.10.22.0/24",
            "data-b": "10.10.23.0/24",
        },
        /** Addresses the Client VPN endpoint hands to connected provider engineers. */
        clientVpnPool: "10.250.0.0/22",
        /** The red edge VPC of the `red-peered-to-green` scenario. */
        edgeVpc: "10.11.0.0/16",
        edgeSubnet: "10.11.0.0/24",
    },
    provider: {
        /** Everything the MSSP addresses in its own account. */
        all: "10.200.0.0/14",
        nocVpc: "10.200.0.0/16",
        nocPublicA: "10.200.0.0/24",
        nocMgmtA: "10.200.10.0/24",
        nocMgmtB: "10.200.11.0/24",
    },
    /** Per tenant: the MSSP's enclave VPC for the tenant, and the tenant's own network on the far end of its VPN. */
    tenants: {
        acme: {
            enclave: "10.201.0.0/16",
            servicesA: "10.201.0.0/24",
            servicesB: "10.201.1.0/24",
            clientNetwork: "10.10.0.0/16",
            clientLogIngest: "10.10.10.0/23",
        },
        globex: {
            enclave: "10.202.0.0/16",
            servicesA: "10.202.0.0/24",
            servicesB: "10.202.1.0/24",
            clientNetwork: "10.20.0.0/16",
            clientLogIngest: "10.20.10.0/23",
        },
    },
} as const;

/** Documentation ranges (RFC 5737) stand in for the public tunnel endpoints. */
export const PUBLIC_IP = {
    providerVpnEdge: "203.0.113.10",
    acmeVpnGateway: "198.51.100.20",
    globexVpnGateway: "198.51.100.40",
} as const;

export const BGP_ASN = {
    clientVpnGateway: "64512",
    providerTransitGateway: 64600,
    providerEdge: "64600",
    acme: "64512",
    globex: "64513",
} as const;

export const PORT = {
    https: 443,
    httpsAlt: 8443,
    ssh: 22,
    syslog: 514,
    syslogTls: 6514,
    postgres: 5432,
    http: 80,
} as const;

export const BASE_AMI = "ami-0fc5d935ebf8bc3bc";

export const ARN = {
    albCertificate: `arn:aws:acm:us-east-1:${CLIENT_ACCOUNT}:certificate/6f1d3c1e-8a57-4f0e-9a51-2b8e1c4d7a90`,
    clientVpnCertificate: `arn:aws:acm:us-east-1:${CLIENT_ACCOUNT}:certificate/0b7e4a2d-3c19-4b5e-8f60-91d2a7c3e5f4`,
    clientIdentityProvider: `arn:aws:iam::${CLIENT_ACCOUNT}:saml-provider/acme-idp`,
    providerRoot: `arn:aws:iam::${PROVIDER_ACCOUNT}:root`,
    administratorAccess: "arn:aws:iam::aws:policy/AdministratorAccess",
} as const;

/** The client-side log group and ingest role each tenant offers the MSSP for its flow logs. */
export const TENANT_LOG_DESTINATION: Record<Tenant, { logGroupArn: string; ingestRoleArn: string }> = {
    acme: {
        logGroupArn: `arn:aws:logs:us-east-1:${CLIENT_ACCOUNT}:log-group:/demarc/mssp-flow-logs`,
        ingestRoleArn: `arn:aws:iam::${CLIENT_ACCOUNT}:role/mssp-flow-log-ingest`,
    },
    globex: {
        logGroupArn: `arn:aws:logs:us-east-1:${GLOBEX_ACCOUNT}:log-group:/demarc/mssp-flow-logs`,
        ingestRoleArn: `arn:aws:iam::${GLOBEX_ACCOUNT}:role/mssp-flow-log-ingest`,
    },
};

/** The external id the client hands the MSSP for assuming its roles. */
export const EXTERNAL_ID = "acme-MSSP-2026-014";

/** The SAML group of the MSSP's engineers in the client's identity provider. */
export const PROVIDER_ENGINEERS_GROUP = "mssp-noc-engineers";

/** The provider's site-to-site VPN to each tenant: until when, and who answers for it. */
export const TENANT_ACCESS: Record<Tenant, { expires: string; owner: string }> = {
    acme: { expires: EXPIRY.valid, owner: OWNER.noc },
    globex: { expires: "2027-03-31", owner: OWNER.nocGlobex },
};

/** What the checks of the samples must be configured with for the expected findings to hold. */
export const CHECK_FACTS = {
    asOf: AS_OF,
    clientAccounts: [CLIENT_ACCOUNT, GLOBEX_ACCOUNT],
    providerAccounts: [PROVIDER_ACCOUNT],
    currentStandard: CURRENT_STANDARD,
    expiryWarningDays: 30,
    expiryHorizonDays: 365,
    clientRanges: [CIDR.client.vpc, CIDR.tenants.globex.clientNetwork],
    providerRanges: [CIDR.provider.all],
    encryptedPorts: ["tcp/22", "tcp/443", "tcp/6514", "tcp/8443", "udp/500", "udp/4500"],
} as const;
