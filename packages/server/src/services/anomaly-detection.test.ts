import type { IngestEvent } from "@rehearse/core/events";
import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import type { Database } from "../store/database.js";
import { type WriteResult, writeEvents } from "../store/event-writer.js";
import { freshDatabase, systemRows } from "../test-support/database.js";
import { runEvents } from "../test-support/events.js";
import { AnomalyDetection, type AnomalyMetrics } from "./anomaly-detection.js";
import type { NotificationEvent } from "./notification-event.js";

const start = Date.parse("2026-11-03T00:00:00Z");
const pending = (events: IngestEvent[], tenantId = "default") => events.map((event) => ({ tenantId, event }));

/** Run `index` of scenario `scenarioId`: 1000 ms, ± 10 ms by index, unless `durationMs` is given. */
const run = (scenarioId: string, index: number, durationMs = 1000 + ((index % 3) - 1) * 10) =>
  runEvents({ runId: `${scenarioId}-${index}`, batchId: `b${index}`, scenarioId, start: start + index * 60_000, durationMs });

/** A database whose tenant transactions are counted and, while `hold` is set, wait for it. */
function counted(database: Database) {
  const calls: string[] = [];
  let hold: Promise<void> | undefined;
  const wrapped: Database = {
    ...database,
    kind: database.kind,
    forTenant: async (tenantId, work) => {
      calls.push(tenantId);
      if (hold) await hold;
      return database.forTenant(tenantId, work);
    },
  };
  return {
    database: wrapped,
    calls,
    holdUntil(release: Promise<void>) {
      hold = release;
    },
  };
}

describe("anomaly detection on ingest", () => {
  let database: Database | undefined;
  afterEach(async () => database?.close());

  it("works after the flush: committed returns at once, and flushes that commit meanwhile share one round", async () => {
    database = await freshDatabase("pglite");
    const commits: WriteResult[] = [];
    // ten ordinary runs of `refund` and of `greeting`, then one slow run of each
    for (let index = 0; index < 10; index++)
      commits.push(await writeEvents(database, pending([...run("refund", index), ...run("greeting", index)])));
    const slowRefund = await writeEvents(database, pending(run("refund", 10, 9_000)));
    const slowGreeting = await writeEvents(database, pending(run("greeting", 10, 9_000)));

    const store = counted(database);
    const notified: NotificationEvent[] = [];
    const scores: Array<[string, number]> = [];
    const metrics: AnomalyMetrics = {
      anomalyScored: (metric, score) => void scores.push([metric, score]),
      anomalyDetected: () => undefined,
    };
    const detection = new AnomalyDetection(store.database, {
      metrics,
      notify: async (event) => void notified.push(event),
      now: () => start,
      generateId: (() => {
        let next = 0;
        return () => `anomaly-${next++}`;
      })(),
    });
    let release = () => {};
    store.holdUntil(new Promise<void>((resolve) => (release = resolve)));
    for (const result of commits) detection.committed(result);
    // nothing touched the database yet: the commit listener only noted the runs
    expect(store.calls).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    // the first round is in its transaction (held); the slow runs commit meanwhile
    expect(store.calls).toEqual(["default"]);
    detection.committed(slowRefund);
    detection.committed(slowGreeting);
    release();
    await detection.settled();
    // two rounds in all: the two slow runs' flushes were scored together, in one transaction
    expect(store.calls).toEqual(["default", "default"]);
    const stored = await systemRows<{ id: string; run_id: string; metric: string; detected_at: Date }>(
      database,
      sql`select id, run_id, metric, detected_at from anomalies order by run_id`,
    );
    expect(stored.map((row) => [row.run_id, row.metric])).toEqual([
      ["greeting-10", "duration"],
      ["refund-10", "duration"],
    ]);
    expect(stored.every((row) => row.id.startsWith("anomaly-") && new Date(row.detected_at).getTime() === start)).toBe(true);
    expect(notified.map((event) => event.dedupeKey).sort()).toEqual([
      "anomaly.detected:greeting-10:duration",
      "anomaly.detected:refund-10:duration",
    ]);
    // runs with fewer than ten before them are not scored: only the two slow runs, duration and cost each
    expect(scores.map(([metric]) => metric).sort()).toEqual(["cost", "cost", "duration", "duration"]);
  });

  it("logs a failed round and goes on with the next; a closed detector takes nothing", async () => {
    database = await freshDatabase("pglite");
    for (let index = 0; index < 10; index++) await writeEvents(database, pending(run("refund", index)));
    const slow = await writeEvents(database, pending(run("refund", 10, 9_000)));
    const errors: string[] = [];
    let fail = true;
    const real = database;
    const flaky: Database = {
      ...real,
      kind: real.kind,
      forTenant: async (tenantId, work) => {
        if (fail) throw new Error("the database went away");
        return real.forTenant(tenantId, work);
      },
    };
    const logger = { warn: () => undefined, error: (_: unknown, message: string) => void errors.push(message) };
    const detection = new AnomalyDetection(flaky, { logger: logger as never });
    detection.committed(slow);
    await detection.settled();
    expect(errors).toEqual(["anomaly detection failed for a flush"]);
    fail = false;
    detection.committed(slow);
    await detection.settled();
    expect(await systemRows(real, sql`select run_id from anomalies`)).toEqual([{ run_id: "refund-10" }]);
    await detection.close();
    await real.forTenant("default", (executor) => executor.rows(sql`delete from anomalies`));
    detection.committed(slow);
    await detection.settled();
    expect(await systemRows(real, sql`select run_id from anomalies`)).toEqual([]);
  });
});
