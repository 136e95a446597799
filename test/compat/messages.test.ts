import scenario from "@langwatch/scenario";
import { describe, expect, it } from "vitest";
import { itFixed } from "./fixed.js";
import { Journal, transcript, verdict } from "./helpers.js";

describe("messages", () => {
  it("newMessages holds only what an agent has not been given yet", async () => {
    const journal = new Journal();
    await scenario.run({
      name: "unseen only",
      description: "d",
      agents: [journal.user(), journal.agent(), journal.judge("J", (_input, n) => (n === 2 ? verdict(true) : null))],
    });
    const given = journal.calls.map((call) => `${call.agent}@${call.turn}:${call.newMessages.join(",")}`);
    expect(given).toEqual(["U@0:", "A@0:u1", "J@0:u1,a1", "U@1:a1", "A@1:u2", "J@1:u2,a2"]);
  });

  it("a scripted user('hi') is a user message the agent under test receives in newMessages", async () => {
    const journal = new Journal();
    const result = await scenario.run({
      name: "scripted user",
      description: "d",
      agents: [journal.user(), journal.agent()],
      script: [scenario.user("hi"), scenario.agent(), scenario.succeed()],
    });
    expect(journal.order).toEqual(["A@0"]);
    expect(journal.calls[0]?.newMessages).toEqual(["hi"]);
    expect(journal.calls[0]?.conversation).toEqual(["user:hi"]);
    expect(transcript(result.messages)).toEqual(["user:hi", "assistant:a1"]);
  });

  it("a scripted agent('text') is an assistant message; the agent under test is not called", async () => {
    const journal = new Journal();
    const result = await scenario.run({
      name: "scripted agent",
      description: "d",
      agents: [journal.user(), journal.agent()],
      script: [scenario.user("hi"), scenario.agent("canned"), scenario.user(), scenario.succeed()],
    });
    expect(journal.order).toEqual(["U@1"]);
    expect(journal.calls[0]?.newMessages).toContain("canned");
    expect(transcript(result.messages)).toEqual(["user:hi", "assistant:canned", "user:u1"]);
  });

  it("message() with a system role is added without taking a turn slot, and reaches the agent under test", async () => {
    const journal = new Journal();
    const result = await scenario.run({
      name: "system message",
      description: "d",
      agents: [journal.user(), journal.agent()],
      script: [
        scenario.message({ role: "system", content: "be brief" }),
        scenario.user("hi"),
        scenario.agent(),
        scenario.succeed(),
      ],
    });
    expect(journal.order).toEqual(["A@0"]);
    expect(journal.calls[0]?.newMessages).toEqual(["be brief", "hi"]);
    expect(transcript(result.messages)).toEqual(["system:be brief", "user:hi", "assistant:a1"]);
  });

  it("message() with user and assistant roles takes those slots, so the next user turn is turn 1", async () => {
    const journal = new Journal();
    const result = await scenario.run({
      name: "role messages",
      description: "d",
      agents: [journal.user(), journal.agent()],
      script: [
        scenario.message({ role: "user", content: "q" }),
        scenario.message({ role: "assistant", content: "ans" }),
        scenario.user(),
        scenario.agent(),
        scenario.succeed(),
      ],
    });
    expect(journal.order).toEqual(["U@1", "A@1"]);
    expect(journal.callsOf("U")[0]?.newMessages).toContain("ans");
    expect(journal.callsOf("A")[0]?.newMessages).toEqual(expect.arrayContaining(["q", "u1"]));
    expect(transcript(result.messages)).toEqual(["user:q", "assistant:ans", "user:u1", "assistant:a1"]);
  });

  it("message() with a tool role adds a tool result without taking a turn slot", async () => {
    const journal = new Journal();
    const seen: unknown[] = [];
    const result = await scenario.run({
      name: "tool message",
      description: "d",
      agents: [journal.user(), journal.agent()],
      script: [
        scenario.user("hi"),
        scenario.message({
          role: "tool",
          content: [{ type: "tool-result", toolCallId: "c1", toolName: "weather", output: { type: "text", value: "sunny" } }],
        }),
        scenario.agent(),
        (state) => {
          seen.push(state.hasToolCall("weather"), state.currentTurn);
        },
        scenario.succeed(),
      ],
    });
    expect(seen).toEqual([true, 0]);
    expect(journal.order).toEqual(["A@0"]);
    expect(result.messages.map((message) => message.role)).toEqual(["user", "tool", "assistant"]);
  });

  it("user() accepts a whole message, content parts included, and adds it as given", async () => {
    const journal = new Journal();
    const result = await scenario.run({
      name: "parts",
      description: "d",
      agents: [journal.user(), journal.agent()],
      script: [
        scenario.user({ role: "user", content: [{ type: "text", text: "hi there" }] }),
        scenario.agent(),
        scenario.succeed(),
      ],
    });
    expect(result.messages[0]).toMatchObject({ role: "user", content: [{ type: "text", text: "hi there" }] });
    expect(journal.calls[0]?.newMessages).toEqual(["hi there"]);
  });

  it("an agent's string becomes an assistant message; a message, a list of messages and null are taken as given", async () => {
    const journal = new Journal();
    const replies = [
      "plain",
      { role: "assistant", content: "object" },
      [
        { role: "assistant", content: "first" },
        { role: "assistant", content: "second" },
      ],
      null,
    ];
    const result = await scenario.run({
      name: "return types",
      description: "d",
      agents: [journal.user(), journal.agent("A", (_input, n) => replies[n - 1] ?? null)],
      script: [...replies.flatMap((_reply, i) => [scenario.user(`q${i}`), scenario.agent()]), scenario.succeed()],
    });
    expect(transcript(result.messages)).toEqual([
      "user:q0",
      "assistant:plain",
      "user:q1",
      "assistant:object",
      "user:q2",
      "assistant:first",
      "assistant:second",
      "user:q3",
    ]);
  });

  it("a user simulator's string becomes a user message", async () => {
    const journal = new Journal();
    const result = await scenario.run({
      name: "user string",
      description: "d",
      agents: [journal.user("U", () => "hello there"), journal.agent()],
      script: [scenario.user(), scenario.agent(), scenario.succeed()],
    });
    expect(transcript(result.messages)).toEqual(["user:hello there", "assistant:a1"]);
    expect(journal.callsOf("A")[0]?.newMessages).toEqual(["hello there"]);
  });

  it("user('') counts as no content: the user simulator speaks", async () => {
    const journal = new Journal();
    const result = await scenario.run({
      name: "empty content",
      description: "d",
      agents: [journal.user(), journal.agent()],
      script: [scenario.user(""), scenario.agent(), scenario.succeed()],
    });
    expect(journal.order).toEqual(["U@0", "A@0"]);
    expect(transcript(result.messages)).toEqual(["user:u1", "assistant:a1"]);
  });

  it("agents receive the whole conversation in `messages`, the role they are called for, and the scenario", async () => {
    const journal = new Journal();
    await scenario.run({
      name: "inputs",
      description: "what the agent sees",
      agents: [journal.user(), journal.agent(), journal.judge("J", () => verdict(true))],
      script: [scenario.user("hi"), scenario.agent(), scenario.user(), scenario.agent(), scenario.judge()],
    });
    const [first, user, second] = journal.calls;
    expect(second?.conversation).toEqual(["user:hi", "assistant:a1", "user:u1"]);
    expect(second?.newMessages).toEqual(["u1"]);
    expect(first?.input.requestedRole).toBe("Agent");
    expect(user?.input.requestedRole).toBe("User");
    expect(journal.callsOf("J")[0]?.input.requestedRole).toBe("Judge");
    expect(first?.input.scenarioConfig?.name).toBe("inputs");
    expect(first?.input.scenarioState.description).toBe("what the agent sees");
  });

  it("the caller's message objects are left as they were", async () => {
    const journal = new Journal();
    const system = { role: "system" as const, content: "be brief" };
    const question = { role: "user" as const, content: "hi" };
    const answer = { role: "assistant" as const, content: "hello" };
    const copies = structuredClone([system, question, answer]);
    const result = await scenario.run({
      name: "untouched messages",
      description: "d",
      agents: [journal.user(), journal.agent()],
      script: [scenario.message(system), scenario.user(question), scenario.agent(answer), scenario.succeed()],
    });
    expect([system, question, answer]).toEqual(copies);
    expect(transcript(result.messages)).toEqual(["system:be brief", "user:hi", "assistant:hello"]);
  });

  // ─── deliberate fixes ────────────────────────────────────────────────────

  itFixed(
    "0003-executor-semantics",
    "difference 2",
    "a scripted user('hi') also reaches the user simulator's own newMessages",
    async () => {
      const journal = new Journal();
      await scenario.run({
        name: "own record",
        description: "d",
        agents: [journal.user(), journal.agent()],
        script: [scenario.user("hi"), scenario.agent(), scenario.user(), scenario.succeed()],
      });
      // the reference leaves "hi" out: it was said in the simulator's name
      expect(journal.callsOf("U")[0]?.newMessages).toEqual(["hi", "a1"]);
    },
  );

  itFixed("0003-executor-semantics", "difference 3", "state.addMessage() in a step reaches the agents' newMessages", async () => {
    const journal = new Journal();
    await scenario.run({
      name: "addMessage",
      description: "d",
      agents: [journal.user(), journal.agent()],
      script: [
        scenario.user("hi"),
        (state) => state.addMessage({ role: "user", content: "injected" }),
        scenario.agent(),
        scenario.succeed(),
      ],
    });
    // the reference appends it to the conversation but tells no agent
    expect(journal.callsOf("A")[0]?.newMessages).toEqual(["hi", "injected"]);
  });

  itFixed(
    "0003-executor-semantics",
    "difference 14",
    "changing input.messages inside an agent does not change the conversation",
    async () => {
      const journal = new Journal();
      const result = await scenario.run({
        name: "copy",
        description: "d",
        agents: [
          journal.user(),
          journal.agent("A", (input) => {
            input.messages.push({ role: "user", content: "sneaky" });
            return "ok";
          }),
        ],
        script: [scenario.user("hi"), scenario.agent(), scenario.succeed()],
      });
      // the reference hands agents its live list
      expect(transcript(result.messages)).toEqual(["user:hi", "assistant:ok"]);
    },
  );

  itFixed(
    "0002-outcomes",
    "invalid agent return",
    "an agent returning something that is not a message rejects the run",
    async () => {
      const journal = new Journal();
      const run = scenario.run({
        name: "bad return",
        description: "d",
        agents: [journal.user(), { name: "Numbers", role: scenario.AgentRole.AGENT, call: async () => 42 as never }],
        script: [scenario.user("hi"), scenario.agent(), scenario.succeed()],
      });
      // the reference drops it silently and the run succeeds
      await expect(run).rejects.toThrow(/Numbers/);
    },
  );
});
