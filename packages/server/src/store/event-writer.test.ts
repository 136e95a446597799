import type { IngestEvent } from "@rehearse/core/events";
import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { engines, freshDatabase, systemRows } from "../test-support/database.js";
import { runEvents } from "../test-support/events.js";
import type { Database } from "./database.js";
import { writeEvents } from "./event-writer.js";

const tenant = "default";
const pending = (events: IngestEvent[], tenantId = tenant) => events.map((event) => ({ tenantId, event }));

/** A seeded shuffle, so a failure repeats. */
function shuffled<Item>(items: readonly Item[], seed: number): Item[] {
  const copy = [...items];
  let state = seed;
  for (let index = copy.length - 1; index > 0; index--) {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    const other = state % (index + 1);
    [copy[index], copy[other]] = [copy[other] as Item, copy[index] as Item];
  }
  return copy;
}

async function snapshot(database: Database) {
  const runs = await systemRows(
    database,
    sql`select id, state, status, name, description, metadata, reasoning, seed, turns, message_count, event_count, last_seq,
    injections, met_count, unmet_count, input_tokens, cost_usd::text as cost, extract(epoch from started_at)::float8 as started, extract(epoch from finished_at)::float8 as finished from runs order by id`,
  );
  const messages = await systemRows(
    database,
    sql`select run_id, idx, message_id, content from run_messages order by run_id, idx`,
  );
  const criteria = await systemRows(
    database,
    sql`select run_id, criterion, verdict from criteria_results order by run_id, criterion`,
  );
  const scenarios = await systemRows(database, sql`select id, name, description from scenarios order by id`);
  const counts = await systemRows(
    database,
    sql`select (select count(*)::int from events) as events, (select count(*)::int from batches) as batches,
    (select count(*)::int from scenarios) as scenarios, (select count(*)::int from scenario_sets) as sets`,
  );
  return { runs, messages, criteria, scenarios, counts };
}

describe.each(engines())("writing events (%s)", (engine) => {
  let database: Database | undefined;
  afterEach(async () => {
    await database?.close();
  });

  it("projects a run into its row, transcript and criteria", async () => {
    database = await freshDatabase(engine);
    const events = runEvents({ runId: "r1", outcome: "fail", met: ["greets"], unmet: ["refunds"], injections: 2 });
    const result = await writeEvents(database, pending(events));
    expect(result.inserted).toHaveLength(events.length);
    const state = await snapshot(database);
    expect(state.runs).toEqual([
      expect.objectContaining({
        id: "r1",
        state: "finished",
        status: "fail",
        name: "refund request",
        description: "refund request description",
        metadata: { name: "refund request", description: "refund request description" },
        reasoning: "the run ended fail",
        seed: 42,
        turns: 1,
        message_count: 2,
        event_count: events.length,
        last_seq: events.length - 1,
        injections: 2,
        met_count: 1,
        unmet_count: 1,
        input_tokens: 100,
        cost: "0.001200",
      }),
    ]);
    expect(state.messages.map((row) => row.message_id)).toEqual(["r1-m0", "r1-m1"]);
    expect(state.messages.map((row) => (row.content as { content: string }).content)).toEqual(
      events.flatMap(
        (event) => (event as { messages?: Array<{ content: string }> }).messages?.map((message) => message.content) ?? [],
      ),
    );
    expect(state.scenarios).toEqual([{ id: "refund", name: "refund request", description: "refund request description" }]);
    expect(state.criteria).toEqual([
      { run_id: "r1", criterion: "greets", verdict: "met" },
      { run_id: "r1", criterion: "refunds", verdict: "unmet" },
    ]);
  });

  it("stores an event once: a repeated id is a duplicate and changes nothing", async () => {
    database = await freshDatabase(engine);
    const events = runEvents({ runId: "r1", injections: 1 });
    await writeEvents(database, pending(events));
    const before = await snapshot(database);
    const again = await writeEvents(database, pending(events));
    expect(again.inserted).toEqual([]);
    expect(await snapshot(database)).toEqual(before);
  });

  it("ends in the same rows whatever the order and however the events are split", async () => {
    const events = [
      ...runEvents({ runId: "a", outcome: "pass", injections: 1 }),
      ...runEvents({
        runId: "b",
        outcome: "error",
        messages: [
          ["user", "hi"],
          ["assistant", "hello"],
          ["user", "bye"],
        ],
      }),
    ];
    database = await freshDatabase(engine);
    await writeEvents(database, pending(events));
    const ordered = await snapshot(database);
    await database.close();

    database = await freshDatabase(engine);
    const mixed = shuffled(events, 7);
    for (let start = 0; start < mixed.length; start += 3) await writeEvents(database, pending(mixed.slice(start, start + 3)));
    await writeEvents(database, pending(shuffled(events, 11).slice(0, 5)));
    expect(await snapshot(database)).toEqual(ordered);
  });

  it("projects only the new events of a flush that repeats some (a retried batch), reading their stored payloads", async () => {
    const events = [
      ...runEvents({ runId: "a", outcome: "fail", unmet: ["refunds"] }),
      ...runEvents({ runId: "b", outcome: "pass", injections: 2 }),
    ];
    database = await freshDatabase(engine);
    await writeEvents(database, pending(events));
    const ordered = await snapshot(database);
    await database.close();

    database = await freshDatabase(engine);
    const mixed = shuffled(events, 3);
    await writeEvents(database, pending(mixed.slice(0, 6)));
    const retried = await writeEvents(database, pending(mixed));
    expect(retried.inserted).toHaveLength(events.length - 6);
    expect(retried.stored).toHaveLength(events.length - 6);
    expect(await snapshot(database)).toEqual(ordered);
  });

  it("keeps a message slot at the content of the highest seq", async () => {
    database = await freshDatabase(engine);
    const [started, , first] = runEvents({ runId: "r1" }) as [IngestEvent, IngestEvent, IngestEvent & { seq: number }];
    const later = {
      ...first,
      eventId: crypto.randomUUID(),
      seq: first.seq + 10,
      messages: [{ id: "r1-m0", role: "user", content: "edited" }],
    } as IngestEvent;
    await writeEvents(database, pending([started, later]));
    await writeEvents(database, pending([first]));
    const [row] = await systemRows<{ content: { content: string } }>(
      database,
      sql`select content from run_messages where idx = 0`,
    );
    expect(row?.content.content).toBe("edited");
  });

  it("keeps tenants apart: the same event id under two tenants is two events", async () => {
    database = await freshDatabase(engine);
    const events = runEvents({ runId: "r1" });
    await writeEvents(database, pending(events, "t1"));
    const other = await writeEvents(database, pending(events, "t2"));
    expect(other.inserted).toHaveLength(events.length);
    const runs = await systemRows(database, sql`select tenant_id, id from runs order by tenant_id`);
    expect(runs).toEqual([
      { tenant_id: "t1", id: "r1" },
      { tenant_id: "t2", id: "r1" },
    ]);
  });
});
