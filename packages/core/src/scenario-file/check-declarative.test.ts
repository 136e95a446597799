import { describe, expect, it } from "vitest";
import { ConfigError } from "../domain/errors.js";
import type { ScenarioConfig } from "../domain/scenario.js";
import { checkDeclarativeConfig } from "./check-declarative.js";

const agent = { role: "Agent" as const, call: async () => "hi" };
const config = (extra: Partial<ScenarioConfig>): ScenarioConfig => ({ name: "a", description: "b", agents: [agent], ...extra });

async function rejection(extra: Record<string, unknown>): Promise<ConfigError> {
  const error = await checkDeclarativeConfig(config(extra as Partial<ScenarioConfig>), "scenarios/refund.ts").catch(
    (caught) => caught,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

describe("checkDeclarativeConfig", () => {
  it("accepts canonical declarative fields with function handlers", async () => {
    await expect(
      checkDeclarativeConfig(
        config({
          environment: {
            state: { n: 1 },
            tools: { refund: { handler: () => ({ ok: true }) }, lookup: { response: { result: 1 } } },
          },
          injections: [
            { type: "tool_error", target_action: "refund", error_type: "timeout", probability: 0.5 },
            { type: "user_message", message: "hi", trigger: { kind: "event_count", count: 2 } },
          ],
          expectedOutcomes: { min_events: 1, state: [{ path: "n", operator: "equals", value: 1 }] },
          variables: { x: 1 },
          scenarioType: "stress",
          difficulty: "hard",
          tags: ["a"],
          isActive: false,
        }),
        "run()",
      ),
    ).resolves.toBeUndefined();
  });

  it("names the source and the field path of a bad value", async () => {
    const error = await rejection({
      injections: [
        { type: "user_message", message: "hi" },
        { type: "user_message", message: "hi" },
        { type: "tool_error", target_action: "refund", error_type: "timeout", probability: 1.5 },
      ],
    });
    expect(error.message).toBe("scenarios/refund.ts: injections[2].probability: must be at most 1, got 1.5");
    expect([error.source, error.path]).toEqual(["scenarios/refund.ts", "injections[2].probability"]);
  });

  it("rejects tool parameters that are not valid JSON Schema, naming the field", async () => {
    const error = await rejection({
      environment: { tools: { refund: { parameters: { type: "string", pattern: "[" }, response: { result: 1 } } } },
    });
    expect(error.message).toMatch(
      /^scenarios\/refund\.ts: environment\.tools\.refund\.parameters: is not a valid JSON Schema: Invalid regular expression/,
    );
    expect(error.path).toBe("environment.tools.refund.parameters");
  });

  it("rejects an unknown format in tool parameters with the closest known format", async () => {
    const parameters = { type: "object", properties: { email: { type: "string", format: "emial" } } };
    const error = await rejection({ environment: { tools: { signup: { parameters, response: { result: 1 } } } } });
    expect(error.code).toBe("invalid_config");
    expect(error.message).toBe(
      'scenarios/refund.ts: environment.tools.signup.parameters: has an unknown format "emial" at /properties/email/format (did you mean "email"?)',
    );
  });

  it("hints at the intended key for an unknown one", async () => {
    const error = await rejection({ expectedOutcomes: { min_event: 2 } });
    expect(error.message).toBe(
      'scenarios/refund.ts: expectedOutcomes.min_event: unknown key "min_event" (did you mean "min_events"?)',
    );
  });

  it("accepts only canonical spellings: seed flat keys and aliases are file-only", async () => {
    const flat = await rejection({
      injections: [{ type: "adversarial", attack_type: "jailbreak", trigger_type: "random", probability: 0.2 }],
    });
    expect(flat.path).toBe("injections[0].trigger_type");
    const alias = await rejection({ injections: [{ type: "timeout" }] });
    expect(alias.message).toMatch(/^scenarios\/refund\.ts: injections\[0\]\.type: unknown type "timeout"/);
  });

  it("requires handlers to be functions and lists every problem", async () => {
    const error = await rejection({
      environment: { tools: { refund: { handler: "./tools.mjs" } }, clock: "fast" },
      scenarioType: "busines",
    });
    expect(error.message.split("\n")).toEqual([
      "scenarios/refund.ts: environment.tools.refund.handler: must be a function (input, context) => result",
      'scenarios/refund.ts: environment.clock: must be one of virtual, real, got "fast"',
      'scenarios/refund.ts: scenarioType: must be one of business, adversarial, stress, edge_case, compliance, security, got "busines" (did you mean "business"?)',
    ]);
  });
});
