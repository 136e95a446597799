// Seeds a run history for the server benchmarks (bench/server.mjs, bench/rls.mjs): `count` finished runs of
// tenant `default` (500 scenarios, 20 sets, batches of 50), two batches of 1 000 runs for the batch diff,
// their batches, sets and criteria; then ANALYZE. Works on an open store of the built server package.
import { sql } from "drizzle-orm";

export async function seedHistory(database, count) {
  // the seed is one tenant's rows (row-level security admits no other); ANALYZE needs the tables' owner
  await database.forTenant("default", async (seeding) => {
    await seeding.rows(sql`insert into runs (tenant_id, id, batch_id, set_id, scenario_id, name, state, status, verdict, started_at,
      finished_at, last_event_at, last_seq, event_count, duration_ms, turns, message_count, labels)
    select 'default', 'seed-' || g, 'batch-' || (g / 50), 'set-' || (g % 20), 'scenario-' || (g % 500), 'scenario ' || (g % 500),
      'finished', case when g % 7 = 0 then 'fail' when g % 31 = 0 then 'error' else 'pass' end, 'success',
      now() - (g || ' seconds')::interval, now() - (g || ' seconds')::interval + interval '2 seconds',
      now() - (g || ' seconds')::interval + interval '2 seconds', 4, 5, 2000, 2, 2, '[]'::jsonb
    from generate_series(1, ${count}) g`);
    // two batches of 1 000 runs each (500 scenarios × 2 trials) for the batch diff
    await seeding.rows(sql`insert into runs (tenant_id, id, batch_id, set_id, scenario_id, name, state, status, verdict, started_at,
      finished_at, last_event_at, last_seq, event_count, duration_ms, turns, message_count, labels)
    select 'default', 'big-' || b || '-' || g, 'big-' || b, 'set-big', 'scenario-' || (g % 500), 'scenario ' || (g % 500), 'finished',
      case when (b = 'b' and g % 9 = 0) or (b = 'a' and g % 11 = 0) then 'fail' else 'pass' end, 'success', now() - (g || ' seconds')::interval,
      now() - (g || ' seconds')::interval + interval '2 seconds', now() - (g || ' seconds')::interval + interval '2 seconds',
      4, 5, 2000 + g, 2, 2, '[]'::jsonb
    from generate_series(1, 1000) g cross join (values ('a'), ('b')) as batch(b)`);
    await seeding.rows(sql`insert into batches (tenant_id, id, set_id, first_event_at, last_event_at)
    select 'default', batch_id, min(set_id), min(started_at), max(last_event_at) from runs where tenant_id = 'default' group by batch_id
    on conflict do nothing`);
    await seeding.rows(sql`insert into scenario_sets (tenant_id, id, first_seen_at, last_run_at)
    select 'default', set_id, min(started_at), max(last_event_at) from runs where tenant_id = 'default' group by set_id on conflict do nothing`);
    await seeding.rows(sql`insert into criteria_results (tenant_id, run_id, criterion, set_id, scenario_id, batch_id, verdict)
    select tenant_id, id, 'criterion a', set_id, scenario_id, batch_id, case when status = 'pass' then 'met' else 'unmet' end from runs where tenant_id = 'default'`);
  });
  await database.asSystem(async (owner) => {
    const [who] = await owner.rows(sql`select session_user as name`);
    await owner.rows(sql.raw(`set local role "${who.name}"`));
    await owner.rows(sql`analyze`);
  });
}
