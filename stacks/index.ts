import * as pulumi from "@pulumi/pulumi";
import { clientNetwork } from "./client";
import { providerNetwork } from "./provider";
import { selectScenario } from "./scenarios";

const config = new pulumi.Config("demarc-samples");
const selection = selectScenario(config.get("network"), config.get("scenario"));

export const network = selection.network;
export const scenario = selection.scenario?.name ?? "compliant";
export const outputs =
    selection.network === "client"
        ? clientNetwork(selection.scenario?.name)
        : providerNetwork(selection.scenario?.name);
