import * as ipaddr from "ipaddr.js";

/** The one CIDR library of the pack: blocks as intervals, their relations, indexes and unions. */

/** An IPv4 or IPv6 block as an inclusive interval of addresses. */
export interface Cidr {
    readonly text: string;
    readonly family: 4 | 6;
    readonly prefix: number;
    readonly lo: bigint;
    readonly hi: bigint;
}

function toBigInt(bytes: readonly number[]): bigint {
    let value = 0n;
    for (const b of bytes) value = (value << 8n) | BigInt(b);
    return value;
}

/**
 * A CIDR block from text ("10.0.0.0/16", "2600:1f18::/56"); host bits are masked as AWS does. IPv4
 * only in four decimal parts, as AWS writes it: not "10.1/16", nor "010.0.0.0/8" (octal elsewhere).
 */
export function parseCidr(text: unknown): Cidr | undefined {
    if (typeof text !== "string") return undefined;
    if (parsed.has(text)) return parsed.get(text);
    if (parsed.size >= PARSED_LIMIT) parsed.clear();
    const cidr = parse(text);
    parsed.set(text, cidr);
    return cidr;
}

/** Blocks already parsed, by their text: a stack names the same few blocks many times over. */
const parsed = new Map<string, Cidr | undefined>();
const PARSED_LIMIT = 100_000;

function parse(text: string): Cidr | undefined {
    const trimmed = text.trim();
    const v4 = /^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(trimmed);
    if (
        v4
            ? /(^|\.)0\d/.test(trimmed.split("/")[0]) || !ipaddr.IPv4.isValidCIDRFourPartDecimal(trimmed)
            : !ipaddr.IPv6.isValidCIDR(trimmed)
    )
        return undefined;
    const [address, prefix] = v4 ? ipaddr.IPv4.parseCIDR(trimmed) : ipaddr.IPv6.parseCIDR(trimmed);
    const family = address.kind() === "ipv4" ? 4 : 6;
    const width = BigInt(family === 4 ? 32 : 128);
    const bits = BigInt(prefix);
    const hostMask = (1n << (width - bits)) - 1n;
    const lo = toBigInt(address.toByteArray()) & ~hostMask;
    return { text: trimmed, family, prefix, lo, hi: lo | hostMask };
}

export const ANY_IPV4 = parseCidr("0.0.0.0/0")!;
export const ANY_IPV6 = parseCidr("::/0")!;

export function overlaps(a: Cidr, b: Cidr): boolean {
    return a.family === b.family && a.lo <= b.hi && b.lo <= a.hi;
}

export function covers(outer: Cidr, inner: Cidr): boolean {
    return outer.family === inner.family && outer.lo <= inner.lo && inner.hi <= outer.hi;
}

interface Entry<T> {
    readonly cidr: Cidr;
    readonly value: T;
}

/** Values keyed by address block; finds every block overlapping a query without scanning them all. */
export class CidrIndex<T> {
    private readonly families = new Map<4 | 6, { entries: Entry<T>[]; maxHi: bigint[] }>();
    private pending: Entry<T>[] = [];

    add(cidr: Cidr, value: T): void {
        this.pending.push({ cidr, value });
    }

    private build(): void {
        if (this.pending.length === 0) return;
        for (const family of [4, 6] as const) {
            const existing = this.families.get(family)?.entries ?? [];
            const entries = [...existing, ...this.pending.filter((e) => e.cidr.family === family)];
            entries.sort((a, b) => (a.cidr.lo < b.cidr.lo ? -1 : a.cidr.lo > b.cidr.lo ? 1 : 0));
            const maxHi: bigint[] = [];
            let max = -1n;
            for (const e of entries) {
                if (e.cidr.hi > max) max = e.cidr.hi;
                maxHi.push(max);
            }
            this.families.set(family, { entries, maxHi });
        }
        this.pending = [];
    }

    /** The entries of the query's family in address order, and how many of them start at or before `address`. */
    private startingBy(
        query: Cidr,
        address: bigint,
    ): { entries: Entry<T>[]; maxHi: bigint[]; count: number } | undefined {
        this.build();
        const family = this.families.get(query.family);
        if (!family) return undefined;
        let lo = 0;
        let hi = family.entries.length;
        while (lo < hi) {
            const mid = (lo + hi) >> 1;
            if (family.entries[mid].cidr.lo <= address) lo = mid + 1;
            else hi = mid;
        }
        return { ...family, count: lo };
    }

    /** Every value whose block overlaps the query, in ascending address order. */
    overlapping(query: Cidr): T[] {
        const found: T[] = [];
        const start = this.startingBy(query, query.hi);
        if (!start) return found;
        const { entries, maxHi, count } = start;
        for (let i = count - 1; i >= 0 && maxHi[i] >= query.lo; i--) {
            if (entries[i].cidr.hi >= query.lo) found.push(entries[i].value);
        }
        return found.reverse();
    }

    /** Whether some value's block holds the whole query. */
    holdsAll(query: Cidr): boolean {
        const start = this.startingBy(query, query.lo);
        if (!start) return false;
        const { entries, maxHi, count } = start;
        for (let i = count - 1; i >= 0 && maxHi[i] >= query.hi; i--) if (entries[i].cidr.hi >= query.hi) return true;
        return false;
    }
}

/** A union of address blocks, merged into disjoint intervals. */
export class CidrSet {
    private readonly intervals = new Map<4 | 6, { lo: bigint[]; hi: bigint[] }>();

    constructor(cidrs: Iterable<Cidr>) {
        for (const family of [4, 6] as const) {
            const list = [...cidrs]
                .filter((c) => c.family === family)
                .sort((a, b) => (a.lo < b.lo ? -1 : a.lo > b.lo ? 1 : 0));
            const lo: bigint[] = [];
            const hi: bigint[] = [];
            for (const c of list) {
                const last = hi.length - 1;
                if (last >= 0 && c.lo <= hi[last] + 1n) {
                    if (c.hi > hi[last]) hi[last] = c.hi;
                } else {
                    lo.push(c.lo);
                    hi.push(c.hi);
                }
            }
            this.intervals.set(family, { lo, hi });
        }
    }

    /** True when some address of the block lies outside the set. */
    leavesOut(cidr: Cidr): boolean {
        const family = this.intervals.get(cidr.family)!;
        let lo = 0;
        let hi = family.lo.length;
        while (lo < hi) {
            const mid = (lo + hi) >> 1;
            if (family.lo[mid] <= cidr.lo) lo = mid + 1;
            else hi = mid;
        }
        const i = lo - 1;
        return i < 0 || family.hi[i] < cidr.hi;
    }
}

/** Whether the block is the whole address space of its family (0.0.0.0/0, ::/0). */
export const isEverywhere = (cidr: Cidr): boolean => cidr.prefix === 0;

/** Whether every address of the block lies in the union of the given blocks. */
export function isCovered(cidr: Cidr, by: readonly Cidr[]): boolean {
    return !new CidrSet(by).leavesOut(cidr);
}
