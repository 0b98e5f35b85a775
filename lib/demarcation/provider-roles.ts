import { ownerOfAccount, type AccountSettings } from "../accounts";
import { T } from "../aws-types";
import {
    undetermined,
    UNTIL_APPLY,
    violation,
    type AssumingPrincipal,
    type Finding,
    type GrantSource,
} from "../findings";
import { grantSourceText } from "../messages";
import { adminGrants, managedAdminPolicy, parsePolicyDocument, trustOf } from "../iam-policy";
import { describe } from "../placement";
import type { ResourceView } from "../resource";
import type { StackIndex } from "../stack";
import { quote } from "../tags";
import { resolveReference } from "../references";
import { elementOf } from "../urn";
import { valuesAt } from "../values";

/** Administrator rights a role carries, through what, and the resource that grants them (the role itself, a role policy or an attachment). */
interface Grants {
    readonly admin: { readonly what: string; readonly via: GrantSource; readonly holder: ResourceView }[];
    /** What could not be read (`what`), and how its reading failed (`reason`, worded to follow it). */
    readonly unknown: { readonly what: string; readonly reason: string; readonly holder: ResourceView }[];
}

const empty = (): Grants => ({ admin: [], unknown: [] });

function merge(into: Grants, from: Grants): void {
    into.admin.push(...from.admin);
    into.unknown.push(...from.unknown);
}

function documentGrants(document: unknown, via: GrantSource, holder: ResourceView): Grants {
    const grants = empty();
    const parsed = parsePolicyDocument(document);
    if (parsed.state === "unknown")
        grants.unknown.push({ what: grantSourceText(via), reason: `is ${UNTIL_APPLY}`, holder });
    else if (parsed.state === "invalid")
        grants.unknown.push({ what: grantSourceText(via), reason: `cannot be read: ${parsed.reason}`, holder });
    else if (parsed.state === "parsed")
        grants.admin.push(...adminGrants(parsed.statements).map((what) => ({ what, via, holder })));
    return grants;
}

/**
 * The grants of the managed policies an ARN property names: AWS's administrator policies by name, the stack's by
 * document. On a role's own managedPolicyArns, AWS's are the role's own grants ({@link ownGrants}), not repeated here.
 */
function policyArnGrants(index: StackIndex, holder: ResourceView, path: string, via: GrantSource): Grants {
    const grants = empty();
    for (const target of resolveReference(index, holder, path, { types: [T.iamPolicy] }).referents) {
        if (target.state === "in-stack")
            merge(
                grants,
                documentGrants(target.view.record.props["policy"], { ...via, policy: elementOf(target.view) }, holder),
            );
        else if (target.state === "unknown")
            grants.unknown.push({ what: `the ${path} of ${describe(holder)}`, reason: `is ${UNTIL_APPLY}`, holder });
        else {
            const admin = managedAdminPolicy(target.value);
            if (admin) {
                if (holder.type !== T.iamRole) grants.admin.push({ what: admin, via, holder });
            } else if (!/^arn:aws[a-z-]*:iam::aws:policy\//.test(target.value)) {
                grants.unknown.push({
                    what: `policy ${quote(target.value)} (${grantSourceText(via)})`,
                    reason: "is not in this stack, so its document cannot be read",
                    holder,
                });
            }
        }
    }
    return grants;
}

/**
 * What a role grants by itself: its inline policies, and AWS's administrator policies its managedPolicyArns name.
 * No other resource changes these, so they are judged on the role alone, before it is created.
 */
function ownGrants(role: ResourceView): Grants {
    const grants = empty();
    const inline = valuesAt(role.record.props, "inlinePolicies");
    if (inline.unknown) grants.unknown.push({ what: "its inlinePolicies", reason: `are ${UNTIL_APPLY}`, holder: role });
    for (const policy of inline.values) {
        if (policy === null || typeof policy !== "object") continue;
        const name = (policy as Record<string, unknown>)["name"];
        const inline = { inline: typeof name === "string" ? { name } : {} };
        merge(grants, documentGrants((policy as Record<string, unknown>)["policy"], inline, role));
    }
    for (const arn of valuesAt(role.record.props, "managedPolicyArns").values) {
        const admin = typeof arn === "string" ? managedAdminPolicy(arn) : undefined;
        if (admin) grants.admin.push({ what: admin, via: { property: "managedPolicyArns" }, holder: role });
    }
    return grants;
}

/** What gives each role permissions through the rest of the stack: customer policies it names, role policies and attachments. */
function stackGrantsByRole(index: StackIndex): { byRole: Map<ResourceView, Grants>; unattributed: Finding[] } {
    const byRole = new Map<ResourceView, Grants>();
    const of = (role: ResourceView) => {
        let grants = byRole.get(role);
        if (!grants) byRole.set(role, (grants = empty()));
        return grants;
    };
    for (const role of index.ofType(T.iamRole))
        merge(of(role), policyArnGrants(index, role, "managedPolicyArns", { property: "managedPolicyArns" }));
    const unattributed: Finding[] = [];
    for (const holder of index.ofType(T.iamRolePolicy, T.iamRolePolicyAttachment)) {
        const grants =
            holder.type === T.iamRolePolicy
                ? documentGrants(holder.record.props["policy"], { rolePolicy: elementOf(holder) }, holder)
                : policyArnGrants(index, holder, "policyArn", { attachment: elementOf(holder) });
        const roles = resolveReference(index, holder, "role", { types: [T.iamRole], names: true, one: true }).referents;
        for (const target of roles) if (target.state === "in-stack") merge(of(target.view), grants);
        if (
            grants.admin.length > 0 &&
            roles.some((t) => t.state === "unknown") &&
            !roles.some((t) => t.state === "in-stack")
        ) {
            unattributed.push(
                undetermined("duty.provider-role.undetermined", holder.urn, [{ what: "role", reason: UNTIL_APPLY }], {
                    grant: grantOf(grants.admin[0]),
                }),
            );
        }
    }
    return { byRole, unattributed };
}

/** A right as a finding's evidence names it: what, and where the role holds it. */
const grantOf = ({ what, via }: { what: string; via: GrantSource }) => ({ what, via });

/** Which of a role's findings that are not about one grant a judgement makes. */
interface RoleLevel {
    /** That anyone may assume the role without a condition. */
    readonly anyone: boolean;
    /** That whether the provider may assume an administrator role is not known. */
    readonly undecided: boolean;
}

/**
 * The findings on `grants` given to a role whose trust policy admits the provider (a provider account; any account
 * not the client's when client accounts are configured; or anyone).
 */
function judgeRole(role: ResourceView, grants: Grants, settings: AccountSettings, roleLevel: RoleLevel): Finding[] {
    const findings: Finding[] = [];
    const trust = parsePolicyDocument(role.record.props["assumeRolePolicy"]);
    const roleRef = { role: elementOf(role) };
    if (trust.state !== "parsed") {
        if (trust.state === "absent" || grants.admin.length === 0 || !roleLevel.undecided) return findings;
        findings.push(
            undetermined(
                "duty.provider-role.undetermined",
                role.urn,
                [{ what: "assumeRolePolicy", reason: trust.state === "unknown" ? UNTIL_APPLY : trust.reason }],
                { ...roleRef, grant: grantOf(grants.admin[0]) },
            ),
        );
        return findings;
    }
    const admitted = trustOf(trust.statements);
    if (admitted.anyone.unconditioned && roleLevel.anyone)
        findings.push(
            violation("duty.role-open-to-anyone", role.urn, {
                ...roleRef,
                assumedBy: [{ principal: "*", owner: "anyone" }],
            }),
        );
    const outsiders: AssumingPrincipal[] = [];
    const unconfigured: AssumingPrincipal[] = [];
    for (const { account, principal } of admitted.accounts) {
        const owner = ownerOfAccount(account, settings);
        if (owner === "provider" || owner === "outsider") outsiders.push({ principal, account, owner });
        else if (owner === "unconfigured") unconfigured.push({ principal, account, owner });
    }
    if (admitted.anyone.admitted) outsiders.push({ principal: "*", owner: "anyone" });
    if (outsiders.length > 0) {
        const assumable = { ...roleRef, assumedBy: outsiders };
        for (const grant of grants.admin)
            findings.push(
                violation("duty.provider-role-admin", grant.holder.urn, { ...assumable, grant: grantOf(grant) }),
            );
        for (const unknown of grants.unknown)
            findings.push(
                undetermined(
                    "duty.provider-role.undetermined",
                    unknown.holder.urn,
                    [{ what: unknown.what, reason: unknown.reason }],
                    assumable,
                ),
            );
    } else if (unconfigured.length > 0 && grants.admin.length > 0 && roleLevel.undecided) {
        findings.push(
            undetermined(
                "duty.provider-role.undetermined",
                role.urn,
                unconfigured.map((who) => ({
                    what: `the owner of account ${who.account}`,
                    reason: "neither providerAccountIds nor clientAccountIds names it",
                })),
                { ...roleRef, assumedBy: unconfigured, grant: grantOf(grants.admin[0]) },
            ),
        );
    }
    return findings;
}

/**
 * A role the provider can assume carries no administrator or `*:*` permission of its own (inline policies, AWS's
 * administrator policies in managedPolicyArns); a role anyone can assume without a condition is a violation by itself.
 */
export function roleOwnFindings(role: ResourceView, settings: AccountSettings): Finding[] {
    return role.type === T.iamRole ? judgeRole(role, ownGrants(role), settings, { anyone: true, undecided: true }) : [];
}

/**
 * Administrator rights given to a provider-assumable role by other resources of the stack: customer policies it
 * names, role policies and attachments. What the role decides on its own is {@link roleOwnFindings}', reported once:
 * the role-level findings here only where the role itself carries no administrator rights.
 */
export function checkProviderRoles(index: StackIndex, settings: AccountSettings): Finding[] {
    const { byRole, unattributed } = stackGrantsByRole(index);
    const findings: Finding[] = [...unattributed];
    for (const [role, grants] of byRole) {
        const undecided = ownGrants(role).admin.length === 0;
        findings.push(...judgeRole(role, grants, settings, { anyone: false, undecided }));
    }
    return findings;
}
