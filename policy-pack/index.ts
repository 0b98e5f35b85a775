import { PolicyPack } from "@pulumi/policy";
import { installEngineHooks } from "./engine-hooks";
import { PACK_NAME, PACK_REPOSITORY, packReadme } from "./kit";
import { POLICIES } from "./policies";

installEngineHooks(POLICIES);

new PolicyPack(PACK_NAME, {
    displayName: "demarc: control of an MSSP-operated network",
    description:
        "Keeps the client in control of a network its managed security provider operates: zones, tenants, evidence, expiring access.",
    readme: packReadme(POLICIES),
    provider: "aws",
    tags: ["aws", "network", "segmentation", "mssp", "shared-responsibility"],
    repository: PACK_REPOSITORY,
    enforcementLevel: "mandatory",
    policies: POLICIES.map((p) => p.policy),
});
