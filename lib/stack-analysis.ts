import { NetworkModel } from "./network/model";
import { Placement } from "./placement";
import type { ResourceRecord } from "./resource";
import { StackIndex } from "./stack";
import type { ZonePlan } from "./zone-plan";

/** A step of an analysis and the time spent in it, less the time of the steps it started. */
export interface AnalysisStep {
    readonly name: string;
    readonly ms: number;
}

/**
 * One stack as every stack policy of one run judges it: its resources, their index, where each sits under
 * the client's plan, and the network model. Each is built on first use and shared with whoever asks next;
 * the analysis lives as long as the run that made it, so nothing outlives the request it was built for.
 */
export class StackAnalysis {
    /** What was built and what was judged, in order: the record of where the run's time went. */
    readonly steps: AnalysisStep[] = [];
    private resources: readonly ResourceRecord[] | undefined;
    private stackIndex: StackIndex | undefined;
    private readonly placements = new Map<ZonePlan | undefined, Placement>();
    private readonly networks = new Map<ZonePlan | undefined, NetworkModel>();
    private failure: { error: unknown } | undefined;
    private nestedMs = 0;

    /** `source` is the resources, or how to decode them when first asked for. */
    constructor(private readonly source: readonly ResourceRecord[] | (() => readonly ResourceRecord[])) {
        if (typeof source !== "function") this.resources = source;
    }

    /** Whether `records` are this analysis's resources (the same array, not merely equal ones). */
    holds(records: readonly ResourceRecord[]): boolean {
        return this.source === records || this.resources === records;
    }

    /** The resources; a decoding that failed fails every reader the same way, without decoding again. */
    get records(): readonly ResourceRecord[] {
        const source = this.source;
        if (this.resources) return this.resources;
        if (this.failure) throw this.failure.error;
        try {
            this.resources = this.step("decode", () => (typeof source === "function" ? source() : source));
        } catch (error) {
            this.failure = { error };
            throw error;
        }
        return this.resources;
    }

    get index(): StackIndex {
        this.stackIndex ??= this.step("index", () => new StackIndex(this.records));
        return this.stackIndex;
    }

    /** Where each resource sits, with the plan (if any) as the authority. */
    placement(plan: ZonePlan | undefined): Placement {
        let placement = this.placements.get(plan);
        if (!placement) this.placements.set(plan, (placement = new Placement(this.index, plan)));
        return placement;
    }

    network(plan: ZonePlan | undefined): NetworkModel {
        let model = this.networks.get(plan);
        if (!model) {
            const placement = this.placement(plan);
            model = this.step("network model", () => new NetworkModel(this.index, placement));
            this.networks.set(plan, model);
        }
        return model;
    }

    /** Runs `work` as a named step of the analysis. */
    step<T>(name: string, work: () => T): T {
        const outer = this.nestedMs;
        this.nestedMs = 0;
        const started = performance.now();
        try {
            return work();
        } finally {
            const elapsed = performance.now() - started;
            this.steps.push({ name, ms: elapsed - this.nestedMs });
            this.nestedMs = outer + elapsed;
        }
    }
}
