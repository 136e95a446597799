import { describe, expect, it } from "vitest";
import { cache } from "./cache.js";
import { CassetteMissError, type CassetteMode, createCassetteSession, createMemoryCassetteStore } from "./cassette.js";
import { currentRunContext, withRunContext } from "./run-context.js";

type MemoryStore = ReturnType<typeof createMemoryCassetteStore>;

/** Runs `action` as one scenario run with a cassette session, flushing after it as the runner does. */
async function inRun<T>(mode: CassetteMode, store: MemoryStore, action: () => Promise<T>): Promise<T> {
  const session = createCassetteSession({ mode, scenarioId: "weather", store, cassettePath: "weather.json" });
  try {
    return await withRunContext({ session, scenarioId: "weather" }, action);
  } finally {
    await session.flush();
  }
}

function forecaster() {
  const calls: unknown[][] = [];
  const forecast = cache(async function forecast(city: string, options: { days: number }) {
    calls.push([city, options]);
    return { city, days: options.days, summary: `sunny #${calls.length}` };
  });
  return { calls, forecast };
}

describe("cache()", () => {
  it("records in a run, then replays without calling the function", async () => {
    const store = createMemoryCassetteStore();
    const { calls, forecast } = forecaster();
    const recorded = await inRun("record", store, () => forecast("Lisbon", { days: 2 }));
    expect(recorded).toEqual({ city: "Lisbon", days: 2, summary: "sunny #1" });
    expect(store.cassettes.get("weather")?.entries[0]?.request).toEqual({ function: "forecast", args: ["Lisbon", { days: 2 }] });

    const replayed = await inRun("replay", store, () => forecast("Lisbon", { days: 2 }));
    expect(replayed).toEqual(recorded);
    expect(calls).toHaveLength(1);
  });

  it("keys on every argument: other arguments miss in replay mode", async () => {
    const store = createMemoryCassetteStore();
    const { calls, forecast } = forecaster();
    await inRun("record", store, () => forecast("Lisbon", { days: 2 }));
    await expect(inRun("replay", store, () => forecast("Lisbon", { days: 3 }))).rejects.toBeInstanceOf(CassetteMissError);
    const miss = await inRun("replay", store, () => forecast("Porto", { days: 2 })).catch((error: unknown) => error);
    expect((miss as CassetteMissError).functionName).toBe("forecast");
    expect(calls).toHaveLength(1);
  });

  it("counts occurrences: repeated identical calls replay their own results in order", async () => {
    const store = createMemoryCassetteStore();
    const { calls, forecast } = forecaster();
    const twice = async () => [await forecast("Oslo", { days: 1 }), await forecast("Oslo", { days: 1 })];
    const recorded = await inRun("record", store, twice);
    expect(recorded.map((result) => result.summary)).toEqual(["sunny #1", "sunny #2"]);
    const replayed = await inRun("replay", store, twice);
    expect(replayed).toEqual(recorded);
    expect(calls).toHaveLength(2);
  });

  it("just calls the function outside a run or with cassettes off", async () => {
    const store = createMemoryCassetteStore();
    const { calls, forecast } = forecaster();
    expect(currentRunContext()).toBeUndefined();
    await forecast("Rome", { days: 1 });
    await inRun("off", store, () => forecast("Rome", { days: 1 }));
    expect(calls).toHaveLength(2);
    expect(store.saves).toBe(0);
  });

  it("leaves per-run AgentInput fields and ignored positions out of the key, and keeps `this`", async () => {
    const store = createMemoryCassetteStore();
    const agent = {
      prefix: "echo",
      answer: cache(
        async function answer(this: { prefix: string }, input: { threadId: string; messages: unknown[] }, _client: object) {
          return `${this.prefix}: ${input.messages.length}`;
        },
        { ignore: [1] },
      ),
    };
    const input = (threadId: string) => ({
      threadId,
      messages: [{ role: "user", content: "hi" }],
      newMessages: [],
      requestedRole: "Agent",
      scenarioState: { threadId },
      signal: new AbortController().signal,
    });
    expect(await inRun("record", store, () => agent.answer(input("scenariothread_1"), { socket: 1 }))).toBe("echo: 1");
    agent.prefix = "live";
    expect(await inRun("replay", store, () => agent.answer(input("scenariothread_2"), { socket: 2 }))).toBe("echo: 1");
    const request = store.cassettes.get("weather")?.entries[0]?.request as { args: [Record<string, unknown>, unknown] };
    expect(Object.keys(request.args[0]).sort()).toEqual(["messages", "newMessages", "requestedRole"]);
    expect(request.args[1]).toBeNull();
  });

  it("needs a name for anonymous functions", () => {
    expect(() => cache(async () => 1)).toThrow(/needs a name/);
    expect(() => cache(async () => 1, { name: "one" })).not.toThrow();
  });
});
