// Agents made of vitest mocks, and a generic auto-mock in the style of vitest-mock-extended.
import scenario, { type AgentAdapter, type AgentInput, type AgentReturnTypes, AgentRole } from "@langwatch/scenario";
import { expect, vi } from "vitest";

/** Every property not given is a mock function, as `mock<T>()` of vitest-mock-extended does. */
function mock<T extends object>(given: Partial<T>): T {
  const made = new Map<PropertyKey, unknown>();
  return new Proxy(given, {
    get: (target, key) =>
      key in target
        ? target[key as keyof typeof target]
        : key === "then"
          ? undefined
          : (made.get(key) ?? made.set(key, vi.fn()).get(key)),
  }) as T;
}

const call = vi.fn<(input: AgentInput) => Promise<AgentReturnTypes>>().mockResolvedValue("Hello, world!");
const mockedAgent: AgentAdapter = { role: AgentRole.AGENT, call };

export async function maxTurnsWithMocks(): Promise<void> {
  const result = await scenario.run({
    name: "max turns",
    description: "Nobody ever concludes.",
    agents: [
      mockedAgent,
      mock<AgentAdapter>({ role: AgentRole.USER, call: async () => "Hello, world!" }),
      mock<AgentAdapter>({ role: AgentRole.JUDGE, call: async () => null }),
    ],
    maxTurns: 5,
  });
  expect(result.messages.length).toBe(10);
  expect(call).toHaveBeenCalledTimes(5);
  expect(vi.mocked(mockedAgent.call).mock.calls[0]?.[0].requestedRole).toBe(AgentRole.AGENT);
}
