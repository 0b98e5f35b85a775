import { encryptionFindings } from "../../lib/network";
import { zoneFlowMatrix } from "../../lib/settings";
import { stackPolicy } from "../kit";

export default stackPolicy(
    {
        name: "require-encrypted-cross-zone-flows",
        displayName: "Encrypted flows across zones",
        summary: "a flow across zone classes on a port that is not in the encrypted list and not over a VPN",
        description:
            "Every flow a security-group rule admits across zone classes uses an encrypted protocol and port, or rides a VPN, as the zone flow matrix says.",
        severity: "high",
        rule: "zones",
        why:
            "Unencrypted flows are allowed only between zones of the same class. Whatever crosses from one class of trust to another " +
            "must be protected in transit, so that the less trusted side cannot read or alter it.",
        remediationSteps:
            "Open only encrypted ports (the encryptedPorts setting: TLS, SSH, IPsec) between zones, never protocol -1 or a port range " +
            "that includes a plaintext port; or carry the flow over a site-to-site VPN. Flows the zone flow matrix denies must be removed.",
        kinds: ["zone.flow-denied", "zone.plaintext", "zone.flow-matrix.undetermined"],
    },
    ["undetermined", "zoneFlows", "encryptedPorts"],
    ({ network, settings }) => encryptionFindings(network, zoneFlowMatrix(settings.zoneFlows), settings.encryptedPorts),
);
