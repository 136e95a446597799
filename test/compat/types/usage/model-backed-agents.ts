// The model-backed user simulator and judge with their configuration types.
import scenario, {
  JudgeAgent,
  type JudgeAgentConfig,
  judgeAgent,
  type TestingAgentConfig,
  UserSimulatorAgent,
  type UserSimulatorAgentConfig,
  userSimulatorAgent,
} from "@langwatch/scenario";
import { MockLanguageModelV3 } from "ai/test";

const model = new MockLanguageModelV3({ modelId: "fake-model" });

const shared: TestingAgentConfig = { model, temperature: 0, maxTokens: 400 };

const userConfig: UserSimulatorAgentConfig = {
  ...shared,
  name: "impatient customer",
  systemPrompt: "You are an impatient customer who wants a refund.",
};

const judgeConfig: JudgeAgentConfig = {
  ...shared,
  criteria: ["The agent asks for the order number", "The agent does not promise a date it cannot keep"],
  systemPrompt: "You are a strict QA reviewer.",
  tokenThreshold: 4096,
  maxDiscoverySteps: 4,
};

export const simulators: UserSimulatorAgent[] = [
  userSimulatorAgent(userConfig),
  new UserSimulatorAgent(),
  scenario.userSimulatorAgent(),
];
export const judges: JudgeAgent[] = [judgeAgent(judgeConfig), new JudgeAgent({ criteria: ["Be polite"] }), scenario.judgeAgent()];
export const criteriaCount: number = judges[0]?.criteria.length ?? 0;
