import { describe, expect, test } from "vitest";
import { CidrIndex, CidrSet, parseCidr } from "../../lib/cidr";
import { naclAllows } from "../../lib/network/flows";
import { networkModel } from "../../lib/network/model";
import { pathBetween } from "../../lib/network/paths";
import { plaintextParts, readTraffic } from "../../lib/network/traffic";
import { Placement } from "../../lib/placement";
import { StackIndex } from "../../lib/stack";
import { DEFAULT_ENCRYPTED_PORTS } from "../../lib/settings";
import { hub, type Net, threeZones } from "./fixture";

const cidr = (t: string) => parseCidr(t)!;

function modelOf(net: Net) {
    const index = new StackIndex(net.records);
    return networkModel(index, new Placement(index));
}

describe("addresses", () => {
    test("blocks mask host bits and compare as intervals", () => {
        expect(cidr("10.0.3.7/24").text).toBe("10.0.3.7/24");
        expect(cidr("10.0.3.7/24").lo).toBe(cidr("10.0.3.0/24").lo);
        expect(parseCidr("10.0.0.0/33")).toBeUndefined();
        expect(parseCidr(42)).toBeUndefined();
        expect(cidr("2600:1f18:aaaa:3::/80").family).toBe(6);
    });

    test("IPv4 only in four decimal parts, as AWS writes it: no shorthand, no octal, no hex", () => {
        for (const text of [
            "10.1/16",
            "010.0.0.0/8",
            "10.0.0.08/32",
            "0x0a.0.0.0/8",
            "10.0.0.0",
            "10.0.0.0/8/8",
            "256.0.0.0/8",
        ])
            expect(parseCidr(text), text).toBeUndefined();
        expect(cidr(" 10.0.0.0/8 ").lo).toBe(cidr("10.0.0.0/8").lo);
        expect(cidr("0.0.0.0/0").prefix).toBe(0);
    });

    test("one library for every reader: a setting refuses what the network would not read", async () => {
        const { settingSchemas } = await import("../../lib/settings");
        const schema = settingSchemas().clientCidrs;
        expect(schema.safeParse(["10.0.0.0/8"]).success).toBe(true);
        expect(schema.safeParse(["010.0.0.0/8"]).success).toBe(false);
        expect(schema.safeParse(["10.1/16"]).success).toBe(false);
    });

    test("an index finds every block overlapping a query, nested or not", () => {
        const index = new CidrIndex<string>();
        for (const t of ["10.0.0.0/16", "10.0.1.0/24", "10.0.2.0/24", "10.1.0.0/16", "2600::/56"])
            index.add(cidr(t), t);
        expect(index.overlapping(cidr("10.0.2.128/25"))).toEqual(["10.0.0.0/16", "10.0.2.0/24"]);
        expect(index.overlapping(cidr("0.0.0.0/0"))).toEqual([
            "10.0.0.0/16",
            "10.0.1.0/24",
            "10.0.2.0/24",
            "10.1.0.0/16",
        ]);
        expect(index.overlapping(cidr("::/0"))).toEqual(["2600::/56"]);
        expect(index.overlapping(cidr("192.168.0.0/16"))).toEqual([]);
    });

    test("an index tells whether one of its blocks holds a whole block, a union of two not counting", () => {
        const index = new CidrIndex<string>();
        for (const t of ["10.0.0.0/24", "10.0.1.0/24", "10.8.0.0/16", "10.9.0.0/16", "2600::/56"])
            index.add(cidr(t), t);
        expect(index.holdsAll(cidr("10.8.3.0/24"))).toBe(true);
        expect(index.holdsAll(cidr("10.8.0.0/16"))).toBe(true);
        expect(index.holdsAll(cidr("10.0.1.128/25"))).toBe(true);
        expect(index.holdsAll(cidr("10.0.0.0/23"))).toBe(false);
        expect(index.holdsAll(cidr("10.8.0.0/15"))).toBe(false);
        expect(index.holdsAll(cidr("0.0.0.0/0"))).toBe(false);
        expect(index.holdsAll(cidr("10.200.0.0/24"))).toBe(false);
        expect(index.holdsAll(cidr("2600::/64"))).toBe(true);
        expect(index.holdsAll(cidr("::/0"))).toBe(false);
        expect(new CidrIndex<string>().holdsAll(cidr("10.0.0.0/32"))).toBe(false);
    });

    test("a set tells whether a block reaches outside it", () => {
        const declared = new CidrSet([cidr("10.0.0.0/24"), cidr("10.0.1.0/24")]);
        expect(declared.leavesOut(cidr("10.0.0.0/23"))).toBe(false);
        expect(declared.leavesOut(cidr("10.0.0.0/22"))).toBe(true);
        expect(declared.leavesOut(cidr("::/0"))).toBe(true);
    });
});

describe("traffic", () => {
    test("protocols by name or number, ports ignored where AWS ignores them", () => {
        expect(readTraffic("-1", 0, 0, "r")).toEqual({
            state: "known",
            traffic: { protocol: "all", from: 0, to: 65535 },
        });
        expect(readTraffic("6", "443", 443, "r")).toEqual({
            state: "known",
            traffic: { protocol: "tcp", from: 443, to: 443 },
        });
        expect(readTraffic("tcp", 500, 400, "r")).toEqual({
            state: "invalid",
            what: "the ports of r are not a range from 0 to 65535",
        });
        expect(readTraffic("icmp", -1, -1, "r")).toEqual({
            state: "known",
            traffic: { protocol: "icmp", from: 0, to: 65535 },
        });
    });

    test("plaintext parts of a range around encrypted ports", () => {
        expect(plaintextParts({ protocol: "tcp", from: 440, to: 450 }, DEFAULT_ENCRYPTED_PORTS)).toEqual([
            { protocol: "tcp", from: 440, to: 442 },
            { protocol: "tcp", from: 444, to: 450 },
        ]);
        expect(plaintextParts({ protocol: "udp", from: 500, to: 500 }, DEFAULT_ENCRYPTED_PORTS)).toEqual([]);
    });
});

describe("network ACLs", () => {
    test("first matching rule wins; a deny before an allow removes its part; a rule over part of the peer lets its part through", () => {
        const model = modelOf(threeZones());
        const db = model.subnets.find((s) => s.view.name === "db-a")!;
        expect(naclAllows(db.nacl, false, cidr("10.0.0.0/24"), { protocol: "tcp", from: 443, to: 443 })).toEqual([]);
        expect(naclAllows(db.nacl, false, cidr("10.0.1.0/24"), { protocol: "tcp", from: 443, to: 443 })).toEqual([
            { protocol: "tcp", from: 443, to: 443 },
        ]);
        expect(naclAllows(db.nacl, false, cidr("10.0.0.0/23"), { protocol: "tcp", from: 443, to: 443 })).toEqual([
            { protocol: "tcp", from: 443, to: 443 },
        ]);
        expect(naclAllows(db.nacl, false, cidr("192.168.0.0/24"), { protocol: "tcp", from: 443, to: 443 })).toEqual([]);
    });
});

describe("paths", () => {
    const between = (net: Net, from: string, to: string) => {
        const model = modelOf(net);
        const subnet = (name: string) => model.subnets.find((s) => s.view.name === name)!;
        const path = pathBetween(model, subnet(from), subnet(to));
        return path.state === "path" ? path.hop.kind : path.state;
    };

    test.each([false, true])("peering is not transitive (preview %s)", (preview) => {
        const net = hub("peerings", preview);
        expect(between(net, "red-a", "yellow-a")).toBe("peering");
        expect(between(net, "yellow-a", "green-a")).toBe("peering");
        expect(between(net, "red-a", "green-a")).toBe("none");
        expect(between(net, "green-a", "red-a")).toBe("none");
    });

    test.each([false, true])(
        "a transit gateway routes only what the associated table propagates (preview %s)",
        (preview) => {
            expect(between(hub("tgw", preview), "red-a", "green-a")).toBe("tgw");
            expect(between(hub("tgw-unpropagated", preview), "red-a", "green-a")).toBe("none");
        },
    );
});
