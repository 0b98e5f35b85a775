import type { ResourceRecord } from "../../lib/resource";

/** The record of that logical name; throws when there is none, so a change to a missing resource cannot pass unseen. */
export function named(records: readonly ResourceRecord[], name: string): ResourceRecord {
    const found = records.find((r) => r.name === name);
    if (!found) throw new Error(`no record named ${name}`);
    return found;
}

/** The records with one replaced by `change(record)`. */
export function edit(
    records: readonly ResourceRecord[],
    name: string,
    change: (r: ResourceRecord) => ResourceRecord,
): ResourceRecord[] {
    named(records, name);
    return records.map((r) => (r.name === name ? change(r) : r));
}

/** The record with some properties set as literals (undefined removes one): the engine no longer names a source for them. */
export function setProps(r: ResourceRecord, props: Record<string, unknown>): ResourceRecord {
    const next: Record<string, unknown> = { ...r.props, ...props };
    for (const [key, value] of Object.entries(props)) if (value === undefined) delete next[key];
    const dependencies = Object.fromEntries(
        Object.entries(r.propertyDependencies ?? {}).filter(([key]) => !(key in props)),
    );
    return { ...r, props: next, propertyDependencies: dependencies };
}

/** The records with some properties of one set as literals (see {@link setProps}). */
export function withProps(
    records: readonly ResourceRecord[],
    name: string,
    props: Record<string, unknown>,
): ResourceRecord[] {
    return edit(records, name, (r) => setProps(r, props));
}

export function without(records: readonly ResourceRecord[], ...names: string[]): ResourceRecord[] {
    for (const name of names) named(records, name);
    return records.filter((r) => !names.includes(r.name));
}
