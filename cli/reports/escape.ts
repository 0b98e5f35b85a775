/** Characters XML 1.0 cannot carry at all, even escaped. */
const XML_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

/** Text for an XML attribute value or element content. */
export function escapeXml(text: string): string {
    return text
        .replace(XML_FORBIDDEN, "\ufffd")
        .replace(/&/g, "&amp;")
        .replace(/</g, "&lt;")
        .replace(/>/g, "&gt;")
        .replace(/"/g, "&quot;")
        .replace(/'/g, "&apos;")
        .replace(/\r/g, "&#13;")
        .replace(/\n/g, "&#10;")
        .replace(/\t/g, "&#9;");
}

/** Element content: line breaks kept as they are. */
export function escapeXmlText(text: string): string {
    return escapeXml(text).replace(/&#10;/g, "\n").replace(/&#9;/g, "\t");
}

/**
 * Inline Markdown text, safe in a table cell: no formatting, no HTML, no table break, no @-mention,
 * one line. GitHub renders the escapes as the characters themselves.
 */
export function escapeMarkdown(text: string): string {
    return text
        .replace(/[\u0000-\u001f\u007f]+/g, " ")
        .replace(/&/g, "&amp;")
        .replace(/</g, "&lt;")
        .replace(/>/g, "&gt;")
        .replace(/@/g, "&#64;")
        .replace(/[\\`*_{}[\]|~]/g, (c) => `\\${c}`)
        .replace(/^(\s*)([#+\-!=]|\d+(?=[.)]))/, "$1\\$2");
}

/** Inline code in Markdown (a urn, a policy name): a fence longer than any backtick run inside. */
export function markdownCode(text: string): string {
    const clean = text.replace(/[\u0000-\u001f\u007f]+/g, " ").replace(/\|/g, "\\|");
    const longest = Math.max(0, ...(clean.match(/`+/g) ?? []).map((run) => run.length));
    const fence = "`".repeat(longest + 1);
    const pad = clean.startsWith("`") || clean.endsWith("`") ? " " : "";
    return `${fence}${pad}${clean}${pad}${fence}`;
}

/**
 * A Mermaid label inside `["..."]`: every character but letters, digits, space and a few plain
 * punctuation marks as a Mermaid entity code (`#35;`), so no label can close a node, start a
 * comment, inject a directive or end the Markdown code block around the diagram.
 */
export function escapeMermaid(text: string): string {
    let out = "";
    for (const char of text.replace(/[\u0000-\u001f\u007f]+/g, " ")) {
        out += /[A-Za-z0-9 ,.:/=-]/.test(char) ? char : `#${char.codePointAt(0)};`;
    }
    return out;
}
