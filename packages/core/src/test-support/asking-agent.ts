import { generateText } from "ai";
import type { AgentInput } from "../domain/agent.js";
import type { ScenarioResult } from "../domain/result.js";
import { AgentRole } from "../domain/roles.js";
import type { Rehearse } from "../runner/rehearse.js";
import { agent, succeed, user } from "../script/steps.js";

/**
 * An agent under test that resolves `model` through the run's model access
 * (so every layer of the context applies) and asks it `calls` times at once,
 * replying with the answers joined by spaces.
 */
export function askingAgent(model: string, calls = 1) {
  return {
    role: AgentRole.AGENT,
    async call(input: AgentInput) {
      const resolved = await input.models?.resolve(model, { role: AgentRole.AGENT, agent: "support" });
      if (!resolved) throw new Error("no model");
      const ask = () => generateText({ model: resolved.model, prompt: "hi", ...resolved.callOptions }).then(({ text }) => text);
      return (await Promise.all(Array.from({ length: calls }, ask))).join(" ");
    },
  };
}

/** One run in `rehearse` whose agent asks `model` `calls` times at once; a failed call ends it with status `error`. */
export async function ask(rehearse: Rehearse, model: string, calls = 1): Promise<ScenarioResult> {
  const scenario = {
    name: "ask",
    description: "asks a model",
    agents: [askingAgent(model, calls)],
    script: [user("hi"), agent(), succeed()],
  };
  const { results } = await rehearse.runMany([scenario]);
  const [result] = results;
  if (!result) throw new Error("runMany gave no result");
  return result;
}

/** The agent's reply in `result` (the last message). */
export function reply(result: ScenarioResult): unknown {
  return result.messages.at(-1)?.content;
}
