import type { AgentInput } from "../../../domain/agent.js";
import type { ModelMessage } from "../../../domain/messages.js";
import { AgentRole } from "../../../domain/roles.js";

/** An `AgentInput` for calling an agent directly, outside a run. */
export function agentInput(
  messages: ModelMessage[],
  extra: { newMessages?: ModelMessage[]; threadId?: string; signal?: AbortSignal } = {},
): AgentInput {
  return {
    threadId: extra.threadId ?? "thread-1",
    messages,
    newMessages: extra.newMessages ?? messages,
    requestedRole: AgentRole.AGENT,
    scenarioState: {} as AgentInput["scenarioState"],
    scenarioConfig: { name: "direct", description: "a direct call", agents: [] },
    ...(extra.signal ? { signal: extra.signal } : {}),
  };
}
