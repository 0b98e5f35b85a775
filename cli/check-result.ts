import type { FindingEvidence, WaiverFields } from "../lib/findings";
import type { ResourceRecord } from "../lib/resource";
import { elementOfUrn, nameOfUrn } from "../lib/urn";

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

/** One line of a diagnostic of the pack; `waived` or `waiverLapsed` where a waiver in the policy configuration covers it, or only an expired one would. */
export interface ReportedFinding extends WaiverFields {
    readonly policy: string;
    /** The enforcement level the engine reports: mandatory blocks a deploy, advisory does not. */
    readonly enforcementLevel: string;
    readonly severity?: string;
    readonly urn: string;
    /** The finding's stable kind (docs/policies.md), absent where the diagnostic carried none (one the pack did not write). */
    readonly kind?: string;
    readonly message: string;
    /** The check could not decide (its kind is an undetermined one). */
    readonly undetermined: boolean;
    /** What it rests on, where the pack gave it as structure (network findings: the element, both ends, the traffic). */
    readonly evidence?: FindingEvidence;
}

/** Why a resource in a stack was not judged. */
export type Unjudged = "unexpanded" | "other-provider";

/** A resource the pack did not judge, named so nothing passes unseen. */
export interface UnjudgedResource {
    readonly urn: string;
    readonly name: string;
    readonly type: string;
    /** unexpanded: a component its provider plugin builds (awsx, eks), whose resources cannot exist offline; other-provider: a provider demarc does not judge. */
    readonly reason: Unjudged;
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
    /** Resources in the stack the pack did not judge, and why. */
    readonly unjudged: readonly UnjudgedResource[];
    /** What the run left out or answered blindly (secure config not supplied, invokes without an answer). */
    readonly notes: readonly string[];
}

/** A target that could not be checked: its error, reported in place of its findings. */
export interface TargetFailure {
    /** `program <path>` or `export <path>`, with the stack and mode where known. */
    readonly target: string;
    readonly message: string;
}

export interface CheckResult {
    readonly pack: ReportedPack;
    readonly stacks: readonly CheckedStack[];
    readonly failures: readonly TargetFailure[];
    /** The user accepted components that cannot be expanded offline (`--accept-unexpanded`). */
    readonly acceptUnexpanded: boolean;
}

/** What to do about a component that cannot be expanded offline. */
export const UNEXPANDED_ADVICE =
    "its resources are created by its provider plugin at deploy time and cannot exist offline: check that network from its stack export (demarc check --export) or with pulumi preview --policy-pack, or accept the gap with --accept-unexpanded";

export type FindingClass = "mandatory" | "advisory" | "undetermined";

/** Mandatory blocks the deploy; an advisory finding that could not be decided is undetermined; the rest advisory. */
export function classify(finding: ReportedFinding): FindingClass {
    if (finding.enforcementLevel === "mandatory") return "mandatory";
    return finding.undetermined ? "undetermined" : "advisory";
}

const NOT_JUDGED = /^pulumi:(providers:|pulumi:Stack$)/;

/** Resources the pack judges: everything but providers, the root stack and the resources it did not judge. */
export function judgedResources(stack: CheckedStack): readonly ResourceRecord[] {
    const unjudged = new Set(stack.unjudged.map((u) => u.urn));
    return stack.resources.filter((r) => !NOT_JUDGED.test(r.type) && !unjudged.has(r.urn));
}

export interface Summary {
    readonly mandatory: number;
    readonly advisory: number;
    readonly undetermined: number;
    readonly resources: number;
    /** Components that could not be expanded offline. */
    readonly unexpanded: number;
    /** Resources of providers demarc does not judge. */
    readonly otherProviders: number;
    /** Targets that could not be checked. */
    readonly failedTargets: number;
    /** No mandatory finding, every target checked, and no unexpanded component unless accepted. */
    readonly passed: boolean;
}

export function summarise(
    stacks: readonly CheckedStack[],
    run: { readonly failures?: readonly TargetFailure[]; readonly acceptUnexpanded?: boolean } = {},
): Summary {
    const counts = { mandatory: 0, advisory: 0, undetermined: 0 };
    for (const stack of stacks) for (const finding of stack.findings) counts[classify(finding)]++;
    const resources = stacks.reduce((n, s) => n + judgedResources(s).length, 0);
    const unjudged = stacks.flatMap((s) => s.unjudged);
    const unexpanded = unjudged.filter((u) => u.reason === "unexpanded").length;
    const otherProviders = unjudged.length - unexpanded;
    const failedTargets = run.failures?.length ?? 0;
    const passed = counts.mandatory === 0 && failedTargets === 0 && (unexpanded === 0 || run.acceptUnexpanded === true);
    return { ...counts, resources, unexpanded, otherProviders, failedTargets, passed };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function summaryLine(summary: Summary): string {
    const gaps = [
        summary.unexpanded > 0 ? `${plural(summary.unexpanded, "component")} not expanded` : "",
        summary.otherProviders > 0 ? `${plural(summary.otherProviders, "resource")} of other providers not judged` : "",
        summary.failedTargets > 0 ? `${plural(summary.failedTargets, "target")} failed` : "",
    ].filter(Boolean);
    return `${summary.mandatory} mandatory, ${summary.advisory} advisory, ${summary.undetermined} undetermined across ${plural(summary.resources, "resource")}${gaps.length > 0 ? `; ${gaps.join(", ")}` : ""}: ${summary.passed ? "PASSED" : "FAILED"}`;
}

export function stackLabel(stack: CheckedStack): string {
    return `${stack.project}/${stack.stack} (${stack.mode})`;
}

/** Each stack's label, naming where it was read from when another stack of the run has the same label. */
export function distinctStackLabels(stacks: readonly CheckedStack[]): Map<CheckedStack, string> {
    const count = new Map<string, number>();
    for (const stack of stacks) count.set(stackLabel(stack), (count.get(stackLabel(stack)) ?? 0) + 1);
    return new Map(
        stacks.map((stack) => {
            const label = stackLabel(stack);
            return [stack, count.get(label)! > 1 ? `${label} from ${stack.source.path}` : label];
        }),
    );
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
    return elementOfUrn(
        finding.urn ||
            `urn:pulumi:${stack.stack}::${stack.project}::pulumi:pulumi:Stack::${stack.project}-${stack.stack}`,
    );
}

/** A resource other than its own that a finding's evidence names, and what it is to the finding. */
export interface RelatedElement {
    readonly urn: string;
    readonly name: string;
    readonly text: string;
}

/**
 * The other resources a finding rests on, in the order its evidence names them: each hop of the path, the ends
 * that are resources of the stack, the resources whose values were read or not known, what delivers logs to a store,
 * what gives a role its administrator right, what makes it third-party access, the groups of other zones that may be attached, what exposes a green resource to the internet, a share and the resources of
 * the stack it shares, and each item the network model does not cover.
 */
export function relatedElements(finding: ReportedFinding): RelatedElement[] {
    const evidence = finding.evidence;
    if (!evidence) return [];
    const related: RelatedElement[] = [];
    const add = (urn: string | undefined, name: string, text: string) => {
        if (urn && urn !== finding.urn && !related.some((r) => r.urn === urn && r.text === text))
            related.push({ urn, name, text });
    };
    (evidence.path ?? []).forEach((hop, i) => add(hop.element.urn, hop.element.name, `hop ${i + 1}: ${hop.text}`));
    for (const end of evidence.from ?? []) add(end.urn, nameOfUrn(end.urn ?? ""), `from ${end.place}`);
    for (const end of evidence.to ?? []) add(end.urn, nameOfUrn(end.urn ?? ""), `to ${end.place}`);
    for (const read of evidence.values ?? []) if (read.of) add(read.of.urn, read.of.name, `its ${read.name} was read`);
    for (const unknown of evidence.unknown ?? [])
        if (unknown.of) add(unknown.of.urn, unknown.of.name, `its ${unknown.what} is ${unknown.reason}`);
    if (evidence.holdsEvidence?.because === "receives-logs") {
        const { from } = evidence.holdsEvidence;
        add(from.urn, from.name, "delivers logs to it");
    }
    const via = evidence.grant?.via;
    for (const holder of [via?.rolePolicy, via?.attachment, via?.policy])
        if (holder) add(holder.urn, holder.name, "gives the role its administrator right");
    const access = evidence.access;
    if (access?.because === "joins-ends")
        for (const end of access.ends) add(end.element.urn, end.element.name, `one end (${access.tag} ${end.value})`);
    if (access?.because === "attaches" || access?.because === "no-address")
        add(access.gateway.urn, access.gateway.name, "makes it third-party access");
    for (const { group, zone } of evidence.mayBeAmong ?? [])
        add(group.urn, group.name, `may be among its groups (${zone})`);
    const exposure = evidence.exposure;
    if (exposure?.subnet) add(exposure.subnet.urn, exposure.subnet.name, "gives it a public IP address");
    if (exposure?.route) {
        const { element, gateway } = exposure.route;
        add(element.urn, element.name, "routes the internet to it");
        if ("element" in gateway) add(gateway.element.urn, gateway.element.name, "the internet gateway");
    }
    if (evidence.sharing) {
        const { share, resources } = evidence.sharing;
        add(share.urn, share.name, "the resource share");
        for (const r of resources) if ("element" in r) add(r.element.urn, r.element.name, "shared");
    }
    for (const { what, items } of evidence.unmodelled ?? [])
        for (const { element, routeTo } of items) {
            add(element.urn, element.name, what);
            if (routeTo?.element) add(routeTo.element.urn, routeTo.element.name, `a route target: ${what}`);
        }
    return related;
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
