import scenario, * as named from "@langwatch/scenario";
import { describe, expect, it } from "vitest";

describe("public surface", () => {
  it("the default export carries the runner and the script DSL as functions", () => {
    for (const member of ["run", "configure", "user", "agent", "judge", "message", "proceed", "succeed", "fail"] as const) {
      expect(typeof scenario[member], member).toBe("function");
    }
  });

  it("the default export carries the agent base classes, the roles and DEFAULT_MAX_TURNS = 10", () => {
    for (const member of ["AgentAdapter", "UserSimulatorAgentAdapter", "JudgeAgentAdapter"] as const) {
      expect(typeof scenario[member], member).toBe("function");
    }
    expect(scenario.AgentRole).toBe(named.AgentRole);
    expect(scenario.allAgentRoles).toBe(named.allAgentRoles);
    expect(scenario.DEFAULT_MAX_TURNS).toBe(10);
    expect(named.DEFAULT_MAX_TURNS).toBe(10);
  });

  it("named exports are the very members of the default export, and `scenario` is the default export", () => {
    const members = [
      "run",
      "configure",
      "user",
      "agent",
      "judge",
      "message",
      "proceed",
      "succeed",
      "fail",
      "AgentAdapter",
      "UserSimulatorAgentAdapter",
      "JudgeAgentAdapter",
    ] as const;
    for (const member of members) expect(named[member], member).toBe(scenario[member]);
    expect(named.scenario).toBe(scenario);
  });

  it("AgentRole values are User, Agent and Judge; allAgentRoles lists them in turn order", () => {
    expect({ ...named.AgentRole }).toEqual({ USER: "User", AGENT: "Agent", JUDGE: "Judge" });
    expect([...named.allAgentRoles]).toEqual(["User", "Agent", "Judge"]);
  });

  it("the adapter base classes give subclasses their role and name", () => {
    class Agent extends scenario.AgentAdapter {
      async call() {
        return "hi";
      }
    }
    class User extends scenario.UserSimulatorAgentAdapter {
      async call() {
        return "hi";
      }
    }
    class Judge extends scenario.JudgeAgentAdapter {
      criteria = ["c"];
      async call() {
        return null;
      }
    }
    expect(new Agent().role).toBe("Agent");
    expect(new User().role).toBe("User");
    expect(new User().name).toBe("UserSimulatorAgent");
    expect(new Judge().role).toBe("Judge");
    expect(new Judge().name).toBe("JudgeAgent");
    expect(new User()).toBeInstanceOf(scenario.AgentAdapter);
    expect(new Judge()).toBeInstanceOf(scenario.AgentAdapter);
  });

  it("the DSL factories return script steps (functions of state and executor)", () => {
    const steps = [
      scenario.user(),
      scenario.user("hi"),
      scenario.agent(),
      scenario.agent("hello"),
      scenario.judge(),
      scenario.judge({ criteria: ["c"] }),
      scenario.message({ role: "system", content: "s" }),
      scenario.proceed(),
      scenario.proceed(2),
      scenario.succeed(),
      scenario.fail("why"),
    ];
    for (const step of steps) expect(typeof step).toBe("function");
  });
});

describe("suite wiring", () => {
  it("each project loads the implementation it names (COMPAT_TARGET)", async () => {
    const { target } = await import("./fixed.js");
    const exports = Object.keys(named);
    // both ship the voice namespace; only Rehearse has createRehearse
    expect(exports).toContain("voice");
    if (target === "reference") expect(exports).not.toContain("createRehearse");
    else expect(exports).toContain("createRehearse");
  });
});
