import { createRehearse, type ScenarioResult } from "@rehearse/core";
import { describe, expect, it } from "vitest";
import { blamed, graphScenarios } from "../scenarios.mjs";

type Case = { name: string; expect: string; blame?: string; config: Record<string, unknown> };

const rehearse = createRehearse({ configFile: false, env: {} });
const run = (config: Record<string, unknown>, seed: number) =>
  rehearse
    .run({ ...(config as never), seed })
    .catch((error: Error & { result?: ScenarioResult }) =>
      error.result ? { ...error.result, error: error.message } : Promise.reject(error),
    );

describe("the support graph and its broken variants", () => {
  it("each failure class is caught and attributed to the right node", async () => {
    const cases = (await graphScenarios()) as Case[];
    const seen = [];
    for (const entry of cases) {
      const outcome = await run(entry.config, 2026);
      seen.push([entry.name, outcome.status, entry.blame === undefined ? undefined : blamed(outcome)]);
    }
    expect(seen).toEqual(cases.map((entry) => [entry.name, entry.expect, entry.blame]));
  });

  it("the healthy graph passes over 20 seeds", async () => {
    const [refund, status] = (await graphScenarios()) as Case[];
    for (let seed = 1; seed <= 20; seed++) {
      for (const entry of [refund, status] as Case[])
        expect((await run(entry.config, seed)).status, `${entry.name}, seed ${seed}`).toBe("pass");
    }
  });
});
