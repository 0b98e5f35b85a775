import { describe, expect, test } from "vitest";
import { T } from "../../lib/aws-types";
import { interfaceSubnets } from "../../lib/interfaces";
import type { ResourceRecord } from "../../lib/resource";
import { StackIndex } from "../../lib/stack";
import { record, UNKNOWN } from "../support/records";

const subnetA = record(T.subnet, "app-a", { id: UNKNOWN });
const subnetB = record(T.subnet, "app-b", { id: UNKNOWN });
const sg = record(T.securityGroup, "app", { id: UNKNOWN });

function subnetsOf(holder: ResourceRecord) {
    const index = new StackIndex([subnetA, subnetB, sg, holder]);
    return interfaceSubnets(index, index.get(holder.urn)!);
}

describe("where a resource puts interfaces, at a first preview", () => {
    test("a nested value unknown as a whole is read from the subnets the engine names for it", () => {
        const ref = subnetsOf(
            record(
                "aws:lambda/function:Function",
                "fn",
                { vpcConfig: UNKNOWN },
                { refs: { vpcConfig: [subnetA, subnetB, sg] } },
            ),
        );
        expect(ref.targets.map((t) => t.name)).toEqual(["app-a", "app-b"]);
    });

    test("an unknown inside a nested value that names no subnet property is read the same way", () => {
        const ref = subnetsOf(
            record(
                "aws:test/cluster:Cluster",
                "cluster",
                { network: { placement: UNKNOWN, size: 3 } },
                { refs: { network: [subnetA, sg] } },
            ),
        );
        expect(ref.targets.map((t) => t.name)).toEqual(["app-a"]);
    });

    test("one unknown computed from two subnets is either: unknown, naming both, never both taken", () => {
        const ref = subnetsOf(
            record(
                "aws:test/cluster:Cluster",
                "cluster",
                { network: [UNKNOWN] },
                { refs: { network: [subnetA, subnetB] } },
            ),
        );
        expect(ref.state).toBe("unknown");
        expect(ref.unknown[0].candidates.map((c) => c.name)).toEqual(["app-a", "app-b"]);
    });

    test("a stack's outputs naming subnets in a map put no interface anywhere", () => {
        const ref = subnetsOf(
            record("pulumi:pulumi:Stack", "stack", { outputs: { subnetIds: { green: [UNKNOWN, UNKNOWN] } } }),
        );
        expect(ref.state).toBe("absent");
    });
});
