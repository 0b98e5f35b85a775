import { ownTagFindings } from "../../lib/own-tags";
import { resourcePolicy } from "../kit";

export default resourcePolicy(
    {
        name: "validate-demarc-tags",
        displayName: "Valid demarc tags on every resource",
        summary:
            "a `demarc:*` value that is not one the convention allows, or a key outside it, on the resource that carries it",
        description:
            "Every demarc:* tag a resource carries (its own, or its provider's default tags) has a valid value and is a key of the convention.",
        severity: "high",
        rule: "tags",
        why:
            "Every other rule reads these tags: a zone that is not a zone, an expiry that is not a date or a typo in a key switches a check off " +
            "as surely as a missing tag. A value the resource itself carries is judged on the resource alone, before it is created.",
        remediationSteps:
            "Correct the value to one the message lists (demarc:zone red, yellow or green; demarc:expires YYYY-MM-DD; demarc:standard 2.5, ...), " +
            "or fix the key's spelling.",
        kinds: ["tag.invalid-value", "tag.unknown-key"],
    },
    ["undetermined"],
    (view) => ownTagFindings(view),
);
