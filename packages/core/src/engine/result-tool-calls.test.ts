import { describe, expect, it } from "vitest";
import { agent, user } from "../script/steps.js";
import { runRecorded } from "../test-support/harness.js";
import { scriptedAgent } from "../testing/scripted-agents.js";

// Calls an agent makes through `input.tools` are not messages: the result lists them, each with
// where it happened in the conversation, so reports can show them in the transcript.

const tools = { refund: { execute: async (input: { orderId: string }) => ({ refunded: input.orderId }) } };

describe("result.toolCalls", () => {
  it("lists the calls made through input.tools, with the message they came before", async () => {
    const refunding = scriptedAgent([
      async (input) => {
        await input.tools?.refund?.execute({ orderId: "42" } as never, { toolCallId: "call-7" });
        return "Refunded.";
      },
    ]);
    const { result } = await runRecorded({
      name: "tools",
      description: "d",
      tools,
      agents: [refunding],
      script: [user("refund 42"), agent()],
    });
    expect(result.messages.map((message) => message.content)).toEqual(["refund 42", "Refunded."]);
    expect(result.toolCalls).toEqual([
      { toolCallId: "call-7", toolName: "refund", input: { orderId: "42" }, output: { refunded: "42" }, turn: 0, atMessage: 1 },
    ]);
  });

  it("is absent when no tool was called", async () => {
    const { result } = await runRecorded({
      name: "no tools",
      description: "d",
      tools,
      agents: [scriptedAgent(["Hello."])],
      script: [user("hi"), agent()],
    });
    expect(result).not.toHaveProperty("toolCalls");
  });
});
