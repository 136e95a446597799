/**
 * The deterministic cast of the seeded runs: a small shop environment with
 * tools, an agent under test that calls those tools by a fixed plan and then
 * answers, and mock-model judges. No network and no real model: every run
 * says the same thing every time.
 */
import { type Agent, type AgentInput, AgentRole, type EnvironmentSpec, judgeAgent, type ModelMessage } from "@rehearse/core";
import { finishTestResult, scriptedModel } from "@rehearse/core/testing";

/** The shop the agent works in: three orders, refunds and tickets. */
export function shopEnvironment(): EnvironmentSpec {
  return {
    state: {
      orders: {
        A100: { item: "desk lamp", total: 40, status: "delivered" },
        B200: { item: "espresso machine", total: 120, status: "delivered" },
        C300: { item: "kettle", total: 25, status: "shipped" },
      },
      refunds: [],
      tickets: [],
    },
    tools: {
      get_order: {
        description: "Look an order up by id",
        parameters: { type: "object", properties: { order_id: { type: "string" } }, required: ["order_id"] },
        handler: (input, context) => {
          const orders = context.state.orders as Record<string, unknown>;
          return orders[String(input.order_id)] ?? { error: `no order ${String(input.order_id)}` };
        },
      },
      refund: {
        description: "Refund an order (up to $100)",
        parameters: { type: "object", properties: { order_id: { type: "string" }, amount: { type: "number" } } },
        handler: (input, context) => {
          const refunds = context.state.refunds as unknown[];
          refunds.push(input);
          return { refunded: input.amount, reference: `R-${5000 + refunds.length}` };
        },
      },
      create_ticket: {
        description: "Open a ticket for a person to handle",
        parameters: { type: "object", properties: { order_id: { type: "string" } } },
        handler: (input, context) => {
          const tickets = context.state.tickets as unknown[];
          tickets.push(input);
          return { ticket: `T-${1003 + tickets.length}`, status: "open" };
        },
      },
    },
  };
}

/** One tool call the agent makes. */
export interface PlannedCall {
  tool: string;
  input: Record<string, unknown>;
}

/**
 * An agent under test that, on each turn, first calls `plan[turn]`'s tools
 * (one round, run by the harness) and then answers `replies[turn]`, a text or
 * a function of the tool results it got. A reply that is an `Error` is thrown.
 */
export function plannedAgent(
  turns: Array<{ calls?: PlannedCall[]; reply: string | Error | ((results: unknown[]) => string) }>,
): Agent {
  let turn = 0;
  return {
    name: "ShopAgent",
    role: AgentRole.AGENT,
    async call(input: AgentInput) {
      const step = turns[Math.min(turn, turns.length - 1)];
      if (!step) throw new Error("plannedAgent needs at least one turn");
      const last = input.messages.at(-1);
      if (step.calls?.length && last?.role !== "tool") {
        return {
          role: "assistant",
          content: step.calls.map((call, index) => ({
            type: "tool-call" as const,
            toolCallId: `call-${turn}-${index}`,
            toolName: call.tool,
            input: call.input,
          })),
        } satisfies ModelMessage;
      }
      turn += 1;
      if (step.reply instanceof Error) throw step.reply;
      const text = typeof step.reply === "function" ? step.reply(toolOutputs(last)) : step.reply;
      // a message, not a string: core's tool loop drops a plain-string reply that follows tool results
      return { role: "assistant", content: text } satisfies ModelMessage;
    },
  };
}

/** The outputs of a tool message, in order (`[]` for any other message). */
function toolOutputs(message: ModelMessage | undefined): unknown[] {
  if (message?.role !== "tool") return [];
  // the harness answers `{ type: "json", value }` (a fault's value is `{ error: {…} }`)
  return message.content.flatMap((part) => (part.type === "tool-result" ? [(part.output as { value?: unknown }).value] : []));
}

/**
 * A model judge (the real `judgeAgent`) whose model is a mock that answers
 * one `finish_test` call: each criterion true or false, with `reasoning`.
 */
export function mockJudge(verdicts: Record<string, boolean>, reasoning: string): Agent {
  const answers = Object.fromEntries(
    Object.entries(verdicts).map(([criterion, met]) => [criterion, met ? ("true" as const) : ("false" as const)]),
  );
  return judgeAgent({
    model: scriptedModel([finishTestResult(answers, undefined, reasoning)], "mock-judge"),
    criteria: Object.keys(verdicts),
  });
}
