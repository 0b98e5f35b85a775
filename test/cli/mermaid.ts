import { JSDOM } from "jsdom";

let parser: Promise<{ parse(text: string): Promise<unknown> }> | undefined;

/** Mermaid's own parser, under jsdom. */
export function mermaidParser(): Promise<{ parse(text: string): Promise<unknown> }> {
    parser ??= (async () => {
        const dom = new JSDOM("<!doctype html><html><body></body></html>");
        Object.assign(globalThis, { window: dom.window, document: dom.window.document });
        return (await import("mermaid")).default;
    })();
    return parser;
}

/** The body of the one ```mermaid block of a Markdown document. */
export function mermaidBlock(markdown: string): string {
    const match = /```mermaid\n([\s\S]*?)\n```/.exec(markdown);
    if (!match) throw new Error("no mermaid block");
    return match[1];
}
