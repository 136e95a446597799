import { describe, expect, expectTypeOf, it } from "vitest";
import { type Agent, AgentAdapter, type AgentInput } from "./agent.js";
import { AgentRole, type AgentRoleName, allAgentRoles, isAgentRole } from "./roles.js";

class Typed extends AgentAdapter {
  // `AgentRole.AGENT` works as a type as well as a value, as with the reference's enum
  override role: AgentRole.AGENT = AgentRole.AGENT;
  async call(_input: AgentInput) {
    return "ok";
  }
}

class Inferred extends AgentAdapter {
  // the reference's examples write this: the field's type is the enum, not a literal
  override role = AgentRole.JUDGE;
  async call(_input: AgentInput) {
    return null;
  }
}

describe("AgentRole", () => {
  it("has the reference's members and wire values, in turn order", () => {
    expect({ ...AgentRole }).toEqual({ USER: "User", AGENT: "Agent", JUDGE: "Judge" });
    expect(allAgentRoles).toEqual(["User", "Agent", "Judge"]);
    expect(JSON.stringify({ role: AgentRole.AGENT })).toBe('{"role":"Agent"}');
    expect(new Typed().role).toBe("Agent");
    expect(new Inferred().role).toBe("Judge");
  });

  it("is an enum: members are types, `as const` applies, and the plain strings still make an agent", () => {
    const user = { role: AgentRole.USER as const, call: async () => "hi" };
    expectTypeOf(user.role).toEqualTypeOf<AgentRole.USER>();
    expectTypeOf(new Inferred().role).toEqualTypeOf<AgentRole>();
    expectTypeOf<AgentRoleName>().toEqualTypeOf<"User" | "Agent" | "Judge">();
    const plain: Agent = { role: "Agent", call: async () => "hi" };
    const typed: Agent = user;
    expect([plain.role, typed.role].every(isAgentRole)).toBe(true);
    expect(isAgentRole("Bystander")).toBe(false);
  });
});
