import { afterEach, describe, expect, it } from "vitest";
import type { Database } from "../store/database.js";
import { engines, freshDatabase } from "../test-support/database.js";
import { IDEMPOTENCY_TTL_MILLISECONDS, Idempotency, IdempotencyConflict } from "./idempotency.js";

describe.each(engines())("Idempotency-Key (%s)", (engine) => {
  let database: Database | undefined;
  afterEach(async () => {
    await database?.close();
    database = undefined;
  });

  it("runs once per key, answers the first response again, refuses another body, and forgets a key after 24 hours", async () => {
    database = await freshDatabase(engine);
    let now = 1_760_000_000_000;
    const keys = new Idempotency(database, () => now);
    let runs = 0;
    const work = async () => ({ status: 202, body: { batchId: `batch-${++runs}` } });
    const first = await keys.run("default", "batches.launch", "k1", { suite: "a" }, work);
    expect(first).toEqual({ status: 202, body: { batchId: "batch-1" }, replayed: false });
    const again = await keys.run("default", "batches.launch", "k1", { suite: "a" }, work);
    expect(again).toEqual({ status: 202, body: { batchId: "batch-1" }, replayed: true });
    // the same key in another tenant or for another operation is another key
    expect((await keys.run("other", "batches.launch", "k1", { suite: "a" }, work)).body).toEqual({ batchId: "batch-2" });
    const refused = keys.run("default", "batches.launch", "k1", { suite: "b" }, work);
    await expect(refused).rejects.toBeInstanceOf(IdempotencyConflict);
    await expect(refused).rejects.toMatchObject({ status: 422 });
    now += IDEMPOTENCY_TTL_MILLISECONDS + 1;
    expect((await keys.run("default", "batches.launch", "k1", { suite: "b" }, work)).body).toEqual({ batchId: "batch-3" });
  });

  it("answers 409 while the first request with a key is in flight, and forgets a key whose work failed", async () => {
    database = await freshDatabase(engine);
    const keys = new Idempotency(database);
    let release: () => void = () => undefined;
    const slow = keys.run("default", "batches.launch", "k2", {}, async () => {
      await new Promise<void>((done) => {
        release = done;
      });
      return { status: 202, body: { ok: true } };
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(keys.run("default", "batches.launch", "k2", {}, async () => ({ status: 202, body: {} }))).rejects.toMatchObject({
      status: 409,
    });
    release();
    await slow;
    await expect(keys.run("default", "batches.launch", "k3", {}, () => Promise.reject(new Error("queue down")))).rejects.toThrow(
      "queue down",
    );
    expect(
      (await keys.run("default", "batches.launch", "k3", {}, async () => ({ status: 202, body: { second: true } }))).replayed,
    ).toBe(false);
  });
});
