import { accountOf } from "./accounts";
import { isCovered, overlaps, parseCidr, type Cidr } from "./cidr";
import { SUBNET_PLACED, T } from "./aws-types";
import { describe, type Placed, type PlacedName, type Placement, type PlacementAuthority } from "./placement";
import type { ResourceView } from "./resource";
import type { Side, Zone } from "./tag-keys";
import type { DemarcTagValues } from "./tags";
import { isUnknown } from "./values";
import { PLAN_FROM } from "./messages";
import { globMatches } from "./waivers";

/** What one entry of the client's plan says about the resources it covers; any of the three may be left out. */
export interface PlanValues {
    zone?: Zone;
    tenant?: string;
    side?: Side;
}

export interface ZonePlanSpec {
    ranges: readonly (PlanValues & { cidr: string })[];
    vpcs: readonly (PlanValues & { vpc: string })[];
    accounts: readonly (PlanValues & { account: string })[];
}

/** The settings the plan is read from: its own entries, and the client's and provider's accounts and ranges. */
export interface PlanSettings {
    zonePlan: ZonePlanSpec;
    clientAccountIds: readonly string[];
    providerAccountIds: readonly string[];
    clientCidrs: readonly string[];
    providerCidrs: readonly string[];
}

interface Entry {
    readonly values: PlanValues;
    /** How a message names the entry: `10.0.20.0/22 (zonePlan.ranges[0])`. */
    readonly label: string;
}
interface RangeEntry extends Entry {
    readonly range: Cidr;
}
interface VpcEntry extends Entry {
    readonly pattern: string;
}
interface AccountEntry extends Entry {
    readonly account: string;
}

type Level = "range" | "vpc" | "account";

/**
 * Which entry decides: the most specific place first for zones and tenants; for sides the account
 * first, since whose account a resource lives in settles whose standards govern it.
 */
const PRECEDENCE: Readonly<Record<PlacedName, readonly Level[]>> = {
    zone: ["range", "vpc", "account"],
    tenant: ["range", "vpc", "account"],
    side: ["account", "range", "vpc"],
};

const PLAN_NAMES: readonly PlacedName[] = ["zone", "tenant", "side"];

function describeValues(values: PlanValues): string {
    return PLAN_NAMES.filter((n) => values[n] !== undefined)
        .map((n) => `${n} ${values[n]}`)
        .join(", ");
}

function rangeEntries(settings: PlanSettings): RangeEntry[] {
    const entries: RangeEntry[] = [];
    settings.zonePlan.ranges.forEach((r, i) => {
        const range = parseCidr(r.cidr);
        if (range) entries.push({ range, values: r, label: `${r.cidr} (zonePlan.ranges[${i}])` });
    });
    const sided = (list: readonly string[], side: Side, setting: string) =>
        list.forEach((cidr, i) => {
            const range = parseCidr(cidr);
            if (range) entries.push({ range, values: { side }, label: `${side} range ${cidr} (${setting}[${i}])` });
        });
    sided(settings.clientCidrs, "client", "clientCidrs");
    sided(settings.providerCidrs, "provider", "providerCidrs");
    return entries;
}

function accountEntries(settings: PlanSettings): AccountEntry[] {
    return [
        ...settings.zonePlan.accounts.map((a, i) => ({
            account: a.account,
            values: a,
            label: `account ${a.account} (zonePlan.accounts[${i}])`,
        })),
        ...settings.clientAccountIds.map((account) => ({
            account,
            values: { side: "client" as const },
            label: `client account ${account} (clientAccountIds)`,
        })),
        ...settings.providerAccountIds.map((account) => ({
            account,
            values: { side: "provider" as const },
            label: `provider account ${account} (providerAccountIds)`,
        })),
    ];
}

/**
 * Why a plan cannot be used: ranges that overlap and say different things, an account listed as both
 * the client's and the provider's, entries that decide nothing. Each problem names both entries.
 */
export function planProblems(settings: PlanSettings): string[] {
    const problems: string[] = [];
    const ranges = rangeEntries(settings);
    for (let i = 0; i < ranges.length; i++) {
        for (let j = i + 1; j < ranges.length; j++) {
            const [a, b] = [ranges[i], ranges[j]];
            if (!overlaps(a.range, b.range)) continue;
            for (const name of PLAN_NAMES) {
                const [va, vb] = [a.values[name], b.values[name]];
                if (va !== undefined && vb !== undefined && va !== vb)
                    problems.push(`${b.label}, ${name} ${vb}, overlaps ${a.label}, ${name} ${va}`);
            }
        }
    }
    const accounts = accountEntries(settings);
    for (let i = 0; i < accounts.length; i++) {
        for (let j = i + 1; j < accounts.length; j++) {
            const [a, b] = [accounts[i], accounts[j]];
            if (a.account !== b.account) continue;
            for (const name of PLAN_NAMES) {
                const [va, vb] = [a.values[name], b.values[name]];
                if (va !== undefined && vb !== undefined && va !== vb)
                    problems.push(`${b.label} says ${name} ${vb}, but ${a.label} says ${va}`);
            }
        }
    }
    const undecided = [
        ...settings.zonePlan.ranges.map((e, i) => ({ e, where: `zonePlan.ranges[${i}]` })),
        ...settings.zonePlan.vpcs.map((e, i) => ({ e, where: `zonePlan.vpcs[${i}]` })),
        ...settings.zonePlan.accounts.map((e, i) => ({ e, where: `zonePlan.accounts[${i}]` })),
    ].filter(({ e }) => describeValues(e) === "");
    for (const { where } of undecided) problems.push(`${where}: decides nothing (give a zone, a tenant or a side)`);
    return problems;
}

function nameTag(view: ResourceView): string | undefined {
    const tags = view.record.props["tags"];
    if (tags === null || typeof tags !== "object" || isUnknown(tags)) return undefined;
    const name = (tags as Record<string, unknown>)["Name"];
    return typeof name === "string" && !isUnknown(name) ? name : undefined;
}

type Decision<N extends PlacedName> = Placed<DemarcTagValues[N]> | undefined;

/**
 * The client's zone plan: the authority on zones, tenants and sides. VPCs, subnets and security groups
 * take their values from it by address range, VPC and account; any other resource by account; what sits
 * in a subnet from its subnet. Where no entry decides, the resource's tags and position do.
 */
export class ZonePlan implements PlacementAuthority {
    private readonly ranges: readonly RangeEntry[];
    private readonly vpcs: readonly VpcEntry[];
    private readonly accounts: readonly AccountEntry[];

    constructor(settings: PlanSettings) {
        this.ranges = rangeEntries(settings);
        this.vpcs = settings.zonePlan.vpcs.map((v, i) => ({
            pattern: v.vpc,
            values: v,
            label: `VPC ${JSON.stringify(v.vpc)} (zonePlan.vpcs[${i}])`,
        }));
        this.accounts = accountEntries(settings);
    }

    get isEmpty(): boolean {
        return this.ranges.length === 0 && this.vpcs.length === 0 && this.accounts.length === 0;
    }

    decide<N extends PlacedName>(view: ResourceView, name: N, placement: Placement): Decision<N> {
        if (SUBNET_PLACED.has(view.type)) return undefined;
        const isNetwork = view.type === T.vpc || view.type === T.subnet || view.type === T.securityGroup;
        for (const level of PRECEDENCE[name]) {
            const decided =
                level === "account"
                    ? this.byAccount(view, name)
                    : !isNetwork
                      ? undefined
                      : level === "range"
                        ? this.byRange(view, name, placement)
                        : this.byVpc(view, name, placement);
            if (decided) return decided;
        }
        return undefined;
    }

    private valid<N extends PlacedName>(entry: Entry, name: N): Decision<N> {
        const value = entry.values[name];
        if (value === undefined) return undefined;
        return { state: "valid", value: value as DemarcTagValues[N], from: `${PLAN_FROM}${entry.label}` };
    }

    /** A VPC's or subnet's own block; a security group's is its VPC's. */
    private blockOf(
        view: ResourceView,
        placement: Placement,
    ): { state: "known"; range: Cidr } | { state: "unknown" | "none" } {
        const holder = view.type === T.securityGroup ? placement.vpcOf(view) : view;
        if (!holder) return { state: "none" };
        const cidr = holder.record.props["cidrBlock"];
        if (isUnknown(cidr)) return { state: "unknown" };
        const range = typeof cidr === "string" ? parseCidr(cidr) : undefined;
        return range ? { state: "known", range } : { state: "none" };
    }

    private byRange<N extends PlacedName>(view: ResourceView, name: N, placement: Placement): Decision<N> {
        const candidates = this.ranges.filter((r) => r.values[name] !== undefined);
        if (candidates.length === 0) return undefined;
        const block = this.blockOf(view, placement);
        if (block.state === "unknown")
            return {
                state: "unknown",
                reason: `${describe(view)}: its address block is not known until apply, so the client's plan cannot place it`,
            };
        if (block.state !== "known") return undefined;
        const entry = candidates.find((r) => isCovered(block.range, [r.range]));
        return entry && this.valid(entry, name);
    }

    private byVpc<N extends PlacedName>(view: ResourceView, name: N, placement: Placement): Decision<N> {
        const candidates = this.vpcs.filter((v) => v.values[name] !== undefined);
        if (candidates.length === 0) return undefined;
        const vpc = view.type === T.vpc ? view : placement.vpcOf(view);
        if (!vpc) return undefined;
        const id = vpc.record.props["id"];
        const names = [vpc.name, nameTag(vpc), typeof id === "string" && !isUnknown(id) ? id : undefined].filter(
            (n): n is string => n !== undefined && n !== "",
        );
        const entry = candidates.find((v) => names.some((n) => globMatches(v.pattern, n)));
        return entry && this.valid(entry, name);
    }

    private byAccount<N extends PlacedName>(view: ResourceView, name: N): Decision<N> {
        const candidates = this.accounts.filter((a) => a.values[name] !== undefined);
        if (candidates.length === 0) return undefined;
        const account = accountOf(view);
        if (account.state !== "known" || account.ids.length !== 1) return undefined;
        const entry = candidates.find((a) => a.account === account.ids[0]);
        return entry && this.valid(entry, name);
    }
}
