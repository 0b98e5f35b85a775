import type { CommonKind } from "../../lib/finding-kinds";
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
import refuseProviderSideLogStores from "./refuse-provider-side-log-stores";
import refuseRemoteAccessNotClientManaged from "./refuse-remote-access-not-client-managed";
import refuseShortLogRetention from "./refuse-short-log-retention";
import refuseTagsAgainstPlan from "./refuse-tags-against-plan";
import reportUnmodelledConnectivity from "./report-unmodelled-connectivity";
import requireAccessExpiry from "./require-access-expiry";
import requireClientManagedRemoteAccess from "./require-client-managed-remote-access";
import requireCurrentStandard from "./require-current-standard";
import requireDemarcSide from "./require-demarc-side";
import requireDemarcTags from "./require-demarc-tags";
import requireEncryptedCrossZoneFlows from "./require-encrypted-cross-zone-flows";
import requireVpcFlowLogs from "./require-vpc-flow-logs";
import validateDemarcTags from "./validate-demarc-tags";
import { validateWaivers } from "./validate-waivers";

/** The pack's policies, in the order the engine, the docs and the README list them. */
export const POLICIES = [
    validateDemarcTags,
    requireDemarcSide,
    refuseTagsAgainstPlan,
    refuseExpiredAccess,
    refuseOpenEndedAccess,
    refuseShortLogRetention,
    refuseProviderSideLogStores,
    refuseProviderAdminRoles,
    refuseRemoteAccessNotClientManaged,
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
    validateWaivers((): readonly DemarcPolicy[] => POLICIES),
] as const;

type PackPolicy = (typeof POLICIES)[number];

/** The name of a policy of the pack: a name no policy declares does not compile. */
export type PolicyName = PackPolicy["metadata"]["name"];

/** The kinds of finding a policy may report: those its metadata declares, and those every policy may. */
export type KindOfPolicy<P extends PolicyName> =
    Extract<PackPolicy, { metadata: { name: P } }>["metadata"]["kinds"][number] | CommonKind;
