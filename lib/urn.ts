/** A resource a finding names, as its urn spells it. */
export interface ElementRef {
    readonly urn: string;
    readonly name: string;
    readonly type: string;
}

/**
 * The parts of a urn: `urn:pulumi:<stack>::<project>::<parent types$type>::<name>`. The name is
 * everything after the fourth `::`, since a logical name may itself hold `::`.
 */
export function elementOfUrn(urn: string): ElementRef {
    const parts = urn.split("::");
    if (parts.length < 4) return { urn, name: urn, type: "" };
    const qualifiedType = parts[2]!;
    return { urn, name: parts.slice(3).join("::"), type: qualifiedType.slice(qualifiedType.lastIndexOf("$") + 1) };
}

/** The logical name in a urn. */
export const nameOfUrn = (urn: string): string => elementOfUrn(urn).name;

/** A resource as a finding names it. */
export const elementOf = ({ urn, name, type }: ElementRef): ElementRef => ({ urn, name, type });
