import { accountOf, describeAccount, ownerOfAccount, type AccountSettings } from "../accounts";
import type { FindingKind } from "../finding-kinds";
import { undetermined, violation, type Finding } from "../findings";
import { placedRead, type Placed } from "../placement";
import type { ResourceView } from "../resource";
import { TAG, type Side } from "../tag-keys";
import { elementOf, type ElementRef } from "../urn";

export const EVIDENCE_STAYS = "evidence must stay on the client's side";

/** The kinds of finding {@link clientSideFinding} and {@link clientAccountFinding} report. */
export const EVIDENCE_SIDE_KINDS = [
    "evidence.provider-side",
    "evidence.side-not-shown",
    "evidence.side.undetermined",
    "evidence.foreign-account",
    "evidence.account.undetermined",
] as const satisfies readonly FindingKind[];

/** Where a tag value came from, as a message says it: `own tag`, `from subnet "app-a"`, `from provider default tags`. */
export function fromWhere(source: string): string {
    if (source === "tags" || source === "own tag") return "own tag";
    return source.startsWith("from ") ? source : `from ${source}`;
}

/**
 * The finding when something holding evidence is not shown on the client's side. `subject` names it
 * and `connector` joins the verdict: `bucket "x" holds evidence (...)` + ` but is`, or
 * `flowLog "f" delivers to bucket "x"` + `, which is`.
 */
export function clientSideFinding(
    urn: string,
    subject: string,
    connector: string,
    side: Placed<Side>,
    /** The resource the side is read from, where not the one the finding is on. */
    of?: ElementRef,
): Finding | undefined {
    const values = { values: [{ ...(of ? { of: elementOf(of) } : {}), ...placedRead(TAG.side, side) }] };
    switch (side.state) {
        case "valid":
            if (side.value === "client") return undefined;
            return violation(
                "evidence.provider-side",
                urn,
                `${subject}${connector} on the provider side (demarc:side=provider, ${fromWhere(side.from)}); ${EVIDENCE_STAYS}`,
                values,
            );
        case "missing":
            return violation(
                "evidence.side-not-shown",
                urn,
                `${subject}${connector} not shown on the client's side: ${side.reason}; ${EVIDENCE_STAYS}`,
                values,
            );
        case "invalid":
            return violation(
                "evidence.side-not-shown",
                urn,
                `${subject}${connector} not shown on the client's side: ${side.problem}; ${EVIDENCE_STAYS}`,
                values,
            );
        case "unknown":
            return undetermined(
                "evidence.side.undetermined",
                urn,
                `${subject}; its side is not known: ${side.reason}`,
                [{ ...(of ? { of: elementOf(of) } : {}), what: TAG.side, reason: side.reason }],
            );
    }
}

/** The finding when a resource holding evidence is not (or not shown to be) in a client account. */
export function clientAccountFinding(
    urn: string,
    view: ResourceView,
    subject: string,
    settings: AccountSettings,
): Finding | undefined {
    if (settings.clientAccountIds.length === 0) return undefined;
    const account = accountOf(view);
    if (account.state === "unknown")
        return undetermined(
            "evidence.account.undetermined",
            urn,
            `${subject}; its account is not known: ${account.reason}`,
            [{ what: "account", reason: account.reason }],
        );
    if (account.state === "absent")
        return undetermined(
            "evidence.account.undetermined",
            urn,
            `${subject}; its account cannot be told: ${account.reason}`,
            [{ what: "account", reason: account.reason }],
        );
    const foreign = account.ids.filter((id) => ownerOfAccount(id, settings) !== "client");
    if (foreign.length === 0) return undefined;
    const where = foreign.map((id) => describeAccount(id, ownerOfAccount(id, settings), settings)).join("; ");
    return violation(
        "evidence.foreign-account",
        urn,
        `${subject} but is deployed in ${where}, from ${account.from}; ${EVIDENCE_STAYS}`,
        { values: foreign.map((id) => ({ name: "account", value: id, from: account.from })) },
    );
}
