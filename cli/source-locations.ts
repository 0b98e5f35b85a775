import * as fs from "node:fs";
import * as path from "node:path";
import type { SourceLocation } from "./check-result";

const SOURCE_FILE = /\.(ts|js|mts|cts|mjs|cjs)$/;
const SKIPPED_DIRS = new Set(["node_modules", "dist", "bin", ".git"]);
const MAX_FILES = 500;

/** Program files to search: the entry first, then the sources under its directory. */
function programFiles(entry: string): string[] {
    const files = [entry];
    const queue = [path.dirname(entry)];
    while (queue.length > 0 && files.length < MAX_FILES) {
        const dir = queue.shift()!;
        let entries: fs.Dirent[];
        try {
            entries = fs.readdirSync(dir, { withFileTypes: true });
        } catch {
            continue;
        }
        for (const item of entries.sort((a, b) => a.name.localeCompare(b.name))) {
            const full = path.join(dir, item.name);
            if (item.isDirectory() && !SKIPPED_DIRS.has(item.name) && !item.name.startsWith(".")) queue.push(full);
            else if (item.isFile() && SOURCE_FILE.test(item.name) && !item.name.endsWith(".d.ts") && full !== entry)
                files.push(full);
        }
    }
    return files;
}

export function relativePath(file: string, base = process.cwd()): string {
    const relative = path.relative(base, file);
    return (relative.startsWith("..") || path.isAbsolute(relative) ? file : relative).split(path.sep).join("/");
}

/** 1-based line of a character offset. */
function lines(text: string): (index: number) => number {
    const starts = [0];
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
    return (index) => {
        let low = 0;
        let high = starts.length - 1;
        while (low < high) {
            const mid = (low + high + 1) >> 1;
            if (starts[mid] <= index) low = mid;
            else high = mid - 1;
        }
        return low + 1;
    };
}

/** Where each named resource is declared in a program: the first string literal holding its name. */
export function programLocations(
    entry: string,
    resources: readonly { urn: string; name: string }[],
): Record<string, SourceLocation> {
    const texts = programFiles(entry).flatMap((file) => {
        try {
            const text = fs.readFileSync(file, "utf8");
            return [{ file: relativePath(file), text, lineOf: lines(text) }];
        } catch {
            return [];
        }
    });
    const locations: Record<string, SourceLocation> = {};
    for (const { urn, name } of resources) {
        for (const { file, text, lineOf } of texts) {
            const index = Math.min(
                ...['"', "'", "`"].map((q) => text.indexOf(`${q}${name}${q}`)).map((i) => (i < 0 ? Infinity : i)),
            );
            if (index !== Infinity) {
                locations[urn] = { path: file, line: lineOf(index) };
                break;
            }
        }
    }
    return locations;
}

/** Where each resource's state starts in a stack export: the line of its `"urn"` field. */
export function exportLocations(file: string, text: string, urns: readonly string[]): Record<string, SourceLocation> {
    const locations: Record<string, SourceLocation> = {};
    const at = relativePath(file);
    const lineOf = lines(text);
    for (const urn of urns) {
        const match = new RegExp(`"urn"\\s*:\\s*${JSON.stringify(urn).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`).exec(
            text,
        );
        if (match) locations[urn] = { path: at, line: lineOf(match.index) };
    }
    return locations;
}
