import { checkStandards } from "../../lib/demarcation/standards";
import { stackPolicy } from "../kit";

export default stackPolicy(
    {
        name: "require-current-standard",
        displayName: "Managed devices on the stack's newest standard",
        summary:
            "with no `currentStandard` configured, a managed device built to an older standard than the newest in the stack",
        description:
            "With no currentStandard configured, a managed device built to an older demarc:standard than the newest a device of the stack carries. " +
            "currentStandard is set here; refuse-outdated-standard judges each device against it, and a missing standard, on the device before it is created.",
        severity: "medium",
        rule: "current standards",
        why:
            "The provider must keep every managed device on the client's current standard. One firewall left on 2.3 while the rest run 2.5 " +
            "is the breach that goes unnoticed: it looks like the others, and nobody checks which rules it was built to. " +
            "Until the client names the current version, the newest one in the network is the one the others are behind.",
        remediationSteps:
            "Configure currentStandard with the client's current version; rebuild or reconfigure the device to it and update its demarc:standard tag.",
        kinds: ["standard.outdated"],
    },
    ["currentStandard", "undetermined"],
    ({ index, settings }) => checkStandards(index, settings.currentStandard),
);
