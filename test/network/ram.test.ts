import { describe, expect, test } from "vitest";
import { T } from "../../lib/aws-types";
import isolateTenants from "../../policy-pack/policies/isolate-tenants";
import { elementOf } from "../../lib/urn";
import { nameOf } from "../support/findings";
import { notRenderedFromEvidence } from "../support/rendered";
import { findings, MODES } from "./findings";
import { threeZones, type Net } from "./fixture";

const CLIENT = { clientAccountIds: ["111111111111"], providerAccountIds: ["333333333333"] };

/** The three-zone network's transit gateway, shared through RAM with one principal. */
function sharedHub(preview: boolean, principal: string, autoAccept = "enable"): Net {
    const net = threeZones(preview);
    net.add(T.transitGateway, "hub", {
        autoAcceptSharedAttachments: autoAccept,
        arn: preview ? net.id("hub") : "arn:aws:ec2:us-east-1:111111111111:transit-gateway/tgw-1",
    });
    net.add("aws:ram/resourceShare:ResourceShare", "hub-share", { name: "hub-share", allowExternalPrincipals: true });
    net.add(
        "aws:ram/resourceAssociation:ResourceAssociation",
        "hub-share-tgw",
        {
            resourceArn: preview ? net.id("hub") : "arn:aws:ec2:us-east-1:111111111111:transit-gateway/tgw-1",
            resourceShareArn: net.id("hub-share"),
        },
        { resourceArn: net.get("hub"), resourceShareArn: net.get("hub-share") },
    );
    net.add(
        "aws:ram/principalAssociation:PrincipalAssociation",
        "hub-share-principal",
        { principal, resourceShareArn: net.id("hub-share") },
        { resourceShareArn: net.get("hub-share") },
    );
    return net;
}

const judged = (net: Net, config: Record<string, unknown> = CLIENT) =>
    isolateTenants.evaluate(net.records, config).map((f) => [f.urn.split("::").pop(), f.level, f.message]);

describe.each(MODES)("network resources shared through RAM (%s)", (_mode, preview) => {
    test("a transit gateway shared with a client account: no finding", () => {
        expect(judged(sharedHub(preview, "111111111111"))).toEqual([]);
        expect(findings(sharedHub(preview, "111111111111"))).toEqual([
            {
                policy: "isolate-tenants",
                resource: "hub-share-principal",
                level: "advisory",
                message:
                    'undetermined: principalAssociation "hub-share-principal" (resource share "hub-share") shares transitGateway "hub" with account 111111111111; configure clientAccountIds to tell whether it is the client\'s',
            },
        ]);
    });

    test("a transit gateway with auto-accept shared with an outside account", () => {
        expect(judged(sharedHub(preview, "999999999999"))).toEqual([
            [
                "hub-share-principal",
                "policy",
                'principalAssociation "hub-share-principal" (resource share "hub-share") shares transitGateway "hub" with account 999999999999, not a client account (clientAccountIds: 111111111111), and transitGateway "hub" accepts its attachments automatically (autoAcceptSharedAttachments): an account outside the client\'s joins the network; share network resources only with the client\'s accounts',
            ],
        ]);
        expect(judged(sharedHub(preview, "333333333333", "disable")).map(([r, l]) => [r, l])).toEqual([
            ["hub-share-principal", "policy"],
        ]);
    });

    test("what a share shares, as fields: a resource of the stack as its element, one outside it by its ARN; the gateway that accepts attachments automatically; whose the account is", () => {
        const net = sharedHub(preview, "999999999999");
        const outsideArn = "arn:aws:ec2:us-east-1:222222222222:subnet/subnet-0123456789abcdef0";
        net.add(
            "aws:ram/resourceAssociation:ResourceAssociation",
            "hub-share-far-subnet",
            { resourceArn: outsideArn, resourceShareArn: net.id("hub-share") },
            { resourceShareArn: net.get("hub-share") },
        );
        const found = isolateTenants.evaluate(net.records, CLIENT);
        expect(notRenderedFromEvidence(found)).toEqual([]);
        const hub = elementOf(net.get("hub"));
        expect(found.map((f) => f.evidence?.values)).toEqual([
            [{ name: "principal", value: "999999999999", owner: "outsider", allowed: "111111111111" }],
        ]);
        expect(found.map((f) => [nameOf(f.urn), f.kind, f.evidence?.sharing, f.message])).toEqual([
            [
                "hub-share-principal",
                "tenant.share-outside",
                {
                    share: elementOf(net.get("hub-share")),
                    resources: [{ element: hub }, { arn: outsideArn }],
                    autoAccepting: hub,
                },
                `principalAssociation "hub-share-principal" (resource share "hub-share") shares transitGateway "hub", ${outsideArn} with account 999999999999, not a client account (clientAccountIds: 111111111111), and transitGateway "hub" accepts its attachments automatically (autoAcceptSharedAttachments): an account outside the client's joins the network; share network resources only with the client's accounts`,
            ],
        ]);
    });

    test("a subnet shared with the whole organization", () => {
        const net = threeZones(preview);
        net.add("aws:ram/resourceShare:ResourceShare", "subnet-share", { name: "subnet-share" });
        net.add(
            "aws:ram/resourceAssociation:ResourceAssociation",
            "subnet-share-app",
            { resourceArn: net.id("app-a"), resourceShareArn: net.id("subnet-share") },
            { resourceArn: net.get("app-a"), resourceShareArn: net.get("subnet-share") },
        );
        net.add(
            "aws:ram/principalAssociation:PrincipalAssociation",
            "subnet-share-org",
            {
                principal: "arn:aws:organizations::111111111111:organization/o-abc",
                resourceShareArn: net.id("subnet-share"),
            },
            { resourceShareArn: net.get("subnet-share") },
        );
        expect(judged(net).map(([r, l]) => [r, l])).toEqual([["subnet-share-org", "policy"]]);
    });
});
