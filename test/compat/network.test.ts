import scenario from "@langwatch/scenario";
import { expect, it } from "vitest";
import { Journal, sleep, verdict } from "./helpers.js";
import { networkAttempts } from "./setup.js";

// The suite is model-free and runs without LANGWATCH_API_KEY (the reference
// project also sets OTEL_SDK_DISABLED): neither side may reach the network.
it("runs make no network attempt (fetch, DNS or connect)", async () => {
  const journal = new Journal();
  const before = networkAttempts().length;
  for (const maxTurns of [1, 2, 3]) {
    await scenario.run({
      name: `offline ${maxTurns}`,
      description: "d",
      agents: [journal.user(), journal.agent(), journal.judge("J", (_input, n) => (n === maxTurns ? verdict(true) : null))],
      maxTurns: 5,
    });
  }
  // exporters batch and flush later; give them a moment
  await sleep(300);
  expect(networkAttempts().slice(before)).toEqual([]);
  expect(journal.calls.length).toBeGreaterThan(0);
});
