import type { AccountSettings } from "../accounts";
import type { Finding } from "../findings";
import { describe, type Placement } from "../placement";
import type { StackIndex } from "../stack";
import { logStores } from "./evidence";
import { clientAccountFinding, clientSideFinding } from "./sides";

/** Every resource holding evidence is on the client's side, in a client-side subnet or VPC, and in a client account. */
export function checkLogPlacement(index: StackIndex, placement: Placement, settings: AccountSettings): Finding[] {
    const findings: Finding[] = [];
    for (const { view, why } of logStores(index)) {
        const subject = `${describe(view)} holds evidence (${why})`;
        const side = clientSideFinding(view.urn, subject, " but is", placement.side(view));
        if (side) findings.push(side);
        const account = clientAccountFinding(view.urn, view, subject, settings);
        if (account) findings.push(account);
    }
    return findings;
}
