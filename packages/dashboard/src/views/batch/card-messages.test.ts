import { describe, expect, it } from "vitest";
import type { CardMessage } from "./batch-live";
import { CardMessageStore, type CardRun } from "./card-messages";

interface Call {
  runId: string;
  from: number;
  limit: number;
  resolve: (messages: CardMessage[]) => void;
}

function setup(runs: Record<string, CardRun>, concurrency = 2) {
  const calls: Call[] = [];
  const store = new CardMessageStore({
    concurrency,
    describe: (runId) => runs[runId],
    fetch: (runId, from, limit) => new Promise((resolve) => calls.push({ runId, from, limit, resolve })),
  });
  return { store, calls };
}

const messages = (from: number, to: number): CardMessage[] =>
  Array.from({ length: to - from }, (_, offset) => ({ index: from + offset, role: "user", content: `m${from + offset}` }));

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("CardMessageStore", () => {
  it("fetches a card's last messages only once it is on screen", () => {
    const { store, calls } = setup({ a: { messageCount: 10, settled: true } });
    expect(calls).toHaveLength(0);
    store.show("a");
    expect(calls.map((call) => [call.runId, call.from, call.limit])).toEqual([["a", 7, 3]]);
  });

  it("caps fetches in flight and drops a waiting card that left the screen", async () => {
    const runs = Object.fromEntries(["a", "b", "c", "d"].map((id) => [id, { messageCount: 5, settled: false }]));
    const { store, calls } = setup(runs, 2);
    for (const id of ["a", "b", "c", "d"]) store.show(id);
    expect(calls.map((call) => call.runId)).toEqual(["a", "b"]);
    store.hide("c");
    calls[0]!.resolve(messages(2, 5));
    await settle();
    expect(calls.map((call) => call.runId)).toEqual(["a", "b", "d"]);
    expect(store.entry("a").messages.map((message) => message.index)).toEqual([2, 3, 4]);
  });

  it("never fetches a finished run twice, even after a resync", async () => {
    const { store, calls } = setup({ a: { messageCount: 4, settled: true } });
    store.show("a");
    calls[0]!.resolve(messages(1, 4));
    await settle();
    expect(store.entry("a")).toMatchObject({ loaded: true, final: true });
    store.hide("a");
    store.show("a");
    store.refresh();
    expect(calls).toHaveLength(1);
  });

  it("keeps a running card current from the stream, and refetches it after a resync while on screen", async () => {
    const runs = { a: { messageCount: 4, settled: false } };
    const { store, calls } = setup(runs);
    store.show("a");
    calls[0]!.resolve(messages(1, 4));
    await settle();
    store.live("a", messages(4, 6));
    expect(store.entry("a").messages.map((message) => message.index)).toEqual([3, 4, 5]);
    expect(calls).toHaveLength(1);
    runs.a.messageCount = 6;
    store.refresh();
    expect(calls.map((call) => call.from)).toEqual([1, 3]);
  });

  it("needs no fetch when the stream already gave the last messages, or there are none", () => {
    const runs = { a: { messageCount: 2, settled: false }, b: { messageCount: 0, settled: false } };
    const { store, calls } = setup(runs);
    store.live("a", messages(0, 2));
    store.show("a");
    store.show("b");
    expect(calls).toHaveLength(0);
    expect(store.entry("a").loaded).toBe(true);
  });

  it("lets messages that arrived during a fetch win, and notifies only that card", async () => {
    const { store, calls } = setup({ a: { messageCount: 3, settled: false }, b: { messageCount: 3, settled: false } });
    let notified = 0;
    store.subscribe("b", () => {
      notified += 1;
    });
    store.show("a");
    store.live("a", [{ index: 2, role: "assistant", content: "live" }]);
    calls[0]!.resolve(messages(0, 3));
    await settle();
    expect(store.entry("a").messages.map((message) => message.content)).toEqual(["m0", "m1", "live"]);
    expect(notified).toBe(0);
  });

  it("marks a failed fetch and tries again when the card comes back", async () => {
    let fail = true;
    const store = new CardMessageStore({
      describe: () => ({ messageCount: 2, settled: true }),
      fetch: async () => {
        if (fail) throw new Error("offline");
        return messages(0, 2);
      },
    });
    store.show("a");
    await settle();
    expect(store.entry("a").failed).toBe(true);
    fail = false;
    store.hide("a");
    store.show("a");
    await settle();
    expect(store.entry("a")).toMatchObject({ loaded: true, failed: false });
  });
});
