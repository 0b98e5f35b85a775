import type { DemarcPolicy } from "../kit";
import requireDemarcTags from "./require-demarc-tags";

export const POLICIES: readonly DemarcPolicy[] = [requireDemarcTags];
