import * as path from "path";
import { encodeFinding, undetermined } from "../lib/findings";

const SIG_KEY = "4dabf18193072939515e22adb298388d";
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/** Secrets, assets and archives: the signatures `@pulumi/policy` decodes. */
const DECODABLE = new Set([
    "1b47061264138c4ac30d75fd1eb44270",
    "c44067f5952c0a294b673a41bacd8c17",
    "0def7320c3a5731c473e5ecbe6d01bc7",
]);

export interface Undecodable {
    readonly property: string;
    readonly signature: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;

/** The value with every part `@pulumi/policy` cannot decode replaced by unknown, and where each part was. */
export function withoutUndecodable(value: unknown, at = ""): { value: unknown; found: Undecodable[] } {
    if (Array.isArray(value)) {
        const parts = value.map((v, i) => withoutUndecodable(v, `${at}[${i}]`));
        return { value: parts.map((p) => p.value), found: parts.flatMap((p) => p.found) };
    }
    if (!isRecord(value)) return { value, found: [] };
    const sig = value[SIG_KEY];
    if (typeof sig === "string" && !DECODABLE.has(sig))
        return { value: UNKNOWN, found: [{ property: at, signature: sig }] };
    const found: Undecodable[] = [];
    const result: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
        const part = withoutUndecodable(v, at === "" ? key : `${at}.${key}`);
        result[key] = part.value;
        found.push(...part.found);
    }
    return { value: result, found };
}

interface StructLike {
    toJavaScript(): unknown;
}

type Decode = (struct: object, proxySecrets: boolean) => unknown;

/** Decodes a value, reading each part it cannot decode as unknown, and says where those parts were. */
export function decodeTolerantly(
    decode: Decode,
    struct: object,
    proxySecrets: boolean,
): { value: unknown; found: Undecodable[] } {
    try {
        return { value: decode(struct, proxySecrets), found: [] };
    } catch (error) {
        const { value, found } = withoutUndecodable((struct as StructLike).toJavaScript());
        if (found.length === 0) throw error;
        return { value: decode({ toJavaScript: () => value }, proxySecrets), found };
    }
}

/** A decoder that never fails on a value it cannot decode: the value is read as unknown. */
export function tolerantDecode(decode: Decode): Decode {
    return (struct, proxySecrets) => decodeTolerantly(decode, struct, proxySecrets).value;
}

/** A resource's values the pack could not decode, and the urn its findings carry. */
export interface UndecodableIn {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly found: readonly Undecodable[];
}

/** The values of a resource message the pack cannot decode, found by reading its properties. */
export function undecodableIn(
    resource: { getType(): string; getName(): string; getProperties(): StructLike | undefined },
    urn: string,
): UndecodableIn {
    const found = withoutUndecodable(resource.getProperties()?.toJavaScript() ?? {}).found;
    return { urn, type: resource.getType(), name: resource.getName(), found };
}

interface DiagnosticMessage {
    setPolicyname(v: string): void;
    setPolicypackname(v: string): void;
    setPolicypackversion(v: string): void;
    setDescription(v: string): void;
    setMessage(v: string): void;
    setUrn(v: string): void;
    setEnforcementlevel(v: number): void;
}

interface AnalyzeResponse {
    addDiagnostics(d: DiagnosticMessage): void;
}

const ADVISORY = 0;

/**
 * Adds to an Analyze or AnalyzeStack response one undetermined finding per value the pack could not decode,
 * naming the resource and the property, under the pack's coverage policy.
 */
export function reportUndecodable(
    policyDir: string,
    policy: { name: string; description: string },
    packName: string,
    resources: readonly UndecodableIn[],
    response: AnalyzeResponse,
): void {
    const found = resources.flatMap((resource) => resource.found.map((u) => ({ resource, u })));
    if (found.length === 0) return;
    const analyzerPb = require(require.resolve("@pulumi/pulumi/proto/analyzer_pb", { paths: [policyDir] })) as {
        AnalyzeDiagnostic: new () => DiagnosticMessage;
    };
    let version = "";
    try {
        version = (require(path.resolve("package.json")) as { version?: string }).version ?? "";
    } catch {
        // the engine starts the pack in its folder; without a package.json the version stays empty
    }
    for (const { resource, u } of found) {
        const { urn } = resource;
        const diagnostic = new analyzerPb.AnalyzeDiagnostic();
        diagnostic.setPolicyname(policy.name);
        diagnostic.setPolicypackname(packName);
        diagnostic.setPolicypackversion(version);
        diagnostic.setDescription(policy.description);
        diagnostic.setMessage(
            encodeFinding(
                undetermined(
                    "coverage.undecodable.undetermined",
                    urn,
                    [{ what: u.property, reason: `a value the pack cannot decode (signature ${u.signature})` }],
                    // An Analyze request may leave the urn empty: the resource names itself.
                    { element: { urn, name: resource.name, type: resource.type } },
                ),
            ),
        );
        diagnostic.setUrn(urn);
        diagnostic.setEnforcementlevel(ADVISORY);
        response.addDiagnostics(diagnostic);
    }
}
