import { undetermined, violation, type Finding } from "../findings";
import { describe } from "../placement";
import type { ResourceView } from "../resource";
import type { StackIndex } from "../stack";
import type { Role } from "../tag-keys";
import { fromWhere } from "./sides";
import { demarcTagsOf } from "../tags";

/** Roles of devices built to the client's security standard. */
export const MANAGED_DEVICE_ROLES: readonly Role[] = ["firewall", "gateway", "remote-access", "proxy"];

/** Compares dotted versions segment by segment as numbers (2.10 > 2.9; 2.5 = 2.5.0). */
export function compareVersions(a: string, b: string): number {
    const x = a.split(".").map(Number);
    const y = b.split(".").map(Number);
    for (let i = 0; i < Math.max(x.length, y.length); i++) {
        const d = (x[i] ?? 0) - (y[i] ?? 0);
        if (d !== 0) return d;
    }
    return 0;
}

function managedRole(view: ResourceView): Role | undefined {
    const role = demarcTagsOf(view).get("role");
    return role.state === "valid" ? role.value.find((r) => MANAGED_DEVICE_ROLES.includes(r)) : undefined;
}

/**
 * Managed devices (demarc:role firewall, gateway, remote-access, proxy, or anything carrying a
 * demarc:standard; not a resource whose tags are unknown) are built to the current standard: the configured one, else the newest in the stack.
 */
export function checkStandards(index: StackIndex, configured: string | undefined): Finding[] {
    const devices = index.views
        .map((view) => ({ view, role: managedRole(view), standard: demarcTagsOf(view).get("standard") }))
        .filter((d) => d.role !== undefined || d.standard.state === "valid" || d.standard.state === "invalid");
    let current: { version: string; from: string } | undefined =
        configured === undefined ? undefined : { version: configured, from: "currentStandard setting" };
    if (!current) {
        for (const { view, standard } of devices) {
            if (standard.state === "valid" && (!current || compareVersions(standard.value, current.version) > 0)) {
                current = { version: standard.value, from: `the newest in the stack, on ${describe(view)}` };
            }
        }
    }
    const findings: Finding[] = [];
    for (const { view, role, standard } of devices) {
        const subject = role ? `${describe(view)} (demarc:role=${role})` : describe(view);
        switch (standard.state) {
            case "absent":
                findings.push(
                    violation(
                        "standard.missing",
                        view.urn,
                        current
                            ? `${subject} has no demarc:standard; the current standard is ${current.version} (${current.from})`
                            : `${subject} has no demarc:standard; tag it with the version of the client's standard it was built to`,
                    ),
                );
                break;
            case "invalid":
                break; // a tag-value finding of the resource itself
            case "unknown":
                findings.push(
                    undetermined(
                        "standard.undetermined",
                        view.urn,
                        `${subject}: its standard is not known: ${standard.reason}`,
                    ),
                );
                break;
            case "valid":
                if (current && compareVersions(standard.value, current.version) < 0) {
                    findings.push(
                        violation(
                            "standard.outdated",
                            view.urn,
                            `${subject} is built to standard ${standard.value} (demarc:standard, ${fromWhere(standard.source)}), older than the current ${current.version} (${current.from})`,
                        ),
                    );
                }
                break;
        }
    }
    return findings;
}
