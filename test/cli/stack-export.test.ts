import { describe, expect, test } from "vitest";
import { InputError } from "../../cli/errors";
import { capturedToStackExport, parseStackExport } from "../../cli/stack-export";
import { SECRET_SIG, SECRET_SIG_KEY, UNKNOWN, makeSecret, type CapturedStack } from "../../runner/engine-resource";

const PROVIDER_URN = "urn:pulumi:prod::net::pulumi:providers:aws::client";
const VPC_URN = "urn:pulumi:prod::net::aws:ec2/vpc:Vpc::main";
const VPN_URN = "urn:pulumi:prod::net::acme:net:Edge$aws:ec2/vpnConnection:VpnConnection::to-mssp::a";

function exportOf(resources: unknown[]): string {
    return JSON.stringify({
        version: 3,
        deployment: { manifest: { time: "2026-11-23T12:00:00Z", magic: "", version: "v3.248.0" }, resources },
    });
}

const provider = {
    urn: PROVIDER_URN,
    custom: true,
    id: "prov-1",
    type: "pulumi:providers:aws",
    inputs: { region: "eu-west-1", defaultTags: '{"tags":{"demarc:side":"client"}}' },
    outputs: { region: "eu-west-1" },
};
const vpc = {
    urn: VPC_URN,
    custom: true,
    id: "vpc-0abc",
    type: "aws:ec2/vpc:Vpc",
    inputs: { cidrBlock: "10.0.0.0/16" },
    outputs: { id: "vpc-0abc", cidrBlock: "10.0.0.0/16", tags: { "demarc:tenant": "acme" } },
    provider: `${PROVIDER_URN}::prov-1`,
    protect: true,
};

describe("reading a stack export", () => {
    test("resources keep urn, name, id, provider reference, dependencies and options", () => {
        const vpn = {
            urn: VPN_URN,
            custom: true,
            id: "vpn-1",
            type: "aws:ec2/vpnConnection:VpnConnection",
            inputs: { vpcId: "vpc-0abc" },
            outputs: { id: "vpn-1" },
            parent: "urn:pulumi:prod::net::acme:net:Edge::edge",
            provider: `${PROVIDER_URN}::prov-1`,
            dependencies: [VPC_URN],
            propertyDependencies: { vpcId: [VPC_URN] },
            ignoreChanges: ["tags"],
            additionalSecretOutputs: ["tunnel1PresharedKey"],
            customTimeouts: { create: 600 },
        };
        const captured = parseStackExport(exportOf([provider, vpc, vpn]), "state.json");
        expect({ ...captured, resources: undefined }).toEqual({
            organization: "organization",
            project: "net",
            stack: "prod",
            preview: false,
            config: {},
            resources: undefined,
        });
        expect(captured.resources.map((r) => r.name)).toEqual(["client", "main", "to-mssp::a"]);
        expect(captured.resources[1]).toEqual({
            urn: VPC_URN,
            type: "aws:ec2/vpc:Vpc",
            name: "main",
            custom: true,
            id: "vpc-0abc",
            provider: `${PROVIDER_URN}::prov-1`,
            dependencies: [],
            propertyDependencies: {},
            inputs: { cidrBlock: "10.0.0.0/16" },
            outputs: { id: "vpc-0abc", cidrBlock: "10.0.0.0/16", tags: { "demarc:tenant": "acme" } },
            options: { protect: true, ignoreChanges: [], aliases: [], additionalSecretOutputs: [] },
        });
        expect(captured.resources[2]).toMatchObject({
            parent: "urn:pulumi:prod::net::acme:net:Edge::edge",
            dependencies: [VPC_URN],
            propertyDependencies: { vpcId: [VPC_URN] },
            options: {
                protect: false,
                ignoreChanges: ["tags"],
                aliases: [],
                additionalSecretOutputs: ["tunnel1PresharedKey"],
                customTimeouts: { create: 600 },
            },
        });
    });

    test("secrets stay wrapped; ciphertext becomes an unknown secret and never a value", () => {
        const ciphertext = { [SECRET_SIG_KEY]: SECRET_SIG, ciphertext: "v1:c2VjcmV0LXBzay12YWx1ZQ==" };
        const plaintext = { [SECRET_SIG_KEY]: SECRET_SIG, plaintext: '"shown-with-show-secrets"' };
        const wire = { [SECRET_SIG_KEY]: SECRET_SIG, value: { nested: "wire-form" } };
        const vpn = {
            urn: VPN_URN,
            custom: true,
            id: "vpn-1",
            type: "aws:ec2/vpnConnection:VpnConnection",
            inputs: { tunnel1PresharedKey: ciphertext, a: plaintext, b: [wire] },
            outputs: {},
        };
        const [resource] = parseStackExport(exportOf([vpn]), "state.json").resources;
        expect(resource.inputs).toEqual({
            tunnel1PresharedKey: makeSecret(UNKNOWN),
            a: makeSecret("shown-with-show-secrets"),
            b: [makeSecret({ nested: "wire-form" })],
        });
        expect(JSON.stringify(resource)).not.toContain("c2VjcmV0");
    });

    test("resources pending deletion are not part of the stack", () => {
        const old = { ...vpc, urn: VPC_URN, id: "vpc-old", delete: true };
        expect(parseStackExport(exportOf([provider, old, vpc]), "state.json").resources.map((r) => r.id)).toEqual([
            "prov-1",
            "vpc-0abc",
        ]);
    });

    test.each([
        ["not JSON", "{ nope", "state.json is not a stack export: it is not JSON"],
        [
            "a package.json",
            JSON.stringify({ name: "x", version: "1.0.0" }),
            'state.json is not a stack export: a `pulumi stack export` file has {"version": 3, "deployment": {"resources": [{"urn", "type", ...}]}}',
        ],
        [
            "an old deployment version",
            JSON.stringify({ version: 1, deployment: { resources: [] } }),
            "state.json: deployment version 1 is not supported (supported: 3)",
        ],
        ["an empty stack", exportOf([]), "state.json is a stack export with no resources: nothing to check"],
        [
            "a resource without urn",
            exportOf([{ type: "aws:ec2/vpc:Vpc" }]),
            "state.json: deployment.resources[0] has no urn or type",
        ],
        [
            "a malformed urn",
            exportOf([{ urn: "vpc-1", type: "aws:ec2/vpc:Vpc" }]),
            'state.json: deployment.resources[0]: "vpc-1" is not a Pulumi urn',
        ],
    ])("%s is refused with a clear error", (_, text, message) => {
        expect(() => parseStackExport(text, "state.json")).toThrow(InputError);
        expect(() => parseStackExport(text, "state.json")).toThrow(message);
    });
});

test("a captured stack written as an export reads back as the same resources", () => {
    const captured: CapturedStack = {
        organization: "organization",
        project: "net",
        stack: "prod",
        preview: false,
        config: {},
        resources: [
            {
                urn: VPN_URN,
                type: "aws:ec2/vpnConnection:VpnConnection",
                name: "to-mssp::a",
                custom: true,
                id: "vpn-1",
                provider: `${PROVIDER_URN}::prov-1`,
                dependencies: [VPC_URN],
                propertyDependencies: { vpcId: [VPC_URN] },
                inputs: { vpcId: "vpc-0abc", psk: makeSecret("hunter2") },
                outputs: { id: "vpn-1", psk: makeSecret("hunter2") },
                options: { protect: false, ignoreChanges: [], aliases: [], additionalSecretOutputs: ["psk"] },
            },
        ],
    };
    const asCiphertext = JSON.stringify(capturedToStackExport(captured));
    expect(asCiphertext).not.toContain("hunter2");
    expect(parseStackExport(asCiphertext, "x").resources[0].inputs).toEqual({
        vpcId: "vpc-0abc",
        psk: makeSecret(UNKNOWN),
    });
    expect(parseStackExport(JSON.stringify(capturedToStackExport(captured, "plaintext")), "x")).toEqual(captured);
});
