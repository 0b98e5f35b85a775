import forbidRedGreenPaths from "../../policy-pack/policies/forbid-red-green-paths";
import isolateTenants from "../../policy-pack/policies/isolate-tenants";
import reportUnmodelledConnectivity from "../../policy-pack/policies/report-unmodelled-connectivity";
import requireDemarcTags from "../../policy-pack/policies/require-demarc-tags";
import requireEncryptedCrossZoneFlows from "../../policy-pack/policies/require-encrypted-cross-zone-flows";
import { policyFindings } from "../support/findings";
import type { Net } from "./fixture";

const POLICIES = [
    requireDemarcTags,
    forbidRedGreenPaths,
    requireEncryptedCrossZoneFlows,
    isolateTenants,
    reportUnmodelledConnectivity,
];

/** Every finding of every network policy: which policy, on which resource, at which level, saying what. */
export const findings = (net: Net, config: Record<string, unknown> = {}) =>
    policyFindings(POLICIES, net.records, config);

export const MODES = [
    ["known", false],
    ["preview", true],
] as const;
