import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { expect, it } from "vitest";
import { buildWithChange, retag } from "../../stacks/change";
import { mockNetwork, Network, refName, settle, tagsOf } from "./mock-network";

const inStack = <T>(build: () => T): Promise<T> =>
    new Promise((resolve, reject) => {
        pulumi.runtime
            .runInPulumiStack(async () => {
                resolve(build());
                return undefined;
            })
            .catch(reject);
    });

const twoSubnets = () => {
    const vpc = new aws.ec2.Vpc("vpc", { cidrBlock: "10.0.0.0/16", tags: { Name: "vpc", "demarc:zone": "green" } });
    const a = new aws.ec2.Subnet("a", { vpcId: vpc.id, cidrBlock: "10.0.0.0/24", tags: { "demarc:zone": "green" } });
    const b = new aws.ec2.Subnet("b", { vpcId: vpc.id, cidrBlock: "10.0.1.0/24" });
    return { vpc, a, b, outputs: { vpcId: vpc.id } };
};

it("alters resources by name as the program creates them, then adds to the built network", async () => {
    const registered = mockNetwork();
    const built = await inStack(() =>
        buildWithChange(twoSubnets, {
            alter: {
                vpc: retag({ "demarc:zone": undefined, "demarc:tenant": "acme" }),
                b: ({ props, created }) => ({
                    props: { ...props, ipv6Native: true, tags: { peer: created("a").urn } },
                }),
            },
            add: ({ vpc }) => new aws.ec2.InternetGateway("igw", { vpcId: vpc.id }),
        }),
    );
    await settle(built.outputs);
    const network = new Network(registered);
    expect(network.named("vpc").inputs.tags).toEqual({ Name: "vpc", "demarc:tenant": "acme" });
    expect(network.named("a").inputs.tags).toEqual({ "demarc:zone": "green" });
    expect(network.named("b").inputs.ipv6Native).toBe(true);
    expect(tagsOf(network.named("b")).peer).toMatch(/::a$/);
    expect(refName(network.named("igw").inputs.vpcId)).toBe("vpc");
});
