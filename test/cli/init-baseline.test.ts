import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { SHARED_SECTION } from "../../lib/shared-settings";
import { CIDR } from "../../stacks/facts";
import { NETWORKS } from "../../stacks/scenarios";
import { sampleExport } from "../support/captures";
import { requireBuiltDemarc, runDemarcInProcess } from "../support/demarc-command";

const TIMEOUT = 600_000;
const SAMPLE_CONFIG = "examples/policy-config.json";
const demarc = (...args: string[]) => runDemarcInProcess(args);
/** `--export FILE` for each stack export. */
const exportArgs = (files: readonly string[]) => files.flatMap((file) => ["--export", file]);

interface JsonFinding {
    policy: string;
    class: string;
    name: string;
    message: string;
}
const findingsOf = (json: string) =>
    (JSON.parse(json) as { stacks: { stack: string; findings: JsonFinding[] }[] }).stacks.flatMap((s) =>
        s.findings.map((f) => `${s.stack} ${f.policy} ${f.class} ${f.name}`),
    );

let tmp: string;
beforeAll(() => {
    requireBuiltDemarc();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "demarc-plan-"));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("demarc init", () => {
    test(
        "on the sample stacks as deployed it proposes a plan under which demarc check gives the same findings as their tags do",
        async () => {
            const planned = path.join(tmp, "planned.json");
            const samples = exportArgs(
                await Promise.all(NETWORKS.map((network) => sampleExport({ network, preview: false }, tmp))),
            );
            const init = await demarc("init", ...samples, "--policy-config", SAMPLE_CONFIG, "--output", planned);
            expect(init.stderr).toBe("");
            expect(init.code).toBe(0);
            const document = JSON.parse(fs.readFileSync(planned, "utf8"));
            const section = document[SHARED_SECTION];
            expect(section.clientAccountIds).toEqual(["111111111111", "333333333333"]);
            expect(section.providerAccountIds).toEqual(["222222222222"]);
            expect(section.zonePlan.ranges).toEqual(
                expect.arrayContaining([
                    { cidr: CIDR.client.subnets["public-a"], zone: "red" },
                    { cidr: CIDR.client.subnets["dmz-a"], zone: "yellow" },
                    { cidr: CIDR.client.subnets["app-a"], zone: "green" },
                    { cidr: CIDR.client.subnets["data-b"], zone: "green" },
                ]),
            );
            expect(section.zonePlan.vpcs).toEqual(expect.arrayContaining([{ vpc: "client-vpc", tenant: "acme" }]));
            // What the client wrote before stays.
            expect(section.asOf).toBe("2026-11-23");
            expect(document["require-current-standard"]).toEqual({ currentStandard: "2.5" });

            const [byTags, byPlan] = await Promise.all([
                demarc("check", ...samples, "--policy-config", SAMPLE_CONFIG, "--format", "json"),
                demarc("check", ...samples, "--policy-config", planned, "--format", "json"),
            ]);
            expect(byPlan.stderr).toBe("");
            expect(findingsOf(byPlan.stdout).sort()).toEqual(findingsOf(byTags.stdout).sort());
            expect(byPlan.code).toBe(byTags.code);
        },
        TIMEOUT,
    );
});

describe("demarc check --create-baseline and --baseline", () => {
    test(
        "today's findings become expiring waivers the client approves; then only new findings are reported",
        async () => {
            const baselineFile = path.join(tmp, "baseline.json");
            const [expired, withoutExpiry] = await Promise.all(
                ["vpn-expired", "vpn-without-expiry"].map((scenario) =>
                    sampleExport({ network: "client", scenario, preview: false }, tmp),
                ),
            );
            const check = (target: string, ...args: string[]) =>
                demarc("check", "--export", target, "--policy-config", SAMPLE_CONFIG, ...args);
            const created = await check(expired!, "--create-baseline", baselineFile, "--format", "json");
            expect(created.code).toBe(1);
            const baseline = JSON.parse(fs.readFileSync(baselineFile, "utf8"));
            expect(Object.keys(baseline)).toEqual(["refuse-expired-access"]);
            expect(baseline["refuse-expired-access"].waivers).toEqual([
                {
                    resource: expect.stringMatching(/::mssp-vpn$/),
                    kind: "expiry.expired",
                    justification:
                        "baseline of 2026-11-23: present when the baseline was taken; fix it before the waiver expires",
                    approver: "",
                    expires: "2027-02-21",
                },
            ]);

            const unapproved = await check(expired!, "--baseline", baselineFile);
            expect(unapproved.code).toBe(2);
            expect(unapproved.stderr).toContain(
                `baseline ${baselineFile} is not approved: refuse-expired-access waiver 1 has no approver`,
            );

            baseline["refuse-expired-access"].waivers[0].approver = "ciso@acme.example";
            fs.writeFileSync(baselineFile, JSON.stringify(baseline));
            const [same, other] = await Promise.all([
                check(expired!, "--baseline", baselineFile, "--format", "json"),
                check(withoutExpiry!, "--baseline", baselineFile, "--format", "json"),
            ]);
            expect(same.code).toBe(0);
            expect(findingsOf(same.stdout).filter((f) => f.includes("mssp-vpn"))).toEqual([]);
            expect(findingsOf(other.stdout).filter((f) => f.includes("mssp-vpn"))).toEqual([
                "client require-access-expiry mandatory mssp-vpn",
            ]);
            expect(other.code).toBe(1);
        },
        TIMEOUT,
    );
});
