import { redGreenFindings } from "../../lib/network";
import { stackPolicy } from "../kit";

export default stackPolicy(
    {
        name: "forbid-red-green-paths",
        displayName: "No direct red-green paths",
        summary:
            "any security-group rule, network ACL entry, route, peering or transit-gateway path that lets red reach green without yellow; green exposed to the internet (public and Elastic IPs, internet-facing load balancers, public API endpoints)",
        description:
            "No security-group rule, route, peering or transit-gateway path joins red and green directly: red reaches green only by way of yellow.",
        severity: "critical",
        rule: "zones",
        why:
            "Networks are split into red (untrusted), yellow (DMZ) and green (trusted). Red-green flows must pass through an " +
            "intermediate yellow zone, so that nothing untrusted talks to the trusted zone without a controlled stop between them. " +
            "Every layer is held to it on its own: a rule that admits red into green is a breach even while a route or ACL happens to block it.",
        remediationSteps:
            "Admit green only from yellow (a proxy, load balancer or bastion in the DMZ) and red only into yellow; remove routes from " +
            "green subnets to internet, VPN or red NAT gateways; do not peer, or share a transit-gateway route table between, red and green VPCs.",
        kinds: [
            "zone.red-green.rule",
            "zone.red-green.acl",
            "zone.red-green.route",
            "zone.red-green.client-vpn",
            "zone.red-green.held-by-one-layer",
            "zone.red-green.undetermined",
            "zone.green-exposed",
            "zone.green-exposed.undetermined",
        ],
    },
    ["undetermined"],
    ({ network }) => redGreenFindings(network),
);
