import { settingsSpec, type SettingName, type SettingsSpec } from "./settings";
import { ZonePlan } from "./zone-plan";

/**
 * Pulumi knows configuration per policy only, so the settings the whole pack shares are one policy's:
 * the policy that judges the zone plan and the tags against it. Every other policy reads them from
 * there, and its own section overrides any of them.
 */
export const SHARED_SECTION = "follow-zone-plan";

/** Settings written once, in the shared section, and read by every policy that declares them. */
export const SHARED_SETTINGS = [
    "asOf",
    "undetermined",
    "maxExpiryDays",
    "clientAccountIds",
    "providerAccountIds",
    "clientCidrs",
    "providerCidrs",
] as const satisfies readonly SettingName[];

/** The shared section's own settings: the shared ones and the plan. */
export const SHARED_SECTION_SETTINGS = [...SHARED_SETTINGS, "zonePlan"] as const satisfies readonly SettingName[];

const PLAN_SETTINGS = [
    "zonePlan",
    "clientAccountIds",
    "providerAccountIds",
    "clientCidrs",
    "providerCidrs",
] as const satisfies readonly SettingName[];

const isShared = (name: string): boolean => (SHARED_SETTINGS as readonly string[]).includes(name);

/** A policy's configuration as it applies: the shared section's values for the shared settings it declares, under its own. */
export function effectiveConfig(
    policy: string,
    declared: readonly string[],
    own: Readonly<Record<string, unknown>>,
    shared: Readonly<Record<string, unknown>> | undefined,
): Record<string, unknown> {
    if (policy === SHARED_SECTION || !shared) return { ...own };
    const inherited: Record<string, unknown> = {};
    for (const name of declared) {
        if (isShared(name) && shared[name] !== undefined) inherited[name] = shared[name];
    }
    return { ...inherited, ...own };
}

/** The shared settings a policy declares: written without defaults in its schema, so the shared section's values reach it. */
export function inheritedSettings(policy: string, declared: readonly SettingName[]): SettingName[] {
    return policy === SHARED_SECTION ? [] : declared.filter(isShared);
}

let planSpec: SettingsSpec<(typeof PLAN_SETTINGS)[number]> | undefined;

const plans = new WeakMap<object, ZonePlan | undefined>();

/**
 * The zone plan the shared section holds, or undefined when there is none (no section, or nothing in it
 * decides). A section the configuration check refused never reaches here.
 */
export function zonePlanOf(shared: Readonly<Record<string, unknown>> | undefined): ZonePlan | undefined {
    if (!shared) return undefined;
    if (plans.has(shared)) return plans.get(shared);
    planSpec ??= settingsSpec(PLAN_SETTINGS);
    const picked = Object.fromEntries(PLAN_SETTINGS.filter((n) => n in shared).map((n) => [n, shared[n]]));
    const parsed = planSpec.parse(picked);
    const plan = parsed.ok ? new ZonePlan(parsed.value) : undefined;
    const result = plan && !plan.isEmpty ? plan : undefined;
    plans.set(shared, result);
    return result;
}
