import type { DemarcPolicy } from "../kit";
import requireAccessExpiry from "./require-access-expiry";
import requireDemarcTags from "./require-demarc-tags";
import validateWaivers from "./validate-waivers";

export const POLICIES: readonly DemarcPolicy[] = [requireDemarcTags, requireAccessExpiry, validateWaivers];
