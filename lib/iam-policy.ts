import { accountOfArn, isAccountId } from "./accounts";
import { containsUnknown, isUnknown } from "./values";

/** One statement of an IAM policy document, its single-or-list fields normalised to lists. */
export interface Statement {
    readonly effect: "Allow" | "Deny";
    /** Principal "*" or {"AWS": "*"}. */
    readonly anyone: boolean;
    /** AWS principals other than "*": account ids or ARNs, as written. */
    readonly awsPrincipals: readonly string[];
    readonly actions: readonly string[];
    readonly notActions: readonly string[];
    readonly resources: readonly string[];
    readonly notResources: readonly string[];
    readonly conditioned: boolean;
}

export type PolicyDocument =
    | { readonly state: "parsed"; readonly statements: readonly Statement[] }
    | { readonly state: "unknown" }
    | { readonly state: "absent" }
    | { readonly state: "invalid"; readonly reason: string };

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

function list(value: unknown): string[] {
    if (typeof value === "string") return [value];
    if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string");
    return [];
}

/** A field read case-insensitively, as AWS reads policy element names. */
function field(statement: Record<string, unknown>, name: string): unknown {
    const key = Object.keys(statement).find((k) => k.toLowerCase() === name.toLowerCase());
    return key === undefined ? undefined : statement[key];
}

function parseStatement(raw: unknown): Statement | string {
    if (!isRecord(raw)) return "a statement is not an object";
    const effect = field(raw, "Effect");
    if (effect !== "Allow" && effect !== "Deny") return "a statement has no Effect of Allow or Deny";
    const principal = field(raw, "Principal");
    let anyone = principal === "*";
    const awsPrincipals: string[] = [];
    if (isRecord(principal)) {
        for (const value of list(field(principal, "AWS"))) {
            if (value.trim() === "*") anyone = true;
            else awsPrincipals.push(value.trim());
        }
    }
    const condition = field(raw, "Condition");
    return {
        effect,
        anyone,
        awsPrincipals,
        actions: list(field(raw, "Action")),
        notActions: list(field(raw, "NotAction")),
        resources: list(field(raw, "Resource")),
        notResources: list(field(raw, "NotResource")),
        conditioned: isRecord(condition) && Object.keys(condition).length > 0,
    };
}

/** An IAM policy document given as JSON text or as an object. */
export function parsePolicyDocument(value: unknown): PolicyDocument {
    if (value === undefined || value === null || value === "") return { state: "absent" };
    if (isUnknown(value)) return { state: "unknown" };
    let document: unknown = value;
    if (typeof value === "string") {
        try {
            document = JSON.parse(value);
        } catch {
            return { state: "invalid", reason: "it is not valid JSON" };
        }
    }
    if (containsUnknown(document)) return { state: "unknown" };
    if (!isRecord(document)) return { state: "invalid", reason: "it is not a JSON object" };
    const raw = field(document, "Statement");
    if (raw === undefined) return { state: "invalid", reason: "it has no Statement" };
    const statements: Statement[] = [];
    for (const item of Array.isArray(raw) ? raw : [raw]) {
        const parsed = parseStatement(item);
        if (typeof parsed === "string") return { state: "invalid", reason: parsed };
        statements.push(parsed);
    }
    return { state: "parsed", statements };
}

/** IAM wildcard matching (`*`, `?`), case-insensitive as action names are. */
export function matchesPattern(pattern: string, value: string): boolean {
    const regex = new RegExp(
        `^${pattern
            .replace(/[.+^${}()|[\]\\]/g, "\\$&")
            .replace(/\*/g, ".*")
            .replace(/\?/g, ".")}$`,
        "i",
    );
    return regex.test(value);
}

/** Who a trust policy lets assume the role. */
export interface Trust {
    /** Accounts named by AWS principals, with the principal as written. */
    readonly accounts: readonly { readonly account: string; readonly principal: string }[];
    /** Principal "*" in an Allow statement; `unconditioned` when no statement admitting anyone has a Condition. */
    readonly anyone: { readonly admitted: boolean; readonly unconditioned: boolean };
}

function admitsAssumeRole(statement: Statement): boolean {
    if (statement.effect !== "Allow") return false;
    if (statement.notActions.length > 0) return !statement.notActions.some((p) => matchesPattern(p, "sts:AssumeRole"));
    return statement.actions.some((p) => matchesPattern(p, "sts:AssumeRole"));
}

function accountOfPrincipal(principal: string): string | undefined {
    return isAccountId(principal) ? principal : accountOfArn(principal);
}

export function trustOf(statements: readonly Statement[]): Trust {
    const accounts: { account: string; principal: string }[] = [];
    let admitted = false;
    let unconditioned = false;
    for (const statement of statements) {
        if (!admitsAssumeRole(statement)) continue;
        if (statement.anyone) {
            admitted = true;
            if (!statement.conditioned) unconditioned = true;
        }
        for (const principal of statement.awsPrincipals) {
            const account = accountOfPrincipal(principal);
            if (account && !accounts.some((a) => a.account === account && a.principal === principal))
                accounts.push({ account, principal });
        }
    }
    return { accounts, anyone: { admitted, unconditioned } };
}

const ADMIN_ACTIONS: readonly { readonly pattern: RegExp; readonly what: string }[] = [
    { pattern: /^\*(:\*)?$/, what: "every action" },
    { pattern: /^iam:\*$/i, what: "every IAM action, with which it can grant itself anything" },
];

/** What in a policy document amounts to administrator rights: every action, all of IAM, or all but some, on every resource. */
export function adminGrants(statements: readonly Statement[]): string[] {
    const grants: string[] = [];
    for (const statement of statements) {
        if (statement.effect !== "Allow") continue;
        const everyResource = statement.resources.some((r) => r.trim() === "*") || statement.notResources.length > 0;
        if (!everyResource) continue;
        for (const action of statement.actions) {
            const admin = ADMIN_ACTIONS.find((a) => a.pattern.test(action.trim()));
            if (admin) grants.push(`Action ${JSON.stringify(action)} on Resource "*" (${admin.what})`);
        }
        if (statement.notActions.length > 0) {
            grants.push(`NotAction ${JSON.stringify(statement.notActions)} on Resource "*" (every action but those)`);
        }
    }
    return grants;
}

const MANAGED_ADMIN = /^arn:aws[a-z-]*:iam::aws:policy\/(AdministratorAccess|PowerUserAccess|IAMFullAccess)$/;

/** The AWS managed policies that amount to administrator rights, by name; undefined for any other ARN. */
export function managedAdminPolicy(arn: string): string | undefined {
    return MANAGED_ADMIN.exec(arn.trim())?.[1];
}
