import { beforeAll, describe, expect, it } from "vitest";
import { mockNetwork, Network, settle, tagsOf, TYPES } from "./mock-network";

const PSK = "correct-horse-battery-staple-0042";
let net: Network;

beforeAll(async () => {
    const registered = mockNetwork({ "demarc-samples:vpnPresharedKey": PSK }, ["demarc-samples:vpnPresharedKey"]);
    const { clientNetwork } = await import("../../stacks/client");
    await settle(clientNetwork().outputs);
    net = new Network(registered);
});

// What the pack judges of this network (zones, paths, flows, logs, access, standards) is proven over the
// protocol: the compliant network gives exactly its expected findings. These are the example's own rules.
describe("the compliant client network, as the example of how to tag one", () => {
    it("marks the whole account client-side once, on its explicit provider; no resource repeats its side", () => {
        const providers = net.ofType(TYPES.provider);
        expect(providers.map((p) => [p.name, JSON.parse(String(p.inputs.defaultTags))])).toEqual([
            ["client-account", { tags: { "demarc:side": "client" } }],
        ]);
        expect(net.resources.filter((r) => tagsOf(r)["demarc:side"] !== undefined).map((r) => r.name)).toEqual([]);
    });

    it("names every resource that takes tags after itself and gives it to tenant acme", () => {
        const tagged = net.resources.filter((r) => r.inputs.tags !== undefined);
        expect(tagged.length).toBeGreaterThan(40);
        const off = tagged.filter((r) => tagsOf(r).Name !== r.name || tagsOf(r)["demarc:tenant"] !== "acme");
        expect(off.map((r) => r.name)).toEqual([]);
    });

    it("keeps the VPN's pre-shared key a secret from the stack config, on both tunnels", () => {
        const vpn = net.named("mssp-vpn").inputs;
        const secret = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: PSK };
        expect([vpn.tunnel1PresharedKey, vpn.tunnel2PresharedKey]).toEqual([secret, secret]);
    });
});
