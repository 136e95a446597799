import { type Agent, createRehearse, openAICompatibleAgent, type ScenarioConfig, type ScenarioResult } from "@rehearse/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createShopbot,
  SHOPBOT_FLAW_IDS,
  type ShopbotFlaw,
  type ShopbotServer,
  type ShopbotVariant,
  startShopbotServer,
} from "../../agents/shopbot/index.mjs";
import { loadExampleScenarios } from "../index.mjs";

const SEEDS = Array.from({ length: 20 }, (_, index) => index + 1);
// an HTTP run costs a request per tool round (several milliseconds each): fewer seeds keep the file fast
const HTTP_SEEDS = SEEDS.slice(0, 5);
const rehearse = createRehearse({ configFile: false, env: {} });

/** What a run of each flaw's scenario must report when the flaw is on: the failure is that flaw's. */
const flawFailures: Record<ShopbotFlaw, RegExp[]> = {
  social_engineering_pii: [/^forbidden event pii_leak occurred/],
  encoded_pii: [/^forbidden event policy_violation occurred/],
  planted_instruction: [/^forbidden event pii_leak occurred/, /the bot looked nothing else up: .*equals 1 \(actual 2\)/],
  tool_timeout: [/^forbidden event policy_violation occurred/],
  malware_upload: [/^end state: state\.attachments equals \[\] \(actual \[\{"attachment_id":"F-1"/],
  system_prompt_reveal: [/^forbidden event system_prompt_leak occurred/],
};

const hardenedScenarios = await loadExampleScenarios();
const names = hardenedScenarios.map((scenario) => scenario.name);
const flawOf = (scenario: ScenarioConfig) => scenario.metadata?.flaw as ShopbotFlaw | undefined;
const flawScenarios = hardenedScenarios.filter((scenario) => flawOf(scenario) !== undefined);

async function scenariosFor(agent: Agent): Promise<Map<string, ScenarioConfig>> {
  return new Map((await loadExampleScenarios({ agent })).map((scenario) => [scenario.name, scenario]));
}

function runOf(scenarios: Map<string, ScenarioConfig>, name: string, seed: number): Promise<ScenarioResult> {
  const scenario = scenarios.get(name);
  if (!scenario) throw new Error(`no scenario ${name}`);
  return rehearse.run(scenario, { seed });
}

/** A verdict without the details an HTTP agent cannot reproduce (file names and sizes it never received). */
const verdict = (result: ScenarioResult) => ({
  status: result.status,
  unmet: result.unmetCriteria.map((criterion) => criterion.replace(/\(actual [\s\S]*$/, "(actual …)")),
});

describe("the hardened shopbot", () => {
  it.each(names)(
    "passes %s on seeds 1–20",
    async (name) => {
      const scenarios = await scenariosFor(createShopbot({ variant: "hardened" }));
      for (const seed of SEEDS) {
        const result = await runOf(scenarios, name, seed);
        expect(result.status, `seed ${seed}: ${result.unmetCriteria.join("; ")}`).toBe("pass");
      }
    },
    30_000,
  );
});

describe("the vulnerable shopbot", () => {
  it("has a scenario for every flaw", () => {
    expect(new Set(flawScenarios.map(flawOf))).toEqual(new Set(SHOPBOT_FLAW_IDS));
  });

  it.each(flawScenarios.map((scenario) => [scenario.name, flawOf(scenario) as ShopbotFlaw] as const))(
    "fails %s on seeds 1–20 because of %s: with it alone on too, and passes with it alone off",
    async (name, flaw) => {
      const allFlaws = await scenariosFor(createShopbot({ variant: "vulnerable" }));
      const onlyFlaw = await scenariosFor(createShopbot({ variant: "vulnerable", flaws: [flaw] }));
      const others = SHOPBOT_FLAW_IDS.filter((candidate) => candidate !== flaw);
      const withoutFlaw = await scenariosFor(createShopbot({ variant: "vulnerable", flaws: others }));
      for (const seed of SEEDS) {
        for (const [label, flawed] of [
          ["all flaws", allFlaws],
          [`only ${flaw}`, onlyFlaw],
        ] as const) {
          const failed = await runOf(flawed, name, seed);
          expect(failed.status, `seed ${seed}, ${label}`).toBe("fail");
          for (const pattern of flawFailures[flaw]) {
            expect(failed.unmetCriteria, `seed ${seed}, ${label}`).toContainEqual(expect.stringMatching(pattern));
          }
        }
        const held = await runOf(withoutFlaw, name, seed);
        expect(held.status, `seed ${seed} without ${flaw}: ${held.unmetCriteria.join("; ")}`).toBe("pass");
      }
    },
    30_000,
  );
});

describe("the shopbot over HTTP", () => {
  let server: ShopbotServer;
  beforeAll(async () => {
    server = await startShopbotServer();
  });
  afterAll(() => server.close());

  const cases = (["hardened", "vulnerable"] as const).flatMap((variant) => names.map((name) => [variant, name] as const));
  it.each(cases)(
    "gives the %s variant's verdict on %s",
    async (variant: ShopbotVariant, name: string) => {
      const inProcess = await scenariosFor(createShopbot({ variant }));
      const overHttp = await scenariosFor(openAICompatibleAgent({ baseURL: `${server.url}/v1`, model: `shopbot-${variant}` }));
      for (const seed of HTTP_SEEDS) {
        const local = await runOf(inProcess, name, seed);
        const remote = await runOf(overHttp, name, seed);
        expect(verdict(remote), `seed ${seed}`).toEqual(verdict(local));
        // the endpoint really worked through tool calls the harness ran
        if (remote.scenarioRun?.events_by_type.action_request) {
          expect(remote.messages.some((message) => message.role === "tool")).toBe(true);
        }
      }
    },
    30_000,
  );
});

/** A run summary without the figures a load burst measured on the wall clock. */
function withoutMeasured(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutMeasured);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !(/_ms$/.test(key) && !key.startsWith("simulated_")))
      .map(([key, inner]) => [key, withoutMeasured(inner)]),
  );
}

describe("a seed decides everything", () => {
  it("repeats a run exactly, load statistics and injection log included", async () => {
    const scenarios = await scenariosFor(createShopbot({ variant: "hardened" }));
    const [first, second] = await Promise.all([1, 2].map(() => runOf(scenarios, "Stress Test - High Concurrent Load", 7)));
    // the load's measured durations (p50_ms, …, wall_ms) are real time; everything else repeats
    expect(withoutMeasured(first?.scenarioRun)).toEqual(withoutMeasured(second?.scenarioRun));
    const burst = first?.scenarioRun?.injections_performed.find((entry) => entry.type === "concurrency");
    expect(burst?.outcome).toMatchObject({
      max_in_flight: 50,
      ops: expect.any(Number),
      p95_ms: expect.any(Number),
      simulated_p95_ms: expect.any(Number),
    });
    const other = await runOf(scenarios, "Stress Test - High Concurrent Load", 8);
    expect(other.scenarioRun?.injection_log).not.toEqual(first?.scenarioRun?.injection_log);
  });
});
