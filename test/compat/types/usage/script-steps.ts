// Scripts as typed arrays of steps: DSL steps, inline checks and executor-driven steps.
import scenario, {
  type ScenarioExecutionLike,
  type ScenarioExecutionStateLike,
  type ScenarioResult,
  type ScriptStep,
} from "@langwatch/scenario";
import { expect } from "vitest";

const noToolsYet: ScriptStep = (state) => {
  expect(state.hasToolCall("issue_refund")).toBe(false);
};

async function followUp(state: ScenarioExecutionStateLike, executor: ScenarioExecutionLike): Promise<void> {
  if (state.currentTurn < 3) {
    await executor.user("Any update on my refund?");
    await executor.agent();
  }
  const verdict: ScenarioResult | null = await executor.judge({ criteria: ["The agent gives a refund date"] });
  if (verdict && !verdict.success) await executor.fail("no refund date");
}

export const script: ScriptStep[] = [
  scenario.agent("Hello, this is the support desk."),
  scenario.user("I'd like a refund for order 1002"),
  scenario.agent(),
  noToolsYet,
  (state) => expect(state.lastAgentMessage().content).toBeTruthy(),
  scenario.message({ role: "user", content: "It arrived broken." }),
  scenario.agent(),
  scenario.proceed(
    2,
    (state) => {
      expect(state.currentTurn).toBeGreaterThan(0);
    },
    async (state) => {
      expect(state.messages.length).toBeGreaterThan(0);
    },
  ),
  followUp,
  scenario.judge({ criteria: ["The agent apologises"] }),
  scenario.succeed("refund handled"),
];

export const failing: ScriptStep[] = [scenario.user(), scenario.agent(), scenario.fail("the agent was rude")];
export const endless: ScriptStep[] = [scenario.proceed()];
