import { T } from "./aws-types";
import type { ValueRead } from "./findings";
import { interfaceSubnets, isPlace, placesInterfaces } from "./interfaces";
import { resolveReference, type Resolution } from "./references";
import type { ResourceView } from "./resource";
import { StackIndex } from "./stack";
import { demarcTagsOf, tagSourceText, type DemarcTagValues, type TagRead } from "./tags";
import { elementOf, type ElementRef } from "./urn";

/** A zone, tenant or side as it applies to a resource, with where it came from. */
export type Placed<T> =
    | { readonly state: "valid"; readonly value: T; readonly from: string }
    | { readonly state: "missing"; readonly reason: string }
    /**
     * `read`: the value as evidence gives it, `of` the resource it is that of; `tagOf`: the resource whose own tag
     * holds the invalid value, when that is the cause.
     */
    | { readonly state: "invalid"; readonly read: ValueRead & { readonly of: ElementRef }; readonly tagOf?: string }
    | { readonly state: "unknown"; readonly reason: string };

export type PlacedName = "zone" | "tenant" | "side";

/**
 * A zone, tenant or side as the evidence of a finding on `on` (a urn) reads it: the value and where it came from, or
 * why there is none; an invalid value names the resource it is of where that is not `on`.
 */
export function placedRead(name: string, placed: Placed<unknown>, on: string): ValueRead {
    switch (placed.state) {
        case "valid":
            return { name, value: String(placed.value), from: placed.from };
        case "invalid": {
            const { of, ...read } = placed.read;
            return of.urn === on ? { ...read, name } : { of, ...read, name };
        }
        default:
            return { name, problem: placed.reason };
    }
}

/** A source that decides values before a resource's tags and position are read (the client's zone plan). */
export interface PlacementAuthority {
    decide<N extends PlacedName>(
        view: ResourceView,
        name: N,
        placement: Placement,
    ): Placed<DemarcTagValues[N]> | undefined;
}

/** Type names that say too little on their own (`Endpoint`, `Route`) read with their module. */
const KIND_BY_MODULE: Readonly<Record<string, string>> = {
    "aws:ec2clientvpn/endpoint": "Client VPN endpoint",
    "aws:ec2clientvpn/route": "Client VPN route",
};

/** A resource as a message names it: `subnet "app-a"`, `Client VPN endpoint "x"`. */
export function describe(view: Pick<ResourceView, "type" | "name">): string {
    const named = KIND_BY_MODULE[view.type.slice(0, view.type.lastIndexOf(":"))];
    if (named) return `${named} "${view.name}"`;
    const kind = view.type.split(":").pop() ?? view.type;
    return `${kind.charAt(0).toLowerCase()}${kind.slice(1)} "${view.name}"`;
}

function own<N extends PlacedName>(view: ResourceView, name: N): Placed<DemarcTagValues[N]> | undefined {
    const read: TagRead<DemarcTagValues[N]> = demarcTagsOf(view).get(name);
    switch (read.state) {
        case "absent":
            return undefined;
        case "unknown":
            return { state: "unknown", reason: `${describe(view)}: ${read.reason}` };
        case "invalid":
            return { state: "invalid", read: { of: elementOf(view), ...read.read }, tagOf: view.urn };
        case "valid":
            return { state: "valid", value: read.value, from: tagSourceText(read.source) };
    }
}

/**
 * Where a resource sits decides its zone, tenant and side: a VPC's values are the defaults of its
 * subnets and groups, a subnet's those of what is placed in it, and a resource's own tag must agree.
 */
export class Placement {
    /** By name, then by urn. */
    private readonly memo: Record<PlacedName, Map<string, Placed<unknown>>> = {
        zone: new Map(),
        tenant: new Map(),
        side: new Map(),
    };

    constructor(
        private readonly index: StackIndex,
        private readonly authority?: PlacementAuthority,
    ) {}

    zone(view: ResourceView): Placed<DemarcTagValues["zone"]> {
        return this.placed(view, "zone");
    }
    tenant(view: ResourceView): Placed<DemarcTagValues["tenant"]> {
        return this.placed(view, "tenant");
    }
    side(view: ResourceView): Placed<DemarcTagValues["side"]> {
        return this.placed(view, "side");
    }

    /** The subnets a resource is placed in, when the stack says. */
    subnetsOf(view: ResourceView): Resolution {
        return interfaceSubnets(this.index, view);
    }

    vpcOf(view: ResourceView): ResourceView | undefined {
        const ref = resolveReference(this.index, view, "vpcId", { types: [T.vpc], one: true });
        return ref.state === "resolved" ? ref.targets[0] : undefined;
    }

    private placed<N extends PlacedName>(view: ResourceView, name: N): Placed<DemarcTagValues[N]> {
        let result = this.memo[name].get(view.urn) as Placed<DemarcTagValues[N]> | undefined;
        if (!result) {
            result = this.authority?.decide(view, name, this) ?? this.compute(view, name);
            this.memo[name].set(view.urn, result);
        }
        return result;
    }

    private compute<N extends PlacedName>(view: ResourceView, name: N): Placed<DemarcTagValues[N]> {
        const mine = own(view, name);
        if (view.type === T.subnet || view.type === T.securityGroup || view.type === T.defaultSecurityGroup) {
            if (mine) return mine;
            return this.inherit(view, name, "vpcId", T.vpc);
        }
        if (placesInterfaces(this.index, view)) return this.fromSubnets(view, name, mine);
        return mine ?? { state: "missing", reason: `${describe(view)} has no ${tagKey(name)}` };
    }

    private inherit<N extends PlacedName>(
        view: ResourceView,
        name: N,
        path: string,
        type: string,
    ): Placed<DemarcTagValues[N]> {
        const ref = resolveReference(this.index, view, path, { types: [type], one: true });
        if (ref.state === "unknown")
            return {
                state: "unknown",
                reason: `${describe(view)} has no ${tagKey(name)} and its ${path} is not known until apply`,
            };
        if (ref.state !== "resolved")
            return {
                state: "missing",
                reason: `${describe(view)} has no ${tagKey(name)}, and its VPC is not in this stack to inherit one from`,
            };
        const parent = ref.targets[0];
        const inherited = this.placed(parent, name);
        if (inherited.state === "valid")
            return { state: "valid", value: inherited.value, from: `from ${describe(parent)}` };
        if (inherited.state === "missing") {
            return {
                state: "missing",
                reason: `${describe(view)} has no ${tagKey(name)}, nor has ${describe(parent)}`,
            };
        }
        return inherited;
    }

    private fromSubnets<N extends PlacedName>(
        view: ResourceView,
        name: N,
        mine: Placed<DemarcTagValues[N]> | undefined,
    ): Placed<DemarcTagValues[N]> {
        const ref = this.subnetsOf(view);
        if (ref.state !== "resolved") {
            if (mine) return mine;
            if (ref.state === "unknown")
                return {
                    state: "unknown",
                    reason: `${describe(view)} has no ${tagKey(name)} and its ${ref.path} is not known until apply`,
                };
            return {
                state: "missing",
                reason: `${describe(view)} has no ${tagKey(name)}, and its subnet is not in this stack to take one from`,
            };
        }
        const values = new Map<string, { value: DemarcTagValues[N]; subnet: ResourceView }>();
        const subnets: { subnet: ElementRef; value: string }[] = [];
        for (const subnet of ref.targets) {
            const placed = this.placed(subnet, name);
            if (placed.state !== "valid") {
                if (mine && mine.state === "valid") continue;
                if (placed.state === "missing")
                    return {
                        state: "missing",
                        reason: `${describe(view)} has no ${tagKey(name)}, nor has ${describe(subnet)}`,
                    };
                return placed;
            }
            values.set(String(placed.value), { value: placed.value, subnet });
            subnets.push({ subnet: elementOf(subnet), value: String(placed.value) });
        }
        const conflict = (read: Omit<ValueRead, "name" | "subnets">): Placed<DemarcTagValues[N]> => ({
            state: "invalid",
            read: { of: elementOf(view), name: tagKey(name), ...read, subnets },
        });
        if (values.size > 1) return conflict({ invalid: "subnets-differ" });
        const [only] = values.values();
        if (!only) return mine ?? { state: "missing", reason: `${describe(view)} has no ${tagKey(name)}` };
        if (mine?.state === "valid" && mine.value !== only.value)
            return conflict({ value: String(mine.value), from: mine.from, invalid: "differs-from-subnet" });
        if (mine && mine.state !== "valid") return mine;
        return { state: "valid", value: only.value, from: `from ${describe(only.subnet)}` };
    }
}

function tagKey(name: PlacedName): string {
    return `demarc:${name}`;
}

/**
 * Whether a resource's zone, tenant and side are its own record's: it is no VPC, subnet or security group and names
 * no subnet (known, unknown or outside the stack), so its own tags over its provider's default tags and the plan's
 * entry for its account decide them, the same at `Analyze` as at `AnalyzeStack`. A role, a log group, a VPN
 * connection or a Client VPN endpoint is; an instance, even one whose subnet is unknown or absent, is not.
 */
export function placedByItself(view: ResourceView): boolean {
    let byItself = placedByItselfCache.get(view.record);
    if (byItself === undefined) {
        byItself = !isPlace(new StackIndex([view.record]), view);
        placedByItselfCache.set(view.record, byItself);
    }
    return byItself;
}

/** By record: whether a resource is placed by itself is read from its record alone, and several policies ask. */
const placedByItselfCache = new WeakMap<ResourceView["record"], boolean>();

/** The placement of a resource {@link placedByItself}, read from its record alone; none for any other. */
export function ownPlacement(view: ResourceView, authority: PlacementAuthority | undefined): Placement | undefined {
    const alone = new StackIndex([view.record]);
    return isPlace(alone, view) ? undefined : new Placement(alone, authority);
}
