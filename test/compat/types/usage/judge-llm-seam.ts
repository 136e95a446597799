// Replacing the judge's model call (invokeLLM) and reading finish_test arguments.
import { type FinishTestArgs, type InvokeLLMParams, type InvokeLLMResult, judgeAgent } from "@langwatch/scenario";
import { generateText } from "ai";
import { MockLanguageModelV3 } from "ai/test";

const judge = judgeAgent({ criteria: ["The agent greets the user"], model: new MockLanguageModelV3() });

const calls: InvokeLLMParams[] = [];
const original = judge.invokeLLM;
judge.invokeLLM = async (params: InvokeLLMParams): Promise<InvokeLLMResult> => {
  calls.push(params);
  return original(params);
};

export function verdictOf(args: FinishTestArgs): boolean {
  return args.verdict === "success" && Object.values(args.criteria).every((answer) => answer === "true");
}

export const example: FinishTestArgs = {
  criteria: { the_agent_greets_the_user: "true" },
  reasoning: "It said hello.",
  verdict: "success",
};

export async function direct(): Promise<InvokeLLMResult> {
  const result = await generateText({ model: new MockLanguageModelV3(), prompt: "hello" });
  return {
    text: result.text,
    content: result.content,
    toolCalls: result.toolCalls,
    toolResults: result.toolResults,
    steps: result.steps,
  };
}

export { calls, judge };
