// Benchmark of tenant isolation on reads (`node bench/rls.mjs`, or `npm run bench -- --rls`), on the built
// server package, at 100 000 stored runs (bench/seed-history.mjs). For the reads the history API makes
// (recent runs, a status filter, one run, a scenario's runs), 300 times each, interleaved:
//   bare     one query as the tables' owner, outside any transaction: how the server read before
//            row-level security (PGlite's superuser, or the PostgreSQL URL's role)
//   scoped   how the server reads now (store/database.ts): BEGIN with SET LOCAL ROLE rehearse_app and
//            the transaction's tenant in one round trip, the query under the tenant policy, COMMIT
// `scoped − bare` at p95 is what isolation costs a read; add the cached API-key check (bench/auth.mjs)
// for the whole auth + RLS overhead. PostgreSQL too when BENCH_DATABASE_URL names an empty database.
// Prints one JSON object on stdout; progress on stderr.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import pg from "pg";
import { seedHistory } from "./seed-history.mjs";

const rootDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const dist = (path) => import(pathToFileURL(join(rootDir, "packages", "server", "dist", path)).href);
const { openDatabase } = await dist("index.js");
const { tenantSetup } = await dist("store/database.js");
const { PgliteThread } = await dist("store/pglite-thread.js");
const log = (line) => process.stderr.write(`[bench:rls] ${line}\n`);
const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const round = (value, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
const summary = (samples) => ({ p50Ms: round(percentile(samples, 50)), p95Ms: round(percentile(samples, 95)) });
const RUNS = Number(process.env.BENCH_RLS_RUNS ?? 100_000);
const REPEATS = 300;

// the history API's reads over the seeded tenant (the store's queries filter by tenant too)
const reads = {
  recent: "select id, status, started_at from runs where tenant_id = 'default' order by started_at desc, id desc limit 50",
  failed: `select id, status, started_at from runs where tenant_id = 'default' and status = 'fail'
           order by started_at desc, id desc limit 50`,
  detail: "select * from runs where tenant_id = 'default' and id = 'seed-54321'",
  scenario: `select id, status, started_at from runs where tenant_id = 'default' and scenario_id = 'scenario-7'
             order by started_at desc, id desc limit 50`,
};

/** Seeds a store through the server's own opening (migrations, roles) and closes it. */
async function seed(target) {
  const database = await openDatabase(target);
  try {
    await seedHistory(database, RUNS);
  } finally {
    await database.close();
  }
}

/** The two ways to read on an embedded data dir, through PGlite's worker thread as the server uses it. */
async function pgliteClient(dataDir) {
  const thread = await PgliteThread.open(dataDir, undefined);
  return {
    bare: (text) => thread.query(text),
    scoped: (text) => thread.transaction((transaction) => transaction.query(text), tenantSetup("default")),
    close: () => thread.close(),
  };
}

/** The two ways to read on PostgreSQL, with node-postgres as the server uses it. */
function postgresClient(url) {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  return {
    bare: (text) => pool.query(text),
    async scoped(text) {
      const connection = await pool.connect();
      try {
        await connection.query(`begin; ${tenantSetup("default")}`);
        const result = await connection.query(text);
        await connection.query("commit");
        return result;
      } finally {
        connection.release();
      }
    },
    close: () => pool.end(),
  };
}

async function measure(client) {
  const figures = {};
  for (const [name, text] of Object.entries(reads)) {
    const bare = [];
    const scoped = [];
    await client.bare(text);
    await client.scoped(text);
    for (let index = 0; index < REPEATS; index++) {
      let started = performance.now();
      const seen = await client.bare(text);
      bare.push(performance.now() - started);
      started = performance.now();
      const isolated = await client.scoped(text);
      scoped.push(performance.now() - started);
      if (seen.rows.length !== isolated.rows.length || isolated.rows.length === 0)
        throw new Error(`${name}: ${seen.rows.length} rows bare, ${isolated.rows.length} scoped`);
    }
    figures[name] = {
      bare: summary(bare),
      scoped: summary(scoped),
      overheadP95Ms: round(percentile(scoped, 95) - percentile(bare, 95)),
      overheadP50Ms: round(percentile(scoped, 50) - percentile(bare, 50)),
    };
  }
  return {
    runs: RUNS,
    reads: figures,
    worstOverheadP95Ms: Math.max(...Object.values(figures).map((entry) => entry.overheadP95Ms)),
  };
}

const dataDir = mkdtempSync(join(tmpdir(), "rehearse-bench-rls-"));
const result = {};
try {
  log(`PGlite: seeding ${RUNS} runs`);
  await seed({ kind: "pglite", dataDir });
  const embedded = await pgliteClient(dataDir);
  try {
    result.pglite = await measure(embedded);
  } finally {
    await embedded.close();
  }
  if (process.env.BENCH_DATABASE_URL) {
    log(`PostgreSQL: seeding ${RUNS} runs`);
    await seed({ kind: "postgres", url: process.env.BENCH_DATABASE_URL });
    const postgres = postgresClient(process.env.BENCH_DATABASE_URL);
    try {
      result.postgres = await measure(postgres);
    } finally {
      await postgres.close();
    }
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
console.log(JSON.stringify(result, null, 2));
