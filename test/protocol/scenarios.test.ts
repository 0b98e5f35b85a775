import { scenarioSuites } from "../support/scenario-suite";

scenarioSuites();
