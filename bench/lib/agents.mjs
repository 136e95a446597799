// Model-free agents shared by the memory and latency workloads.

/** Workload E's agents: scripted user, echo agent, a judge that passes after the 3rd agent reply. */
export function echoAgents(AgentRole) {
  let agentReplies = 0;
  return [
    { role: AgentRole.USER, call: async () => "hello there" },
    {
      role: AgentRole.AGENT,
      call: async (input) => {
        agentReplies++;
        const last = input.messages[input.messages.length - 1];
        return `You said: ${typeof last?.content === "string" ? last.content : ""}`;
      },
    },
    {
      role: AgentRole.JUDGE,
      criteria: ["agent echoes"],
      call: async () =>
        agentReplies >= 3
          ? { success: true, reasoning: "echoed 3 times", metCriteria: ["agent echoes"], unmetCriteria: [] }
          : null,
    },
  ];
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
