import { describe, expect, it } from "vitest";
import { EmbeddedQueue, type ProcessedJob } from "./embedded-queue.js";
import type { RunJob } from "./run-queue.js";

const job = (runId: string): RunJob => ({
  tenantId: "default",
  batchId: "batch",
  setId: "set",
  runId,
  trialIndex: 0,
  seed: 1,
  suite: { name: "suite", version: "sha256:0" },
  scenario: { path: "a.yaml", index: 0, id: "a", name: "a" },
  models: {},
});

/** A processor whose jobs finish when the test says so. */
function gatedProcessor() {
  const started: Array<{ runId: string; attempt: number; finish: (outcome: ProcessedJob) => void }> = [];
  const processor = (next: RunJob, attempt: number) =>
    new Promise<ProcessedJob>((finish) => started.push({ runId: next.runId, attempt, finish }));
  return { started, processor };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

describe("the embedded run queue", () => {
  it("runs at most `concurrency` jobs at once, in order, and each run id once", async () => {
    const { started, processor } = gatedProcessor();
    const queue = new EmbeddedQueue(processor, { concurrency: 2, onError: () => undefined });
    await queue.enqueue([job("a"), job("b"), job("c"), job("a")]);
    await settle();
    expect(started.map((entry) => entry.runId)).toEqual(["a", "b"]);
    expect(await queue.counts()).toMatchObject({ waiting: 1, active: 2 });
    started[0]?.finish({ kind: "finished" });
    await settle();
    expect(started.map((entry) => entry.runId)).toEqual(["a", "b", "c"]);
    started[1]?.finish({ kind: "finished" });
    started[2]?.finish({ kind: "failed" });
    await settle();
    expect(await queue.counts()).toMatchObject({ waiting: 0, active: 0, completed: 2, failed: 1 });
    await queue.close();
  });

  it("takes a deferred job up again after its delay, and removes jobs not started", async () => {
    const { started, processor } = gatedProcessor();
    let now = 1_000;
    const queue = new EmbeddedQueue(processor, { concurrency: 1, onError: () => undefined, now: () => now });
    await queue.enqueue([job("a"), job("b")]);
    await settle();
    started[0]?.finish({ kind: "deferred", delayMs: 5_000 });
    await settle();
    expect(started.map((entry) => entry.runId)).toEqual(["a", "b"]);
    expect(await queue.remove(["b", "a", "x"])).toEqual(["a"]); // b is running; a waits out its delay
    started[1]?.finish({ kind: "finished" });
    now += 6_000;
    await settle();
    expect(started).toHaveLength(2);
    await queue.close();
  });

  it("resumes runs after a restart at the attempt they are at", async () => {
    const { started, processor } = gatedProcessor();
    const queue = new EmbeddedQueue(processor, { concurrency: 4, onError: () => undefined });
    queue.resume([
      { job: job("a"), attempt: 1 },
      { job: job("b"), attempt: 3 },
    ]);
    await settle();
    expect(started.map((entry) => [entry.runId, entry.attempt])).toEqual([
      ["a", 1],
      ["b", 3],
    ]);
    for (const entry of started) entry.finish({ kind: "finished" });
    await queue.close();
  });
});
