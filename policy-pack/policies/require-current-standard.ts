import { checkStandards } from "../../lib/demarcation/standards";
import { stackPolicy } from "../kit";

export default stackPolicy(
    {
        name: "require-current-standard",
        displayName: "Managed devices on the current standard",
        description:
            "Managed devices (demarc:role firewall, gateway, remote-access or proxy, or anything carrying demarc:standard) carry demarc:standard, no older than the current standard: " +
            "currentStandard when configured, else the newest version in the stack.",
        severity: "medium",
        rule: "current standards",
        why:
            "The provider must keep every managed device on the client's current standard. One firewall left on 2.3 while the rest run 2.5 " +
            "is the breach that goes unnoticed: it looks like the others, and nobody checks which rules it was built to.",
        remediationSteps:
            "Rebuild or reconfigure the device to the current standard and update its demarc:standard tag; tag every managed device with the version it was built to.",
        kinds: ["standard.missing", "standard.outdated", "standard.undetermined"],
    },
    ["currentStandard", "undetermined"],
    ({ index, settings }) => checkStandards(index, settings.currentStandard),
);
