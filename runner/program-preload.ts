// Loaded into a program's process (NODE_OPTIONS --require) before its SDK.
import { createRequire } from "node:module";
import "./watchdog";

// Node's util.inspect never returns, with colours, for an error whose stack names a file directly under a
// scoped node_modules folder (`node_modules/@pulumi/config.ts`, where the SDK's source maps put its own
// files). The SDK formats every uncaught error that way, so a missing config value would hang the run:
// errors are formatted without colours instead.
const util = createRequire(__filename)("node:util") as { inspect: (...args: unknown[]) => string };
const inspect = util.inspect;
function plainErrors(this: unknown, value: unknown, ...rest: unknown[]): string {
    const [options] = rest;
    if (value instanceof Error && typeof options === "object" && options !== null && "colors" in options) {
        rest[0] = { ...options, colors: false };
    }
    return inspect.call(this, value, ...rest);
}
for (const key of Reflect.ownKeys(inspect)) {
    if (key !== "length" && key !== "name" && key !== "prototype") {
        Object.defineProperty(plainErrors, key, Object.getOwnPropertyDescriptor(inspect, key)!);
    }
}
util.inspect = plainErrors;
