import scenario from "@langwatch/scenario";
import { describe, expect, it } from "vitest";
import { itFixed } from "./fixed.js";
import { Journal, sleep, transcript } from "./helpers.js";

const threadOf = (journal: Journal): string[] => journal.calls.map((call) => call.input.threadId);

describe("result", () => {
  it("carries runId, success, reasoning, the conversation, criteria lists and times", async () => {
    const journal = new Journal();
    const result = await scenario.run({
      name: "fields",
      description: "d",
      agents: [journal.user(), journal.agent()],
      script: [scenario.user("hi"), scenario.agent(), scenario.succeed("fine")],
    });
    expect(typeof result.runId).toBe("string");
    expect(result.runId.length).toBeGreaterThan(0);
    expect(result.success).toBe(true);
    expect(result.reasoning).toBe("fine");
    expect(result.messages).toEqual([
      expect.objectContaining({ role: "user", content: "hi" }),
      expect.objectContaining({ role: "assistant", content: "a1" }),
    ]);
    expect(result.metCriteria).toEqual([]);
    expect(result.unmetCriteria).toEqual([]);
    expect(result.totalTime).toBeGreaterThanOrEqual(0);
    expect(result.agentTime).toBeGreaterThanOrEqual(0);
    expect(result.agentTime).toBeLessThanOrEqual(result.totalTime as number);
  });

  it("every run gets its own runId", async () => {
    const journal = new Journal();
    const config = () => ({
      name: "ids",
      description: "d",
      agents: [journal.user(), journal.agent()],
      script: [scenario.succeed()],
    });
    const [first, second] = [await scenario.run(config()), await scenario.run(config())];
    expect(first.runId).not.toBe(second.runId);
  });

  it("agentTime counts the agent under test only, not the user simulator", async () => {
    const journal = new Journal();
    const result = await scenario.run({
      name: "agent time",
      description: "d",
      agents: [
        journal.user("U", async () => {
          await sleep(120);
          return "slow user";
        }),
        journal.agent("A", async () => {
          await sleep(30);
          return "quick agent";
        }),
      ],
      script: [scenario.user(), scenario.agent(), scenario.succeed()],
    });
    const share = (result.agentTime as number) / (result.totalTime as number);
    expect(share).toBeGreaterThan(0.05);
    expect(share).toBeLessThan(0.6);
  });

  it("a given threadId is what agents and steps see", async () => {
    const journal = new Journal();
    let fromState = "";
    await scenario.run({
      name: "thread given",
      description: "d",
      threadId: "thread-42",
      agents: [journal.user(), journal.agent()],
      script: [
        scenario.user(),
        scenario.agent(),
        (state) => {
          fromState = state.threadId;
        },
        scenario.succeed(),
      ],
    });
    expect(threadOf(journal)).toEqual(["thread-42", "thread-42"]);
    expect(fromState).toBe("thread-42");
  });

  it("without a threadId each run makes one, the same for all its agents", async () => {
    const first = new Journal();
    const second = new Journal();
    const config = (journal: Journal) => ({
      name: "thread made",
      description: "d",
      agents: [journal.user(), journal.agent()],
      script: [scenario.user(), scenario.agent(), scenario.succeed()],
    });
    await scenario.run(config(first));
    await scenario.run(config(second));
    const [a, b] = [threadOf(first), threadOf(second)];
    expect(typeof a[0]).toBe("string");
    expect(a[0]?.length).toBeGreaterThan(0);
    expect(new Set(a).size).toBe(1);
    expect(a[0]).not.toBe(b[0]);
  });

  it("concurrent runs keep their conversations apart", async () => {
    const run = (word: string) => {
      const journal = new Journal();
      return scenario.run({
        name: `concurrent ${word}`,
        description: "d",
        agents: [
          journal.user(),
          journal.agent("A", async (input) => {
            await sleep(word === "slow" ? 20 : 1);
            return `echo ${input.newMessages.map((message) => message.content).join(" ")}`;
          }),
        ],
        script: [scenario.user(word), scenario.agent(), scenario.user(`${word} again`), scenario.agent(), scenario.succeed()],
      });
    };
    const [slow, fast] = await Promise.all([run("slow"), run("fast")]);
    expect(transcript(slow.messages)).toEqual([
      "user:slow",
      "assistant:echo slow",
      "user:slow again",
      "assistant:echo slow again",
    ]);
    expect(transcript(fast.messages)).toEqual([
      "user:fast",
      "assistant:echo fast",
      "user:fast again",
      "assistant:echo fast again",
    ]);
  });

  // ─── deliberate fixes ────────────────────────────────────────────────────

  itFixed("0003-executor-semantics", "difference 4", "totalTime and agentTime are in seconds", async () => {
    const journal = new Journal();
    const result = await scenario.run({
      name: "seconds",
      description: "d",
      agents: [
        journal.user(),
        journal.agent("A", async () => {
          await sleep(50);
          return "done";
        }),
      ],
      script: [scenario.user("hi"), scenario.agent(), scenario.succeed()],
    });
    // the reference reports milliseconds (≈ 50)
    expect(result.agentTime).toBeGreaterThanOrEqual(0.03);
    expect(result.agentTime).toBeLessThan(5);
    expect(result.totalTime).toBeLessThan(60);
  });

  itFixed("0003-executor-semantics", "difference 7", "run() does not change the caller's config object", async () => {
    const journal = new Journal();
    const config = {
      name: "untouched",
      description: "d",
      agents: [journal.user(), journal.agent()],
      script: [scenario.user("hi"), scenario.agent(), scenario.succeed()],
    };
    const keys = Object.keys(config);
    await scenario.run(config);
    // the reference writes a generated threadId into it
    expect(Object.keys(config)).toEqual(keys);
    expect("threadId" in config).toBe(false);
  });

  itFixed("0003-executor-semantics", "difference 7", "running the same config object twice gives two threads", async () => {
    const journal = new Journal();
    const config = {
      name: "rerun",
      description: "d",
      agents: [journal.user(), journal.agent()],
      script: [scenario.user("hi"), scenario.agent(), scenario.succeed()],
    };
    await scenario.run(config);
    await scenario.run(config);
    // the reference reuses the threadId it wrote into the config on the first run
    const [first, second] = threadOf(journal);
    expect(first).not.toBe(second);
  });

  itFixed(
    "0003-executor-semantics",
    "seed quirk 10",
    "result messages are the messages as said, with no fields added",
    async () => {
      const journal = new Journal();
      const result = await scenario.run({
        name: "plain messages",
        description: "d",
        agents: [journal.user(), journal.agent()],
        script: [scenario.user("hi"), scenario.agent(), scenario.succeed()],
      });
      // the reference adds `id` (and `traceId` to agent replies)
      expect(result.messages).toEqual([
        { role: "user", content: "hi" },
        { role: "assistant", content: "a1" },
      ]);
    },
  );
});
