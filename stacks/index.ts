import * as pulumi from "@pulumi/pulumi";
import { buildWithChange } from "./change";
import { clientNetwork } from "./client";
import { CLIENT_SCENARIO_CHANGES } from "./client-scenarios";
import { providerNetwork } from "./provider";
import { PROVIDER_SCENARIO_CHANGES } from "./provider-scenarios";
import { selectScenario } from "./scenarios";

const config = new pulumi.Config("demarc-samples");
const selection = selectScenario(config.get("network"), config.get("scenario"));

export const network = selection.network;
export const scenario = selection.scenario?.name ?? "compliant";
export const outputs =
    selection.scenario?.network === "client"
        ? buildWithChange(clientNetwork, CLIENT_SCENARIO_CHANGES[selection.scenario.name]).outputs
        : selection.scenario?.network === "provider"
          ? buildWithChange(providerNetwork, PROVIDER_SCENARIO_CHANGES[selection.scenario.name]).outputs
          : selection.network === "client"
            ? clientNetwork().outputs
            : providerNetwork().outputs;
