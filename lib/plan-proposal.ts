import { accountOf, providerAccounts } from "./accounts";
import { T } from "./aws-types";
import { describe, Placement } from "./placement";
import { resolveReference } from "./references";
import { ResourceView, type ResourceRecord } from "./resource";
import { StackIndex } from "./stack";
import type { Side, Zone } from "./tag-keys";
import { demarcTagsOf } from "./tags";
import { isUnknown } from "./values";
import type { PlanValues, ZonePlanSpec } from "./zone-plan";

/** A zone plan proposed from a running network, for the client to review before it becomes the authority. */
export interface PlanProposal {
    readonly clientAccountIds: string[];
    readonly providerAccountIds: string[];
    readonly zonePlan: ZonePlanSpec;
    /** What the proposal rests on beyond the tags, and what it could not decide. */
    readonly notes: string[];
}

const EVERYWHERE = new Set(["0.0.0.0/0", "::/0"]);

function knownString(value: unknown): string | undefined {
    return typeof value === "string" && value !== "" && !isUnknown(value) ? value : undefined;
}

/** Subnets whose route table sends the whole internet to an internet gateway: they face the internet, red. */
function subnetsRoutedToInternet(index: StackIndex): Map<string, string> {
    const tablesToIgw = new Map<string, string>();
    const toIgw = (path: string, holder: ResourceView) =>
        resolveReference(index, holder, path, { types: [T.internetGateway], one: true }).state === "resolved";
    const tableOf = (holder: ResourceView) =>
        resolveReference(index, holder, "routeTableId", { types: [T.routeTable], one: true });
    for (const route of index.ofType(T.route)) {
        if (!EVERYWHERE.has(String(route.record.props["destinationCidrBlock"]))) continue;
        const table = tableOf(route);
        if (table.state === "resolved" && toIgw("gatewayId", route))
            tablesToIgw.set(table.targets[0].urn, `route "${route.name}"`);
    }
    for (const table of index.ofType(T.routeTable)) {
        const routes = table.record.props["routes"];
        if (!Array.isArray(routes)) continue;
        routes.forEach((route: unknown, i) => {
            if (route === null || typeof route !== "object") return;
            const entry = route as Record<string, unknown>;
            if (!EVERYWHERE.has(String(entry["cidrBlock"])) || !knownString(entry["gatewayId"])) return;
            if (toIgw(`routes.${i}.gatewayId`, table))
                tablesToIgw.set(table.urn, `route ${i + 1} of ${describe(table)}`);
        });
    }
    const subnets = new Map<string, string>();
    for (const association of index.ofType(T.routeTableAssociation)) {
        const table = tableOf(association);
        const subnet = resolveReference(index, association, "subnetId", { types: [T.subnet], one: true });
        if (table.state !== "resolved" || subnet.state !== "resolved") continue;
        const why = tablesToIgw.get(table.targets[0].urn);
        if (why) subnets.set(subnet.targets[0].urn, why);
    }
    return subnets;
}

class Tally<K extends string> {
    private readonly seen = new Map<string, Map<K, string>>();
    add(key: string, value: K, from: string): void {
        const values = this.seen.get(key) ?? new Map<K, string>();
        if (!values.has(value)) values.set(value, from);
        this.seen.set(key, values);
    }
    entries(): [string, Map<K, string>][] {
        return [...this.seen.entries()];
    }
}

/**
 * A plan that says what the network's tags say today: the accounts of the client and the provider
 * (from providers' default tags and the sides of what is deployed in them), each subnet's zone by its
 * address block, each VPC's tenant by name, and red for untagged subnets routed to an internet gateway.
 */
export function proposePlan(stacks: readonly (readonly ResourceRecord[])[]): PlanProposal {
    const notes: string[] = [];
    const sides = new Tally<Side>();
    const ranges = new Map<string, PlanValues & { cidr: string }>();
    const vpcs = new Map<string, PlanValues & { vpc: string }>();
    for (const records of stacks) {
        const index = new StackIndex(records);
        const placement = new Placement(index);
        const routedToInternet = subnetsRoutedToInternet(index);
        const providers = new Map(records.flatMap((r) => (r.provider ? [[r.provider.urn, r.provider] as const] : [])));
        for (const provider of providers.values()) {
            const accounts = providerAccounts(provider);
            if (accounts.state !== "known") continue;
            const marked = new ResourceView({
                type: provider.type,
                urn: provider.urn,
                name: provider.name,
                props: {},
                provider,
            });
            const side = demarcTagsOf(marked).get("side");
            if (side.state === "valid")
                for (const id of accounts.ids)
                    sides.add(id, side.value, `the default tags of provider "${provider.name}"`);
        }
        for (const view of index.views) {
            const side = placement.side(view);
            const account = accountOf(view);
            if (side.state === "valid" && account.state === "known" && account.ids.length === 1)
                sides.add(account.ids[0], side.value, describe(view));
        }
        for (const vpc of index.ofType(T.vpc)) {
            const tenant = placement.tenant(vpc);
            if (tenant.state === "valid") vpcs.set(vpc.name, { vpc: vpc.name, tenant: tenant.value });
            else notes.push(`${describe(vpc)}: no tenant to propose; give it one in zonePlan.vpcs`);
        }
        for (const subnet of index.ofType(T.subnet)) {
            const cidr = knownString(subnet.record.props["cidrBlock"]);
            if (!cidr) {
                notes.push(`${describe(subnet)}: its cidrBlock is not known, so no range is proposed for it`);
                continue;
            }
            const zone = placement.zone(subnet);
            const routed = routedToInternet.get(subnet.urn);
            let proposed: Zone | undefined;
            if (zone.state === "valid") proposed = zone.value;
            else if (routed) {
                proposed = "red";
                notes.push(`${describe(subnet)} (${cidr}): red, since ${routed} sends it to an internet gateway`);
            } else notes.push(`${describe(subnet)} (${cidr}): no zone to propose; decide it in zonePlan.ranges`);
            const entry: PlanValues & { cidr: string } = { cidr };
            if (proposed) entry.zone = proposed;
            const tenant = placement.tenant(subnet);
            const vpc = placement.vpcOf(subnet);
            if (tenant.state === "valid" && (!vpc || vpcs.get(vpc.name)?.tenant !== tenant.value))
                entry.tenant = tenant.value;
            if (entry.zone || entry.tenant) ranges.set(cidr, entry);
        }
    }
    const clientAccountIds: string[] = [];
    const providerAccountIds: string[] = [];
    for (const [account, seen] of sides.entries()) {
        if (seen.size > 1) {
            const both = [...seen.entries()].map(([side, from]) => `${side} (${from})`).join(" and ");
            notes.push(`account ${account} holds both sides, ${both}: left out; list it where it belongs`);
            continue;
        }
        const [side] = seen.keys();
        (side === "client" ? clientAccountIds : providerAccountIds).push(account);
    }
    return {
        clientAccountIds: clientAccountIds.sort(),
        providerAccountIds: providerAccountIds.sort(),
        zonePlan: { ranges: [...ranges.values()], vpcs: [...vpcs.values()], accounts: [] },
        notes,
    };
}
