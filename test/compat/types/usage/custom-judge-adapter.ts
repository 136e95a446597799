// Judges built on JudgeAgentAdapter, using the judgment request's criteria.
import scenario, {
  type AgentAdapter,
  type AgentInput,
  JudgeAgentAdapter,
  type JudgeResult,
  type JudgmentRequest,
} from "@langwatch/scenario";

class KeywordJudge extends JudgeAgentAdapter {
  criteria = ["The agent says thank you"];

  async call(input: AgentInput): Promise<JudgeResult | null> {
    const request: JudgmentRequest | undefined = input.judgmentRequest;
    if (!request) return null;
    const criteria = request.criteria ?? this.criteria;
    const context = request.additionalContext ?? "";
    const text = input.messages.map((message) => (typeof message.content === "string" ? message.content : "")).join("\n");
    const met = criteria.filter(() => /thank/i.test(text) || context.includes("thank"));
    return {
      success: met.length === criteria.length,
      reasoning: met.length === criteria.length ? "all met" : "some criteria unmet",
      metCriteria: met,
      unmetCriteria: criteria.filter((criterion) => !met.includes(criterion)),
    };
  }
}

export const politeJudge = new KeywordJudge();
export const judgeName: string = politeJudge.name;

export async function checkpointThenVerdict(agent: AgentAdapter) {
  return scenario.run({
    name: "polite",
    description: "The agent thanks the customer.",
    agents: [agent, politeJudge],
    script: [
      scenario.user("Here is my order number: 1002"),
      scenario.agent(),
      scenario.judge({ criteria: ["The agent says thank you"], additionalContext: "order 1002 exists" }),
      scenario.judge(),
    ],
  });
}
