/** A resource a finding names, as its urn spells it. */
export interface ElementRef {
    readonly urn: string;
    readonly name: string;
    readonly type: string;
}

/** The parts of a urn: `urn:pulumi:<stack>::<project>::<parent types$type>::<name>`. */
export interface UrnParts {
    readonly stack: string;
    readonly project: string;
    /** The type with the types of its parents before it, `$`-separated. */
    readonly qualifiedType: string;
    readonly type: string;
    readonly name: string;
}

const PREFIX = "urn:pulumi:";

/** A urn's parts; undefined for text that is no Pulumi urn. The name is everything after the fourth `::`, since a logical name may itself hold `::`. */
export function parseUrn(urn: string): UrnParts | undefined {
    const parts = urn.split("::");
    if (parts.length < 4 || !parts[0]!.startsWith(PREFIX) || parts[0]!.length === PREFIX.length) return undefined;
    const qualifiedType = parts[2]!;
    return {
        stack: parts[0]!.slice(PREFIX.length),
        project: parts[1]!,
        qualifiedType,
        type: qualifiedType.slice(qualifiedType.lastIndexOf("$") + 1),
        name: parts.slice(3).join("::"),
    };
}

/** The resource a urn names, as a finding names it; text that is no urn names itself. */
export function elementOfUrn(urn: string): ElementRef {
    const parts = parseUrn(urn);
    return parts ? { urn, name: parts.name, type: parts.type } : { urn, name: urn, type: "" };
}

/** The logical name in a urn. */
export const nameOfUrn = (urn: string): string => elementOfUrn(urn).name;

/** A resource as a finding names it. */
export const elementOf = ({ urn, name, type }: ElementRef): ElementRef => ({ urn, name, type });
