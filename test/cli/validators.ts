import * as fs from "node:fs";
import * as path from "node:path";
import { Ajv } from "ajv";
import { XMLParser } from "fast-xml-parser";

const SARIF_SCHEMA = path.resolve(
    __dirname,
    "..",
    "..",
    "node_modules",
    "@microsoft",
    "jest-sarif",
    "lib",
    "schemas",
    "sarif-2.1.0-rtm.5.json",
);

let validate: (((data: unknown) => boolean) & { errors?: unknown }) | undefined;

/**
 * Errors of a SARIF document against the official SARIF 2.1.0 schema. The schema declares draft-04
 * but uses no keyword whose meaning changed since; ajv reads it as draft-07 with `id` as `$id`. Its
 * language-tag pattern is not valid as a unicode regular expression, hence `unicodeRegExp: false`.
 */
export function sarifSchemaErrors(document: unknown): unknown {
    if (!validate) {
        const {
            id,
            $schema: _draft,
            ...schema
        } = JSON.parse(fs.readFileSync(SARIF_SCHEMA, "utf8")) as Record<string, unknown>;
        const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
        ajv.addFormat("uri", (text: string) => URL.canParse(text));
        ajv.addFormat("uri-reference", (text: string) => URL.canParse(text, "file:///base/") && !/[\s\\]/.test(text));
        ajv.addFormat(
            "date-time",
            (text: string) =>
                /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(text) &&
                !Number.isNaN(Date.parse(text)),
        );
        validate = ajv.compile({ ...schema, $id: id as string });
    }
    return validate(document) ? null : validate.errors;
}

export interface JUnitCase {
    name: string;
    classname: string;
    failure?: { message: string; type: string; text: string };
    systemOut?: string;
}
export interface JUnitSuite {
    name: string;
    tests: number;
    failures: number;
    cases: JUnitCase[];
}

const asArray = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** A JUnit document read with a real XML parser. */
export function parseJUnit(xml: string): { tests: number; failures: number; suites: JUnitSuite[] } {
    const parser = new XMLParser({
        ignoreAttributes: false,
        attributeNamePrefix: "",
        textNodeName: "text",
        parseAttributeValue: false,
        trimValues: false,
    });
    type RawCase = {
        name: string;
        classname: string;
        failure?: { message: string; type: string; text: string };
        "system-out"?: string;
    };
    type RawSuite = { name: string; tests: string; failures: string; testcase?: RawCase | RawCase[] };
    const doc = parser.parse(xml) as {
        testsuites: { tests: string; failures: string; testsuite?: RawSuite | RawSuite[] };
    };
    return {
        tests: Number(doc.testsuites.tests),
        failures: Number(doc.testsuites.failures),
        suites: asArray(doc.testsuites.testsuite).map((s) => ({
            name: s.name,
            tests: Number(s.tests),
            failures: Number(s.failures),
            cases: asArray(s.testcase).map((c) => {
                const out: JUnitCase = { name: c.name, classname: c.classname };
                if (c.failure) out.failure = c.failure;
                if (c["system-out"] !== undefined) out.systemOut = c["system-out"];
                return out;
            }),
        })),
    };
}
