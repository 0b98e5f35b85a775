import { droppedUnknownFindings, unmodelledFinding } from "../../lib/network";
import { stackPolicy } from "../kit";

export default stackPolicy(
    {
        name: "report-unmodelled-connectivity",
        displayName: "Report connectivity the model does not cover",
        summary: "connectivity the model does not cover, listed by name: nothing is dropped silently",
        description:
            "Lists, in one advisory finding, the connectivity the network model does not cover, and names as undetermined each resource whose " +
            "connectivity the model left out because a value is not known until apply, so that no path goes unchecked silently.",
        severity: "low",
        rule: "coverage",
        why:
            "Zone and tenant checks are only as good as the network they see. Connectivity the model does not follow (Direct Connect, " +
            "Network Firewall, PrivateLink services, VPC Lattice, Global Accelerator, transit-gateway peering, appliances in a route) " +
            "must be reviewed by a person, and the report says which.",
        remediationSteps:
            "Review the listed resources by hand for red-green and cross-tenant paths, or record the review as a waiver.",
        enforcementLevel: "advisory",
        kinds: ["coverage.unmodelled", "coverage.undecodable.undetermined", "coverage.unknown.undetermined"],
    },
    ["undetermined"],
    ({ network }) => [...unmodelledFinding(network), ...droppedUnknownFindings(network)],
);
