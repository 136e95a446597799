import type { IngestEvent } from "@rehearse/core/events";
import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import type { Database } from "../store/database.js";
import type { WriteResult } from "../store/event-writer.js";
import { engines, freshDatabase, systemRows } from "../test-support/database.js";
import { runEvents } from "../test-support/events.js";
import { IngestQueue } from "./ingest-queue.js";

const runsOf = (count: number, batchId: string): IngestEvent[][] =>
  Array.from({ length: count }, (_, index) => runEvents({ runId: `${batchId}-run-${index}`, batchId }));

describe.each(engines())("the ingest queue (%s)", (engine) => {
  let database: Database | undefined;
  afterEach(async () => {
    await database?.close();
  });

  it("builds the next full flush while one is writing, and a retried event still counts once", async () => {
    database = await freshDatabase(engine);
    const flushes: number[] = [];
    const commits: WriteResult[] = [];
    const queue = new IngestQueue(database, {
      maxEvents: 20,
      onFlush: (events) => flushes.push(events),
      onCommit: (result) => commits.push(result),
    });
    const first = runsOf(4, "a").flat();
    const second = runsOf(4, "b").flat();
    // the first request fills a flush, which starts writing at once; the second (full) one, which repeats
    // five of the first request's events, is built while the first is in the database
    const firstAnswer = queue.submit("default", first);
    const secondAnswer = queue.submit("default", [...first.slice(0, 5), ...second]);
    const [one, two] = await Promise.all([firstAnswer, secondAnswer]);
    expect(one).toEqual({ accepted: first.length, duplicates: [] });
    expect(two.accepted).toBe(second.length);
    expect(two.duplicates).toEqual(first.slice(0, 5).map((event) => event.eventId));
    expect(flushes).toEqual([first.length, second.length + 5]);
    // the second flush's projection was rebuilt from its new events only
    expect(commits[1]?.stored).toHaveLength(second.length);
    const [counts] = await systemRows<{ events: number; counted: number; runs: number }>(
      database,
      sql`select (select count(*)::int from events) as events, (select sum(event_count)::int from runs) as counted,
        (select count(*)::int from runs) as runs`,
    );
    expect(counts).toEqual({ events: first.length + second.length, counted: first.length + second.length, runs: 8 });
    await queue.close();
  });

  it("writes a partial flush after the linger, and close() drains what is waiting", async () => {
    database = await freshDatabase(engine);
    const queue = new IngestQueue(database, { maxEvents: 1_000, lingerMilliseconds: 1 });
    const answers = runsOf(6, "c").map((events) => queue.submit("default", events));
    await queue.close();
    const results = await Promise.all(answers);
    expect(results.every((result) => result.duplicates.length === 0 && result.accepted > 0)).toBe(true);
    await expect(queue.submit("default", runsOf(1, "d").flat())).rejects.toThrow(/shutting down/);
    const [stored] = await systemRows<{ events: number }>(database, sql`select count(*)::int as events from events`);
    expect(stored?.events).toBe(results.reduce((sum, result) => sum + result.accepted, 0));
  });
});
