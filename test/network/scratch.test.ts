import { test } from "vitest";
import { POLICIES } from "../../policy-pack/policies";
import { threeZones } from "./fixture";
test("scratch", () => {
    for (const preview of [false, true]) {
        const net = threeZones(preview);
        for (const p of POLICIES) console.log(preview, p.metadata.name, JSON.stringify(p.evaluate(net.records), null, 1));
    }
});
