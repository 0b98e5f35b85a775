import * as fs from "fs";
import * as path from "path";

/**
 * The one place the pack reaches past `@pulumi/policy`'s public interface. It has none for three things demarc
 * needs: validating what `Configure` receives and letting one policy read another's configuration (the Analyzer
 * service as it is registered), decoding each resource once for all policies (`deserialize.js`, and an
 * `AnalyzeStack` whose resources the pack decodes once, handed on without them), and reading values that are
 * unknown at preview without throwing (the unknown-checking proxy's target). A diagnostic
 * object whose own level wins is accepted by `reportViolation` since 1.x, typed only as a string.
 * Each is checked when the pack loads; a version that differs fails the start naming the version demarc needs.
 */
export const SUPPORTED_POLICY_VERSIONS = ">=1.21.0 <2.0.0";
const MINIMUM = [1, 21, 0];
const BELOW_MAJOR = 2;

/** Key under which `@pulumi/policy`'s unknown-checking proxy hands out the raw object it wraps. */
export const PROXY_TARGET_KEY = "__getSpecialProxyTarget";

type DeserializeModule = { deserializeProperties: (struct: object, proxySecrets: boolean) => unknown };
type AnalyzerImplementation = Record<string, (call: { request: unknown }, callback: never) => unknown>;
export interface GrpcServerClass {
    prototype: { addService(service: unknown, implementation: AnalyzerImplementation): void };
}

export interface PolicyInternals {
    readonly version: string;
    readonly deserialize: DeserializeModule;
    readonly grpcServer: GrpcServerClass;
}

export class UnsupportedPolicySdkError extends Error {
    constructor(found: string, problem: string) {
        super(
            `demarc needs @pulumi/policy ${SUPPORTED_POLICY_VERSIONS} (found ${found}): ${problem}. ` +
                `Install a supported version (npm install @pulumi/policy@1.21) in the policy pack's folder.`,
        );
        this.name = "UnsupportedPolicySdkError";
    }
}

function parseVersion(text: string): number[] | undefined {
    const match = /^v?(\d+)\.(\d+)\.(\d+)/.exec(text.trim());
    return match ? match.slice(1, 4).map(Number) : undefined;
}

export function isSupportedPolicyVersion(text: string): boolean {
    const v = parseVersion(text);
    if (!v) return false;
    if (v[0] >= BELOW_MAJOR) return false;
    for (let i = 0; i < 3; i++) if (v[i] !== MINIMUM[i]) return v[i] > MINIMUM[i];
    return true;
}

/** Checks every internal the pack relies on against the installed `@pulumi/policy`, or throws naming the version needed. */
export function checkPolicyInternals(
    policyDir = path.dirname(require.resolve("@pulumi/policy/package.json")),
): PolicyInternals {
    let version = "unknown";
    try {
        version = String(
            (JSON.parse(fs.readFileSync(path.join(policyDir, "package.json"), "utf8")) as { version?: unknown })
                .version,
        );
    } catch {
        throw new UnsupportedPolicySdkError(version, `cannot read ${path.join(policyDir, "package.json")}`);
    }
    if (!isSupportedPolicyVersion(version))
        throw new UnsupportedPolicySdkError(version, "this version is not supported");
    const fail = (problem: string): never => {
        throw new UnsupportedPolicySdkError(version, problem);
    };
    const deserialize = require(path.join(policyDir, "deserialize.js")) as Partial<DeserializeModule>;
    if (typeof deserialize.deserializeProperties !== "function")
        fail("deserialize.js no longer exports deserializeProperties");
    const proxy = require(path.join(policyDir, "proxy.js")) as {
        unknownCheckingProxy?: (o: object) => Record<string, unknown>;
        getSpecialProxyTarget?: unknown;
    };
    const probe = { probe: true };
    if (
        proxy.getSpecialProxyTarget !== PROXY_TARGET_KEY ||
        typeof proxy.unknownCheckingProxy !== "function" ||
        proxy.unknownCheckingProxy(probe)[PROXY_TARGET_KEY] !== probe
    )
        fail(`its unknown-checking proxy no longer hands out its target under ${PROXY_TARGET_KEY}`);
    const server = fs.readFileSync(path.join(policyDir, "server.js"), "utf8");
    if (!/typeof message === "object"/.test(server) || !/policyInfo\.enforcementLevel/.test(server))
        fail("its reportViolation no longer takes a diagnostic object with its own enforcement level");
    if (
        (server.match(/getResourcesList\(\)/g) ?? []).length !== 1 ||
        !/const resources = req\.getResourcesList\(\);/.test(server)
    )
        fail("its AnalyzeStack no longer reads the request's resources in one place");
    let grpc: { Server?: GrpcServerClass };
    try {
        grpc = require(require.resolve("@grpc/grpc-js", { paths: [policyDir] })) as { Server?: GrpcServerClass };
    } catch {
        return fail("@grpc/grpc-js cannot be loaded from beside it");
    }
    if (typeof grpc.Server?.prototype?.addService !== "function") fail("its gRPC server has no addService");
    return { version, deserialize: deserialize as DeserializeModule, grpcServer: grpc.Server as GrpcServerClass };
}
