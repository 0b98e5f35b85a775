export { networkModel, NetworkModel } from "./model";
export { admissionsOf, naclAllows } from "./flows";
export { jointsOf } from "./joints";
export { clientVpnAccessesOf } from "./client-vpn";
export { pathBetween } from "./paths";
export { redGreenFindings, encryptionFindings, tenantFindings, groupZoneFindings } from "./checks";
export { droppedUnknownFindings, unmodelledFinding, UNMODELLED_CONNECTIVITY } from "./unmodelled";
export { tgwTableTenantFindings } from "./tgw-tables";
export { sharedNetworkFindings } from "./ram";
