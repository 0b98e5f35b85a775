import { ResourceView, type ResourceRecord } from "./resource";
import { isUnknown } from "./values";

export type Reference =
    | { readonly state: "resolved"; readonly targets: readonly ResourceView[]; readonly external: readonly string[] }
    | { readonly state: "external"; readonly ids: readonly string[] }
    | { readonly state: "unknown"; readonly path: string }
    | { readonly state: "absent"; readonly path: string };

function collectStrings(value: unknown, out: string[], unknown: { seen: boolean }): void {
    if (isUnknown(value)) unknown.seen = true;
    else if (typeof value === "string") out.push(value);
    else if (Array.isArray(value)) for (const v of value) collectStrings(v, out, unknown);
}

/** Every resource of a stack, indexed by urn, id, arn and type, with references resolved the engine's way. */
export class StackIndex {
    readonly views: readonly ResourceView[];
    private readonly byUrn = new Map<string, ResourceView>();
    private readonly byId = new Map<string, ResourceView[]>();
    private readonly byArn = new Map<string, ResourceView>();
    private readonly byType = new Map<string, ResourceView[]>();

    constructor(records: readonly ResourceRecord[]) {
        this.views = records.map((r) => new ResourceView(r));
        for (const view of this.views) {
            this.byUrn.set(view.urn, view);
            const list = this.byType.get(view.type);
            if (list) list.push(view);
            else this.byType.set(view.type, [view]);
            const id = view.record.props["id"];
            if (typeof id === "string" && id !== "" && !isUnknown(id)) {
                const same = this.byId.get(id);
                if (same) same.push(view);
                else this.byId.set(id, [view]);
            }
            const arn = view.record.props["arn"];
            if (typeof arn === "string" && !isUnknown(arn)) this.byArn.set(arn, view);
        }
    }

    get(urn: string): ResourceView | undefined {
        return this.byUrn.get(urn);
    }

    ofType(...types: string[]): ResourceView[] {
        return types.flatMap((t) => this.byType.get(t) ?? []);
    }

    withId(id: string, types: readonly string[]): ResourceView | undefined {
        return this.byId.get(id)?.find((v) => types.includes(v.type));
    }

    withArn(arn: string): ResourceView | undefined {
        return this.byArn.get(arn);
    }

    /**
     * The resources a property refers to: first the engine's propertyDependencies (which name the
     * resource even at a first preview, when its id does not exist yet), then known ids in the stack.
     * Ids not in the stack are external (existing infrastructure the program does not manage).
     */
    resolve(view: ResourceView, path: string, types: readonly string[]): Reference {
        const segments = path.split(".");
        const fromEngine = view
            .dependenciesOf(segments[0])
            .map((urn) => this.byUrn.get(urn))
            .filter((v): v is ResourceView => v !== undefined && types.includes(v.type));
        const value = readLoose(view.record.props, segments);
        const ids: string[] = [];
        const unknown = { seen: false };
        collectStrings(value, ids, unknown);
        const targets = [...fromEngine];
        const external: string[] = [];
        for (const id of ids) {
            const target = this.withId(id, types);
            if (target) {
                if (!targets.includes(target)) targets.push(target);
            } else if (!fromEngine.some((t) => t.record.props["id"] === id)) {
                external.push(id);
            }
        }
        if (targets.length > 0) return { state: "resolved", targets, external: fromEngine.length > 0 ? [] : external };
        if (unknown.seen) return { state: "unknown", path };
        if (external.length > 0) return { state: "external", ids: external };
        return { state: "absent", path };
    }
}

/** Reads a path through arrays too: `subnetMappings.subnetId` collects the field of every element. */
function readLoose(root: unknown, path: readonly string[]): unknown {
    let current: unknown[] = [root];
    for (const key of path) {
        const next: unknown[] = [];
        for (const c of current) {
            const items = Array.isArray(c) ? c : [c];
            for (const item of items) {
                if (isUnknown(item)) next.push(item);
                else if (item !== null && typeof item === "object") next.push((item as Record<string, unknown>)[key]);
            }
        }
        current = next;
    }
    return current.length === 1 ? current[0] : current.flat();
}
