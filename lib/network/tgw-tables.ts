import { violation, type Finding } from "../findings";
import { SHARED_TENANT } from "../tag-keys";
import type { NetworkModel, TgwAttachment } from "./model";

function tenantOf(model: NetworkModel, attachment: TgwAttachment): string | undefined {
    const own = model.tenant(attachment.view);
    if (own.state === "valid") return own.value;
    if (attachment.vpc) {
        const vpc = model.tenant(attachment.vpc.view);
        if (vpc.state === "valid") return vpc.value;
    }
    return undefined;
}

/**
 * A transit gateway shared by tenants isolates them in its route tables, whatever the attached VPCs'
 * own routes say (those often live in the tenants' accounts, out of the provider's hands): a table
 * associated with one tenant's attachment holds no route toward another tenant's, and shared services
 * reach a tenant through it only over a VPN attachment.
 */
export function tgwTableTenantFindings(model: NetworkModel): Finding[] {
    const findings: Finding[] = [];
    for (const table of model.tgwTables) {
        const sources = table.associations.map(({ attachment }) => ({
            attachment,
            tenant: tenantOf(model, attachment),
        }));
        for (const entry of table.entries) {
            if (entry.blackhole || !entry.attachment) continue;
            const towardTenant = tenantOf(model, entry.attachment);
            if (!towardTenant) continue;
            for (const source of sources) {
                if (!source.tenant || source.tenant === towardTenant || source.attachment === entry.attachment)
                    continue;
                const shared = source.tenant === SHARED_TENANT || towardTenant === SHARED_TENANT;
                const tenantSide = source.tenant === SHARED_TENANT ? entry.attachment : source.attachment;
                if (shared && tenantSide.kind === "vpn") continue;
                findings.push(
                    violation("tenant.shared-route-table", entry.view.urn, {
                        sharedTable: {
                            table: table.label,
                            entry: entry.label,
                            from: { attachment: source.attachment.label, tenant: source.tenant },
                            toward: { attachment: entry.attachment.label, tenant: towardTenant },
                        },
                    }),
                );
                break;
            }
        }
    }
    return findings;
}
