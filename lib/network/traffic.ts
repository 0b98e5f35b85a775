import type { EncryptedPort } from "../settings";
import { isUnknown } from "../values";

/** "all" for protocol -1; the named protocols AWS spells out; "ip N" for any other IP protocol number. */
export type Protocol = "all" | "tcp" | "udp" | "icmp" | "icmpv6" | `ip ${number}`;

/** What a rule lets through: a protocol and, for TCP and UDP, an inclusive port range. */
export interface Traffic {
    readonly protocol: Protocol;
    readonly from: number;
    readonly to: number;
}

export const ALL_TRAFFIC: Traffic = { protocol: "all", from: 0, to: 65535 };
export const EPHEMERAL_PORTS = { from: 1024, to: 65535 } as const;

const NUMBERED: Readonly<Record<string, Protocol>> = {
    "-1": "all",
    "6": "tcp",
    "17": "udp",
    "1": "icmp",
    "58": "icmpv6",
};

export type TrafficRead =
    | { readonly state: "known"; readonly traffic: Traffic }
    | { readonly state: "unknown"; readonly what: string }
    | { readonly state: "invalid"; readonly what: string };

function protocolOf(raw: unknown): Protocol | undefined {
    const text = typeof raw === "number" ? String(raw) : typeof raw === "string" ? raw.trim().toLowerCase() : undefined;
    if (text === undefined) return undefined;
    if (text === "all" || text === "-1") return "all";
    if (text === "tcp" || text === "udp" || text === "icmp" || text === "icmpv6") return text;
    if (/^\d{1,3}$/.test(text)) {
        const n = Number(text);
        if (n > 255) return undefined;
        return NUMBERED[text] ?? `ip ${n}`;
    }
    return undefined;
}

function portOf(raw: unknown): number | undefined {
    if (typeof raw === "number" && Number.isInteger(raw)) return raw;
    if (typeof raw === "string" && /^-?\d+$/.test(raw.trim())) return Number(raw.trim());
    return undefined;
}

/** Protocol and ports of a rule; AWS ignores ports for protocol -1 and for non-TCP/UDP protocols. */
export function readTraffic(protocol: unknown, fromPort: unknown, toPort: unknown, where: string): TrafficRead {
    if (isUnknown(protocol)) return { state: "unknown", what: `the protocol of ${where}` };
    const p = protocolOf(protocol);
    if (p === undefined) return { state: "invalid", what: `the protocol of ${where} is not a protocol AWS accepts` };
    if (p !== "tcp" && p !== "udp") return { state: "known", traffic: { protocol: p, from: 0, to: 65535 } };
    if (isUnknown(fromPort) || isUnknown(toPort)) return { state: "unknown", what: `the ports of ${where}` };
    const from = portOf(fromPort);
    const to = portOf(toPort);
    if (from === undefined || to === undefined)
        return { state: "invalid", what: `the ports of ${where} are not numbers` };
    if (from === -1 && to === -1) return { state: "known", traffic: { protocol: p, from: 0, to: 65535 } };
    if (from < 0 || to > 65535 || from > to)
        return { state: "invalid", what: `the ports of ${where} are not a range from 0 to 65535` };
    return { state: "known", traffic: { protocol: p, from, to } };
}

/** The traffic both let through, if any. */
export function intersect(a: Traffic, b: Traffic): Traffic | undefined {
    const protocol =
        a.protocol === "all" ? b.protocol : b.protocol === "all" || b.protocol === a.protocol ? a.protocol : undefined;
    if (protocol === undefined) return undefined;
    const ported = protocol === "tcp" || protocol === "udp";
    if (!ported) return { protocol, from: 0, to: 65535 };
    const from = Math.max(a.from, b.from);
    const to = Math.min(a.to, b.to);
    return from <= to ? { protocol, from, to } : undefined;
}

export function describeTraffic(t: Traffic): string {
    if (t.protocol === "all") return "all traffic (protocol -1)";
    if (t.protocol !== "tcp" && t.protocol !== "udp") return t.protocol;
    if (t.from === 0 && t.to === 65535) return `${t.protocol} all ports`;
    return t.from === t.to ? `${t.protocol} ${t.from}` : `${t.protocol} ${t.from}-${t.to}`;
}

/**
 * The parts of the traffic not covered by encrypted protocols and ports: each returned piece is
 * plaintext. Protocol -1 and non-TCP/UDP protocols are never encrypted by port.
 */
export function plaintextParts(t: Traffic, encrypted: readonly EncryptedPort[]): Traffic[] {
    if (t.protocol === "all") return [t];
    if (t.protocol !== "tcp" && t.protocol !== "udp") return [t];
    const ranges = encrypted
        .filter((e) => e.protocol === t.protocol && e.to >= t.from && e.from <= t.to)
        .map((e) => [Math.max(e.from, t.from), Math.min(e.to, t.to)] as const)
        .sort((a, b) => a[0] - b[0]);
    const parts: Traffic[] = [];
    let next = t.from;
    for (const [from, to] of ranges) {
        if (from > next) parts.push({ protocol: t.protocol, from: next, to: from - 1 });
        next = Math.max(next, to + 1);
    }
    if (next <= t.to) parts.push({ protocol: t.protocol, from: next, to: t.to });
    return parts;
}
