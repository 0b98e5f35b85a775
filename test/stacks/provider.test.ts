import { beforeAll, describe, expect, it } from "vitest";
import { TENANTS } from "../../stacks/facts";
import { mockNetwork, Network, settle, tagsOf, TYPES } from "./mock-network";

const KEYS = { acme: "acme-psk-0042", globex: "globex-psk-0042" };
let net: Network;

beforeAll(async () => {
    const config = {
        "demarc-samples:acmeVpnPresharedKey": KEYS.acme,
        "demarc-samples:globexVpnPresharedKey": KEYS.globex,
    };
    const registered = mockNetwork(config, Object.keys(config));
    const { providerNetwork } = await import("../../stacks/provider");
    await settle(providerNetwork().outputs);
    net = new Network(registered);
});

// What the pack judges of this network is proven over the protocol (see client.test.ts).
describe("the compliant provider network, as the example of how to tag one", () => {
    it("marks the whole account provider-side once, on its explicit provider; no resource repeats its side", () => {
        const providers = net.ofType(TYPES.provider);
        expect(providers.map((p) => [p.name, JSON.parse(String(p.inputs.defaultTags))])).toEqual([
            ["provider-account", { tags: { "demarc:side": "provider" } }],
        ]);
        expect(net.resources.filter((r) => tagsOf(r)["demarc:side"] !== undefined).map((r) => r.name)).toEqual([]);
    });

    it("names every resource that takes tags after itself, and gives it to the tenant it serves or to the shared services", () => {
        const served = (name: string) =>
            TENANTS.find((tenant) => name.startsWith(`${tenant}-`) || name.endsWith(`-${tenant}`)) ?? "shared";
        const tagged = net.resources.filter((r) => r.inputs.tags !== undefined);
        expect(new Set(tagged.map((r) => served(r.name)))).toEqual(new Set(["shared", ...TENANTS]));
        const off = tagged.filter((r) => tagsOf(r).Name !== r.name || tagsOf(r)["demarc:tenant"] !== served(r.name));
        expect(off.map((r) => r.name)).toEqual([]);
    });

    it("keeps each tenant's VPN pre-shared key a secret from the stack config, on that tenant's tunnels only", () => {
        const secret = (value: string) => ({
            "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
            value,
        });
        for (const tenant of TENANTS) {
            const vpn = net.named(`${tenant}-vpn`).inputs;
            expect([vpn.tunnel1PresharedKey, vpn.tunnel2PresharedKey]).toEqual([
                secret(KEYS[tenant]),
                secret(KEYS[tenant]),
            ]);
        }
    });
});
