import type { ValueRead } from "./findings";
import type { ProviderRecord, ResourceView } from "./resource";
import { containsUnknown, isUnknown } from "./values";

const ACCOUNT_ID = /^\d{12}$/;

export function isAccountId(text: string): boolean {
    return ACCOUNT_ID.test(text);
}

/** The account an ARN names (`arn:partition:service:region:account:resource`); S3 bucket ARNs name none. */
export function accountOfArn(arn: string): string | undefined {
    const parts = arn.split(":");
    if (parts.length < 6 || parts[0] !== "arn") return undefined;
    return ACCOUNT_ID.test(parts[4]) ? parts[4] : undefined;
}

/** The accounts a resource is (or may be) deployed in, and where that was read. */
export type AccountRead =
    | { readonly state: "known"; readonly ids: readonly string[]; readonly from: string }
    | { readonly state: "unknown"; readonly reason: string }
    | { readonly state: "absent"; readonly reason: string };

/** Provider inputs arrive as values or as JSON text, depending on how the engine serialised them. */
function decoded(value: unknown): unknown {
    if (typeof value !== "string" || isUnknown(value)) return value;
    const text = value.trim();
    if (!text.startsWith("[") && !text.startsWith("{")) return value;
    try {
        return JSON.parse(text);
    } catch {
        return value;
    }
}

function roleArns(props: Readonly<Record<string, unknown>>): { arns: string[]; unknown: boolean } {
    const arns: string[] = [];
    let unknown = false;
    for (const key of ["assumeRoles", "assumeRole"]) {
        const value = decoded(props[key]);
        if (isUnknown(value)) {
            unknown = true;
            continue;
        }
        const entries = Array.isArray(value) ? value : [value];
        for (const entry of entries) {
            if (entry === null || typeof entry !== "object") continue;
            const arn = (entry as Record<string, unknown>)["roleArn"];
            if (isUnknown(arn)) unknown = true;
            else if (typeof arn === "string" && arn !== "") arns.push(arn);
        }
    }
    return { arns, unknown };
}

/** The accounts a provider deploys into: the account of the role it assumes, else its allowedAccountIds. */
export function providerAccounts(provider: ProviderRecord | undefined): AccountRead {
    if (!provider) return { state: "absent", reason: "it has no provider to name its account" };
    const label = `provider "${provider.name}"`;
    const roles = roleArns(provider.props);
    if (roles.unknown)
        return { state: "unknown", reason: `${label} assumes a role whose ARN is not known until apply` };
    const fromRoles = [...new Set(roles.arns.map(accountOfArn).filter((a): a is string => a !== undefined))];
    if (fromRoles.length > 0) return { state: "known", ids: fromRoles, from: `${label} assumeRole.roleArn` };
    const allowed = decoded(provider.props["allowedAccountIds"]);
    if (isUnknown(allowed) || containsUnknown(allowed))
        return { state: "unknown", reason: `${label} allowedAccountIds are not known until apply` };
    const ids = Array.isArray(allowed)
        ? [...new Set(allowed.filter((a): a is string => typeof a === "string" && ACCOUNT_ID.test(a)))]
        : [];
    if (ids.length > 0) return { state: "known", ids, from: `${label} allowedAccountIds` };
    return { state: "absent", reason: `${label} names no account (allowedAccountIds or assumeRole.roleArn)` };
}

/** The account of a resource: from its own ARN when known, else from its provider. */
export function accountOf(view: ResourceView): AccountRead {
    const arn = view.record.props["arn"];
    if (typeof arn === "string" && !isUnknown(arn)) {
        const account = accountOfArn(arn);
        if (account) return { state: "known", ids: [account], from: "its ARN" };
    }
    const fromProvider = providerAccounts(view.record.provider);
    if (fromProvider.state === "absent" && isUnknown(arn))
        return { state: "unknown", reason: `its arn is not known until apply and ${fromProvider.reason}` };
    return fromProvider;
}

export interface AccountSettings {
    readonly clientAccountIds: readonly string[];
    readonly providerAccountIds: readonly string[];
}

/**
 * Whose an account is: the client's, the provider's, an outsider's (any account not the client's,
 * when client accounts are configured), or unconfigured (nothing configured tells).
 */
export type AccountOwner = "client" | "provider" | "outsider" | "unconfigured";

export function ownerOfAccount(account: string, settings: AccountSettings): AccountOwner {
    if (settings.clientAccountIds.includes(account)) return "client";
    if (settings.providerAccountIds.includes(account)) return "provider";
    if (settings.clientAccountIds.length > 0) return "outsider";
    return "unconfigured";
}

/** An account as a finding's evidence reads it: whose it is, where not the client's, and what the rule accepts. */
export function accountRead(account: string, from: string | undefined, settings: AccountSettings): ValueRead {
    const read = { name: "account", value: account, ...(from === undefined ? {} : { from }) };
    switch (ownerOfAccount(account, settings)) {
        case "provider":
            return { ...read, owner: "provider" };
        case "outsider":
            return { ...read, owner: "outsider", allowed: settings.clientAccountIds.join(", ") };
        default:
            return read;
    }
}
