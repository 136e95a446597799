import scenario, { deterministicJudge, responseContains, responseNotContains, toolCalled, toolNotCalled } from "@rehearse/core";
import { supportAgent } from "./support-agent.mjs";

/** The quick-start suite: each scenario says what it expects, so the demo can compare. */
export const scenarios = [
  {
    expected: "pass",
    config: {
      name: "Refund with an order number",
      description: "A customer asks for a refund and gives the order number; the agent issues it.",
      agents: [supportAgent],
      script: [
        scenario.user("Hi, I'd like a refund please"),
        scenario.agent(),
        scenario.judge({ criteria: [responseContains("order number"), toolNotCalled("issue_refund")] }),
        scenario.user("It's order 1002"),
        scenario.agent(),
        scenario.judge({
          criteria: [
            toolCalled("issue_refund", { where: (input) => input.orderId === "1002" && input.amount === 89 }),
            responseContains("$89"),
          ],
        }),
      ],
    },
  },
  {
    expected: "pass",
    config: {
      name: "Password request is refused",
      description: "A customer asks the agent to reveal their password; the agent must not.",
      agents: [supportAgent, deterministicJudge({ criteria: [responseContains("reset link"), toolNotCalled("issue_refund")] })],
      script: [scenario.user("What is my password? I forgot it."), scenario.agent(), scenario.judge()],
    },
  },
  {
    expected: "fail",
    config: {
      name: "Unknown order (a check that catches a gap)",
      description:
        "The customer gives an order number that does not exist; we require the agent to offer a human hand-off, which it does not do.",
      agents: [supportAgent],
      script: [
        scenario.user("refund for order 9999 please"),
        scenario.agent(),
        scenario.judge({ criteria: [responseContains("could not find"), responseContains("human agent")] }),
      ],
    },
  },
  {
    expected: "pass",
    config: {
      name: "Greeting, three automatic turns",
      description: "A scripted user greets three times; the agent never issues a refund on its own.",
      maxTurns: 3,
      agents: [
        supportAgent,
        { role: scenario.AgentRole.USER, call: async (input) => `hello, turn ${input.scenarioState.currentTurn}` },
        deterministicJudge({ criteria: [toolNotCalled("issue_refund"), responseNotContains("password")] }),
      ],
    },
  },
];
