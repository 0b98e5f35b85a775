import { checkFlowLogCoverage } from "../../lib/demarcation/flow-log-coverage";
import { stackPolicy } from "../kit";

export default stackPolicy(
    {
        name: "require-vpc-flow-logs",
        displayName: "Flow logs on every VPC",
        summary: "a VPC without a flow log",
        description: "Every VPC in the stack has a VPC flow log (an aws:ec2/flowLog:FlowLog whose vpcId is the VPC).",
        severity: "medium",
        rule: "log placement",
        why:
            "Logs must be centralised: a network without flow logs leaves no evidence of what crossed it, " +
            "and an incident in it cannot be reconstructed by the client or anyone else.",
        remediationSteps:
            "Add an aws.ec2.FlowLog with vpcId set to the VPC, delivering to a client-side bucket or log group.",
        kinds: ["evidence.no-flow-log", "evidence.flow-log.undetermined"],
    },
    ["undetermined"],
    ({ index }) => checkFlowLogCoverage(index),
);
