/**
 * The configuration of every policy of the pack, as the engine's `Configure` call gave it.
 * `@pulumi/policy` gives each policy only its own section; a policy that judges the others' reads it here.
 */
let received: ReadonlyMap<string, Record<string, unknown>> = new Map();

export function rememberConfiguration(config: ReadonlyMap<string, Record<string, unknown>>): void {
    received = new Map(config);
}

export function configuredPolicies(): ReadonlyMap<string, Record<string, unknown>> {
    return received;
}
