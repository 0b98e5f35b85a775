import { deviceStandardFindings } from "../../lib/demarcation/standards";
import { ownerSetting, resourcePolicy } from "../kit";
import requireCurrentStandard from "./require-current-standard";

export default resourcePolicy(
    {
        name: "refuse-outdated-standard",
        displayName: "No managed device off the current standard",
        summary: "a managed device with no `demarc:standard`, or one older than `currentStandard`",
        description:
            "A managed device (demarc:role firewall, gateway, remote-access or proxy, or anything carrying demarc:standard) carries demarc:standard, " +
            "no older than currentStandard (set on require-current-standard): refused before it is created.",
        severity: "medium",
        rule: "current standards",
        why:
            "The provider must keep every managed device on the client's current standard. One firewall left on 2.3 while the rest run 2.5 " +
            "is the breach that goes unnoticed. The device's own tag and the configured current version decide, so it is judged on the device alone, " +
            "before it is created, in every kind of pulumi up and in Insights audits.",
        remediationSteps:
            "Rebuild or reconfigure the device to the current standard and update its demarc:standard tag; tag every managed device with the version it was built to.",
        kinds: ["standard.missing", "standard.outdated", "standard.undetermined"],
    },
    ["undetermined"],
    (view, { packConfig }) =>
        deviceStandardFindings(view, ownerSetting(requireCurrentStandard, "currentStandard", packConfig)),
);
