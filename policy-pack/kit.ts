import * as fs from "fs";
import * as path from "path";
import type {
    PolicyResource,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    Severity,
    StackValidationPolicy,
} from "@pulumi/policy";
import { todayUtc, parseIsoDay } from "../lib/dates";
import { COMMON_KINDS, type FindingKind } from "../lib/finding-kinds";
import { diagnosesOf, settleUndetermined, undetermined, violation, type Finding } from "../lib/findings";
import type { NetworkModel } from "../lib/network";
import type { Placement } from "../lib/placement";
import { ResourceView, type ProviderRecord, type ResourceRecord } from "../lib/resource";
import {
    settingsSpec,
    type SpecOptions,
    type PolicyConfigSchema,
    type SettingName,
    type Settings,
    type SettingsSpec,
    type SettingValue,
} from "../lib/settings";
import { effectiveConfig, inheritedSettings, SHARED_SECTION, zonePlanOf } from "../lib/shared-settings";
import type { StackIndex } from "../lib/stack";
import { StackAnalysis } from "../lib/stack-analysis";
import type { ZonePlan } from "../lib/zone-plan";
import { applyWaivers } from "../lib/waivers";
import { configuredPolicies } from "./configured";
import { PROXY_TARGET_KEY } from "./policy-internals";
import { analysingRecords, currentAnalysis } from "./stack-request";

export const PACK_NAME = "demarc";
/** Where the pack's sources and generated policy reference are published. */
export const PACK_REPOSITORY = "https://github.com/demarc-policy/demarc";
export const POLICY_DOCS_URL = `${PACK_REPOSITORY}/blob/main/docs/policies.md`;

/** The source rule a policy enforces. */
export type SeedRule =
    | "tags"
    | "zones"
    | "tenants"
    | "log placement"
    | "expiring access"
    | "separation of duties"
    | "current standards"
    | "waivers"
    | "coverage";

/**
 * What a policy is, the one source of the pack's catalogue: the console, docs/policies.md, the README's policy
 * table and the sample scenarios' expectations are all read from it.
 */
export interface PolicyMetadata<N extends string = string, K extends FindingKind = FindingKind> {
    readonly name: N;
    /** The name people read in the Pulumi Cloud console and reports. */
    readonly displayName: string;
    /** What the policy stops, in a phrase: the README's policy table. */
    readonly summary: string;
    readonly description: string;
    readonly severity: Severity;
    readonly rule: SeedRule;
    /** Why the rule exists, in the words of the shared-responsibility practice it comes from. */
    readonly why: string;
    readonly remediationSteps: string;
    readonly enforcementLevel?: "advisory" | "mandatory";
    /** The kinds of finding the policy reports (besides {@link COMMON_KINDS}, which every policy may). */
    readonly kinds: readonly K[];
}

/** Every kind a policy may report: its own, then those every policy may. */
export const kindsOf = (metadata: PolicyMetadata): readonly FindingKind[] => [
    ...new Set([...metadata.kinds, ...COMMON_KINDS]),
];

/** Settings every policy takes, whatever it checks: the day it is evaluated at, and its waivers. */
export const COMMON_SETTINGS = ["asOf", "maxExpiryDays", "waivers"] as const;
export type CommonSetting = (typeof COMMON_SETTINGS)[number];

/** Each policy's configuration section, by policy name. */
export type PackConfig = ReadonlyMap<string, Record<string, unknown>>;

export interface CheckContext<K extends SettingName> {
    readonly settings: Settings<K | CommonSetting>;
    /** Days since 1970-01-01 (UTC) the checks are evaluated at: the configured asOf, else today. */
    readonly asOfDay: number;
    /** The configuration of every policy of the pack (a policy's own is in `settings`). */
    readonly packConfig: PackConfig;
    /** The client's zone plan, from the shared section, when it decides anything. */
    readonly plan: ZonePlan | undefined;
}

export interface StackCheckContext<K extends SettingName> extends CheckContext<K> {
    readonly index: StackIndex;
    readonly placement: Placement;
    /** Built when first read, once for all the stack policies of a run. */
    readonly network: NetworkModel;
}

/** What a stack policy judges, from the run's one analysis of the stack. */
function stackContext<K extends SettingName>(context: CheckContext<K>, analysis: StackAnalysis): StackCheckContext<K> {
    const placement = analysis.placement(context.plan);
    return {
        ...context,
        index: analysis.index,
        placement,
        get network() {
            return analysis.network(context.plan);
        },
    };
}

export interface DemarcPolicy<N extends string = string, K extends FindingKind = FindingKind> {
    readonly metadata: PolicyMetadata<N, K>;
    readonly settings: SettingsSpec<SettingName>;
    /** Resource policies judge one resource and its provider at `Analyze`; stack policies the whole stack at `AnalyzeStack`. */
    readonly kind: "resource" | "stack";
    readonly policy: ResourceValidationPolicy | StackValidationPolicy;
    /**
     * The findings on a set of resources, in-process, as the engine path would settle them and apply
     * waivers. `packConfig` stands for every policy's configuration (default: this policy's `config` alone).
     */
    evaluate(
        records: readonly ResourceRecord[],
        config?: Record<string, unknown>,
        packConfig?: Readonly<Record<string, Record<string, unknown>>>,
    ): Finding[];
}

/** The raw object behind `@pulumi/policy`'s unknown-checking proxy: unknowns stay as sentinels instead of throwing. */
export function rawProps(props: Record<string, unknown>): Record<string, unknown> {
    const target = (props as Record<string, unknown>)[PROXY_TARGET_KEY];
    return (target as Record<string, unknown> | undefined) ?? props;
}

function providerRecord(
    provider: { type: string; urn: string; name: string; props: Record<string, unknown> } | undefined,
): ProviderRecord | undefined {
    return provider && { type: provider.type, urn: provider.urn, name: provider.name, props: rawProps(provider.props) };
}

export function stackRecord(r: PolicyResource): ResourceRecord {
    const propertyDependencies: Record<string, string[]> = {};
    for (const [key, deps] of Object.entries(r.propertyDependencies ?? {}))
        propertyDependencies[key] = deps.map((d) => d.urn);
    return {
        type: r.type,
        urn: r.urn,
        name: r.name,
        props: rawProps(r.props),
        provider: providerRecord(r.provider),
        parent: r.parent?.urn,
        dependencies: (r.dependencies ?? []).map((d) => d.urn),
        propertyDependencies,
    };
}

export function resourceRecord(args: ResourceValidationArgs): ResourceRecord {
    return {
        type: args.type,
        urn: args.urn,
        name: args.name,
        props: rawProps(args.props),
        provider: providerRecord(args.provider),
        parent: args.opts?.parent,
    };
}

/**
 * `@pulumi/policy` gives every string report its policy's level, behind the policy's description.
 * Its reporter also takes a diagnostic object, whose own level wins: advisory findings of a mandatory
 * policy (undetermined, expiring soon, waived) go out as advisory, and the message stands alone.
 */
interface DiagnosticReport {
    message: string;
    /** The evidence and waivers of the message's lines, machine-readable; the engine shows the message only. */
    description?: string;
    urn?: string;
    enforcementLevel?: "advisory";
}

function report(findings: readonly Finding[], reportViolation: ReportViolation): void {
    const reportDiagnostic = reportViolation as unknown as (diagnostic: DiagnosticReport) => void;
    for (const diagnosis of diagnosesOf(findings)) {
        const diagnostic: DiagnosticReport = { message: diagnosis.message };
        if (diagnosis.description) diagnostic.description = diagnosis.description;
        if (diagnosis.urn) diagnostic.urn = diagnosis.urn;
        if (diagnosis.level === "advisory") diagnostic.enforcementLevel = "advisory";
        reportDiagnostic(diagnostic);
    }
}

function describeError(error: unknown): string {
    return error instanceof Error ? error.message : String(error);
}

function withCommonSettings<K extends SettingName>(
    policy: string,
    settings: readonly K[],
    validate?: SpecOptions<K | CommonSetting>["validate"],
): SettingsSpec<K | CommonSetting> {
    const names = [...new Set<K | CommonSetting>([...settings, ...COMMON_SETTINGS])];
    return settingsSpec(names, { withoutDefaults: inheritedSettings(policy, names), validate });
}

function configure<K extends SettingName>(
    spec: SettingsSpec<K | CommonSetting>,
    raw: unknown,
    packConfig: PackConfig,
): { ok: true; context: CheckContext<K> } | { ok: false; message: string } {
    const parsed = spec.parse(raw);
    if (!parsed.ok) return { ok: false, message: `the policy configuration is invalid: ${parsed.errors.join("; ")}` };
    const { asOf } = parsed.value as unknown as Settings<CommonSetting>;
    const asOfDay = (asOf !== undefined ? parseIsoDay(asOf) : undefined) ?? todayUtc();
    return {
        ok: true,
        context: { settings: parsed.value, asOfDay, packConfig, plan: zonePlanOf(packConfig.get(SHARED_SECTION)) },
    };
}

/** Undetermined findings settled as configured, then waivers applied. */
function settle<K extends SettingName>(findings: readonly Finding[], context: CheckContext<K>): Finding[] {
    const mode = (context.settings as { undetermined?: "advisory" | "mandatory" }).undetermined ?? "advisory";
    const { waivers, maxExpiryDays } = context.settings as unknown as Settings<CommonSetting>;
    return applyWaivers(settleUndetermined(findings, mode), waivers, context.asOfDay, maxExpiryDays);
}

function packConfigOf(
    name: string,
    config: Record<string, unknown>,
    packConfig: Readonly<Record<string, Record<string, unknown>>> | undefined,
): PackConfig {
    return new Map(Object.entries(packConfig ?? { [name]: config }));
}

export const CONFIG_SCHEMAS_FILE = "config-schemas.json";

/**
 * Each policy's JSON schema as the build wrote it beside the compiled pack: the pack starts without
 * loading zod, which parses configuration only once the engine sends some. Without the file (the
 * sources run directly) the schemas are generated from the same zod schemas on first use.
 */
function builtConfigSchemas(): Record<string, PolicyConfigSchema> {
    try {
        return JSON.parse(fs.readFileSync(path.join(__dirname, "..", CONFIG_SCHEMAS_FILE), "utf8")) as Record<
            string,
            PolicyConfigSchema
        >;
    } catch {
        return {};
    }
}

const BUILT_CONFIG_SCHEMAS = builtConfigSchemas();

function baseFields(metadata: PolicyMetadata) {
    return {
        name: metadata.name,
        displayName: metadata.displayName,
        url: `${POLICY_DOCS_URL}#${metadata.name}`,
        description: metadata.description,
        enforcementLevel: metadata.enforcementLevel ?? "mandatory",
        severity: metadata.severity,
        remediationSteps: metadata.remediationSteps,
        tags: ["demarc", metadata.rule],
        framework: { name: "demarc", version: "1", reference: `rule: ${metadata.rule}`, specification: metadata.why },
    };
}

/** The policy's `configSchema`, read when the engine asks for it rather than when the pack loads. */
function declareConfigSchema<P extends object>(
    policy: P,
    metadata: PolicyMetadata,
    spec: SettingsSpec<SettingName>,
): P {
    return Object.defineProperty(policy, "configSchema", {
        enumerable: true,
        get: () => BUILT_CONFIG_SCHEMAS[metadata.name] ?? spec.configSchema,
    });
}

/**
 * What every policy does with what the engine sends: parse its configuration, run its check (a check
 * that throws is undetermined, never an error at the engine), settle and waive, report.
 */
function judge<K extends SettingName>(
    spec: SettingsSpec<K | CommonSetting>,
    rawConfig: unknown,
    packConfig: PackConfig,
    reportViolation: ReportViolation,
    check: (context: CheckContext<K>) => Finding[],
): void {
    const configured = configure(spec, rawConfig, packConfig);
    if (!configured.ok) {
        report([violation("config.invalid", "", configured.message)], reportViolation);
        return;
    }
    let findings: Finding[];
    try {
        findings = check(configured.context);
    } catch (error) {
        findings = [
            undetermined("check.undetermined", "", `the check could not be evaluated: ${describeError(error)}`),
        ];
    }
    report(settle(findings, configured.context), reportViolation);
}

/** A policy judged over the whole stack, on the network model. */
export function stackPolicy<N extends string, F extends FindingKind, K extends SettingName>(
    metadata: PolicyMetadata<N, F>,
    settings: readonly K[],
    check: (context: StackCheckContext<K>) => Finding[],
    validate?: SpecOptions<K | CommonSetting>["validate"],
): DemarcPolicy<N, F> {
    const spec = withCommonSettings(metadata.name, settings, validate);
    const applying = (own: Record<string, unknown>, packConfig: PackConfig) =>
        effectiveConfig(metadata.name, spec.names, own, packConfig.get(SHARED_SECTION));
    const policy: StackValidationPolicy = declareConfigSchema(
        {
            ...baseFields(metadata),
            validateStack: (args, reportViolation) => {
                const packConfig = configuredPolicies();
                const config = applying(args.getConfig<Record<string, unknown>>() ?? {}, packConfig);
                // Outside a request the engine hooks analyse, the policy judges the resources it was given.
                const analysis = currentAnalysis() ?? new StackAnalysis(args.resources.map(stackRecord));
                analysis.step(metadata.name, () =>
                    judge(spec, config, packConfig, reportViolation, (context) =>
                        check(stackContext(context, analysis)),
                    ),
                );
            },
        },
        metadata,
        spec as unknown as SettingsSpec<SettingName>,
    );
    const evaluate: DemarcPolicy["evaluate"] = (records, own = {}, given) => {
        const packConfig = packConfigOf(metadata.name, own, given);
        const configured = configure(spec, applying(own, packConfig), packConfig);
        if (!configured.ok) throw new Error(configured.message);
        const { context } = configured;
        return analysingRecords(records, (analysis) => settle(check(stackContext(context, analysis)), context));
    };
    return { metadata, settings: spec as unknown as SettingsSpec<SettingName>, kind: "stack", policy, evaluate };
}

/**
 * A policy judged on one resource and its provider, at `Analyze`: before the resource is created in every
 * kind of `pulumi up`, and in Pulumi Insights audits of discovered resources.
 */
export function resourcePolicy<N extends string, F extends FindingKind, K extends SettingName>(
    metadata: PolicyMetadata<N, F>,
    settings: readonly K[],
    check: (view: ResourceView, context: CheckContext<K>) => Finding[],
): DemarcPolicy<N, F> {
    const spec = withCommonSettings(metadata.name, settings);
    const applying = (own: Record<string, unknown>, packConfig: PackConfig) =>
        effectiveConfig(metadata.name, spec.names, own, packConfig.get(SHARED_SECTION));
    const policy: ResourceValidationPolicy = declareConfigSchema(
        {
            ...baseFields(metadata),
            validateResource: (args, reportViolation) => {
                const packConfig = configuredPolicies();
                const config = applying(args.getConfig<Record<string, unknown>>() ?? {}, packConfig);
                judge(spec, config, packConfig, reportViolation, (context) =>
                    check(new ResourceView(resourceRecord(args)), context),
                );
            },
        },
        metadata,
        spec as unknown as SettingsSpec<SettingName>,
    );
    const evaluate: DemarcPolicy["evaluate"] = (records, own = {}, given) => {
        const packConfig = packConfigOf(metadata.name, own, given);
        const config = applying(own, packConfig);
        const configured = configure(spec, config, packConfig);
        if (!configured.ok) throw new Error(configured.message);
        const findings = records.flatMap((record) => check(new ResourceView(record), configured.context));
        return settle(findings, configured.context);
    };
    return { metadata, settings: spec as unknown as SettingsSpec<SettingName>, kind: "resource", policy, evaluate };
}

/**
 * A setting another policy declares, as it applies to that policy: a value read by a resource policy and a stack
 * policy alike is written once, where its owner declares it. A configuration the owner refuses is the owner's finding;
 * here it makes the check undetermined rather than judged against a default nobody chose.
 */
export function ownerSetting<N extends SettingName>(
    owner: DemarcPolicy,
    name: N,
    packConfig: PackConfig,
): SettingValue<N> {
    const section = owner.metadata.name;
    const parsed = ownerSettings(owner, packConfig);
    if (!parsed.ok) throw new Error(`${name} is read from ${section}, whose configuration is invalid`);
    return (parsed.value as unknown as Record<N, SettingValue<N>>)[name];
}

/** Each owner's settings, parsed once per configuration the engine gave, not once per resource judged. */
const ownerSettingsParsed = new WeakMap<PackConfig, Map<string, ReturnType<DemarcPolicy["settings"]["parse"]>>>();

function ownerSettings(owner: DemarcPolicy, packConfig: PackConfig): ReturnType<DemarcPolicy["settings"]["parse"]> {
    const section = owner.metadata.name;
    let parsedSections = ownerSettingsParsed.get(packConfig);
    if (!parsedSections) ownerSettingsParsed.set(packConfig, (parsedSections = new Map()));
    let parsed = parsedSections.get(section);
    if (!parsed) {
        const config = effectiveConfig(
            section,
            owner.settings.names,
            packConfig.get(section) ?? {},
            packConfig.get(SHARED_SECTION),
        );
        parsed = owner.settings.parse(config);
        parsedSections.set(section, parsed);
    }
    return parsed;
}

/** The pack's readme as the Pulumi Cloud console shows it: each policy, when it runs, and where it is documented. */
export function packReadme(policies: readonly DemarcPolicy[]): string {
    const when = { resource: "each resource, before it is created", stack: "the whole stack" };
    return [
        "# demarc",
        "",
        "Keeps an organisation in control of a network its managed security provider operates: zones, tenants, " +
            "evidence, expiring access, separation of duties and current standards, judged from `demarc:*` tags and the network.",
        "",
        "| policy | judges | what it checks |",
        "|---|---|---|",
        ...policies.map(
            (p) =>
                `| [${p.metadata.name}](${POLICY_DOCS_URL}#${p.metadata.name}) | ${when[p.kind]} | ${p.metadata.description.replace(/\|/g, "\\|")} |`,
        ),
        "",
        `Configuration, waivers and the tag convention: ${PACK_REPOSITORY}#readme`,
    ].join("\n");
}
