import * as ipaddr from "ipaddr.js";

/** An IPv4 or IPv6 CIDR block, as a network number and a prefix length. */
export interface AddressRange {
    readonly kind: "ipv4" | "ipv6";
    readonly network: bigint;
    readonly prefix: number;
    readonly text: string;
}

const WIDTH = { ipv4: 32, ipv6: 128 } as const;

/** A CIDR block (host bits dropped), or undefined when the text is not one. */
export function parseRange(text: string): AddressRange | undefined {
    const trimmed = text.trim();
    const isV4 = ipaddr.IPv4.isValidCIDRFourPartDecimal(trimmed);
    if (!isV4 && !ipaddr.IPv6.isValidCIDR(trimmed)) return undefined;
    const [address, prefix] = isV4 ? ipaddr.IPv4.parseCIDR(trimmed) : ipaddr.IPv6.parseCIDR(trimmed);
    const kind = address.kind();
    const width = WIDTH[kind];
    const value = address.toByteArray().reduce((acc, byte) => (acc << 8n) | BigInt(byte), 0n);
    const hostBits = BigInt(width - prefix);
    return { kind, network: (value >> hostBits) << hostBits, prefix, text: trimmed };
}

/** Whether the range is the whole address space of its kind (0.0.0.0/0, ::/0). */
export const isEverywhere = (range: AddressRange): boolean => range.prefix === 0;

function contains(outer: AddressRange, inner: AddressRange): boolean {
    if (outer.kind !== inner.kind || outer.prefix > inner.prefix) return false;
    const shift = BigInt(WIDTH[outer.kind] - outer.prefix);
    return outer.network >> shift === inner.network >> shift;
}

function halves(range: AddressRange): [AddressRange, AddressRange] {
    const prefix = range.prefix + 1;
    const upper = range.network | (1n << BigInt(WIDTH[range.kind] - prefix));
    return [
        { ...range, prefix },
        { ...range, network: upper, prefix },
    ];
}

/** Whether every address of the range lies in the union of the given ranges. */
export function isCovered(range: AddressRange, by: readonly AddressRange[]): boolean {
    if (by.some((r) => contains(r, range))) return true;
    const inside = by.filter((r) => contains(range, r));
    if (inside.length === 0) return false;
    return halves(range).every((half) => isCovered(half, inside));
}
