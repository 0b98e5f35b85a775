import { isUnknown, type Read } from "./values";

/** Who an IAM trust policy lets assume the role, as far as AWS accounts go. */
export type TrustedAccounts =
    | {
          readonly state: "known";
          /** A principal of "*" (or a NotPrincipal): anyone, in any account. */
          readonly everyone: boolean;
          readonly accounts: readonly string[];
          /** Some principals are not known until apply. */
          readonly partlyUnknown: boolean;
      }
    | { readonly state: "unknown" }
    | { readonly state: "invalid"; readonly problem: string };

const ACCOUNT_ID = /^\d{12}$/;
const ACCOUNT_ARN = /^arn:aws[a-z-]*:(?:iam|sts)::(\d{12}):/;

const asList = (value: unknown): unknown[] =>
    Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];

/**
 * The accounts a trust policy (`assumeRolePolicy`: JSON text or an object) admits through its Allow
 * statements' `AWS` principals: bare account ids and `arn:aws:iam::N:...` / `arn:aws:sts::N:...` arns.
 * Service and federated principals name no account. Conditions are not evaluated.
 */
export function trustedAccounts(policy: Read<unknown>): TrustedAccounts {
    if (policy.state === "unknown") return { state: "unknown" };
    if (policy.state === "absent") return { state: "known", everyone: false, accounts: [], partlyUnknown: false };
    let document: unknown = policy.state === "known" ? policy.value : undefined;
    if (typeof document === "string") {
        try {
            document = JSON.parse(document);
        } catch {
            return { state: "invalid", problem: "its assumeRolePolicy is not valid JSON" };
        }
    }
    if (document === null || typeof document !== "object" || Array.isArray(document)) {
        return { state: "invalid", problem: "its assumeRolePolicy is not a policy document" };
    }
    let everyone = false;
    let partlyUnknown = false;
    const accounts = new Set<string>();
    const admit = (principal: unknown) => {
        if (isUnknown(principal)) partlyUnknown = true;
        else if (principal === "*") everyone = true;
        else if (typeof principal === "string") {
            const text = principal.trim();
            const account = ACCOUNT_ID.test(text) ? text : ACCOUNT_ARN.exec(text)?.[1];
            if (account) accounts.add(account);
        }
    };
    const statements = (document as Record<string, unknown>)["Statement"];
    if (isUnknown(statements)) return { state: "unknown" };
    for (const statement of asList(statements)) {
        if (isUnknown(statement)) {
            partlyUnknown = true;
            continue;
        }
        if (statement === null || typeof statement !== "object") continue;
        const s = statement as Record<string, unknown>;
        if (isUnknown(s["Effect"])) partlyUnknown = true;
        if (s["Effect"] === "Deny") continue;
        if (s["NotPrincipal"] !== undefined) everyone = true;
        const principal = s["Principal"];
        if (isUnknown(principal)) partlyUnknown = true;
        else if (principal === "*") everyone = true;
        else if (principal !== null && typeof principal === "object" && !Array.isArray(principal)) {
            for (const p of asList((principal as Record<string, unknown>)["AWS"])) admit(p);
        }
    }
    return { state: "known", everyone, accounts: [...accounts].sort(), partlyUnknown };
}
