import { T } from "../aws-types";
import { undetermined, UNTIL_APPLY, violation, type Finding } from "../findings";
import { resolveReference } from "../references";
import type { ResourceView } from "../resource";
import { elementOf } from "../urn";
import type { StackIndex } from "../stack";

/** Every VPC in the stack has a flow log of its own (`vpcId`); subnet or interface flow logs do not cover a VPC. */
export function checkFlowLogCoverage(index: StackIndex): Finding[] {
    const covered = new Set<ResourceView>();
    const unresolved: ResourceView[] = [];
    for (const flowLog of index.ofType(T.flowLog)) {
        const ref = resolveReference(index, flowLog, "vpcId", { types: [T.vpc], one: true });
        if (ref.state === "resolved") ref.targets.forEach((vpc) => covered.add(vpc));
        else if (ref.state === "unknown") unresolved.push(flowLog);
    }
    const findings: Finding[] = [];
    for (const vpc of index.ofType(T.vpc)) {
        if (covered.has(vpc)) continue;
        if (unresolved.length > 0) {
            findings.push(
                undetermined(
                    "evidence.flow-log.undetermined",
                    vpc.urn,
                    unresolved.map((flowLog) => ({ of: elementOf(flowLog), what: "vpcId", reason: UNTIL_APPLY })),
                ),
            );
        } else {
            findings.push(violation("evidence.no-flow-log", vpc.urn, {}));
        }
    }
    return findings;
}
