import * as fs from "fs";
import * as path from "path";
import { CONFIG_SCHEMAS_FILE } from "./kit";
import { POLICIES } from "./policies";

/** Every policy's JSON schema, generated from its zod settings, keyed by policy name. */
export function generatedConfigSchemas(): Record<string, object> {
    return Object.fromEntries(POLICIES.map((p) => [p.metadata.name, p.settings.configSchema]));
}

if (require.main === module) {
    const target = path.resolve(process.argv[2] ?? path.join("policy-pack", "dist", CONFIG_SCHEMAS_FILE));
    fs.writeFileSync(target, `${JSON.stringify(generatedConfigSchemas(), null, 2)}\n`);
}
