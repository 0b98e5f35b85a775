import type { CheckResult } from "../check-result";
import { jsonReport } from "./json";
import { junitReport } from "./junit";
import { markdownReport } from "./markdown";
import { sarifReport } from "./sarif";
import { textReport } from "./text";

export const FORMATS = ["text", "json", "sarif", "junit", "markdown"] as const;
export type Format = (typeof FORMATS)[number];

/** File name a format gets in an output directory. */
export const DEFAULT_FILE: Record<Format, string> = {
    text: "demarc.txt",
    json: "demarc.json",
    sarif: "demarc.sarif",
    junit: "demarc.junit.xml",
    markdown: "demarc.md",
};

export interface RenderOptions {
    /** Colours in the text report. */
    readonly color: boolean;
    /** Absolute file URI of the directory SARIF paths are relative to. */
    readonly sourceRoot?: string;
}

export function render(format: Format, result: CheckResult, options: RenderOptions): string {
    switch (format) {
        case "text":
            return textReport(result, { color: options.color });
        case "json":
            return jsonReport(result);
        case "sarif":
            return sarifReport(result, { sourceRoot: options.sourceRoot });
        case "junit":
            return junitReport(result);
        case "markdown":
            return markdownReport(result);
    }
}
