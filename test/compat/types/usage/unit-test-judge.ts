// Unit-testing a custom judge outside any run, on a state built by hand.
import {
  type AgentInput,
  AgentRole,
  JudgeAgentAdapter,
  type JudgeResult,
  type ScenarioConfig,
  ScenarioExecutionState,
} from "@langwatch/scenario";
import { expect, it } from "vitest";

class ApologyJudge extends JudgeAgentAdapter {
  criteria = ["The agent apologises"];
  async call(input: AgentInput): Promise<JudgeResult | null> {
    if (!input.judgmentRequest) return null;
    const said = input.scenarioState.lastAgentMessage().content;
    const met = typeof said === "string" && /sorry/i.test(said);
    return {
      success: met,
      reasoning: met ? "apologised" : "no apology",
      metCriteria: met ? this.criteria : [],
      unmetCriteria: met ? [] : this.criteria,
    };
  }
}

it("judges an apology", async () => {
  const config: ScenarioConfig = { name: "unit", description: "judge alone", agents: [] };
  const state = new ScenarioExecutionState(config);
  state.addMessage({ role: "user", content: "My parcel is late." });
  state.addMessage({ role: "assistant", content: "Sorry about that!" });
  const verdict = await new ApologyJudge().call({
    threadId: state.threadId,
    messages: state.messages,
    newMessages: state.messages,
    requestedRole: AgentRole.JUDGE,
    judgmentRequest: {},
    scenarioState: state,
    scenarioConfig: config,
  });
  expect(verdict?.success).toBe(true);
});
