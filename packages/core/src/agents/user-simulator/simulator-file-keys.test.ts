import { describe, expect, it } from "vitest";
import { AgentRole } from "../../domain/roles.js";
import { compileScenarioDocument } from "../../scenario-file/compile-scenario.js";
import { readScenarioDocument } from "../../scenario-file/read-document.js";
import type { simulatorPrompt } from "./simulator-prompt.js";
import type { UserSimulatorAgent } from "./user-simulator-agent.js";

const header =
  'name: a\ndescription: A customer wants a refund.\nagent: { http: { url: "http://127.0.0.1:9/", response_path: r } }\n';

const compile = (simulator: string) =>
  compileScenarioDocument(readScenarioDocument(`${header}user:\n  simulator:\n${simulator}`, "s.yaml"), "s.yaml");

describe("user.simulator controls in scenario files", () => {
  it("loads the controls, the goal and plan and realism_checks into the simulator", async () => {
    const config = await compile(
      [
        "    cooperativeness: low",
        "    patience: 3",
        "    knowledge: high",
        "    verbosity: low",
        "    language: French",
        "    goal: Get a refund for order 42",
        "    plan: [Ask about the policy, Give the order number when asked]",
        "    realism_checks: true",
        "",
      ].join("\n"),
    );
    const simulator = config.agents.find((agent) => agent.role === AgentRole.USER) as UserSimulatorAgent;
    const { controls } = simulator as unknown as { controls: Parameters<typeof simulatorPrompt>[2] };
    expect(controls).toEqual({
      cooperativeness: "low",
      patience: 3,
      knowledge: "high",
      verbosity: "low",
      language: "French",
      goal: "Get a refund for order 42",
      plan: ["Ask about the policy", "Give the order number when asked"],
    });
    expect((simulator as unknown as { config: { realismChecks: unknown } }).config.realismChecks).toBe(true);
  });

  it("rejects a bad level at its line, naming the field", async () => {
    const error = await compile("    model: openai:gpt-4.1-mini\n    cooperativeness: very\n").then(
      () => new Error("compiled"),
      (caught: Error) => caught,
    );
    expect(error.message).toMatch(/^s\.yaml:7:\d+: user\.simulator\.cooperativeness: /);
    expect(error.message).toMatch(/low.*medium.*high/);
  });

  it("rejects a patience of 0 and a realism_checks model that is not a model id, each at its line", async () => {
    const error = await compile("    patience: 0\n    realism_checks: { model: gpt }\n").then(
      () => new Error("compiled"),
      (caught: Error) => caught,
    );
    expect(error.message).toMatch(/s\.yaml:6:\d+: user\.simulator\.patience: /);
    expect(error.message).toMatch(/s\.yaml:7:\d+: user\.simulator\.realism_checks(\.model)?: /);
  });

  it("rejects a plan without a goal, at the simulator's line", async () => {
    const error = await compile("    plan: [Ask]\n").then(
      () => new Error("compiled"),
      (caught: Error) => caught,
    );
    expect(error.message).toMatch(/^s\.yaml:\d+:\d+: user\.simulator(\.plan)?: .*`plan` must be given with a `goal`/);
  });
});
