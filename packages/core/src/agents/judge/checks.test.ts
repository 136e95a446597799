import { describe, expect, it } from "vitest";
import { agent, judge, proceed, succeed, user } from "../../script/steps.js";
import { isolated, runRecorded } from "../../test-support/harness.js";
import { echoAgent, scriptedAgent, scriptedUser } from "../../testing/scripted-agents.js";
import { check, responseContains, responseMatches, responseNotContains, toolCalled, toolNotCalled } from "./checks.js";
import { deterministicJudge } from "./deterministic-judge.js";

const refundCall = (orderId: string) => ({
  role: "assistant" as const,
  content: [
    { type: "text" as const, text: `Refunding ${orderId}` },
    { type: "tool-call" as const, toolCallId: `c-${orderId}`, toolName: "refund", input: { orderId } },
  ],
});

describe("deterministic criteria in judge() checkpoints (no judge agent needed)", () => {
  it("passes when met and lists them by name", async () => {
    const { result } = await runRecorded({
      name: "refund",
      description: "d",
      agents: [scriptedAgent([refundCall("42")])],
      script: [
        user("refund 42"),
        agent(),
        judge({ criteria: [toolCalled("refund", { where: (input) => input.orderId === "42" }), responseContains("Refunding")] }),
      ],
    });
    expect(result.status).toBe("pass");
    expect(result.metCriteria).toEqual([
      'Agent called tool "refund" with matching arguments',
      'Agent response contains "Refunding"',
    ]);
  });

  it("fails with a reason when a check is unmet", async () => {
    const { result } = await runRecorded({
      name: "wrong refund",
      description: "d",
      agents: [scriptedAgent([refundCall("41")])],
      script: [
        user("refund 42"),
        agent(),
        judge({ criteria: [toolCalled("refund", { where: (input) => input.orderId === "42" })] }),
        succeed(),
      ],
    });
    expect(result.status).toBe("fail");
    expect(result.unmetCriteria).toEqual(['Agent called tool "refund" with matching arguments']);
    expect(result.reasoning).toContain("0 of 1 call matched");
  });

  it("text checks look at the last reply, or every reply for notContains", async () => {
    const agentReplies = scriptedAgent(["my SSN is 123-45-6789", "anything else?"]);
    const { result } = await runRecorded({
      name: "texts",
      description: "d",
      agents: [agentReplies],
      script: [
        user("a"),
        agent(),
        user("b"),
        agent(),
        judge({
          criteria: [
            responseMatches(/else\?$/),
            responseContains("ANYTHING", { ignoreCase: true }),
            responseContains("SSN", { scope: "any" }),
            responseNotContains("123-45-6789"),
            toolNotCalled("refund"),
            check("two replies", (state) => state.messages.filter((message) => message.role === "assistant").length === 2),
          ],
        }),
      ],
    });
    expect(result.metCriteria).toHaveLength(5);
    expect(result.unmetCriteria).toEqual(['Agent response does not contain "123-45-6789"']);
  });

  it("a criterion that is neither text nor a check is an error naming its position", async () => {
    await expect(
      isolated().run({
        name: "bad",
        description: "d",
        agents: [echoAgent()],
        script: [user("a"), agent(), judge({ criteria: [responseContains("a"), 42 as never] })],
      }),
    ).rejects.toThrow(/criteria\[1\] is neither text nor a check/);
  });

  it("a check that throws is an error, not an unmet criterion", async () => {
    const broken = check("broken", () => {
      throw new Error("bug in check");
    });
    await expect(
      isolated().run({
        name: "b",
        description: "d",
        agents: [echoAgent()],
        script: [user("a"), agent(), judge({ criteria: [broken] })],
      }),
    ).rejects.toMatchObject({ result: { status: "error" } });
  });
});

describe("deterministicJudge", () => {
  it("gives its verdict on the last allowed turn of proceed()", async () => {
    const { result } = await runRecorded({
      name: "never leaks",
      description: "d",
      maxTurns: 3,
      agents: [echoAgent(), scriptedUser(["a", "b", "c"]), deterministicJudge({ criteria: [responseNotContains("secret")] })],
      script: [proceed()],
    });
    expect(result.status).toBe("pass");
    expect(result.messages).toHaveLength(6);
  });

  it("finishes early with finishWhenMet", async () => {
    const { result } = await runRecorded({
      name: "greets",
      description: "d",
      agents: [
        echoAgent(),
        scriptedUser(["hello"]),
        deterministicJudge({ criteria: [responseContains("hello")], finishWhenMet: true }),
      ],
    });
    expect(result.status).toBe("pass");
    expect(result.messages).toHaveLength(2);
  });

  it("answers skipped, naming the judge to add, for natural-language criteria", async () => {
    const { result } = await runRecorded({
      name: "nl",
      description: "d",
      agents: [echoAgent(), deterministicJudge({ criteria: [] })],
      script: [user("a"), agent(), judge({ criteria: [responseContains("You said"), "The agent is polite"] })],
    });
    expect(result.status).toBe("skipped");
    expect(result.metCriteria).toEqual(['Agent response contains "You said"']);
    expect(result.reasoning).toContain("judgeAgent({ model })");
  });

  it("an unmet check still fails when the rest is undecided", async () => {
    const { result } = await runRecorded({
      name: "nl2",
      description: "d",
      agents: [echoAgent(), deterministicJudge({ criteria: [] })],
      script: [user("a"), agent(), judge({ criteria: [responseContains("nope"), "The agent is polite"] }), succeed()],
    });
    expect(result.status).toBe("fail");
  });

  it("rejects natural-language criteria at construction", () => {
    expect(() => deterministicJudge({ criteria: ["be polite" as never] })).toThrow(/judgeAgent/);
  });
});

describe("tool calls made through AgentInput.tools", () => {
  const tools = {
    refund: { execute: async (input: { orderId: string }) => ({ refunded: input.orderId }) },
  };

  it("count for toolCalled, hasToolCall and state.toolCalls, once each even when also in a message", async () => {
    const seen: unknown[] = [];
    const toolUser = scriptedAgent([
      async (input) => {
        await input.tools?.refund?.execute({ orderId: "42" } as never, { toolCallId: "call-7" });
        // the same call also reported in the reply, as AI SDK response messages do
        return {
          role: "assistant",
          content: [
            { type: "tool-call", toolCallId: "call-7", toolName: "refund", input: { orderId: "42" } },
            { type: "text", text: "Refunded" },
          ],
        };
      },
    ]);
    const { result } = await runRecorded({
      name: "tools",
      description: "d",
      tools,
      agents: [toolUser],
      script: [
        user("refund 42"),
        agent(),
        (state) => {
          seen.push(state.hasToolCall("refund"), state.toolCalls);
        },
        judge({ criteria: [toolCalled("refund", { times: 1, where: (input) => input.orderId === "42" })] }),
      ],
    });
    expect(result.status).toBe("pass");
    expect(seen[0]).toBe(true);
    expect(seen[1]).toEqual([
      { toolCallId: "call-7", toolName: "refund", input: { orderId: "42" }, output: { refunded: "42" }, turn: 0, atMessage: 1 },
    ]);
  });

  it("are seen by toolNotCalled even when the reply never mentions them", async () => {
    const quiet = scriptedAgent([
      async (input) => {
        await input.tools?.refund?.execute({ orderId: "9" } as never, { toolCallId: "c" });
        return "Done.";
      },
    ]);
    const { result } = await runRecorded({
      name: "quiet refund",
      description: "d",
      tools,
      agents: [quiet],
      script: [user("hi"), agent(), judge({ criteria: [toolNotCalled("refund")] })],
    });
    expect(result.status).toBe("fail");
    expect(result.reasoning).toContain("it was called 1 time");
  });
});
