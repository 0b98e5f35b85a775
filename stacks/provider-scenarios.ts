import * as aws from "@pulumi/aws";
import { SHARED_TENANT } from "../lib/tag-keys";
import type { Change } from "./change";
import { ingress, instance, TRAFFIC } from "./network";
import { managedDevice, type ProviderNetwork } from "./provider";
import type { ProviderScenarioName } from "./scenarios";

/** Each provider scenario (see `scenarios.ts`) as a change to the compliant provider network of `provider.ts`. */
export const PROVIDER_SCENARIO_CHANGES: Readonly<Record<ProviderScenarioName, Change<ProviderNetwork>>> = {
    "cross-tenant-group-reference": {
        add: ({ enclaves, opts }) =>
            ingress(
                "globex-relay-to-acme-relay-syslog-in",
                enclaves.acme.relaySg,
                enclaves.globex.relaySg,
                {
                    description: "Syslog over TLS from the globex relay",
                    traffic: TRAFFIC.syslogTls,
                    demarcation: { tenant: "acme" },
                },
                opts,
            ),
    },
    "tgw-cross-tenant-propagation": {
        add: ({ enclaves, opts }) =>
            new aws.ec2transitgateway.RouteTablePropagation(
                "acme-tgw-rt-learns-globex-vpc",
                {
                    transitGatewayRouteTableId: enclaves.acme.tgwRouteTable.id,
                    transitGatewayAttachmentId: enclaves.globex.attachment.id,
                },
                opts,
            ),
    },
    "log-server-in-provider-vpc": {
        add: ({ nocMgmtB, nocSg, opts }) =>
            instance(
                "noc-log-server",
                {
                    subnet: nocMgmtB,
                    groups: [nocSg],
                    instanceType: "m6i.large",
                    demarcation: { zone: "yellow", tenant: SHARED_TENANT, ...managedDevice("log-server") },
                },
                opts,
            ),
    },
};
