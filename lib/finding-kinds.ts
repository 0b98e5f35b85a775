/**
 * The catalogue of finding kinds: a stable id for every kind of finding the pack reports, what it means
 * and how to fix it. Ids are `area.what` (more dots where a kind has variants, such as the layer a path
 * crosses), lower case; a kind whose id ends in `.undetermined` is a check that could not decide.
 * Reports, waivers and pipelines key on the id; the message is for people and may be reworded.
 */
export interface KindInfo {
    /** What the finding means, and what to do about it: the help a report shows once per kind. */
    readonly help: string;
}

export const FINDING_KINDS = {
    "tag.invalid-value": {
        help: "A demarc:* tag carries a value the convention does not allow (or a key is set twice with different values). Correct it to one of the values the message lists.",
    },
    "tag.unknown-key": {
        help: "A tag key starts with demarc: but is not a key of the convention, so no rule reads it. Fix its spelling or remove it.",
    },
    "tag.missing": {
        help: "A resource has no zone, tenant or side: not its own tag, not from where it sits, not from the client's zone plan. Tag it, or add it to the plan.",
    },
    "tag.placement-conflict": {
        help: "A resource's own zone, tenant or side disagrees with the subnets it sits in, or it spans subnets of different values. Make the tag agree, or move it.",
    },
    "tag.undetermined": {
        help: "A zone, tenant or side is not known until apply; the finding says which value was unknown.",
    },
    "tag.shared-group": {
        help: "A security group of one zone is attached to resources of another: its rules admit another zone's resources. Use one group per zone.",
    },
    "plan.tag-disagrees": {
        help: "A demarc:zone, demarc:tenant or demarc:side tag says something other than the client's zone plan; the plan decides. Correct the tag or the plan.",
    },
    "plan.tag-invalid": {
        help: "A resource the client's zone plan places carries a zone, tenant or side tag that is not a valid value. Correct the tag to the plan's value.",
    },
    "zone.red-green.rule": {
        help: "A security-group rule lets red reach green (or green reach red) directly. Admit green only from yellow, red only into yellow.",
    },
    "zone.red-green.acl": {
        help: "A network ACL entry lets red reach green directly. Narrow the entry so red reaches only yellow.",
    },
    "zone.red-green.route": {
        help: "A route, peering or transit-gateway path joins red and green directly. Route red through yellow; do not peer or share route tables between red and green.",
    },
    "zone.red-green.client-vpn": {
        help: "A Client VPN authorization lets its clients (red) reach green directly. Authorize only yellow networks.",
    },
    "zone.red-green.held-by-one-layer": {
        help: "A rule's block sweeps a red or green subnet into a flow with the other class; no flow gets through, but only one layer holds it. Narrow the block (defence in depth).",
    },
    "zone.red-green.undetermined": {
        help: "Whether an element lets red reach green cannot be decided: a zone or peer is missing or not known until apply.",
    },
    "zone.green-exposed": {
        help: "A green resource is reachable from the internet directly (public address, Elastic IP, internet-facing endpoint). Put it behind yellow.",
    },
    "zone.green-exposed.undetermined": {
        help: "Whether a green resource is reachable from the internet is not known until apply.",
    },
    "zone.flow-denied": {
        help: "A flow between two zones that the zone flow matrix denies. Remove the rule, or change the matrix in the configuration.",
    },
    "zone.plaintext": {
        help: "A flow across zone classes on a protocol and port that is not in the encrypted list, and not over a VPN. Use an encrypted protocol.",
    },
    "zone.flow-matrix.undetermined": {
        help: "Whether the flows an element admits are encrypted or allowed by the zone flow matrix cannot be decided until apply.",
    },
    "tenant.crossing.rule": {
        help: "A security-group rule joins two tenants. Tenants never reach each other, even between zones of one class.",
    },
    "tenant.crossing.acl": {
        help: "A network ACL entry joins two tenants. Narrow it to the tenant's own ranges.",
    },
    "tenant.crossing.route": {
        help: "A route, peering or transit-gateway path joins two tenants. Give each tenant its own route tables and attachments.",
    },
    "tenant.crossing.client-vpn": {
        help: "A Client VPN authorization joins two tenants. Authorize each endpoint only for its own tenant's networks.",
    },
    "tenant.shared-plaintext": {
        help: "Shared services reach a tenant on a plaintext protocol. Shared services reach a tenant only encrypted.",
    },
    "tenant.shared-route-table": {
        help: "Two tenants share a transit-gateway route table (or shared services reach a tenant there other than over a VPN attachment). Separate the route tables.",
    },
    "tenant.share-to-organization": {
        help: "A RAM share gives network resources to an organization or unit rather than a client account. Share only with the client's accounts.",
    },
    "tenant.share-outside": {
        help: "A RAM share gives network resources to an account outside the client's. Share only with the client's accounts.",
    },
    "tenant.share.undetermined": {
        help: "What a RAM share gives, or to whom, cannot be decided: not known until apply, or the client's accounts are not configured.",
    },
    "tenant.isolation.undetermined": {
        help: "Whether an element joins two tenants cannot be decided until apply.",
    },
    "coverage.undecodable.undetermined": {
        help: "A resource holds a value the pack cannot decode (an unknown signature in the engine's encoding); it was judged as unknown.",
    },
    "coverage.unknown.undetermined": {
        help: "A value not known until apply made the network model leave out what a resource joins (a route table's routes, an association, a rule's direction): no path through it is checked until the value is known.",
    },
    "coverage.unmodelled": {
        help: "Connectivity the network model does not cover: no zone or tenant path through it is checked. Review it by hand.",
    },
    "evidence.provider-side": {
        help: "Something that holds or receives evidence (logs) is on the provider's side. Evidence stays on the client's side.",
    },
    "evidence.side-not-shown": {
        help: "Something that holds or receives evidence is not shown to be on the client's side (no or an invalid demarc:side). Tag it demarc:side=client or place it there.",
    },
    "evidence.side.undetermined": {
        help: "Which side holds the evidence is not known until apply.",
    },
    "evidence.foreign-account": {
        help: "Evidence is held in, or delivered to, an account that is not the client's. Keep log stores and destinations in client accounts.",
    },
    "evidence.account.undetermined": {
        help: "Which account holds the evidence cannot be told, or the client's accounts are not configured.",
    },
    "evidence.delivery.undetermined": {
        help: "Where logs are delivered is not known until apply.",
    },
    "evidence.no-flow-log": {
        help: "A VPC has no flow log of its own, so there is no evidence of what crossed it. Add a flow log with the VPC as its vpcId.",
    },
    "evidence.flow-log.undetermined": {
        help: "Whether a VPC has a flow log is not known until apply.",
    },
    "evidence.unprotected-store": {
        help: "A log store can be altered or emptied: a bucket without versioning or object lock, or a log group that keeps logs too briefly.",
    },
    "evidence.protection.undetermined": {
        help: "Whether a log store is protected from deletion is not known until apply.",
    },
    "duty.remote-access-not-client-managed": {
        help: "A remote-access gateway the provider enters through is managed by someone other than the client. The client manages the door the provider uses.",
    },
    "duty.remote-access-no-manager": {
        help: "A remote-access gateway carries no demarc:managed-by. Tag it demarc:managed-by=client.",
    },
    "duty.remote-access.undetermined": {
        help: "Who manages a remote-access gateway is not known until apply.",
    },
    "duty.provider-role-admin": {
        help: "A role the provider can assume holds administrator rights. Grant it only what the service needs.",
    },
    "duty.role-open-to-anyone": {
        help: 'A role can be assumed by anyone: its trust policy allows Principal "*" with no Condition.',
    },
    "duty.provider-role.undetermined": {
        help: "Whether the provider can assume a role with administrator rights cannot be decided: a value is not known until apply, or the accounts are not configured.",
    },
    "standard.missing": {
        help: "A managed device carries no demarc:standard. Tag it with the version of the client's standard it was built to.",
    },
    "standard.outdated": {
        help: "A managed device is built to an older version of the client's standard than the current one. Rebuild it to the current standard.",
    },
    "standard.undetermined": {
        help: "A managed device's standard is not known until apply.",
    },
    "expiry.expired": {
        help: "Access whose demarc:expires has passed. Remove it, or renew the contract and the tag.",
    },
    "expiry.beyond-horizon": {
        help: "Access expires further away than the allowed horizon (maxExpiryDays). Set an earlier demarc:expires and review it then.",
    },
    "expiry.expiring-soon": {
        help: "Access expires within the warning window. Renew it or plan its removal.",
    },
    "expiry.missing-tag": {
        help: "Third-party access without demarc:expires or demarc:owner. Give it the last valid day and who answers for it.",
    },
    "expiry.untaggable": {
        help: "Third-party access on a resource that takes no tags, whose holder is not in the stack to carry the expiry. Declare it so that it carries the tags.",
    },
    "expiry.undetermined": {
        help: "Whether a resource is third-party access, or what its expiry tags say, is not known until apply.",
    },
    "waiver.malformed": {
        help: "A waiver is not well formed: the message names the fields. A malformed waiver covers nothing.",
    },
    "waiver.expired": {
        help: "A waiver has expired: the finding it covered is open again. Fix the finding, or renew the waiver with the client's approval.",
    },
    "waiver.beyond-horizon": {
        help: "A waiver expires beyond the allowed horizon (maxExpiryDays) and covers nothing. Give it an earlier date.",
    },
    "waiver.unmatched": {
        help: "A waiver's resource pattern matches no resource in the stack. Remove it or correct the pattern.",
    },
    "waiver.by-message": {
        help: "A waiver picks findings by a part of their message (finding), which stops working when a message is reworded. Name the finding's kind instead.",
    },
    "config.invalid": {
        help: "The policy's configuration is invalid; the message names the field. The policy checks nothing until it is fixed.",
    },
    "check.undetermined": {
        help: "The check could not be evaluated on what the engine sent; the message says why.",
    },
} as const satisfies Readonly<Record<string, KindInfo>>;

export type FindingKind = keyof typeof FINDING_KINDS;
export type UndeterminedKind = Extract<FindingKind, `${string}.undetermined`>;

/** Kinds every policy may report, whatever it checks: an invalid configuration, a check that failed. */
export const COMMON_KINDS = ["config.invalid", "check.undetermined"] as const satisfies readonly FindingKind[];
export type CommonKind = (typeof COMMON_KINDS)[number];

const UNDETERMINED_SUFFIX = ".undetermined";

/** A check that could not decide: told by the kind's id, so a reader needs no catalogue to tell it. */
export const isUndeterminedKind = (kind: string): boolean => kind.endsWith(UNDETERMINED_SUFFIX);

export const isFindingKind = (kind: string): kind is FindingKind =>
    Object.prototype.hasOwnProperty.call(FINDING_KINDS, kind);
