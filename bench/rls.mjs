// Benchmark of tenant isolation on reads (`node bench/rls.mjs`, or `npm run bench -- --rls`), on the built
// server package, at 100 000 stored runs (bench/seed-history.mjs). For the reads the history API makes
// (recent runs, a status filter, one run, a scenario's runs), measured interleaved, 300 times each:
//   system   the query as the server's system role (its policy is `true`: no tenant predicate)
//   tenant   the same query as the server runs a request's: Database.forTenant (SET LOCAL ROLE
//            rehearse_app and the transaction-local tenant), so the tenant policy applies
// and the cost of a tenant transaction around a trivial query. Both paths open a transaction with one
// setup round trip, so `tenant − system` is the cost of the tenant policy; the transaction's cost is the
// `scope` figure (begin + role + tenant, the query, commit: what every scoped read pays). Add the API key check (bench/auth.mjs, cached) for the whole auth + RLS overhead.
// PostgreSQL too when BENCH_DATABASE_URL names an empty database. Prints one JSON object on stdout.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { sql } from "drizzle-orm";
import { seedHistory } from "./seed-history.mjs";

const rootDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const { openDatabase } = await import(pathToFileURL(join(rootDir, "packages", "server", "dist", "index.js")).href);
const log = (line) => process.stderr.write(`[bench:rls] ${line}\n`);
const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const round = (value, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
const summary = (samples) => ({ p50Ms: round(percentile(samples, 50)), p95Ms: round(percentile(samples, 95)) });
const RUNS = Number(process.env.BENCH_RLS_RUNS ?? 100_000);
const REPEATS = 300;

// the history API's reads, as SQL over the seeded tenant (the store's queries filter by tenant too)
const reads = {
  recent: sql`select id, status, started_at from runs where tenant_id = 'default' order by started_at desc, id desc limit 50`,
  failed: sql`select id, status, started_at from runs where tenant_id = 'default' and status = 'fail'
              order by started_at desc, id desc limit 50`,
  detail: sql`select * from runs where tenant_id = 'default' and id = 'seed-54321'`,
  scenario: sql`select id, status, started_at from runs where tenant_id = 'default' and scenario_id = 'scenario-7'
                order by started_at desc, id desc limit 50`,
};

/** `query` in a system transaction (same round trips as a tenant's, no tenant predicate). */
function asSystem(database, query) {
  return database.asSystem((executor) => executor.rows(query));
}

async function measure(label, database) {
  log(`${label}: seeding ${RUNS} runs`);
  await seedHistory(database, RUNS);
  const figures = {};
  for (const [name, query] of Object.entries(reads)) {
    const system = [];
    const tenant = [];
    // warm both paths, then alternate so drift hits both alike
    await asSystem(database, query);
    await database.forTenant("default", (executor) => executor.rows(query));
    for (let index = 0; index < REPEATS; index++) {
      let started = performance.now();
      const seen = await asSystem(database, query);
      system.push(performance.now() - started);
      started = performance.now();
      const scoped = await database.forTenant("default", (executor) => executor.rows(query));
      tenant.push(performance.now() - started);
      if (seen.length !== scoped.length)
        throw new Error(`${name}: ${seen.length} rows as the system, ${scoped.length} as the tenant`);
    }
    figures[name] = {
      system: summary(system),
      tenant: summary(tenant),
      policyCostP95Ms: round(percentile(tenant, 95) - percentile(system, 95)),
    };
  }
  const scope = [];
  for (let index = 0; index < 1_000; index++) {
    const started = performance.now();
    await database.forTenant("default", (executor) => executor.rows(sql`select 1`));
    scope.push(performance.now() - started);
  }
  return { runs: RUNS, reads: figures, scope: summary(scope) };
}

const dataDir = mkdtempSync(join(tmpdir(), "rehearse-bench-rls-"));
const result = {};
try {
  const embedded = await openDatabase({ kind: "pglite", dataDir });
  try {
    result.pglite = await measure("PGlite", embedded);
  } finally {
    await embedded.close();
  }
  if (process.env.BENCH_DATABASE_URL) {
    const postgres = await openDatabase({ kind: "postgres", url: process.env.BENCH_DATABASE_URL });
    try {
      result.postgres = await measure("PostgreSQL", postgres);
    } finally {
      await postgres.close();
    }
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
console.log(JSON.stringify(result, null, 2));
