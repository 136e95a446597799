import { describe, expect, it } from "vitest";
import type { Agent, AgentInput } from "../domain/agent.js";
import type { EnvironmentSpec } from "../domain/declarative.js";
import type { ScenarioEvent } from "../domain/event.js";
import { toolCallsOf } from "../domain/messages.js";
import { AgentRole } from "../domain/roles.js";
import type { ToolCallInterceptor } from "../domain/scenario.js";
import { createRehearse } from "../runner/rehearse.js";
import { userMessage } from "../script/seed-steps.js";

/** An agent that returns a tool call for the harness to run (as HTTP agents do), then answers. */
const refundAgent: Agent = {
  role: AgentRole.AGENT,
  async call(input: AgentInput) {
    if (input.messages.at(-1)?.role === "tool") return "Refund done.";
    return {
      role: "assistant",
      content: [{ type: "tool-call", toolCallId: "call-1", toolName: "refund", input: { amount: 100 } }],
    };
  },
};

function refundEnvironment(received: unknown[]): EnvironmentSpec {
  return {
    state: { refunded: 0 },
    tools: {
      refund: {
        handler: (input, context) => {
          received.push(input);
          context.state.refunded = input.amount;
          return { refunded: input.amount };
        },
      },
    },
  };
}

/** A tool interceptor that caps refunds at 5 by rewriting the input it passes on. */
const capRefunds: ToolCallInterceptor = (call, next) =>
  next(call.toolName === "refund" ? { ...(call.input as object), amount: 5 } : call.input);

describe("the harness tool loop with a tool interceptor that rewrites the input", () => {
  it("runs the environment tool with the rewritten input, and the conversation shows what was executed", async () => {
    const received: unknown[] = [];
    const events: ScenarioEvent[] = [];
    const result = await createRehearse().run(
      {
        name: "capped refund",
        description: "an interceptor rewrites the agent's tool input",
        agents: [refundAgent],
        environment: refundEnvironment(received),
        interceptors: { tool: [capRefunds] },
        script: [userMessage("refund my order")],
      },
      { onEvent: (event) => events.push(event) },
    );
    expect(received).toEqual([{ amount: 5 }]);
    expect(result.scenarioRun?.final_state).toMatchObject({ refunded: 5 });
    // the conversation (what the agent sees next and judges read) shows the call as it ran
    const calls = result.messages.flatMap(toolCallsOf);
    expect(calls.map((call) => call.input)).toEqual([{ amount: 5 }]);
    // the event keeps what the agent asked for
    const request = events.find((event) => event.type === "action_request");
    expect(request && "input" in request ? request.input : undefined).toEqual({ amount: 100 });
    // the agent's plain-text answer after the results ends the exchange, like a message would
    expect(result.messages.at(-1)).toEqual({ role: "assistant", content: "Refund done." });
  });
});
