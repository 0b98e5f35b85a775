import type { DemarcPolicy } from "../kit";
import deliverLogsClientSide from "./deliver-logs-client-side";
import keepLogStoresClientSide from "./keep-log-stores-client-side";
import limitProviderRolePermissions from "./limit-provider-role-permissions";
import protectLogStores from "./protect-log-stores";
import requireAccessExpiry from "./require-access-expiry";
import requireClientManagedRemoteAccess from "./require-client-managed-remote-access";
import requireCurrentStandard from "./require-current-standard";
import requireDemarcTags from "./require-demarc-tags";
import requireVpcFlowLogs from "./require-vpc-flow-logs";
import validateWaivers from "./validate-waivers";

export const POLICIES: readonly DemarcPolicy[] = [
    requireDemarcTags,
    keepLogStoresClientSide,
    deliverLogsClientSide,
    requireVpcFlowLogs,
    protectLogStores,
    requireClientManagedRemoteAccess,
    limitProviderRolePermissions,
    requireCurrentStandard,
    requireAccessExpiry,
    validateWaivers,
];
