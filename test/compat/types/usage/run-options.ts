// run() as a named import, with its options object.
import { type AgentAdapter, AgentRole, agent, type RunOptions, run, succeed, user } from "@langwatch/scenario";

const options: RunOptions = { batchRunId: "nightly-2025-01-31", langwatch: { apiKey: process.env.LANGWATCH_API_KEY } };

export async function named(bot: AgentAdapter) {
  return run(
    {
      name: "named imports",
      description: "Runs a script with the named exports only.",
      agents: [bot, { role: AgentRole.USER, call: async () => "hi" }],
      script: [user("hello"), agent(), succeed()],
    },
    options,
  );
}
