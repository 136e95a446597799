import { describe, expect, expectTypeOf, it } from "vitest";
import { AgentAdapter, type AgentInput } from "./agent.js";
import { AgentRole, allAgentRoles } from "./roles.js";

class Typed extends AgentAdapter {
  // `AgentRole.AGENT` works as a type as well as a value, as with the reference's enum
  override role: AgentRole.AGENT = AgentRole.AGENT;
  async call(_input: AgentInput) {
    return "ok";
  }
}

describe("AgentRole", () => {
  it("has the reference's members and values, in turn order", () => {
    expect(AgentRole).toEqual({ USER: "User", AGENT: "Agent", JUDGE: "Judge" });
    expect(allAgentRoles).toEqual(["User", "Agent", "Judge"]);
    expectTypeOf<AgentRole.JUDGE>().toEqualTypeOf<"Judge">();
    expect(new Typed().role).toBe("Agent");
  });
});
