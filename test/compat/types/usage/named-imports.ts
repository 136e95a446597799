// Everything imported by name, nothing through the default export.
import {
  type AgentAdapter,
  AgentRole,
  agent,
  fail,
  judge,
  judgeAgent,
  message,
  proceed,
  run,
  type ScenarioResult,
  succeed,
  user,
  userSimulatorAgent,
} from "@langwatch/scenario";

export async function namedOnly(bot: AgentAdapter, strict: boolean): Promise<ScenarioResult> {
  return run({
    name: "named exports",
    description: "The whole API through named imports.",
    agents: [bot, userSimulatorAgent(), judgeAgent({ criteria: ["The agent answers"] })],
    maxTurns: 4,
    script: [
      message({ role: "system", content: "The customer is in Portugal." }),
      user("hi"),
      agent(),
      judge({ criteria: ["The agent greets back"] }),
      proceed(1),
      strict ? fail("strict mode") : succeed("lenient mode"),
    ],
  });
}

export const roleOfBot = (bot: AgentAdapter): boolean => bot.role === AgentRole.AGENT;
