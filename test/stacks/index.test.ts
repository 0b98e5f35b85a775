import { expect, it } from "vitest";
import { mockNetwork, Network, refName, settle, TYPES } from "./mock-network";

it("builds the network and switches on the scenario the stack config names", async () => {
    const registered = mockNetwork({
        "demarc-samples:network": "provider",
        "demarc-samples:scenario": "tgw-cross-tenant-propagation",
    });
    const program = await import("../../stacks/index");
    expect([program.network, program.scenario]).toEqual(["provider", "tgw-cross-tenant-propagation"]);
    await settle(program.outputs);
    expect(
        new Network(registered).groupBy(
            TYPES.tgwPropagation,
            "transitGatewayRouteTableId",
            "transitGatewayAttachmentId",
        ),
    ).toEqual({
        "acme-tgw-rt": ["acme-attachment", "acme-vpn (attachment)", "globex-attachment"],
        "globex-tgw-rt": ["globex-attachment", "globex-vpn (attachment)"],
    });
    expect(
        refName(new Network(registered).named("acme-tgw-rt-learns-globex-vpc").inputs.transitGatewayRouteTableId),
    ).toBe("acme-tgw-rt");
});
