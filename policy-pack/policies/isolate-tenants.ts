import { sharedNetworkFindings, tenantFindings, tgwTableTenantFindings } from "../../lib/network";
import { stackPolicy } from "../kit";

export default stackPolicy(
    {
        name: "isolate-tenants",
        displayName: "Isolate tenants",
        summary:
            "a group reference, CIDR rule, ACL entry, route, peering or shared transit-gateway route table joining two tenants; network resources shared (RAM) outside the client's accounts",
        description:
            "No security-group reference, CIDR rule, route, peering or shared transit-gateway route table joins two tenants; shared services reach a tenant only encrypted; network resources are shared (RAM) only with the client's accounts.",
        severity: "critical",
        rule: "tenants",
        why:
            "A provider gateway shared by several customers must never let one customer reach another, even between zones of the same " +
            "class. The provider's shared services serve every tenant, so they reach each one only over an encrypted connection.",
        remediationSteps:
            "Give each tenant its own groups and route tables: reference only groups of the same tenant, admit only the tenant's own " +
            "ranges, associate and propagate each tenant's attachments in its own transit-gateway route table. Serve tenants from shared " +
            "services only on encrypted ports.",
        kinds: [
            "tenant.crossing.rule",
            "tenant.crossing.acl",
            "tenant.crossing.route",
            "tenant.crossing.client-vpn",
            "tenant.shared-plaintext",
            "tenant.isolation.undetermined",
            "tenant.shared-route-table",
            "tenant.share-to-organization",
            "tenant.share-outside",
            "tenant.share.undetermined",
        ],
    },
    ["undetermined", "encryptedPorts", "clientAccountIds", "providerAccountIds"],
    ({ network: model, settings }) => {
        const paths = tenantFindings(model, settings.encryptedPorts);
        const flagged = new Set(paths.map((f) => f.urn));
        return [
            ...paths,
            ...tgwTableTenantFindings(model).filter((f) => !flagged.has(f.urn)),
            ...sharedNetworkFindings(model, settings),
        ];
    },
);
