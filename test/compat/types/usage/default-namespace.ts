// Everything through the default export `scenario`, including its classes and constants.
import scenario from "@langwatch/scenario";

class Greeter extends scenario.AgentAdapter {
  role = scenario.AgentRole.AGENT;
  async call() {
    return "Hello!";
  }
}

class StrictJudge extends scenario.JudgeAgentAdapter {
  criteria = ["The agent greets"];
  async call() {
    return { success: true, reasoning: "greeted", metCriteria: this.criteria, unmetCriteria: [] };
  }
}

class Silent extends scenario.UserSimulatorAgentAdapter {
  async call() {
    return "...";
  }
}

export const limits = {
  turns: scenario.DEFAULT_MAX_TURNS,
  verbose: scenario.DEFAULT_VERBOSE,
  tokens: scenario.DEFAULT_TOKEN_THRESHOLD,
  estimate: scenario.estimateTokens("How many tokens is this?"),
  roles: scenario.allAgentRoles,
};

export async function viaNamespace() {
  return scenario.run({
    name: "namespace",
    description: "Only the default export.",
    agents: [
      new Greeter(),
      new Silent(),
      new StrictJudge(),
      new scenario.JudgeAgent({ criteria: ["x"] }),
      new scenario.UserSimulatorAgent(),
    ],
    script: [scenario.user(), scenario.agent(), scenario.judge()],
  });
}

export const classes = [
  scenario.ScenarioExecution,
  scenario.ScenarioExecutionState,
  scenario.CrescendoStrategy,
  scenario.GoatStrategy,
];
