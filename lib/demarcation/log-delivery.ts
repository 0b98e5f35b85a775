import { accountOfArn, accountRead, ownerOfAccount, type AccountSettings } from "../accounts";
import { undetermined, UNTIL_APPLY, violation, type Finding } from "../findings";
import type { Placement } from "../placement";
import type { StackIndex } from "../stack";
import { quote } from "../tags";
import { elementOf } from "../urn";
import { deliveries, type Delivery } from "./evidence";
import { clientSideFinding } from "./sides";

function externalFinding(delivery: Delivery, reference: string, settings: AccountSettings): Finding | undefined {
    const urn = delivery.from.urn;
    const subject = { deliversTo: { property: delivery.property, reference } };
    const account = accountOfArn(reference);
    if (!account)
        return undetermined(
            "evidence.account.undetermined",
            urn,
            [{ what: `the account of ${quote(reference)}`, reason: "it names none" }],
            subject,
        );
    const owner = ownerOfAccount(account, settings);
    if (owner === "client") return undefined;
    const read = accountRead(account, "its ARN", settings);
    if (owner === "unconfigured")
        return undetermined(
            "evidence.account.undetermined",
            urn,
            [
                {
                    what: `the owner of account ${account}`,
                    reason: "neither clientAccountIds nor providerAccountIds names it",
                },
            ],
            { ...subject, values: [read] },
        );
    return violation("evidence.foreign-account", urn, {
        ...subject,
        values: [{ name: delivery.property, value: reference }, read],
    });
}

/** Flow logs, trails, S3 access logging, subscription filters and Firehose streams deliver only to the client's side. */
export function checkLogDelivery(index: StackIndex, placement: Placement, settings: AccountSettings): Finding[] {
    const findings: Finding[] = [];
    for (const delivery of deliveries(index)) {
        const { from, target } = delivery;
        let finding: Finding | undefined;
        switch (target.state) {
            case "in-stack":
                finding = clientSideFinding(
                    from.urn,
                    { deliversTo: { property: delivery.property, element: elementOf(target.view) } },
                    placement.side(target.view),
                    target.view,
                );
                break;
            case "external":
                finding = externalFinding(delivery, target.value, settings);
                break;
            case "unknown":
                finding = undetermined("evidence.delivery.undetermined", from.urn, [
                    { what: target.path, reason: UNTIL_APPLY },
                ]);
                break;
        }
        if (finding) findings.push(finding);
    }
    return findings;
}
