import { describe, expect, it } from "vitest";
import type { AgentInput } from "../domain/agent.js";
import type { DomainEvent, ScenarioEvent } from "../domain/event.js";
import { messageText } from "../domain/messages.js";
import { AgentRole } from "../domain/roles.js";
import type { ScenarioExecutionLike } from "../domain/scenario.js";
import { agent, succeed, user } from "../script/steps.js";
import { isolated, runRecorded } from "../test-support/harness.js";
import { echoAgent, scriptedAgent, scriptedUser } from "../testing/scripted-agents.js";
import type { ScenarioExecution } from "./scenario-execution.js";

const base = { name: "seams", description: "the seams later layers plug into" };

describe("interceptors", () => {
  it("wrap every agent call, outermost first, and may replace the input and the reply", async () => {
    const order: string[] = [];
    const theAgent = echoAgent();
    const { result } = await runRecorded(
      {
        ...base,
        agents: [theAgent],
        script: [user("hello"), agent(), succeed()],
        interceptors: {
          agent: [
            async (call, next) => {
              order.push(`outer:${call.agent.role}`);
              const reply = await next(call.input);
              return `${reply} [seen by outer]`;
            },
          ],
        },
      },
      {
        interceptors: {
          agent: [
            async (call, next) => {
              order.push("inner");
              return next({ ...call.input, messages: [{ role: "user", content: "rewritten" }] });
            },
          ],
        },
      },
    );
    expect(order).toEqual(["outer:Agent", "inner"]);
    expect(messageText(result.messages[1] as never)).toBe("You said: rewritten [seen by outer]");
    expect(theAgent.calls[0]?.messages.map(messageText)).toEqual(["rewritten"]);
  });

  it("hand each interceptor the input the one before it passed on (call.input is the current input)", async () => {
    const seenByInner: string[] = [];
    const { result } = await runRecorded({
      ...base,
      agents: [echoAgent()],
      script: [user("hello"), agent(), succeed()],
      interceptors: {
        agent: [
          async (call, next) => next({ ...call.input, messages: [{ role: "user", content: "rewritten" }] }),
          async (call, next) => {
            seenByInner.push(...call.input.messages.map(messageText));
            return next(call.input);
          },
        ],
      },
    });
    expect(seenByInner).toEqual(["rewritten"]);
    expect(messageText(result.messages[1] as never)).toBe("You said: rewritten");
  });

  it("an input copied with a spread by an interceptor still carries the run's signal, through further spreads", async () => {
    const seen: Array<AbortSignal | undefined> = [];
    const hangsUntilAborted = {
      name: "WaitsForAbort",
      role: AgentRole.AGENT,
      call: (input: AgentInput) => {
        // the agent copies the input again, as a wrapper around another agent would
        const copy = { ...input };
        seen.push(input.signal, copy.signal);
        return new Promise<string>((_, reject) => input.signal?.addEventListener("abort", () => reject(input.signal?.reason)));
      },
    };
    const interceptors = {
      agent: [
        async (call: { input: AgentInput }, next: (input: AgentInput) => Promise<unknown>) => next({ ...call.input }),
        async (call: { input: AgentInput }, next: (input: AgentInput) => Promise<unknown>) => {
          seen.push(call.input.signal);
          return next({ ...call.input, messages: [{ role: "user", content: "rewritten" }] });
        },
      ],
    };
    const batch = await isolated().runMany([
      {
        ...base,
        agents: [hangsUntilAborted],
        script: [user("hello"), agent(), succeed()],
        interceptors: interceptors as never,
        timeouts: { agentCallMs: 50 },
      },
    ]);
    expect(batch.results[0]?.errorCode).toBe("agent_timeout");
    expect(seen).toHaveLength(3);
    const [first] = seen;
    expect(first).toBeInstanceOf(AbortSignal);
    expect(seen.every((signal) => signal === first)).toBe(true);
    expect(first?.aborted).toBe(true);
  });

  it("wrap every tool call made through AgentInput.tools, recorded as action_request/action_response", async () => {
    const events: ScenarioEvent[] = [];
    const refunds: unknown[] = [];
    const toolUser = scriptedAgent([
      async (input: AgentInput) => {
        const refund = input.tools?.refund;
        const output = await refund?.execute({ orderId: "42" } as never, { toolCallId: "call-1" });
        await expect(input.tools?.lookup?.execute({} as never, { toolCallId: "call-2" })).rejects.toThrow("rate limited");
        return `refund: ${JSON.stringify(output)}`;
      },
    ]);
    const { result } = await runRecorded(
      {
        ...base,
        agents: [toolUser],
        script: [user("refund 42"), agent(), succeed()],
        tools: {
          refund: {
            description: "Refund an order",
            execute: async (input: { orderId: string }) => {
              refunds.push(input);
              return { ok: true, orderId: input.orderId };
            },
          },
          lookup: { execute: async () => "never reached" },
        },
        interceptors: {
          tool: [
            async (call, next) => {
              if (call.toolName === "lookup") throw new Error("rate limited");
              return next(call.input);
            },
          ],
        },
      },
      { onEvent: (event) => events.push(event) },
    );
    expect(refunds).toEqual([{ orderId: "42" }]);
    expect(messageText(result.messages[1] as never)).toBe('refund: {"ok":true,"orderId":"42"}');
    const toolEvents = events.filter((event): event is DomainEvent => event.type.startsWith("action_"));
    expect(toolEvents.map((event) => [event.type, "toolName" in event ? event.toolName : ""])).toEqual([
      ["action_request", "refund"],
      ["action_response", "refund"],
      ["action_request", "lookup"],
      ["action_response", "lookup"],
    ]);
    expect(toolEvents[3]).toMatchObject({ actor: "tool", error: "rate limited" });
  });
});

describe("seeded randomness and ids", () => {
  it("records the seed; the same seed repeats every random choice", async () => {
    const draws = async (seed: number) => {
      const seen: number[] = [];
      const result = await isolated().run(
        {
          ...base,
          seed,
          agents: [echoAgent()],
          script: [
            (state) => {
              seen.push(state.random(), state.random());
            },
            succeed(),
          ],
        },
        {},
      );
      return { seen, result };
    };
    const first = await draws(42);
    const again = await draws(42);
    const other = await draws(43);
    expect(first.result.seed).toBe(42);
    expect(again.seen).toEqual(first.seen);
    expect(other.seen).not.toEqual(first.seen);
  });

  it("derives a seed per scenario from the configured seed, and a random one otherwise", async () => {
    const scenario = { ...base, agents: [echoAgent()], script: [succeed()] };
    const a = await isolated({ config: { seed: 7 } }).run(scenario);
    const b = await isolated({ config: { seed: 7 } }).run(scenario);
    const c = await isolated({ config: { seed: 7 } }).run({ ...scenario, name: "another" });
    expect(a.seed).toBe(b.seed);
    expect(c.seed).not.toBe(a.seed);
    const unseeded = await Promise.all([isolated().run(scenario), isolated().run(scenario)]);
    expect(unseeded[0].seed).not.toBe(unseeded[1].seed);
  });

  it("uses the injected id generator for run, thread and message ids", async () => {
    const { result, events } = await runRecorded({ ...base, agents: [echoAgent()], script: [user("a"), agent(), succeed()] });
    expect(result.scenarioRunId).toBe("scenariorun_1");
    expect(result.runId).toBe(result.scenarioRunId);
    expect(result.threadId).toBe("scenariothread_2");
    const snapshots = events.filter((event) => event.type === "SCENARIO_MESSAGE_SNAPSHOT");
    expect(snapshots.at(-1)?.messages.map((entry) => entry.id)).toEqual(["scenariomsg_3", "scenariomsg_4"]);
  });
});

describe("fork", () => {
  it("copies the conversation; the fork and the original then diverge independently", async () => {
    let branch: ScenarioExecution | undefined;
    const theAgent = echoAgent();
    const { result } = await runRecorded({
      ...base,
      agents: [theAgent],
      script: [
        user("shared"),
        agent(),
        async (_state, executor: ScenarioExecutionLike) => {
          branch = (executor as ScenarioExecution).fork();
          await branch.user("only in the branch");
          await branch.agent();
        },
        user("only in the original"),
        agent(),
        succeed(),
      ],
    });
    expect(branch?.messages.map(messageText)).toEqual([
      "shared",
      "You said: shared",
      "only in the branch",
      "You said: only in the branch",
    ]);
    expect(result.messages.map(messageText)).toEqual([
      "shared",
      "You said: shared",
      "only in the original",
      "You said: only in the original",
    ]);
    // the original's agent was never told about the branch's messages
    expect(theAgent.calls[2]?.newMessages.map(messageText)).toEqual(["only in the original"]);
    expect(branch?.state.seed).not.toBeUndefined();
  });
});

declare module "../domain/event.js" {
  interface DomainEventMap {
    /** Declared only in this test: shows that later layers can add event types. */
    test_signal: { actor: "system"; level: number };
  }
}

describe("events", () => {
  it("later layers add domain event types by declaration merging and emit them", async () => {
    const { events } = await runRecorded({
      ...base,
      agents: [echoAgent()],
      script: [
        user("a"),
        (_state, executor) => (executor as ScenarioExecution).emit({ type: "test_signal", actor: "system", level: 3 }),
        succeed(),
      ],
    });
    const signal = events.find((event) => event.type === "test_signal");
    expect(signal).toMatchObject({ type: "test_signal", level: 3, turn: 0, scenarioRunId: "scenariorun_1" });
    expect(typeof signal?.timestamp).toBe("number");
  });

  it("emits STARTED, snapshots with stable ids, domain events and FINISHED with the reference's fields", async () => {
    const { result, events } = await runRecorded({
      ...base,
      setId: "suite-a",
      metadata: { promptVersion: "v3" },
      agents: [echoAgent(), scriptedUser(["second"])],
      script: [user("first"), agent(), user(), agent(), succeed("done")],
    });
    const lifecycle = events.filter((event) => event.type.startsWith("SCENARIO_"));
    expect(lifecycle[0]).toMatchObject({
      type: "SCENARIO_RUN_STARTED",
      scenarioId: "seams",
      scenarioSetId: "suite-a",
      scenarioRunId: result.scenarioRunId,
      batchRunId: result.batchRunId,
      metadata: { name: "seams", description: base.description, promptVersion: "v3" },
      seed: 1,
    });
    const snapshots = lifecycle.filter((event) => event.type === "SCENARIO_MESSAGE_SNAPSHOT");
    const firstId = snapshots[0]?.messages[0]?.id;
    expect(snapshots.every((snapshot) => snapshot.messages[0]?.id === firstId)).toBe(true);
    expect(lifecycle.at(-1)).toMatchObject({
      type: "SCENARIO_RUN_FINISHED",
      status: "SUCCESS",
      results: { verdict: "success", reasoning: "done", metCriteria: [], unmetCriteria: [] },
    });
    expect(events.filter((event) => event.type === "user_input").map((event) => "scripted" in event && event.scripted)).toEqual([
      true,
      false,
    ]);
    expect(events.filter((event) => event.type === "turn_started").map((event) => ("turn" in event ? event.turn : -1))).toEqual([
      0, 1,
    ]);
    expect(events.every((event) => typeof event.timestamp === "number")).toBe(true);
  });

  it("a reporter that never resolves lets the run finish within the bound, noted in diagnostics", async () => {
    const stuck = { name: "stuck", onRunStarted: () => new Promise<void>(() => {}) };
    const failing = {
      name: "failing",
      onRunFinished: async () => {
        throw new Error("collector down");
      },
    };
    const received: string[] = [];
    const counting = { name: "counting", onEvent: async (event: ScenarioEvent) => void received.push(event.type) };
    const started = Date.now();
    const result = await isolated().run(
      { ...base, agents: [echoAgent()], script: [user("a"), agent(), succeed()] },
      { reporters: [stuck, failing, counting], deliveryTimeoutMs: 200 },
    );
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(result.status).toBe("pass");
    expect(result.diagnostics.map((diagnostic) => diagnostic.source)).toEqual(["failing", "stuck"]);
    expect(result.diagnostics[1]?.message).toContain("did not finish within 200 ms");
    expect(received.at(-1)).toBe("SCENARIO_RUN_FINISHED");
  });

  it("an onEvent listener that throws does not break the run", async () => {
    const result = await isolated().run(
      { ...base, agents: [echoAgent()], script: [user("a"), agent(), succeed()] },
      {
        onEvent: () => {
          throw new Error("listener bug");
        },
      },
    );
    expect(result.status).toBe("pass");
    expect(result.diagnostics[0]).toMatchObject({ kind: "listener" });
  });

  it("reports the resolved maxTurns to agents in scenarioConfig", async () => {
    const seen: Array<number | undefined> = [];
    await isolated({ config: { maxTurns: 3 } }).run({
      ...base,
      agents: [
        {
          role: AgentRole.AGENT,
          call: async (input) => {
            seen.push(input.scenarioConfig.maxTurns);
            return "ok";
          },
        },
      ],
      script: [user("a"), agent(), succeed()],
    });
    expect(seen).toEqual([3]);
  });
});
