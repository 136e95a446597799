import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MockLanguageModelV3 } from "ai/test";
import { afterEach, describe, expect, it } from "vitest";
import type { Agent, AgentInput } from "../domain/agent.js";
import { AgentRole } from "../domain/roles.js";
import { agent, succeed, user } from "../script/steps.js";
import { isolated } from "../test-support/harness.js";
import { textResult } from "../testing/mock-models.js";
import { simulatedTool } from "./simulated-tool.js";

const directories: string[] = [];
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});
const silent = { error() {}, warn() {}, info() {}, debug() {}, transcript() {} };

/** The simulating model: invents a balance per call; `live: false` makes any call throw (replay must not call it). */
function balances(live: boolean) {
  let calls = 0;
  const model = new MockLanguageModelV3({
    provider: "test",
    modelId: "bank",
    doGenerate: async () => {
      calls++;
      if (!live) throw new Error("the simulating model was called during replay");
      return textResult(JSON.stringify({ balance: 100 * calls }));
    },
  });
  return { model, calls: () => calls };
}

/** Asks for two accounts' balances and says what it got. */
const bankAgent: Agent = {
  role: AgentRole.AGENT,
  async call(input: AgentInput) {
    const first = await input.tools?.balance?.execute({ account: "checking" } as never, { toolCallId: "b1" });
    const second = await input.tools?.balance?.execute({ account: "savings" } as never, { toolCallId: "b2" });
    return `checking ${JSON.stringify(first)}, savings ${JSON.stringify(second)}`;
  },
};

const scenario = (model: MockLanguageModelV3) => ({
  name: "simulated balances",
  description: "the agent reads two balances",
  agents: [bankAgent],
  environment: {
    tools: {
      balance: simulatedTool({
        description: "The balance of an account",
        inputSchema: { type: "object", properties: { account: { type: "string" } }, required: ["account"] },
        outputSchema: { type: "object", properties: { balance: { type: "number" } }, required: ["balance"] },
        model,
      }),
    },
  },
  script: [user("balances?"), agent(), succeed()],
});

describe("a run with a simulated tool replayed from its cassette", () => {
  it("gives the same tool results with no model call", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "rehearse-simulated-replay-"));
    directories.push(cwd);
    const live = balances(true);
    const recorded = await isolated({ cwd, logger: silent, config: { cassette: { mode: "record" } } }).run(scenario(live.model));
    expect(live.calls()).toBe(2);

    const offline = balances(false);
    const replayed = await isolated({ cwd, logger: silent, config: { cassette: { mode: "replay" } } }).run(
      scenario(offline.model),
    );
    expect(offline.calls()).toBe(0);
    expect(replayed.status).toBe("pass");
    const outputs = (result: typeof recorded) => (result.toolCalls ?? []).map((call) => call.output);
    expect(outputs(recorded)).toEqual([{ balance: 100 }, { balance: 200 }]);
    expect(outputs(replayed)).toEqual(outputs(recorded));
    expect(replayed.messages.at(-1)?.content).toBe(recorded.messages.at(-1)?.content);
  });
});
