import { asArray, asBoolean, asNumber, asRecord, asString, readPath, type Read } from "./values";

export interface ProviderRecord {
    readonly type: string;
    readonly urn: string;
    readonly name: string;
    readonly props: Readonly<Record<string, unknown>>;
}

/** A resource as the engine sends it to a policy, free of the Pulumi runtime: raw values, unknowns as sentinels. */
export interface ResourceRecord {
    readonly type: string;
    readonly urn: string;
    readonly name: string;
    readonly props: Readonly<Record<string, unknown>>;
    readonly provider?: ProviderRecord;
    readonly parent?: string;
    readonly dependencies?: readonly string[];
    readonly propertyDependencies?: Readonly<Record<string, readonly string[]>>;
}

function splitPath(path: string | readonly string[]): readonly string[] {
    return typeof path === "string" ? path.split(".") : path;
}

function located<T>(read: Read<T>, path: readonly string[]): Read<T> {
    return read.state === "mistyped" && read.path === "" ? { ...read, path: path.join(".") } : read;
}

/** Typed, unknown-aware reads of one resource's properties. */
export class ResourceView {
    constructor(readonly record: ResourceRecord) {}

    get type(): string {
        return this.record.type;
    }
    get urn(): string {
        return this.record.urn;
    }
    get name(): string {
        return this.record.name;
    }

    read(path: string | readonly string[]): Read<unknown> {
        return readPath(this.record.props, splitPath(path));
    }
    string(path: string | readonly string[]): Read<string> {
        const p = splitPath(path);
        return located(asString(readPath(this.record.props, p)), p);
    }
    number(path: string | readonly string[]): Read<number> {
        const p = splitPath(path);
        return located(asNumber(readPath(this.record.props, p)), p);
    }
    boolean(path: string | readonly string[]): Read<boolean> {
        const p = splitPath(path);
        return located(asBoolean(readPath(this.record.props, p)), p);
    }
    array(path: string | readonly string[]): Read<unknown[]> {
        const p = splitPath(path);
        return located(asArray(readPath(this.record.props, p)), p);
    }
    object(path: string | readonly string[]): Read<Record<string, unknown>> {
        const p = splitPath(path);
        return located(asRecord(readPath(this.record.props, p)), p);
    }

    /** Urns the engine says a top-level property was computed from. */
    dependenciesOf(property: string): readonly string[] {
        return this.record.propertyDependencies?.[property] ?? [];
    }
}
