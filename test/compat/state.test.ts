import scenario from "@langwatch/scenario";
import { describe, expect, it } from "vitest";
import { itFixed } from "./fixed.js";
import { Journal, text, transcript } from "./helpers.js";

const lookupCall = {
  role: "assistant",
  content: [{ type: "tool-call", toolCallId: "call-1", toolName: "lookup", input: { order: 42 } }],
};
const lookupResult = {
  role: "tool",
  content: [{ type: "tool-result", toolCallId: "call-1", toolName: "lookup", output: { type: "json", value: { found: true } } }],
};

describe("state accessors", () => {
  it("lastMessage, lastUserMessage and lastAgentMessage return the newest of each", async () => {
    const journal = new Journal();
    const seen: string[] = [];
    await scenario.run({
      name: "last",
      description: "d",
      agents: [journal.user(), journal.agent()],
      script: [
        scenario.user("first question"),
        scenario.agent(),
        scenario.user("second question"),
        (state) => {
          seen.push(text(state.lastMessage()), text(state.lastUserMessage()), text(state.lastAgentMessage()));
        },
        scenario.succeed(),
      ],
    });
    expect(seen).toEqual(["second question", "second question", "a1"]);
  });

  it("the accessors throw on an empty conversation, and lastAgentMessage when no agent has spoken", async () => {
    const journal = new Journal();
    const errors: string[] = [];
    const attempt = (fn: () => unknown) => {
      try {
        fn();
        errors.push("no error");
      } catch (error) {
        errors.push((error as Error).message);
      }
    };
    await scenario.run({
      name: "empty",
      description: "d",
      agents: [journal.user(), journal.agent()],
      script: [
        (state) => {
          attempt(() => state.lastMessage());
          attempt(() => state.lastUserMessage());
          attempt(() => state.lastAgentMessage());
        },
        scenario.user("hi"),
        (state) => attempt(() => state.lastAgentMessage()),
        scenario.succeed(),
      ],
    });
    expect(errors).toEqual([
      "No messages in history",
      "No messages in history",
      "No messages in history",
      "No agent message in history",
    ]);
  });

  it("hasToolCall and lastToolCall find a tool's result message by tool name", async () => {
    const journal = new Journal();
    const seen: unknown[] = [];
    await scenario.run({
      name: "tools",
      description: "d",
      agents: [journal.user(), journal.agent("A", () => [lookupCall, lookupResult, { role: "assistant", content: "found it" }])],
      script: [
        scenario.user("where is my order?"),
        scenario.agent(),
        (state) => {
          seen.push(state.hasToolCall("lookup"), state.hasToolCall("refund"), state.lastToolCall("refund"));
          const last = state.lastToolCall("lookup") as { role: string; content: Array<{ type: string; toolName: string }> };
          seen.push(last.role, last.content[0]?.type, last.content[0]?.toolName);
        },
        scenario.succeed(),
      ],
    });
    expect(seen).toEqual([true, false, undefined, "tool", "tool-result", "lookup"]);
  });

  it("lastToolCall returns a tool message only: a call without its result gives undefined", async () => {
    const journal = new Journal();
    const seen: unknown[] = [];
    await scenario.run({
      name: "call without result",
      description: "d",
      agents: [journal.user(), journal.agent("A", () => lookupCall)],
      script: [
        scenario.user("hi"),
        scenario.agent(),
        (state) => {
          seen.push(state.lastToolCall("lookup"));
        },
        scenario.succeed(),
      ],
    });
    expect(seen).toEqual([undefined]);
  });

  it("rollbackMessagesTo() with a negative index throws a RangeError", async () => {
    const journal = new Journal();
    let thrown: unknown;
    await scenario.run({
      name: "negative rollback",
      description: "d",
      agents: [journal.user(), journal.agent()],
      script: [
        scenario.user("hi"),
        (state) => {
          try {
            state.rollbackMessagesTo(-1);
          } catch (error) {
            thrown = error;
          }
        },
        scenario.succeed(),
      ],
    });
    expect(thrown).toBeInstanceOf(RangeError);
    expect((thrown as Error).message).toMatch(/rollbackMessagesTo/);
  });

  it("rollbackMessagesTo(i) inside an agent removes messages from i on and returns them", async () => {
    const journal = new Journal();
    const removed: string[][] = [];
    const result = await scenario.run({
      name: "rollback",
      description: "d",
      agents: [
        journal.user(),
        journal.agent("A", (input, n) => {
          if (n === 2) {
            removed.push(transcript(input.scenarioState.rollbackMessagesTo(1)));
            removed.push(transcript(input.scenarioState.rollbackMessagesTo(99)));
          }
          return `a${n}`;
        }),
      ],
      script: [scenario.user("one"), scenario.agent(), scenario.user("two"), scenario.agent(), scenario.succeed()],
    });
    expect(removed).toEqual([["assistant:a1", "user:two"], []]);
    expect(transcript(result.messages)).toEqual(["user:one", "assistant:a2"]);
  });

  it("steps see the description and thread id, and get the executor as their second argument", async () => {
    const journal = new Journal();
    const seen: unknown[] = [];
    const result = await scenario.run({
      name: "executor",
      description: "a step drives the run",
      threadId: "thread-for-steps",
      agents: [journal.user(), journal.agent()],
      script: [
        async (state, executor) => {
          seen.push(state.description, state.threadId);
          await executor.user("from a step");
          await executor.agent();
          await executor.succeed("step decided");
        },
      ],
    });
    expect(seen).toEqual(["a step drives the run", "thread-for-steps"]);
    expect(journal.calls[0]?.newMessages).toEqual(["from a step"]);
    expect(result.success).toBe(true);
    expect(result.reasoning).toBe("step decided");
  });

  // ─── deliberate fixes ────────────────────────────────────────────────────

  itFixed("0003-executor-semantics", "difference 5", "hasToolCall also sees an assistant's tool-call part", async () => {
    const journal = new Journal();
    const seen: unknown[] = [];
    await scenario.run({
      name: "tool call only",
      description: "d",
      agents: [journal.user(), journal.agent("A", () => lookupCall)],
      script: [
        scenario.user("hi"),
        scenario.agent(),
        (state) => {
          seen.push(state.hasToolCall("lookup"));
        },
        scenario.succeed(),
      ],
    });
    // the reference only looks at tool messages' tool-result parts
    expect(seen).toEqual([true]);
  });

  itFixed(
    "0003-executor-semantics",
    "seed quirk 11",
    "rolled-back messages are not delivered in newMessages afterwards",
    async () => {
      const journal = new Journal();
      await scenario.run({
        name: "rollback purges",
        description: "d",
        agents: [
          journal.user(),
          journal.agent("A", (input, n) => {
            if (n === 2) input.scenarioState.rollbackMessagesTo(1);
            return `a${n}`;
          }),
        ],
        script: [
          scenario.user("one"),
          scenario.agent(),
          scenario.user("two"),
          scenario.agent(),
          scenario.user(),
          scenario.succeed(),
        ],
      });
      // the reference still hands the simulator "a1", which is no longer in the conversation
      expect(journal.callsOf("U")[0]?.newMessages).not.toContain("a1");
      expect(journal.callsOf("U")[0]?.newMessages).toContain("a2");
    },
  );
});
