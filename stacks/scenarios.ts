/**
 * The sample stacks' scenarios: each switches on exactly one breach. Pure data, read by the programs, tests and docs;
 * each scenario's change to its compliant network is in `client-scenarios.ts` or `provider-scenarios.ts`.
 */

import type { KindOfPolicy, PolicyName } from "../policy-pack/policies";

export const NETWORKS = ["client", "provider"] as const;
export type Network = (typeof NETWORKS)[number];

export type FindingLevel = "mandatory" | "advisory";

/**
 * A finding of a policy on a resource. The policy and its kind are named as the policies' metadata declares them
 * (`policy-pack/policies`): a policy the pack does not have, or a kind that policy does not report, does not compile.
 */
export type FindingOn = {
    [P in PolicyName]: {
        policy: P;
        /** The logical name passed to the resource's constructor. */
        resource: string;
        /** The finding's stable kind (lib/finding-kinds.ts). */
        kind: KindOfPolicy<P>;
    };
}[PolicyName];

export type ExpectedFinding = FindingOn & { level: FindingLevel };

export const CLIENT_SCENARIO_NAMES = [
    "missing-zone-tag",
    "zone-purple",
    "zone-from-default-tags",
    "zone-odd-case",
    "red-peered-to-green",
    "open-green-security-group",
    "plaintext-yellow-to-green",
    "green-route-to-internet-gateway",
    "flow-logs-to-provider-bucket",
    "vpc-without-flow-logs",
    "log-bucket-unversioned",
    "log-group-short-retention",
    "log-group-in-provider-account",
    "vpn-without-expiry",
    "provider-role-without-expiry",
    "vpn-expired",
    "vpn-expiry-beyond-horizon",
    "vpn-expiry-bad-format",
    "remote-access-managed-by-provider",
    "client-vpn-managed-by-provider",
    "provider-role-admin",
    "provider-role-inline-admin",
    "firewall-outdated-standard",
] as const;
export type ClientScenarioName = (typeof CLIENT_SCENARIO_NAMES)[number];

export const PROVIDER_SCENARIO_NAMES = [
    "cross-tenant-group-reference",
    "tgw-cross-tenant-propagation",
    "log-server-in-provider-vpc",
] as const;
export type ProviderScenarioName = (typeof PROVIDER_SCENARIO_NAMES)[number];

export type ScenarioName = ClientScenarioName | ProviderScenarioName;

interface ScenarioOf<N extends Network, S extends ScenarioName> {
    name: S;
    network: N;
    /** What it breaks, one sentence. */
    breaks: string;
    /** The findings the scenario adds to its compliant network's (see {@link COMPLIANT_FINDINGS}). */
    expected: readonly ExpectedFinding[];
    /** For a scenario that breaks nothing: the finding a wrong reading of what it changes would give, which its run must not. */
    absent?: readonly FindingOn[];
}
export type ClientScenario = ScenarioOf<"client", ClientScenarioName>;
export type ProviderScenario = ScenarioOf<"provider", ProviderScenarioName>;
export type Scenario = ClientScenario | ProviderScenario;

const mandatory = <P extends PolicyName>(policy: P, resource: string, kind: KindOfPolicy<P>): ExpectedFinding =>
    ({ policy, resource, level: "mandatory", kind }) as ExpectedFinding;

export const SCENARIOS: readonly Scenario[] = [
    {
        name: "missing-zone-tag",
        network: "client",
        breaks: "Subnet data-b carries no demarc:zone while its VPC holds several zones and so gives it none.",
        expected: [mandatory("require-demarc-tags", "data-b", "tag.missing")],
    },
    {
        name: "zone-purple",
        network: "client",
        breaks: "The client VPC is tagged demarc:zone=purple, which is not a zone.",
        expected: [mandatory("validate-demarc-tags", "client-vpc", "tag.invalid-value")],
    },
    {
        name: "zone-from-default-tags",
        network: "client",
        breaks: "Nothing: subnet app-a takes demarc:zone=green only from the default tags of the explicit provider it is created with.",
        expected: [],
        absent: [{ policy: "require-demarc-tags", resource: "app-a", kind: "tag.missing" }],
    },
    {
        name: "zone-odd-case",
        network: "client",
        breaks: 'Nothing: subnet app-a is tagged demarc:zone=" Green ", which reads as green once trimmed and lower-cased.',
        expected: [],
        absent: [{ policy: "validate-demarc-tags", resource: "app-a", kind: "tag.invalid-value" }],
    },
    {
        name: "red-peered-to-green",
        network: "client",
        breaks: "A red edge VPC is peered with the client VPC and routed both ways to the green subnets.",
        expected: [mandatory("forbid-red-green-paths", "edge-to-green-peering", "zone.red-green.route")],
    },
    {
        name: "open-green-security-group",
        network: "client",
        breaks: "The application group admits 0.0.0.0/0 (the internet, red) on TCP 443.",
        expected: [mandatory("forbid-red-green-paths", "internet-to-app-https-in", "zone.red-green.rule")],
    },
    {
        name: "plaintext-yellow-to-green",
        network: "client",
        breaks: "The application group admits the reverse proxy on plaintext HTTP, TCP 80.",
        expected: [mandatory("require-encrypted-cross-zone-flows", "proxy-to-app-http-in", "zone.plaintext")],
    },
    {
        name: "green-route-to-internet-gateway",
        network: "client",
        breaks: "The green route table sends 0.0.0.0/0 to the internet gateway.",
        expected: [mandatory("forbid-red-green-paths", "private-default-route", "zone.red-green.route")],
    },
    {
        name: "flow-logs-to-provider-bucket",
        network: "client",
        breaks: "The client VPC's flow log delivers to a bucket in the MSSP's account.",
        expected: [mandatory("deliver-logs-client-side", "client-vpc-flow-log", "evidence.provider-side")],
    },
    {
        name: "vpc-without-flow-logs",
        network: "client",
        breaks: "The client VPC's flow log is narrowed to subnet data-a, so the VPC as a whole has none.",
        expected: [mandatory("require-vpc-flow-logs", "client-vpc", "evidence.no-flow-log")],
    },
    {
        name: "log-bucket-unversioned",
        network: "client",
        breaks: "A second log bucket, for session logs, has neither versioning nor object lock.",
        expected: [mandatory("protect-log-stores", "session-log-bucket", "evidence.unprotected-store")],
    },
    {
        name: "log-group-short-retention",
        network: "client",
        breaks: "The Client VPN's connection log group keeps its events 30 days, below the 365-day minimum.",
        expected: [mandatory("refuse-short-log-retention", "client-vpn-connection-logs", "evidence.unprotected-store")],
    },
    {
        name: "log-group-in-provider-account",
        network: "client",
        breaks: "The Client VPN's connection log group is created with the MSSP's provider, in the MSSP's account.",
        expected: [
            mandatory("refuse-provider-side-log-stores", "client-vpn-connection-logs", "evidence.provider-side"),
            mandatory("refuse-provider-side-log-stores", "client-vpn-connection-logs", "evidence.foreign-account"),
        ],
    },
    {
        name: "vpn-without-expiry",
        network: "client",
        breaks: "The site-to-site VPN connection to the MSSP carries no demarc:expires.",
        expected: [mandatory("require-access-expiry", "mssp-vpn", "expiry.missing-tag")],
    },
    {
        name: "provider-role-without-expiry",
        network: "client",
        breaks: "The role the MSSP's account may assume carries no demarc:expires.",
        expected: [mandatory("refuse-open-ended-access", "mssp-operator", "expiry.missing-tag")],
    },
    {
        name: "vpn-expired",
        network: "client",
        breaks: "The site-to-site VPN connection to the MSSP expired on 2026-10-31, 23 days before the check.",
        expected: [mandatory("refuse-expired-access", "mssp-vpn", "expiry.expired")],
    },
    {
        name: "vpn-expiry-beyond-horizon",
        network: "client",
        breaks: "The site-to-site VPN connection to the MSSP expires on 2028-01-31, beyond the 365-day horizon.",
        expected: [mandatory("refuse-expired-access", "mssp-vpn", "expiry.beyond-horizon")],
    },
    {
        name: "vpn-expiry-bad-format",
        network: "client",
        breaks: "The site-to-site VPN connection to the MSSP gives its expiry as 31/12/2026 instead of YYYY-MM-DD.",
        expected: [mandatory("validate-demarc-tags", "mssp-vpn", "tag.invalid-value")],
    },
    {
        name: "remote-access-managed-by-provider",
        network: "client",
        breaks: "The bastion the MSSP's engineers enter through is tagged demarc:managed-by=provider.",
        expected: [
            mandatory("require-client-managed-remote-access", "bastion", "duty.remote-access-not-client-managed"),
        ],
    },
    {
        name: "client-vpn-managed-by-provider",
        network: "client",
        breaks: "The Client VPN endpoint the MSSP's engineers enter through is tagged demarc:managed-by=provider.",
        expected: [
            mandatory(
                "refuse-remote-access-not-client-managed",
                "mssp-client-vpn",
                "duty.remote-access-not-client-managed",
            ),
        ],
    },
    {
        name: "provider-role-admin",
        network: "client",
        breaks: "AdministratorAccess is attached to the role the MSSP's account may assume.",
        expected: [mandatory("limit-provider-role-permissions", "mssp-operator-admin", "duty.provider-role-admin")],
    },
    {
        name: "provider-role-inline-admin",
        network: "client",
        breaks: "The role the MSSP's account may assume carries an inline policy allowing iam:* on every resource.",
        expected: [mandatory("refuse-provider-admin-roles", "mssp-operator", "duty.provider-role-admin")],
    },
    {
        name: "firewall-outdated-standard",
        network: "client",
        breaks: "Firewall fw-b is left on standard 2.3 while fw-a and every other device run 2.5.",
        expected: [mandatory("refuse-outdated-standard", "fw-b", "standard.outdated")],
    },
    {
        name: "cross-tenant-group-reference",
        network: "provider",
        breaks: "The acme relay's group admits the globex relay's group on TCP 6514.",
        expected: [mandatory("isolate-tenants", "globex-relay-to-acme-relay-syslog-in", "tenant.crossing.rule")],
    },
    {
        name: "tgw-cross-tenant-propagation",
        network: "provider",
        breaks: "The acme transit-gateway route table, associated with acme's attachments, learns globex's VPC through a propagation.",
        expected: [mandatory("isolate-tenants", "acme-tgw-rt-learns-globex-vpc", "tenant.shared-route-table")],
    },
    {
        name: "log-server-in-provider-vpc",
        network: "provider",
        breaks: "A log server (demarc:role=log-server) runs in the MSSP's NOC VPC.",
        expected: [
            mandatory("keep-log-stores-client-side", "noc-log-server", "evidence.provider-side"),
            mandatory("keep-log-stores-client-side", "noc-log-server", "evidence.foreign-account"),
        ],
    },
];

/** Findings every run of a compliant network gives; a scenario's run gives these plus its own. */
export const COMPLIANT_FINDINGS: Readonly<Record<Network, readonly ExpectedFinding[]>> = {
    client: [
        {
            policy: "refuse-expired-access",
            resource: "mssp-client-vpn",
            level: "advisory",
            kind: "expiry.expiring-soon",
        },
    ],
    provider: [],
};

export const COMPLIANT_FINDING_NOTES: Readonly<Record<Network, string>> = {
    client:
        "The provider engineers' Client VPN endpoint mssp-client-vpn expires on 2026-12-10, 17 days after the check date " +
        '2026-11-23: inside the 30-day warning window, so it is warned of ("expires in 17 days").',
    provider:
        "The tenant VPNs and customer gateways expire on 2027-06-30 (acme) and 2027-03-31 (globex): " +
        "outside the warning window and within the horizon.",
};

/**
 * What a first preview adds to a network's findings: values computed from other resources' outputs
 * are not known yet, and a check that cannot decide says so (advisory) instead of passing.
 */
export const PREVIEW_FINDINGS: Readonly<Record<Network, readonly ExpectedFinding[]>> = {
    client: [
        {
            policy: "limit-provider-role-permissions",
            resource: "mssp-operator-policy",
            level: "advisory",
            kind: "duty.provider-role.undetermined",
        },
        {
            policy: "limit-provider-role-permissions",
            resource: "mssp-flow-log-ingest-policy",
            level: "advisory",
            kind: "duty.provider-role.undetermined",
        },
    ],
    provider: [],
};

export const PREVIEW_FINDING_NOTES: Readonly<Record<Network, string>> = {
    client:
        "At a first preview the documents of the provider-trusted roles' policies are built from ARNs that do not exist yet, so " +
        "whether mssp-operator-policy and mssp-flow-log-ingest-policy give the provider administrator rights is undetermined (advisory).",
    provider: "A first preview gives the same findings as known values.",
};

/** All findings a run of the scenario gives: its network's compliant findings (and preview ones) and its own. */
export function expectedFindings(scenario: Scenario, preview = false): readonly ExpectedFinding[] {
    return [
        ...COMPLIANT_FINDINGS[scenario.network],
        ...(preview ? PREVIEW_FINDINGS[scenario.network] : []),
        ...scenario.expected,
    ];
}

export function isNetwork(value: string): value is Network {
    return (NETWORKS as readonly string[]).includes(value);
}

export function scenariosOf(network: Network): readonly Scenario[] {
    return SCENARIOS.filter((scenario) => scenario.network === network);
}

export interface Selection {
    network: Network;
    scenario?: Scenario;
}

/**
 * Reads the stack's `network` and `scenario` config values.
 * Throws an Error naming the value and the allowed ones when either does not fit.
 */
export function selectScenario(network: string | undefined, scenario: string | undefined): Selection {
    const value = network?.trim() ?? "";
    if (!isNetwork(value)) {
        throw new Error(`unknown network "${network ?? ""}": allowed values are ${NETWORKS.join(", ")}`);
    }
    const name = scenario?.trim() ?? "";
    if (name === "") return { network: value };
    const allowed = scenariosOf(value);
    const found = allowed.find((candidate) => candidate.name === name);
    if (found === undefined) {
        const other = SCENARIOS.find((candidate) => candidate.name === name);
        const reason = other === undefined ? "unknown scenario" : `scenario belongs to the ${other.network} network`;
        throw new Error(
            `${reason}: "${name}" cannot run on the ${value} network; allowed values are ${allowed.map((s) => s.name).join(", ")}`,
        );
    }
    return { network: value, scenario: found };
}
