import { ResourceView, type ResourceRecord } from "./resource";
import { isUnknown } from "./values";

/**
 * Every resource of a stack, by urn and type, and by the value of any property (`id`, `arn`, `name`,
 * an output such as a VPC's `defaultRouteTableId`): the lookup maps `lib/references.ts` resolves with.
 */
export class StackIndex {
    readonly views: readonly ResourceView[];
    private readonly byUrn = new Map<string, ResourceView>();
    private readonly byType = new Map<string, ResourceView[]>();
    private readonly byProperty = new Map<string, Map<string, ResourceView[]>>();

    constructor(readonly records: readonly ResourceRecord[]) {
        this.views = records.map((r) => new ResourceView(r));
        for (const view of this.views) {
            this.byUrn.set(view.urn, view);
            const list = this.byType.get(view.type);
            if (list) list.push(view);
            else this.byType.set(view.type, [view]);
        }
    }

    get(urn: string): ResourceView | undefined {
        return this.byUrn.get(urn);
    }

    ofType(...types: string[]): ResourceView[] {
        return types.flatMap((t) => this.byType.get(t) ?? []);
    }

    /** Resources whose top-level `property` holds exactly `value` (a known, non-empty string), in stack order. */
    withProperty(property: string, value: string): readonly ResourceView[] {
        let map = this.byProperty.get(property);
        if (!map) {
            map = new Map();
            for (const view of this.views) {
                const v = view.record.props[property];
                if (typeof v !== "string" || v === "" || isUnknown(v)) continue;
                const same = map.get(v);
                if (same) same.push(view);
                else map.set(v, [view]);
            }
            this.byProperty.set(property, map);
        }
        return map.get(value) ?? [];
    }
}
