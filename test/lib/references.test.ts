import { describe, expect, test } from "vitest";
import { T } from "../../lib/aws-types";
import { resolveReference, type ReferenceSpec, type Resolution } from "../../lib/references";
import type { ResourceRecord } from "../../lib/resource";
import { StackIndex } from "../../lib/stack";
import { record, UNKNOWN } from "../support/records";

const GROUPS = [T.securityGroup];
const BUCKETS = [T.bucketV2];

const vpc = record(T.vpc, "core", { id: "vpc-1", cidrBlock: "10.0.0.0/16", defaultRouteTableId: "rtb-main" });
const subnetA = record(T.subnet, "app-a", { id: "subnet-a", vpcId: "vpc-1" });
const subnetB = record(T.subnet, "app-b", { id: "subnet-b", vpcId: "vpc-1" });
const sgA = record(T.securityGroup, "web", { id: "sg-a" });
const sgB = record(T.securityGroup, "db", { id: "sg-b" });
const logs = record(T.bucketV2, "logs", { id: "logs-20250101", bucket: "acme-logs", arn: "arn:aws:s3:::acme-logs" });
const group = record(T.logGroup, "flows", { id: "flows", name: "/vpc/flows" });
const role = record(T.iamRole, "reader", {
    id: "reader",
    name: "reader",
    arn: "arn:aws:iam::111122223333:role/reader",
});
const NETWORK = [vpc, subnetA, subnetB, sgA, sgB, logs, group, role];

/** Resolves `path` of a resource with these props and engine dependencies, in a stack of NETWORK and it. */
function resolve(
    props: Record<string, unknown>,
    path: string,
    spec: ReferenceSpec,
    refs: Record<string, ResourceRecord | readonly ResourceRecord[]> = {},
    type = "aws:test/holder:Holder",
): Resolution {
    const holder = record(type, "holder", props, { refs });
    const index = new StackIndex([...NETWORK, holder]);
    return resolveReference(index, index.get(holder.urn)!, path, spec);
}

const names = (r: Resolution) => r.targets.map((t) => t.name);

describe("one reference resolver", () => {
    test("nested arrays and objects: every element's field, each with the path it sits at", () => {
        const r = resolve(
            { ipAddresses: [{ subnetId: "subnet-a" }, { subnetId: "subnet-b", ip: "10.0.2.9" }] },
            "ipAddresses.subnetId",
            { types: [T.subnet] },
        );
        expect(r.state).toBe("resolved");
        expect(r.referents.map((x) => [x.state, x.path])).toEqual([
            ["in-stack", "ipAddresses.0.subnetId"],
            ["in-stack", "ipAddresses.1.subnetId"],
        ]);
        expect(names(r)).toEqual(["app-a", "app-b"]);
    });

    test("a numeric segment reads one element: the second inline route's gateway only", () => {
        const r = resolve({ routes: [{ subnetId: "subnet-a" }, { subnetId: "subnet-b" }] }, "routes.1.subnetId", {
            types: [T.subnet],
        });
        expect(names(r)).toEqual(["app-b"]);
    });

    test("unknown in the middle of a path: reported where it stops the walk; one dependency of the type is the answer", () => {
        const one = resolve(
            { vpcConfig: UNKNOWN },
            "vpcConfig.subnetIds",
            { types: [T.subnet] },
            { vpcConfig: [subnetA, sgA] },
        );
        expect(names(one)).toEqual(["app-a"]);
        expect(one.referents[0].path).toBe("vpcConfig");
        const two = resolve(
            { vpcConfig: UNKNOWN },
            "vpcConfig.subnetIds",
            { types: [T.subnet] },
            { vpcConfig: [subnetA, subnetB] },
        );
        expect(two.state).toBe("unknown");
        expect(two.unknown.map((u) => [u.path, u.candidates.map((c) => c.name)])).toEqual([
            ["vpcConfig", ["app-a", "app-b"]],
        ]);
    });

    test("the only place of a property holding that kind (sole): every dependency of the type is one of its references", () => {
        const r = resolve(
            { vpcConfig: { subnetIds: [UNKNOWN, UNKNOWN], securityGroupIds: [UNKNOWN] } },
            "vpcConfig.subnetIds",
            { types: [T.subnet], sole: true },
            { vpcConfig: [subnetA, subnetB, sgA] },
        );
        expect(names(r)).toEqual(["app-a", "app-b"]);
    });

    test("id, ARN and name: a name is matched only where the call says the property holds one", () => {
        expect(names(resolve({ bucket: "logs-20250101" }, "bucket", { types: BUCKETS }))).toEqual(["logs"]);
        expect(names(resolve({ bucket: "arn:aws:s3:::acme-logs" }, "bucket", { types: BUCKETS }))).toEqual(["logs"]);
        expect(names(resolve({ bucket: "arn:aws:s3:::acme-logs/AWSLogs/" }, "bucket", { types: BUCKETS }))).toEqual([
            "logs",
        ]);
        const byName = resolve({ bucket: "acme-logs" }, "bucket", { types: BUCKETS });
        expect(byName.state).toBe("external");
        expect(byName.external).toEqual(["acme-logs"]);
        expect(names(resolve({ bucket: "acme-logs" }, "bucket", { types: BUCKETS, names: true }))).toEqual(["logs"]);
        expect(
            names(
                resolve({ dest: "arn:aws:logs:us-east-1:111122223333:log-group:/vpc/flows:*" }, "dest", {
                    types: [T.logGroup],
                }),
            ),
        ).toEqual(["flows"]);
        // The same string names a role by name and a bucket by nothing: the types decide.
        expect(resolve({ role: "reader" }, "role", { types: BUCKETS, names: true }).state).toBe("external");
        expect(names(resolve({ role: "reader" }, "role", { types: [T.iamRole], names: true }))).toEqual(["reader"]);
    });

    test("a reference held as the target's output (attribute) or its urn", () => {
        expect(
            names(
                resolve({ defaultRouteTableId: "rtb-main" }, "defaultRouteTableId", {
                    types: [T.vpc],
                    attribute: "defaultRouteTableId",
                }),
            ),
        ).toEqual(["core"]);
        expect(names(resolve({ vpcId: vpc.urn }, "vpcId", { types: [T.vpc] }))).toEqual(["core"]);
    });

    test("an engine dependency of a different type is never the target: the unknown is reported", () => {
        const r = resolve({ subnetId: UNKNOWN }, "subnetId", { types: [T.subnet] }, { subnetId: vpc });
        expect(r.state).toBe("unknown");
        expect(r.targets).toEqual([]);
        expect(r.unknown).toEqual([{ state: "unknown", path: "subnetId", candidates: [] }]);
    });

    test("more unknowns than dependencies of the type: the rest came from another kind of resource (a VPC's default group)", () => {
        const r = resolve(
            { vpcSecurityGroupIds: [UNKNOWN, UNKNOWN] },
            "vpcSecurityGroupIds",
            { types: GROUPS },
            { vpcSecurityGroupIds: [sgA, vpc] },
        );
        expect(names(r)).toEqual(["web"]);
        expect(r.unknown.map((u) => u.path)).toEqual(["vpcSecurityGroupIds.1"]);
    });

    test("several candidates at a preview are never all taken for a value that holds fewer references", () => {
        // A scalar property computed from two groups: one of them, not both.
        const scalar = resolve(
            { sourceSecurityGroupId: UNKNOWN },
            "sourceSecurityGroupId",
            { types: GROUPS, one: true },
            { sourceSecurityGroupId: [sgA, sgB] },
        );
        expect(scalar.state).toBe("unknown");
        expect(scalar.unknown[0].candidates.map((c) => c.name)).toEqual(["web", "db"]);
        // One rule of an inline list: the property's dependencies are every rule's.
        const inline = resolve(
            { ingress: [{ securityGroups: [UNKNOWN] }, { securityGroups: [UNKNOWN] }] },
            "ingress.0.securityGroups",
            { types: GROUPS },
            { ingress: [sgA, sgB] },
            T.securityGroup,
        );
        expect(inline.state).toBe("unknown");
        expect(inline.unknown.map((u) => [u.path, u.candidates.map((c) => c.name)])).toEqual([
            ["ingress.0.securityGroups.0", ["web", "db"]],
        ]);
        // A list of one unknown element and two candidates: which one cannot be told.
        expect(resolve({ ids: [UNKNOWN] }, "ids", { types: GROUPS }, { ids: [sgA, sgB] }).state).toBe("unknown");
        // A list of two and two candidates: both.
        expect(names(resolve({ ids: [UNKNOWN, UNKNOWN] }, "ids", { types: GROUPS }, { ids: [sgA, sgB] }))).toEqual([
            "web",
            "db",
        ]);
        // A whole list unknown: every candidate (the engine names what it came from).
        expect(names(resolve({ ids: UNKNOWN }, "ids", { types: GROUPS }, { ids: [sgA, sgB] }))).toEqual(["web", "db"]);
    });

    test("a known value elsewhere in the property names its dependency, which leaves one candidate for the unknown", () => {
        const r = resolve(
            { ingress: [{ securityGroups: ["sg-a"] }, { securityGroups: [UNKNOWN] }] },
            "ingress.1.securityGroups",
            { types: GROUPS },
            { ingress: [sgA, sgB] },
            T.securityGroup,
        );
        expect(names(r)).toEqual(["db"]);
    });

    test("an external id is kept, beside what is in the stack", () => {
        const alone = resolve({ securityGroupIds: ["sg-0external"] }, "securityGroupIds", { types: GROUPS });
        expect(alone.state).toBe("external");
        expect(alone.referents).toEqual([{ state: "external", value: "sg-0external", path: "securityGroupIds.0" }]);
        const mixed = resolve(
            { securityGroupIds: ["sg-a", "sg-0external"] },
            "securityGroupIds",
            { types: GROUPS },
            { securityGroupIds: sgA },
        );
        expect(mixed.state).toBe("resolved");
        expect(names(mixed)).toEqual(["web"]);
        expect(mixed.external).toEqual(["sg-0external"]);
    });

    test("a known value in a form the stack does not index, from a dependency the engine names: that dependency", () => {
        const r = resolve(
            { dbSubnetGroupName: "main-group" },
            "dbSubnetGroupName",
            { types: [T.subnet] },
            { dbSubnetGroupName: subnetA },
        );
        expect(names(r)).toEqual(["app-a"]);
        expect(r.external).toEqual([]);
    });

    test("absent, empty and non-string values refer to nothing", () => {
        expect(resolve({}, "subnetId", { types: [T.subnet] }).state).toBe("absent");
        expect(resolve({ subnetId: "" }, "subnetId", { types: [T.subnet] }).state).toBe("absent");
        expect(resolve({ subnetIds: [null, 7] }, "subnetIds", { types: [T.subnet] }).state).toBe("absent");
    });
});
