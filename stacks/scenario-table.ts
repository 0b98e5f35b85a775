import { POLICIES, type PolicyName } from "../policy-pack/policies";
import { CHECK_FACTS } from "./facts";
import {
    COMPLIANT_FINDING_NOTES,
    COMPLIANT_FINDINGS,
    PREVIEW_FINDING_NOTES,
    PREVIEW_FINDINGS,
    NETWORKS,
    SCENARIOS,
    type ExpectedFinding,
    type FindingOn,
    type Scenario,
} from "./scenarios";

const cell = (text: string) => text.replace(/\|/g, "\\|");
const code = (text: string) => `\`${text}\``;

function findings(list: readonly ExpectedFinding[], absent: readonly FindingOn[] = []): string {
    if (list.length === 0 && absent.length === 0) return "none";
    return [
        ...list.map((f) => `${code(f.policy)} on ${code(f.resource)} (${f.level}, ${code(f.kind)})`),
        ...absent.map((f) => `none: not ${code(f.policy)} on ${code(f.resource)} (${code(f.kind)})`),
    ].join("<br>");
}

/** A policy named in prose, checked against the pack's policies. */
const policy = (name: PolicyName) => code(name);

/** The rules a scenario breaks (or must not be taken to break): those of the policies it names, from their metadata. */
function rulesOf(scenario: Scenario): string {
    const named = new Set<string>([...scenario.expected, ...(scenario.absent ?? [])].map((f) => f.policy));
    return [...new Set(POLICIES.filter((p) => named.has(p.metadata.name)).map((p) => p.metadata.rule))].join(", ");
}

const CONVENTIONS = [
    "Each expected finding is a policy, a resource and a finding kind (docs/policies.md); a policy words several problems of one resource in one diagnostic, one line each.",
    "A scenario's run gives its network's compliant findings plus the scenario's own, and nothing else.",
    "Security-group rules, NACL rules and routes are judged one by one: a rule that by itself admits a forbidden flow is a " +
        "finding whether or not the rest of the path (the other group's rule, the NACL, the route) would let it through. " +
        "A scenario therefore adds one rule, and that rule is the finding's resource.",
    "`0.0.0.0/0` and `::/0` in a rule or route stand for the internet, which is red.",
    "NACLs are stateless: a rule on TCP 1024-65535 toward a zone carries the replies of flows that zone opened, and is " +
        "judged as such. The red ACL denies green before its broad `0.0.0.0/0` rules, and the green ACL denies red.",
    "A peering (or transit-gateway) path between red and green is reported once, on the peering connection, naming the routes that use it.",
    `A missing or invalid tag is reported by the tags rule only: an invalid value by ${policy("validate-demarc-tags")}, the missing side of a resource ` +
        `in no subnet by ${policy("require-demarc-side")}, what takes the stack by ${policy("require-demarc-tags")}; ` +
        "other policies do not report again on the resource it concerns.",
    "The log role comes from `demarc:role` (`log-server`, `log-store`); it is not inferred from a resource's use as a log destination.",
    "Administrator access attached to a provider-trusted role is reported on the attachment, the resource that grants it.",
    "Internet-facing `0.0.0.0/0` ingress on the red load balancer is public service, not third-party access, and carries no expiry.",
];

const DESIGN_DECISIONS = [
    "Client: one VPC holds all three zones, so the VPC carries no zone and every subnet carries its own.",
    "Client: green subnets have no route out of the VPC. A default route to a NAT gateway would be a direct green-to-red path " +
        "(the NAT sits in red), so green reaches outside only through the yellow reverse proxies, over TLS.",
    "Client: yellow subnets leave through the NAT gateways (egress limited to TCP 443 by their groups) and reach the MSSP's " +
        "acme enclave (`10.201.0.0/16`) over the site-to-site VPN; the relay's syslog over TLS lands on the yellow proxies, " +
        "which forward it to the green log server, so nothing from outside the client reaches green directly.",
    "Client: the MSSP's engineers enter through a client-managed Client VPN endpoint authorised for yellow only; from the " +
        "bastion they reach green over SSH. Plain syslog (UDP 514) and PostgreSQL stay inside green.",
    "Provider: the NOC is shared (`demarc:tenant=shared`): management subnets in yellow behind a NAT gateway in a red public " +
        "subnet. It is not attached to the transit gateway; the NOC reaches a tenant only through that tenant's own Client VPN " +
        "endpoint, encrypted and expiring.",
    "Provider: each tenant has an enclave VPC (yellow, zone set on the VPC and inherited by its subnets) holding its log relay; " +
        "its transit-gateway route table associates and propagates only the tenant's VPC attachment and VPN.",
    "Provider: every VPC's flow logs go to the client accounts' log groups (cross-account delivery); the NOC's go to every tenant. " +
        "Globex's account `333333333333` is the second client account the checks must know.",
];

const MODELLED_TYPES = [
    "aws:ec2clientvpn/endpoint:Endpoint",
    "aws:ec2clientvpn/networkAssociation:NetworkAssociation",
    "aws:ec2clientvpn/authorizationRule:AuthorizationRule",
    "aws:ec2/vpnGateway:VpnGateway",
    "aws:lb/listener:Listener",
    "aws:lb/targetGroup:TargetGroup",
    "aws:lb/targetGroupAttachment:TargetGroupAttachment",
    "aws:rds/instance:Instance",
    "aws:rds/subnetGroup:SubnetGroup",
    "aws:ec2/vpcPeeringConnection:VpcPeeringConnection",
];

/** The scenario table of `docs/scenarios.md`, generated from {@link SCENARIOS}. */
export function scenarioTableMarkdown(): string {
    const lines: string[] = [
        "# Sample stack scenarios",
        "",
        "Generated by `stacks/scenario-table.ts` from `stacks/scenarios.ts` and the policies' metadata (a scenario's rule is",
        "that of the policies it names); `npm run docs` rewrites it, and a test fails while it differs. Each scenario",
        "switches on exactly one breach:",
        "`pulumi config set demarc-samples:scenario <name>` on the stack of its network (`Pulumi.client.yaml`,",
        "`Pulumi.provider.yaml`); unset, the stack is compliant. Each scenario is a change to its compliant network,",
        "kept beside it (`stacks/client-scenarios.ts`, `stacks/provider-scenarios.ts`): resources it alters as the",
        "program creates them, and resources it adds.",
        "",
        "| scenario | network | what it breaks | rule | expected findings |",
        "|---|---|---|---|---|",
        ...SCENARIOS.map((s) =>
            [code(s.name), s.network, cell(s.breaks), rulesOf(s), findings(s.expected, s.absent)].join(" | "),
        ).map((row) => `| ${row} |`),
        "",
        "## The compliant stacks",
        "",
        "| network | expected findings | why |",
        "|---|---|---|",
        ...NETWORKS.map(
            (network) =>
                `| ${network} | ${findings(COMPLIANT_FINDINGS[network])} | ${cell(COMPLIANT_FINDING_NOTES[network])} |`,
        ),
        "",
        "## What a first preview adds",
        "",
        "Every scenario also runs as a first `pulumi preview` sees it (ids and values computed from other resources unknown); " +
            "it gives the same findings plus these, on every run of its network.",
        "",
        "| network | added at a first preview | why |",
        "|---|---|---|",
        ...NETWORKS.map(
            (network) =>
                `| ${network} | ${findings(PREVIEW_FINDINGS[network])} | ${cell(PREVIEW_FINDING_NOTES[network])} |`,
        ),
        "",
        "## How the expected findings are counted",
        "",
        ...CONVENTIONS.map((text) => `- ${text}`),
        "",
        "## The checks' configuration these expectations assume",
        "",
        "| setting | value |",
        "|---|---|",
        ...Object.entries(CHECK_FACTS).map(
            ([key, value]) => `| ${key} | ${Array.isArray(value) ? value.map(code).join(", ") : code(String(value))} |`,
        ),
        "",
        "## Design decisions in the samples",
        "",
        ...DESIGN_DECISIONS.map((text) => `- ${text}`),
        "",
        "## Resource types the network model must know",
        "",
        "Besides VPCs, subnets, groups and their rules, NACLs, route tables, gateways, transit gateways, VPN connections",
        `and instances, the samples use these types that carry or place traffic. ${policy("report-unmodelled-connectivity")} must`,
        "know them for the compliant stacks to stay clean:",
        "",
        ...MODELLED_TYPES.map((type) => `- ${code(type)}`),
        "",
    ];
    return lines.join("\n");
}
