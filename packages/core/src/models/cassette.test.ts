import { describe, expect, it } from "vitest";
import { RehearseError } from "../domain/errors.js";
import { CassetteMissError, type CassetteMode, createCassetteSession, createMemoryCassetteStore } from "./cassette.js";

type MemoryStore = ReturnType<typeof createMemoryCassetteStore>;

function session(mode: CassetteMode, store: MemoryStore, extra: { cacheKey?: string; scenarioId?: string } = {}) {
  return createCassetteSession({
    mode,
    scenarioId: extra.scenarioId ?? "checkout",
    cacheKey: extra.cacheKey,
    store,
    cassettePath: ".rehearse/cassettes/checkout.json",
  });
}

function counter() {
  let calls = 0;
  return {
    get calls() {
      return calls;
    },
    compute: (value: unknown) => async () => {
      calls += 1;
      return value;
    },
  };
}

describe("cassette session", () => {
  it("records in auto mode, then replays without computing", async () => {
    const store = createMemoryCassetteStore();
    const live = counter();
    const first = session("auto", store);
    expect(await first.cached("lookup", [{ id: 1 }], live.compute({ price: 3, bytes: new Uint8Array([9]) }))).toEqual({
      price: 3,
      bytes: new Uint8Array([9]),
    });
    expect(first.stats).toEqual({ calls: 1, hits: 0, misses: 1, recorded: 1 });
    await first.flush();
    expect(store.cassettes.get("checkout")?.entries).toMatchObject([
      { kind: "function", occurrence: 0, request: { function: "lookup", args: [{ id: 1 }] } },
    ]);

    const second = session("replay", store);
    const replayed = await second.cached("lookup", [{ id: 1 }], live.compute("not this"));
    expect(replayed).toEqual({ price: 3, bytes: new Uint8Array([9]) });
    expect(live.calls).toBe(1);
    expect(second.stats).toEqual({ calls: 1, hits: 1, misses: 0, recorded: 0 });
  });

  it("gives identical calls occurrences 0, 1, 2 and replays them in order", async () => {
    const store = createMemoryCassetteStore();
    const recording = session("record", store);
    for (const answer of ["a", "b", "c"]) await recording.cached("retry", [], async () => answer);
    await recording.flush();
    const entries = store.cassettes.get("checkout")?.entries ?? [];
    expect(entries.map((entry) => entry.occurrence).sort()).toEqual([0, 1, 2]);
    expect(new Set(entries.map((entry) => entry.key)).size).toBe(3);

    const replay = session("replay", store);
    const answers = [];
    for (let index = 0; index < 3; index += 1) answers.push(await replay.cached("retry", [], async () => "live"));
    expect(answers).toEqual(["a", "b", "c"]);
    await expect(replay.cached("retry", [], async () => "live")).rejects.toBeInstanceOf(CassetteMissError);
  });

  it("misses in replay mode with an error naming key, function, cassette and how to record", async () => {
    const store = createMemoryCassetteStore();
    const replay = session("replay", store);
    let computed = false;
    const error = await replay
      .cached("lookup", [1], async () => {
        computed = true;
      })
      .catch((caught: unknown) => caught);
    expect(computed).toBe(false);
    expect(RehearseError.isInstance(error) && error.code).toBe("replay_miss");
    const miss = error as CassetteMissError;
    expect(miss.key).toMatch(/^[0-9a-f]{64}$/);
    expect(miss.functionName).toBe("lookup");
    expect(miss.model).toBeUndefined();
    expect(miss.cassette).toBe(".rehearse/cassettes/checkout.json");
    expect(miss.message).toContain(miss.key);
    expect(miss.message).toContain(".rehearse/cassettes/checkout.json");
    expect(miss.message).toContain("--record");
    expect(miss.message).toContain('cassette: { mode: "record" }');
  });

  it("keys on the scenario and its cacheKey", async () => {
    const store = createMemoryCassetteStore();
    const recording = session("record", store, { cacheKey: "v1" });
    await recording.cached("f", [1], async () => "one");
    await recording.flush();
    const sameKey = session("replay", store, { cacheKey: "v1" });
    expect(await sameKey.cached("f", [1], async () => "live")).toBe("one");
    const otherKey = session("replay", store, { cacheKey: "v2" });
    await expect(otherKey.cached("f", [1], async () => "live")).rejects.toBeInstanceOf(CassetteMissError);
    const otherScenario = createCassetteSession({ mode: "replay", scenarioId: "other", store, cassettePath: "x" });
    store.cassettes.set("other", { ...store.cassettes.get("checkout")!, scenario: "other" });
    await expect(otherScenario.cached("f", [1], async () => "live")).rejects.toBeInstanceOf(CassetteMissError);
  });

  it("writes nothing in off and replay mode, or when nothing was recorded", async () => {
    const store = createMemoryCassetteStore();
    const off = session("off", store);
    expect(await off.cached("f", [], async () => 1)).toBe(1);
    await off.flush();
    await session("auto", store).flush();
    const replay = session("replay", store);
    await replay.cached("f", [], async () => 1).catch(() => undefined);
    await replay.flush();
    expect(store.saves).toBe(0);
    expect(off.stats.calls).toBe(0);
  });

  it("refuses a result that would not replay as itself, and records nothing", async () => {
    const store = createMemoryCassetteStore();
    const recording = session("auto", store);
    await expect(recording.cached("when", [], async () => ({ at: new Date(0) }))).rejects.toThrow(
      /cache\(\): the value returned by "when" is not plain JSON data: Date instance at \$\.at/,
    );
    await recording.flush();
    expect(store.saves).toBe(0);
  });

  it("replays an undefined result as undefined", async () => {
    const store = createMemoryCassetteStore();
    const recording = session("record", store);
    await recording.cached("nothing", [], async () => undefined);
    await recording.flush();
    expect(await session("replay", store).cached("nothing", [], async () => "live")).toBeUndefined();
  });
});
