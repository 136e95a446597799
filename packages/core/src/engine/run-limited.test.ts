import { describe, expect, it } from "vitest";
import { runLimited } from "./run-limited.js";

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 1));

async function* asyncItems(count: number) {
  for (let item = 0; item < count; item++) yield `item${item}`;
}

describe("runLimited", () => {
  for (const [kind, items] of [
    ["a plain iterable", () => Array.from({ length: 10 }, (_, item) => `item${item}`)],
    ["an async iterable", () => asyncItems(10)],
  ] as const) {
    it(`over ${kind}: every item once, with its index, at most \`concurrency\` at a time`, async () => {
      const seen: string[] = [];
      let inFlight = 0;
      let most = 0;
      await runLimited(items(), 3, async (item, index) => {
        inFlight++;
        most = Math.max(most, inFlight);
        await tick();
        seen[index] = item;
        inFlight--;
      });
      expect(seen).toEqual(Array.from({ length: 10 }, (_, item) => `item${item}`));
      expect(most).toBe(3);
    });
  }

  it("takes no more items once the signal aborts", async () => {
    const stop = new AbortController();
    const started: number[] = [];
    await runLimited(
      Array.from({ length: 10 }, (_, item) => item),
      2,
      async (item) => {
        started.push(item);
        if (item === 3) stop.abort();
        await tick();
      },
      stop.signal,
    );
    expect(started).toEqual([0, 1, 2, 3]);
  });

  it("takes a generator's items lazily", async () => {
    let made = 0;
    function* scenarios() {
      for (let item = 0; item < 5; item++) {
        made++;
        yield item;
      }
    }
    const madeWhenStarted: number[] = [];
    await runLimited(scenarios(), 1, async () => {
      madeWhenStarted.push(made);
      await tick();
    });
    expect(madeWhenStarted).toEqual([1, 2, 3, 4, 5]);
  });
});
