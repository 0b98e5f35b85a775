import type { DemarcPolicy } from "../kit";
import deliverLogsClientSide from "./deliver-logs-client-side";
import followZonePlan from "./follow-zone-plan";
import forbidRedGreenPaths from "./forbid-red-green-paths";
import isolateTenants from "./isolate-tenants";
import keepLogStoresClientSide from "./keep-log-stores-client-side";
import limitProviderRolePermissions from "./limit-provider-role-permissions";
import protectLogStores from "./protect-log-stores";
import refuseExpiredAccess from "./refuse-expired-access";
import refuseOpenEndedAccess from "./refuse-open-ended-access";
import refuseOutdatedStandard from "./refuse-outdated-standard";
import refuseProviderAdminRoles from "./refuse-provider-admin-roles";
import refuseShortLogRetention from "./refuse-short-log-retention";
import reportUnmodelledConnectivity from "./report-unmodelled-connectivity";
import requireAccessExpiry from "./require-access-expiry";
import requireClientManagedRemoteAccess from "./require-client-managed-remote-access";
import requireCurrentStandard from "./require-current-standard";
import requireDemarcTags from "./require-demarc-tags";
import requireEncryptedCrossZoneFlows from "./require-encrypted-cross-zone-flows";
import requireVpcFlowLogs from "./require-vpc-flow-logs";
import validateDemarcTags from "./validate-demarc-tags";
import { validateWaivers } from "./validate-waivers";

export const POLICIES: readonly DemarcPolicy[] = [
    validateDemarcTags,
    refuseExpiredAccess,
    refuseOpenEndedAccess,
    refuseShortLogRetention,
    refuseProviderAdminRoles,
    refuseOutdatedStandard,
    requireDemarcTags,
    followZonePlan,
    forbidRedGreenPaths,
    requireEncryptedCrossZoneFlows,
    isolateTenants,
    reportUnmodelledConnectivity,
    keepLogStoresClientSide,
    deliverLogsClientSide,
    requireVpcFlowLogs,
    protectLogStores,
    requireClientManagedRemoteAccess,
    limitProviderRolePermissions,
    requireCurrentStandard,
    requireAccessExpiry,
    validateWaivers(() => POLICIES),
];
