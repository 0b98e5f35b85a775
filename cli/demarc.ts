#!/usr/bin/env node
import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { summarise } from "./check-result";
import { runCheck, type Target } from "./check";
import { baselineOf, checkedAsOf, readBaseline, withoutBaselined, type BaselineDocument } from "./baseline";
import { InputError, messageOf } from "./errors";
import { runInit } from "./init";
import { DEFAULT_FILE, FORMATS, render, type Format } from "./reports";
import { NETWORKS, SCENARIOS } from "../stacks/scenarios";

/** The package root: dist/cli/demarc.js → two levels up. */
const PACKAGE_ROOT = path.resolve(__dirname, "..", "..");
const BUNDLED_POLICY_CONFIG = path.join(PACKAGE_ROOT, "examples", "policy-config.json");

export const USAGE = `Usage: demarc check [options]
       demarc init [targets] [--policy-config FILE] [--output FILE]

init proposes the client's zone plan from what the targets' tags, routes and providers say today,
written as a policy configuration (the given one, with the plan in its follow-zone-plan section)
for the client to review; what it could not decide is listed on standard error.

Runs Pulumi programs under mocks, or reads stack exports, and sends their resources to the demarc
policy pack over the Pulumi engine's analyzer protocol. No cloud, no credentials, no Pulumi CLI.

Targets (none given: the bundled sample client and provider stacks, with examples/policy-config.json;
with --scenario, the sample stack the scenario belongs to):
  --program DIR|FILE          a Pulumi TypeScript/JavaScript program (repeatable)
  --stack-config FILE         Pulumi.<stack>.yaml for the --program before it (alone: its directory is the program)
  --export FILE               a \`pulumi stack export\` file: deployed state (repeatable)
  --preview                   also run each program as a first \`pulumi preview\` sees it (ids unknown)
  --scenario NAME             sets <project>:scenario in each program's config (the samples' scenarios)
  --config KEY=VALUE          a stack config value for every program (repeatable); supplies \`secure:\` values,
                              which are encrypted in Pulumi.<stack>.yaml (KEY without a namespace: the project's)
  --accept-unexpanded         accept components a provider plugin builds (awsx, eks): they cannot be
                              expanded offline, are named in the report, and otherwise fail the check

Policy:
  --policy-config FILE        a --policy-pack-config document (JSON)
  --as-of YYYY-MM-DD          sets asOf for every policy that declares it (overrides the file)
  --pack DIR                  the policy pack (default: the bundled policy-pack/)
  --baseline FILE             report only findings not in this baseline (its waivers must be approved)
  --create-baseline FILE      write today's mandatory findings as expiring waivers, for the client to approve

Output:
  --format F[=FILE]           text | json | sarif | junit | markdown (repeatable; default text).
                              With =FILE the report goes to that file.
  --output FILE               where the one format without =FILE goes (default: standard output)
  --output-dir DIR            every format without =FILE goes to DIR/demarc.<ext>
  When every report goes to a file, the text report is also printed.

Exit: 0 clean or advisory only, 1 a mandatory violation or a component not expanded, 2 usage or input
error, or a target that could not be checked (the other targets are still checked and reported).
`;

interface Output {
    readonly format: Format;
    readonly file?: string;
}

interface Parsed {
    readonly command: "check" | "init";
    readonly targets: Target[];
    readonly bundled: boolean;
    readonly preview: boolean;
    readonly policyConfig?: string;
    readonly asOf?: string;
    readonly scenario?: string;
    readonly config: Record<string, string>;
    readonly acceptUnexpanded: boolean;
    readonly packDir: string;
    readonly outputs: Output[];
    readonly baseline?: string;
    readonly createBaseline?: string;
    readonly help: boolean;
}

function parseFormat(value: string): Output {
    const at = value.indexOf("=");
    const name = at < 0 ? value : value.slice(0, at);
    if (!(FORMATS as readonly string[]).includes(name))
        throw new InputError(`--format ${JSON.stringify(name)}: expected one of ${FORMATS.join(", ")}`);
    const file = at < 0 ? undefined : value.slice(at + 1);
    if (file === "") throw new InputError(`--format ${value}: no file after =`);
    return { format: name as Format, file };
}

/** The sample client and provider stacks; with a scenario, the stack of the network it belongs to. */
function bundledStacks(scenario: string | undefined): Target[] {
    let networks: readonly string[] = NETWORKS;
    if (scenario !== undefined) {
        const found = SCENARIOS.find((s) => s.name === scenario);
        if (!found)
            throw new InputError(
                `--scenario ${JSON.stringify(scenario)} is not a scenario of the sample stacks; scenarios: ${SCENARIOS.map((s) => s.name).join(", ")}`,
            );
        networks = [found.network];
    }
    return networks.map((network) => ({
        kind: "program",
        program: PACKAGE_ROOT,
        stackConfig: path.join(PACKAGE_ROOT, `Pulumi.${network}.yaml`),
    }));
}

export function parseCommandLine(argv: readonly string[]): Parsed {
    let parsed;
    try {
        parsed = parseArgs({
            args: [...argv],
            allowPositionals: true,
            strict: true,
            tokens: true,
            options: {
                program: { type: "string", multiple: true },
                "stack-config": { type: "string", multiple: true },
                export: { type: "string", multiple: true },
                preview: { type: "boolean" },
                scenario: { type: "string" },
                config: { type: "string", multiple: true },
                "accept-unexpanded": { type: "boolean" },
                "policy-config": { type: "string" },
                "as-of": { type: "string" },
                pack: { type: "string" },
                format: { type: "string", multiple: true },
                output: { type: "string" },
                "output-dir": { type: "string" },
                baseline: { type: "string" },
                "create-baseline": { type: "string" },
                help: { type: "boolean", short: "h" },
            },
        });
    } catch (error) {
        throw new InputError(messageOf(error));
    }
    const { values, positionals, tokens } = parsed;
    if (values.help)
        return {
            command: "check",
            targets: [],
            bundled: false,
            preview: false,
            config: {},
            acceptUnexpanded: false,
            packDir: "",
            outputs: [],
            help: true,
        };
    const command = positionals[0];
    if ((command !== "check" && command !== "init") || positionals.length > 1)
        throw new InputError(
            `expected the command \`check\` or \`init\`${positionals.length > 0 ? `, got ${positionals.join(" ")}` : ""}`,
        );

    const targets: Target[] = [];
    let lastProgram: number | undefined;
    for (const token of tokens ?? []) {
        if (token.kind !== "option" || token.value === undefined) continue;
        if (token.name === "program") {
            targets.push({ kind: "program", program: token.value });
            lastProgram = targets.length - 1;
        } else if (token.name === "export") {
            targets.push({ kind: "export", file: token.value });
        } else if (token.name === "stack-config") {
            const previous = lastProgram !== undefined ? targets[lastProgram] : undefined;
            if (previous?.kind === "program" && previous.stackConfig === undefined) {
                targets[lastProgram!] = { ...previous, stackConfig: token.value };
            } else {
                targets.push({ kind: "program", program: path.dirname(token.value), stackConfig: token.value });
            }
            lastProgram = undefined;
        }
    }
    const bundled = targets.length === 0;
    if (bundled) targets.push(...bundledStacks(values.scenario));

    const config: Record<string, string> = {};
    for (const pair of values.config ?? []) {
        const at = pair.indexOf("=");
        if (at <= 0) throw new InputError(`--config ${JSON.stringify(pair)}: expected KEY=VALUE`);
        config[pair.slice(0, at)] = pair.slice(at + 1);
    }
    const outputs = (values.format ?? ["text"]).map(parseFormat);
    const unnamed = outputs.filter((o) => o.file === undefined);
    const outputDir = values["output-dir"];
    if (values.output !== undefined && outputDir !== undefined)
        throw new InputError("--output and --output-dir exclude each other");
    if (!outputDir && unnamed.length > 1) {
        throw new InputError(
            `${unnamed.map((o) => o.format).join(", ")}: only one report can go to ${values.output ?? "standard output"}; give the others a file (--format sarif=demarc.sarif) or use --output-dir`,
        );
    }
    const resolved = outputs.map((o) =>
        o.file !== undefined
            ? o
            : outputDir !== undefined
              ? { format: o.format, file: path.join(outputDir, DEFAULT_FILE[o.format]) }
              : values.output !== undefined
                ? { format: o.format, file: values.output }
                : o,
    );
    return {
        command,
        targets,
        bundled,
        preview: values.preview ?? false,
        policyConfig: values["policy-config"] ?? (bundled ? BUNDLED_POLICY_CONFIG : undefined),
        asOf: values["as-of"],
        scenario: values.scenario,
        config,
        acceptUnexpanded: values["accept-unexpanded"] ?? false,
        packDir: path.resolve(values.pack ?? path.join(PACKAGE_ROOT, "policy-pack")),
        outputs: resolved,
        baseline: values.baseline,
        createBaseline: values["create-baseline"],
        help: false,
    };
}

/** Where the command writes: the process's own streams, or another caller's when it runs the command in-process. */
export interface CommandIo {
    readonly stdout: { write(text: string): unknown; readonly isTTY?: boolean };
    readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean };
}

function progressLine(io: CommandIo): { show: (text: string) => void; clear: () => void } {
    if (!io.stderr.isTTY) return { show: () => undefined, clear: () => undefined };
    let shown = false;
    return {
        show: (text) => {
            io.stderr.write(`\r\u001b[K${text}…`);
            shown = true;
        },
        clear: () => {
            if (shown) io.stderr.write("\r\u001b[K");
        },
    };
}

function writeJson(file: string, document: object, what: string): void {
    try {
        fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
        fs.writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
    } catch (error) {
        throw new InputError(`cannot write ${what} to ${file}: ${messageOf(error)}`);
    }
}

const writeBaseline = (file: string, baseline: BaselineDocument) => writeJson(file, baseline, "the baseline");

async function init(options: Parsed, progress: ReturnType<typeof progressLine>, io: CommandIo): Promise<number> {
    const { document, notes } = await runInit({ ...options, baseline: undefined, progress: progress.show });
    progress.clear();
    const output = options.outputs.find((o) => o.file !== undefined)?.file;
    if (output !== undefined) writeJson(output, document, "the proposed policy configuration");
    else io.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
    for (const note of notes) io.stderr.write(`demarc init: ${note}\n`);
    return 0;
}

const colourAllowed = (io: CommandIo) => io.stdout.isTTY === true && !process.env["NO_COLOR"];

/** The command: writes its reports and messages to `io`, and returns the exit code. */
export async function main(argv: readonly string[], io: CommandIo = process): Promise<number> {
    const progress = progressLine(io);
    try {
        const options = parseCommandLine(argv);
        if (options.help) {
            io.stdout.write(USAGE);
            return 0;
        }
        if (options.command === "init") return await init(options, progress, io);
        const baseline = options.baseline !== undefined ? readBaseline(options.baseline) : undefined;
        const checked = await runCheck({ ...options, baseline, progress: progress.show });
        progress.clear();
        if (options.createBaseline !== undefined)
            writeBaseline(options.createBaseline, baselineOf(checked, checkedAsOf(options.asOf, options.policyConfig)));
        const result = baseline ? withoutBaselined(checked, baseline) : checked;
        for (const failure of result.failures) io.stderr.write(`demarc: ${failure.target}: ${failure.message}\n`);
        const sourceRoot = `${pathToFileURL(process.cwd()).href}/`;
        const toStdout = options.outputs.filter((o) => o.file === undefined);
        for (const output of options.outputs) {
            const text = render(output.format, result, {
                color: output.file === undefined && output.format === "text" && colourAllowed(io),
                sourceRoot,
            });
            if (output.file === undefined) {
                io.stdout.write(text);
                continue;
            }
            try {
                fs.mkdirSync(path.dirname(path.resolve(output.file)), { recursive: true });
                fs.writeFileSync(output.file, text);
            } catch (error) {
                throw new InputError(`cannot write ${output.format} report to ${output.file}: ${messageOf(error)}`);
            }
        }
        if (toStdout.length === 0) io.stdout.write(render("text", result, { color: colourAllowed(io), sourceRoot }));
        if (result.failures.length > 0) return 2;
        return summarise(result.stacks, result).passed ? 0 : 1;
    } catch (error) {
        progress.clear();
        const usage =
            error instanceof InputError && /^(expected the command|Unknown option|Option)/.test(error.message)
                ? `\n\n${USAGE}`
                : "";
        io.stderr.write(`demarc: ${messageOf(error)}${usage}\n`);
        return 2;
    }
}

if (require.main === module) {
    main(process.argv.slice(2)).then((code) => {
        process.exitCode = code;
    });
}
