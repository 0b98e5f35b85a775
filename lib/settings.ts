import type { z } from "zod";
import { parseCidr } from "./cidr";
import { THIRD_PARTY_ACCESS } from "./aws-types";
import { parseIsoDay } from "./dates";
import { SIDES, ZONES, type Zone } from "./tag-keys";

export const FLOW_TREATMENTS = ["allow", "encrypted", "deny"] as const;
export type FlowTreatment = (typeof FLOW_TREATMENTS)[number];
export type ZonePair = `${Zone}->${Zone}`;
export const ZONE_PAIRS: readonly ZonePair[] = ZONES.flatMap((a) => ZONES.map((b) => `${a}->${b}` as ZonePair));

export const DEFAULT_ZONE_FLOWS: Readonly<Record<ZonePair, FlowTreatment>> = {
    "red->red": "allow",
    "yellow->yellow": "allow",
    "green->green": "allow",
    "red->yellow": "encrypted",
    "yellow->red": "encrypted",
    "yellow->green": "encrypted",
    "green->yellow": "encrypted",
    "red->green": "deny",
    "green->red": "deny",
};

export function zoneFlowMatrix(overrides: Partial<Record<ZonePair, FlowTreatment>>): Record<ZonePair, FlowTreatment> {
    return { ...DEFAULT_ZONE_FLOWS, ...overrides };
}

export interface EncryptedPort {
    protocol: "tcp" | "udp";
    from: number;
    to: number;
    name: string;
}

export const DEFAULT_ENCRYPTED_PORTS: readonly EncryptedPort[] = [
    { protocol: "tcp", from: 22, to: 22, name: "SSH" },
    { protocol: "tcp", from: 443, to: 443, name: "HTTPS" },
    { protocol: "tcp", from: 636, to: 636, name: "LDAPS" },
    { protocol: "tcp", from: 853, to: 853, name: "DNS over TLS" },
    { protocol: "tcp", from: 993, to: 993, name: "IMAPS" },
    { protocol: "tcp", from: 6514, to: 6514, name: "syslog over TLS" },
    { protocol: "tcp", from: 8443, to: 8443, name: "HTTPS (alternate)" },
    { protocol: "udp", from: 500, to: 500, name: "IPsec IKE" },
    { protocol: "udp", from: 4500, to: 4500, name: "IPsec NAT-T" },
];

/** zod loads on first use: the pack starts without it and parses configuration once the engine sends some. */
export function loadZod(): typeof import("zod") {
    return require("zod") as typeof import("zod");
}

/** One zod schema per setting: the single source of truth for validation and for each policy's JSON schema. */
function buildSettings() {
    const { z } = loadZod();
    const isoDate = z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/)
        .refine((s) => parseIsoDay(s) !== undefined, { message: "not a calendar date" });

    const accountId = z.string().regex(/^\d{12}$/);

    const cidr = z
        .string()
        .regex(/^[0-9a-fA-F:.]+\/\d{1,3}$/)
        .refine((s) => parseCidr(s) !== undefined, { message: "not an IPv4 or IPv6 CIDR block" })
        .describe("an IPv4 or IPv6 CIDR block");

    const port = z.number().int().min(0).max(65535);

    const planValues = {
        zone: z.enum(ZONES).optional(),
        tenant: z
            .string()
            .regex(/^[a-z0-9-]+$/)
            .optional(),
        side: z.enum(SIDES).optional(),
    };

    return {
        asOf: isoDate.optional().describe("Date the checks are evaluated at, YYYY-MM-DD (UTC). Default: today."),
        undetermined: z
            .enum(["advisory", "mandatory"])
            .default("advisory")
            .describe(
                "How a check that cannot decide (values unknown until apply) is reported: advisory, or mandatory to fail closed.",
            ),
        waivers: z
            .array(z.record(z.string(), z.unknown()))
            .default([])
            .describe(
                "Time-boxed exceptions to this policy: { resource: urn or name pattern (* and ?), justification, approver, expires: YYYY-MM-DD }.",
            ),
        zoneFlows: z
            .partialRecord(z.enum(ZONE_PAIRS as [ZonePair, ...ZonePair[]]), z.enum(FLOW_TREATMENTS))
            .default({})
            .describe(
                "Zone flow matrix: for each source->destination zone pair, allow, encrypted or deny. Pairs left out keep their default.",
            ),
        encryptedPorts: z
            .array(
                z
                    .object({ protocol: z.enum(["tcp", "udp"]), from: port, to: port, name: z.string().min(1) })
                    .refine((p) => p.from <= p.to, { message: "from is above to" }),
            )
            .default(DEFAULT_ENCRYPTED_PORTS.map((p) => ({ ...p })))
            .describe("Protocols and ports that count as encrypted."),
        clientAccountIds: z.array(accountId).default([]).describe("AWS account ids of the client (12 digits)."),
        providerAccountIds: z
            .array(accountId)
            .default([])
            .describe("AWS account ids of the managed security provider (12 digits)."),
        clientCidrs: z.array(cidr).default([]).describe("Address ranges of the client's own networks."),
        providerCidrs: z.array(cidr).default([]).describe("Address ranges of the provider's networks."),
        expiryWarningDays: z
            .number()
            .int()
            .min(0)
            .max(3650)
            .default(30)
            .describe("Access expiring within this many days is reported as advisory."),
        thirdPartyAccessTypes: z
            .array(z.string().min(1))
            .default([...THIRD_PARTY_ACCESS])
            .describe(
                "Pulumi type tokens that may be third-party access, which must carry demarc:expires and demarc:owner; each is judged from facts. " +
                    "VPC and transit-gateway peerings count when an end lies in an account outside clientAccountIds or they join different " +
                    "tenants or sides; VPN connections and customer gateways when the gateway's address is outside clientCidrs; IAM roles when " +
                    "their trust policy admits an account outside clientAccountIds; security groups and their ingress rules when they admit " +
                    "addresses outside clientCidrs, providerCidrs and the stack's VPCs (0.0.0.0/0 and ::/0 excepted); any other type listed " +
                    "counts whole. Where the facts are not known the finding is undetermined.",
            ),
        maxExpiryDays: z
            .number()
            .int()
            .min(1)
            .max(3650)
            .default(365)
            .describe("Furthest expiry allowed, in days after asOf."),
        currentStandard: z
            .string()
            .regex(/^\d+(\.\d+)*$/)
            .optional()
            .describe(
                "Current version of the client's security standard (e.g. 2.5). Default: the newest version found in the stack.",
            ),
        zonePlan: z
            .object({
                ranges: z
                    .array(z.object({ cidr, ...planValues }).strict())
                    .default([])
                    .describe("Zone, tenant and side of every VPC and subnet whose address block lies in the range."),
                vpcs: z
                    .array(
                        z
                            .object({
                                vpc: z
                                    .string()
                                    .min(1)
                                    .describe("a VPC id, or a pattern (* and ?) of its name or Name tag"),
                                ...planValues,
                            })
                            .strict(),
                    )
                    .default([])
                    .describe("Zone, tenant and side of a VPC and everything in it, by id or name pattern."),
                accounts: z
                    .array(z.object({ account: accountId, ...planValues }).strict())
                    .default([])
                    .describe("Zone, tenant and side of everything deployed in the account."),
            })
            .strict()
            .default({ ranges: [], vpcs: [], accounts: [] })
            .describe(
                "The client's zone plan, the authority tags are checked against. An address range decides before a VPC entry, a VPC " +
                    "entry before an account, for zones and tenants; for sides the account decides first. clientAccountIds, " +
                    "providerAccountIds, clientCidrs and providerCidrs decide sides too.",
            ),
        logRetentionDays: z
            .number()
            .int()
            .min(1)
            .default(365)
            .describe("Minimum retention of log groups and object-lock retention of log stores, in days."),
    } as const;
}

type SettingSchemas = ReturnType<typeof buildSettings>;
let settingSchemasBuilt: SettingSchemas | undefined;

export function settingSchemas(): SettingSchemas {
    return (settingSchemasBuilt ??= buildSettings());
}

export type SettingName = keyof SettingSchemas;
type SettingsShape<K extends SettingName> = { [P in K]: SettingSchemas[P] };
export type Settings<K extends SettingName> = z.output<z.ZodObject<SettingsShape<K>>>;
export type SettingValue<N extends SettingName> = z.output<SettingSchemas[N]>;

export interface PolicyConfigSchema {
    properties: Record<string, object>;
    required?: string[];
}

export interface SettingsSpec<K extends SettingName> {
    readonly names: readonly K[];
    readonly schema: z.ZodObject<SettingsShape<K>>;
    /** The JSON schema the policy declares as `configSchema` (draft-7, input form: defaulted fields optional). */
    readonly configSchema: PolicyConfigSchema;
    parse(raw: unknown): { ok: true; value: Settings<K> } | { ok: false; errors: string[] };
}

export function formatZodIssues(error: z.ZodError): string[] {
    return error.issues.flatMap((issue) => {
        const prefix = issue.path.length > 0 ? `${issue.path.map(String).join(".")}.` : "";
        if (issue.code === "unrecognized_keys") return issue.keys.map((key) => `${prefix}${key}: unknown field`);
        return [`${issue.path.length > 0 ? issue.path.map(String).join(".") : "(config)"}: ${issue.message}`];
    });
}

export interface SpecOptions<K extends SettingName> {
    /** Settings declared without their default, so the value the engine sends is one the client wrote. */
    readonly withoutDefaults?: readonly SettingName[];
    /** Problems no single field shows (the zone plan's overlapping ranges). */
    readonly validate?: (value: Settings<K>) => string[];
}

export function settingsSpec<K extends SettingName>(
    names: readonly K[],
    options: SpecOptions<K> = {},
): SettingsSpec<K> {
    let schema: z.ZodObject<SettingsShape<K>> | undefined;
    let configSchema: PolicyConfigSchema | undefined;
    const built = () => {
        if (!schema) {
            const { z } = loadZod();
            const all = settingSchemas();
            schema = z
                .object(Object.fromEntries(names.map((n) => [n, all[n]])) as unknown as SettingsShape<K>)
                .strict();
        }
        return schema;
    };
    return {
        names,
        get schema() {
            return built();
        },
        get configSchema() {
            if (!configSchema) {
                const json = loadZod().z.toJSONSchema(built(), { io: "input", target: "draft-7" }) as {
                    properties?: Record<string, object>;
                    required?: string[];
                };
                const properties = json.properties ?? {};
                for (const name of options.withoutDefaults ?? []) {
                    const property = properties[name] as Record<string, unknown> | undefined;
                    if (property) delete property["default"];
                }
                configSchema = { properties };
                if (json.required && json.required.length > 0) configSchema.required = json.required;
            }
            return configSchema;
        },
        parse(raw: unknown) {
            const result = built().safeParse(raw ?? {});
            if (!result.success) return { ok: false, errors: formatZodIssues(result.error) };
            const value = result.data as Settings<K>;
            const problems = options.validate?.(value) ?? [];
            return problems.length === 0 ? { ok: true, value } : { ok: false, errors: problems };
        },
    };
}
