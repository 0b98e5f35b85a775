import { PolicyPack } from "@pulumi/policy";
import { installEngineHooks } from "./engine-hooks";
import { PACK_NAME } from "./kit";
import { POLICIES } from "./policies";

installEngineHooks(POLICIES);

new PolicyPack(PACK_NAME, {
    description:
        "Keeps the client in control of a network its managed security provider operates: zones, tenants, evidence, expiring access.",
    enforcementLevel: "mandatory",
    policies: POLICIES.map((p) => p.policy),
});
