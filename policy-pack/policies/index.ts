import type { DemarcPolicy } from "../kit";
import forbidRedGreenPaths from "./forbid-red-green-paths";
import isolateTenants from "./isolate-tenants";
import reportUnmodelledConnectivity from "./report-unmodelled-connectivity";
import requireDemarcTags from "./require-demarc-tags";
import requireEncryptedCrossZoneFlows from "./require-encrypted-cross-zone-flows";

export const POLICIES: readonly DemarcPolicy[] = [
    requireDemarcTags,
    forbidRedGreenPaths,
    requireEncryptedCrossZoneFlows,
    isolateTenants,
    reportUnmodelledConnectivity,
];
