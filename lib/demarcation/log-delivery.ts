import { accountOfArn, describeAccount, ownerOfAccount, type AccountSettings } from "../accounts";
import { undetermined, UNTIL_APPLY, violation, type Finding } from "../findings";
import { describe, type Placement } from "../placement";
import type { StackIndex } from "../stack";
import { quote } from "../tags";
import { deliveries, type Delivery } from "./evidence";
import { clientSideFinding, EVIDENCE_STAYS } from "./sides";

function externalFinding(delivery: Delivery, reference: string, settings: AccountSettings): Finding | undefined {
    const urn = delivery.from.urn;
    const subject = `${describe(delivery.from)} delivers to ${quote(reference)} (${delivery.property}), which is not in this stack`;
    const account = accountOfArn(reference);
    if (!account)
        return undetermined("evidence.account.undetermined", urn, `${subject} and names no account to judge it by`, [
            { what: `the account of ${quote(reference)}`, reason: "it names none" },
        ]);
    const owner = ownerOfAccount(account, settings);
    if (owner === "client") return undefined;
    if (owner === "unconfigured")
        return undetermined(
            "evidence.account.undetermined",
            urn,
            `${subject}, in account ${account}; configure clientAccountIds or providerAccountIds to judge it`,
            [
                {
                    what: `the owner of account ${account}`,
                    reason: "neither clientAccountIds nor providerAccountIds names it",
                },
            ],
        );
    return violation(
        "evidence.foreign-account",
        urn,
        `${subject}, in ${describeAccount(account, owner, settings)}; ${EVIDENCE_STAYS}`,
        {
            values: [
                { name: delivery.property, value: reference },
                { name: "account", value: account, from: "its ARN" },
            ],
        },
    );
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
                    `${describe(from)} delivers to ${describe(target.view)}`,
                    ", which is",
                    placement.side(target.view),
                    target.view,
                );
                break;
            case "external":
                finding = externalFinding(delivery, target.value, settings);
                break;
            case "unknown":
                finding = undetermined(
                    "evidence.delivery.undetermined",
                    from.urn,
                    `${describe(from)}: its ${target.path} is not known until apply, and no resource in the stack is named as its source`,
                    [{ what: target.path, reason: UNTIL_APPLY }],
                );
                break;
        }
        if (finding) findings.push(finding);
    }
    return findings;
}
