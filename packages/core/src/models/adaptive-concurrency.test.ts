import { describe, expect, it } from "vitest";
import { AdaptiveConcurrency } from "./adaptive-concurrency.js";

describe("AdaptiveConcurrency", () => {
  it("halves on a 429, once per burst, and grows by one per success up to its max", async () => {
    const concurrency = new AdaptiveConcurrency(8);
    const slots = await Promise.all(Array.from({ length: 8 }, () => concurrency.acquire()));
    // eight calls let in together all get 429: the limit halves once, not eight times
    for (const slot of slots) concurrency.rateLimited(slot);
    expect(concurrency.limit).toBe(4);
    for (const slot of slots) slot.release();
    const next = await concurrency.acquire();
    concurrency.rateLimited(next);
    expect(concurrency.limit).toBe(2);
    next.release();
    for (let success = 0; success < 10; success++) concurrency.succeeded();
    expect(concurrency.limit).toBe(8);
  });

  it("holds calls past the limit in line, first in first out, and lets one more in as the limit grows", async () => {
    const concurrency = new AdaptiveConcurrency(2);
    const first = await concurrency.acquire();
    const second = await concurrency.acquire();
    concurrency.rateLimited(first);
    expect(concurrency.limit).toBe(1);
    const order: string[] = [];
    const inLine = (name: string) =>
      concurrency.acquire().then((slot) => {
        order.push(name);
        return slot;
      });
    const third = inLine("third");
    const fourth = inLine("fourth");
    first.release();
    await Promise.resolve();
    // two were in flight under a limit of one: one release is not enough
    expect(order).toEqual([]);
    second.release();
    await third;
    expect(order).toEqual(["third"]);
    concurrency.succeeded();
    await fourth;
    expect(order).toEqual(["third", "fourth"]);
    expect(concurrency.active).toBe(2);
  });

  it("never drops below one", async () => {
    const concurrency = new AdaptiveConcurrency(1);
    const slot = await concurrency.acquire();
    concurrency.rateLimited(slot);
    expect(concurrency.limit).toBe(1);
  });

  it("lets an aborted waiter leave the line", async () => {
    const concurrency = new AdaptiveConcurrency(1);
    const held = await concurrency.acquire();
    const controller = new AbortController();
    const waiting = concurrency.acquire(controller.signal);
    controller.abort(new Error("stopped"));
    await expect(waiting).rejects.toThrow("stopped");
    held.release();
    expect(concurrency.active).toBe(0);
  });
});
