import * as aws from "@pulumi/aws";
import { TAG } from "../lib/tag-keys";
import type { Demarcation } from "../lib/tagging";
import { retag, type Change } from "./change";
import { LOG_STORE, TENANT, type ClientNetwork } from "./client";
import { ARN, AZ_A, CIDR, CLIENT_ACCOUNT, EXPIRY, OUTDATED_STANDARD, OWNER, PROVIDER_ACCOUNT } from "./facts";
import { accountProvider, addRoute, flowLog, ingress, routeTable, tagged, TRAFFIC } from "./network";
import type { ClientScenarioName } from "./scenarios";

const owned: Demarcation = { tenant: TENANT };
const rule = (description: string, traffic: (typeof TRAFFIC)[keyof typeof TRAFFIC]) => ({
    description,
    traffic,
    demarcation: owned,
});

/** Each client scenario (see `scenarios.ts`) as a change to the compliant client network of `client.ts`. */
export const CLIENT_SCENARIO_CHANGES: Readonly<Record<ClientScenarioName, Change<ClientNetwork>>> = {
    "missing-zone-tag": { alter: { "data-b": retag({ [TAG.zone]: undefined }) } },
    "zone-purple": { alter: { "client-vpc": retag({ [TAG.zone]: "purple" }) } },
    "zone-from-default-tags": {
        alter: {
            "app-a": (creation) => ({
                ...retag({ [TAG.zone]: undefined })(creation),
                opts: {
                    ...creation.opts,
                    provider: accountProvider("green-zone", CLIENT_ACCOUNT, { side: "client", zone: "green" }),
                },
            }),
        },
    },
    "zone-odd-case": { alter: { "app-a": retag({ [TAG.zone]: " Green " }) } },
    "red-peered-to-green": { add: redEdgePeeredToGreen },
    "open-green-security-group": {
        add: ({ appSg, opts }) =>
            ingress("internet-to-app-https-in", appSg, CIDR.internet, rule("HTTPS from anywhere", TRAFFIC.https), opts),
    },
    "plaintext-yellow-to-green": {
        add: ({ appSg, proxySg, opts }) =>
            ingress(
                "proxy-to-app-http-in",
                appSg,
                proxySg,
                rule("Plain HTTP from the reverse proxies", TRAFFIC.http),
                opts,
            ),
    },
    "green-route-to-internet-gateway": {
        add: ({ privateRt, igw, opts }) =>
            addRoute(
                privateRt,
                { name: "private-default-route", destination: CIDR.internet, target: { gatewayId: igw.id } },
                opts,
            ),
    },
    "flow-logs-to-provider-bucket": {
        alter: {
            "client-vpc-flow-log": ({ props }) => {
                const msspAccount = accountProvider("mssp-account", PROVIDER_ACCOUNT, { side: "provider" });
                const msspBucket = new aws.s3.Bucket(
                    "mssp-flow-log-bucket",
                    { bucket: "mssp-noc-flow-logs-acme", tags: tagged("mssp-flow-log-bucket", owned) },
                    { provider: msspAccount },
                );
                return { props: { ...props, logDestination: msspBucket.arn } };
            },
        },
    },
    "vpc-without-flow-logs": {
        alter: {
            "client-vpc-flow-log": ({ props, created }) => ({
                props: { ...props, vpcId: undefined, subnetId: created("data-a").id },
            }),
        },
    },
    "log-bucket-unversioned": {
        add: ({ opts }) => {
            new aws.s3.Bucket(
                "session-log-bucket",
                {
                    bucket: `acme-demarc-session-logs-${CLIENT_ACCOUNT}`,
                    tags: tagged("session-log-bucket", LOG_STORE),
                },
                opts,
            );
        },
    },
    "log-group-short-retention": {
        alter: { "client-vpn-connection-logs": ({ props }) => ({ props: { ...props, retentionInDays: 30 } }) },
    },
    "log-group-in-provider-account": {
        alter: {
            "client-vpn-connection-logs": (creation) => ({
                ...creation,
                opts: {
                    ...creation.opts,
                    provider: accountProvider("mssp-account", PROVIDER_ACCOUNT, { side: "provider" }),
                },
            }),
        },
    },
    "vpn-without-expiry": { alter: { "mssp-vpn": retag({ [TAG.expires]: undefined }) } },
    "provider-role-without-expiry": { alter: { "mssp-operator": retag({ [TAG.expires]: undefined }) } },
    "vpn-expired": { alter: { "mssp-vpn": retag({ [TAG.expires]: EXPIRY.expired }) } },
    "vpn-expiry-beyond-horizon": { alter: { "mssp-vpn": retag({ [TAG.expires]: EXPIRY.beyondHorizon }) } },
    "vpn-expiry-bad-format": { alter: { "mssp-vpn": retag({ [TAG.expires]: EXPIRY.badFormat }) } },
    "remote-access-managed-by-provider": { alter: { bastion: retag({ [TAG.managedBy]: "provider" }) } },
    "client-vpn-managed-by-provider": { alter: { "mssp-client-vpn": retag({ [TAG.managedBy]: "provider" }) } },
    "provider-role-admin": {
        add: ({ operator, opts }) =>
            new aws.iam.RolePolicyAttachment(
                "mssp-operator-admin",
                { role: operator.name, policyArn: ARN.administratorAccess },
                opts,
            ),
    },
    "provider-role-inline-admin": {
        alter: {
            "mssp-operator": ({ props }) => ({
                props: {
                    ...props,
                    inlinePolicies: [
                        {
                            name: "break-glass",
                            policy: JSON.stringify({
                                Version: "2012-10-17",
                                Statement: [{ Effect: "Allow", Action: "iam:*", Resource: "*" }],
                            }),
                        },
                    ],
                },
            }),
        },
    },
    "firewall-outdated-standard": { alter: { "fw-b": retag({ [TAG.standard]: OUTDATED_STANDARD }) } },
};

/** An internet-facing edge VPC peered with the client VPC and routed both ways to green. */
function redEdgePeeredToGreen({ vpc, privateRt, logBucket, logBucketPolicy, opts }: ClientNetwork): void {
    const red: Demarcation = { zone: "red", tenant: TENANT };
    const edge = new aws.ec2.Vpc("edge-vpc", { cidrBlock: CIDR.client.edgeVpc, tags: tagged("edge-vpc", red) }, opts);
    const edgeSubnet = new aws.ec2.Subnet(
        "edge-a",
        { vpcId: edge.id, cidrBlock: CIDR.client.edgeSubnet, availabilityZone: AZ_A, tags: tagged("edge-a", red) },
        opts,
    );
    flowLog("edge-vpc-flow-log", edge, { type: "s3", arn: logBucket.arn }, owned, {
        ...opts,
        dependsOn: [logBucketPolicy],
    });
    const peering = new aws.ec2.VpcPeeringConnection(
        "edge-to-green-peering",
        {
            vpcId: edge.id,
            peerVpcId: vpc.id,
            autoAccept: true,
            tags: tagged("edge-to-green-peering", {
                tenant: TENANT,
                managedBy: "client",
                expires: EXPIRY.valid,
                owner: OWNER.platform,
            }),
        },
        opts,
    );
    const viaPeering = { vpcPeeringConnectionId: peering.id };
    routeTable(
        "edge-rt",
        edge,
        owned,
        { "edge-a": edgeSubnet },
        [{ name: "edge-to-green", destination: CIDR.client.green, target: viaPeering }],
        opts,
    );
    addRoute(privateRt, { name: "green-to-edge", destination: CIDR.client.edgeVpc, target: viaPeering }, opts);
}
