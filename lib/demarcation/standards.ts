import { undetermined, violation, type Finding, type ValueRead } from "../findings";
import { describe } from "../placement";
import type { ResourceView } from "../resource";
import type { StackIndex } from "../stack";
import { TAG, type Role } from "../tag-keys";
import { demarcTagsOf, tagSourceText, type TagSource } from "../tags";

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

/** A managed device: demarc:role firewall, gateway, remote-access or proxy, or anything carrying a demarc:standard (not a resource whose tags are unknown). */
function managedDevice(view: ResourceView) {
    const role = managedRole(view);
    const standard = demarcTagsOf(view).get("standard");
    if (role === undefined && standard.state !== "valid" && standard.state !== "invalid") return undefined;
    return { view, standard, roleRead: role ? [{ name: TAG.role, value: role }] : [] };
}

const currentRead = (current: Current) => ({ name: "currentStandard", value: current.version, from: current.from });

const olderThan = (
    view: ResourceView,
    roleRead: readonly ValueRead[],
    version: string,
    source: TagSource,
    current: Current,
) =>
    violation("standard.outdated", view.urn, {
        values: [
            ...roleRead,
            { name: TAG.standard, value: version, from: tagSourceText(source) },
            currentRead(current),
        ],
    });

interface Current {
    readonly version: string;
    readonly from: string;
}

/**
 * What one managed device decides on its own: it carries a standard, known, no older than the configured current one.
 * (A malformed standard is a tag-value finding of the resource itself.)
 */
export function deviceStandardFindings(view: ResourceView, configured: string | undefined): Finding[] {
    const device = managedDevice(view);
    if (!device) return [];
    const { standard, roleRead } = device;
    const current = configured === undefined ? undefined : { version: configured, from: "currentStandard setting" };
    switch (standard.state) {
        case "absent":
            return [
                violation("standard.missing", view.urn, {
                    values: [...roleRead, { name: TAG.standard }, ...(current ? [currentRead(current)] : [])],
                }),
            ];
        case "unknown":
            return [
                undetermined("standard.undetermined", view.urn, [{ what: TAG.standard, reason: standard.reason }], {
                    values: roleRead,
                }),
            ];
        case "valid":
            return current && compareVersions(standard.value, current.version) < 0
                ? [olderThan(view, roleRead, standard.value, standard.source, current)]
                : [];
        default:
            return [];
    }
}

/**
 * With no current standard configured, the current one is the newest a managed device of the stack carries,
 * and a device built to an older one is behind: a judgement only the whole stack can make. With one configured,
 * each device is judged against it on its own ({@link deviceStandardFindings}) and the stack adds nothing.
 */
export function checkStandards(index: StackIndex, configured: string | undefined): Finding[] {
    if (configured !== undefined) return [];
    const devices = index.views.map(managedDevice).filter((d) => d !== undefined);
    let current: Current | undefined;
    for (const { view, standard } of devices) {
        if (standard.state === "valid" && (!current || compareVersions(standard.value, current.version) > 0))
            current = { version: standard.value, from: `the newest in the stack, on ${describe(view)}` };
    }
    const findings: Finding[] = [];
    for (const { view, standard, roleRead } of devices) {
        if (current && standard.state === "valid" && compareVersions(standard.value, current.version) < 0)
            findings.push(olderThan(view, roleRead, standard.value, standard.source, current));
    }
    return findings;
}
