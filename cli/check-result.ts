import type { ResourceRecord } from "../lib/resource";

export type Mode = "known" | "preview";

/** What a stack was read from: a program run under mocks, or a `pulumi stack export` file. */
export interface StackSource {
    readonly kind: "program" | "export";
    /** The program's entry file or the export file, relative to the working directory where possible. */
    readonly path: string;
}

export interface SourceLocation {
    readonly path: string;
    readonly line: number;
}

export interface ReportedPolicy {
    readonly name: string;
    readonly description: string;
    readonly enforcementLevel: string;
    readonly severity?: string;
    readonly remediationSteps: string;
    /** The seed rule the policy enforces, and why the rule exists (the pack's framework metadata). */
    readonly rule?: string;
    readonly why?: string;
    readonly tags: readonly string[];
}

export interface ReportedPack {
    readonly name: string;
    readonly version: string;
    readonly policies: readonly ReportedPolicy[];
}

/** One diagnostic of the pack. */
export interface ReportedFinding {
    readonly policy: string;
    /** The enforcement level the engine reports: mandatory blocks a deploy, advisory does not. */
    readonly enforcementLevel: string;
    readonly severity?: string;
    readonly urn: string;
    readonly message: string;
}

export interface CheckedStack {
    readonly project: string;
    readonly stack: string;
    readonly mode: Mode;
    readonly source: StackSource;
    /** Every resource as the pack saw it in AnalyzeStack (providers and the root stack included). */
    readonly resources: readonly ResourceRecord[];
    readonly findings: readonly ReportedFinding[];
    /** Where a resource is declared (a file relative to the working directory, a 1-based line), by urn, when it could be found. */
    readonly locations: Readonly<Record<string, SourceLocation>>;
}

export interface CheckResult {
    readonly pack: ReportedPack;
    readonly stacks: readonly CheckedStack[];
}

export type FindingClass = "mandatory" | "advisory" | "undetermined";

const UNDETERMINED_PREFIX = "undetermined:";

/** Mandatory blocks the deploy; an advisory finding that could not be decided is undetermined; the rest advisory. */
export function classify(finding: ReportedFinding): FindingClass {
    if (finding.enforcementLevel === "mandatory") return "mandatory";
    return finding.message.startsWith(UNDETERMINED_PREFIX) ? "undetermined" : "advisory";
}

const NOT_JUDGED = /^pulumi:(providers:|pulumi:Stack$)/;

/** Resources the pack judges: everything but providers and the root stack. */
export function judgedResources(stack: CheckedStack): readonly ResourceRecord[] {
    return stack.resources.filter((r) => !NOT_JUDGED.test(r.type));
}

export interface Summary {
    readonly mandatory: number;
    readonly advisory: number;
    readonly undetermined: number;
    readonly resources: number;
    readonly passed: boolean;
}

export function summarise(stacks: readonly CheckedStack[]): Summary {
    const counts = { mandatory: 0, advisory: 0, undetermined: 0 };
    for (const stack of stacks) for (const finding of stack.findings) counts[classify(finding)]++;
    const resources = stacks.reduce((n, s) => n + judgedResources(s).length, 0);
    return { ...counts, resources, passed: counts.mandatory === 0 };
}

export function summaryLine(summary: Summary): string {
    const resources = `${summary.resources} resource${summary.resources === 1 ? "" : "s"}`;
    return `${summary.mandatory} mandatory, ${summary.advisory} advisory, ${summary.undetermined} undetermined across ${resources}: ${summary.passed ? "PASSED" : "FAILED"}`;
}

export function stackLabel(stack: CheckedStack): string {
    return `${stack.project}/${stack.stack} (${stack.mode})`;
}

/** The resource a finding is on, or the stack itself when the pack named none. */
export interface FindingSubject {
    readonly urn: string;
    readonly name: string;
    readonly type: string;
}

export function subjectOf(stack: CheckedStack, finding: ReportedFinding): FindingSubject {
    const resource = stack.resources.find((r) => r.urn === finding.urn);
    if (resource) return { urn: resource.urn, name: resource.name, type: resource.type };
    const stackUrn =
        finding.urn ||
        `urn:pulumi:${stack.stack}::${stack.project}::pulumi:pulumi:Stack::${stack.project}-${stack.stack}`;
    const segments = stackUrn.split("::");
    return { urn: stackUrn, name: segments[3] ?? stackUrn, type: (segments[2] ?? "").split("$").pop() ?? "" };
}

/** Policies in the pack's order, each with its findings across the stacks. */
export function findingsByPolicy(
    result: CheckResult,
): { policy: ReportedPolicy; findings: { stack: CheckedStack; finding: ReportedFinding }[] }[] {
    const known = new Map(result.pack.policies.map((p) => [p.name, p]));
    const order = [...result.pack.policies];
    for (const stack of result.stacks) {
        for (const finding of stack.findings) {
            if (!known.has(finding.policy)) {
                const extra: ReportedPolicy = {
                    name: finding.policy,
                    description: "",
                    enforcementLevel: finding.enforcementLevel,
                    remediationSteps: "",
                    tags: [],
                };
                known.set(finding.policy, extra);
                order.push(extra);
            }
        }
    }
    return order.map((policy) => ({
        policy,
        findings: result.stacks.flatMap((stack) =>
            stack.findings.filter((f) => f.policy === policy.name).map((finding) => ({ stack, finding })),
        ),
    }));
}
