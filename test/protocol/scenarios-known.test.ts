import { scenarioSuite } from "../support/scenario-suite";

scenarioSuite(false);
