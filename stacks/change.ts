import * as pulumi from "@pulumi/pulumi";

/** A resource's arguments and options as its program wrote them, and the resources created before it, by name. */
export interface Creation {
    readonly props: pulumi.Inputs;
    readonly opts: pulumi.CustomResourceOptions;
    readonly created: (name: string) => pulumi.CustomResource;
}

export type Alteration = (creation: Creation) => { props?: pulumi.Inputs; opts?: pulumi.CustomResourceOptions };

/**
 * How a scenario departs from a compliant network: resources the program creates, altered as they are created
 * (by logical name), and resources added to the network once it is built.
 */
export interface Change<Network> {
    readonly alter?: Readonly<Record<string, Alteration>>;
    readonly add?: (network: Network) => void;
}

/** Sets, or with `undefined` removes, tags of the resource. */
export const retag =
    (tags: Readonly<Record<string, string | undefined>>): Alteration =>
    ({ props }) => {
        const merged: Record<string, string> = { ...props.tags };
        for (const [key, value] of Object.entries(tags)) {
            if (value === undefined) delete merged[key];
            else merged[key] = value;
        }
        return { props: { ...props, tags: merged } };
    };

/**
 * Builds a network with a change: its alterations as a Pulumi stack transformation (so the program needs no
 * branch for them), then its additions. Fails when a resource the change alters was never created.
 */
export function buildWithChange<Network>(build: () => Network, change: Change<Network> | undefined): Network {
    const alter = change?.alter ?? {};
    const pending = new Set(Object.keys(alter));
    if (pending.size > 0) {
        const created = new Map<string, pulumi.CustomResource>();
        const lookup = (name: string): pulumi.CustomResource => {
            const found = created.get(name);
            if (found === undefined) throw new Error(`the change refers to ${name}, which is not created before it`);
            return found;
        };
        pulumi.runtime.registerStackTransformation((args) => {
            if (args.resource instanceof pulumi.CustomResource) created.set(args.name, args.resource);
            const alteration = alter[args.name];
            if (alteration === undefined) return undefined;
            pending.delete(args.name);
            const result = alteration({
                props: args.props,
                opts: args.opts as pulumi.CustomResourceOptions,
                created: lookup,
            });
            return { props: result.props ?? args.props, opts: result.opts ?? args.opts };
        });
    }
    const network = build();
    if (pending.size > 0) {
        throw new Error(`the change alters ${[...pending].join(", ")}, which the network does not create`);
    }
    change?.add?.(network);
    return network;
}
