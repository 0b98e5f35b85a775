import { accountOf, accountRead, ownerOfAccount, type AccountSettings } from "../accounts";
import type { FindingKind } from "../finding-kinds";
import { undetermined, violation, type EvidenceDetail, type Finding } from "../findings";
import { placedRead, type Placed } from "../placement";
import type { ResourceView } from "../resource";
import { TAG, type Side } from "../tag-keys";
import { elementOf, type ElementRef } from "../urn";

/** The kinds of finding {@link clientSideFinding} and {@link clientAccountFinding} report. */
export const EVIDENCE_SIDE_KINDS = [
    "evidence.provider-side",
    "evidence.side-not-shown",
    "evidence.side.undetermined",
    "evidence.foreign-account",
    "evidence.account.undetermined",
] as const satisfies readonly FindingKind[];

/** What makes a resource's side or account matter: it holds evidence, or delivers logs to what may. */
export type EvidenceSubject = Pick<EvidenceDetail, "holdsEvidence" | "deliversTo">;

/** The finding when something holding evidence (`subject`) is not shown on the client's side. */
export function clientSideFinding(
    urn: string,
    subject: EvidenceSubject,
    side: Placed<Side>,
    /** The resource the side is read from, where not the one the finding is on. */
    of?: ElementRef,
): Finding | undefined {
    const values = {
        ...subject,
        values: [{ ...(of ? { of: elementOf(of) } : {}), ...placedRead(TAG.side, side, urn) }],
    };
    switch (side.state) {
        case "valid":
            if (side.value === "client") return undefined;
            return violation("evidence.provider-side", urn, values);
        case "missing":
        case "invalid":
            return violation("evidence.side-not-shown", urn, values);
        case "unknown":
            return undetermined(
                "evidence.side.undetermined",
                urn,
                [{ ...(of ? { of: elementOf(of) } : {}), what: TAG.side, reason: side.reason }],
                subject,
            );
    }
}

/** The finding when a resource holding evidence is not (or not shown to be) in a client account. */
export function clientAccountFinding(
    urn: string,
    view: ResourceView,
    subject: EvidenceSubject,
    settings: AccountSettings,
): Finding | undefined {
    if (settings.clientAccountIds.length === 0) return undefined;
    const account = accountOf(view);
    if (account.state === "unknown")
        return undetermined(
            "evidence.account.undetermined",
            urn,
            [{ what: "account", reason: account.reason }],
            subject,
        );
    if (account.state === "absent")
        return undetermined(
            "evidence.account.undetermined",
            urn,
            [{ what: "account", reason: account.reason, missing: true }],
            subject,
        );
    const foreign = account.ids.filter((id) => ownerOfAccount(id, settings) !== "client");
    if (foreign.length === 0) return undefined;
    return violation("evidence.foreign-account", urn, {
        ...subject,
        values: foreign.map((id) => accountRead(id, account.from, settings)),
    });
}
