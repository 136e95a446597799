/**
 * Opens the store: embedded PGlite in a data directory (the default: nothing
 * to install), or PostgreSQL when a connection URL is given. Both get the same
 * drizzle schema and the checked-in migrations (`drizzle/`), applied on open.
 * On PostgreSQL the migration holds a session advisory lock, so two servers
 * starting at once apply it once; applying it twice is a no-op (drizzle's
 * journal table).
 */
import { fileURLToPath } from "node:url";
import { type SQL, sql } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";

/** The drizzle database both engines give (queries and transactions look the same). */
export type Drizzle = PgDatabase<PgQueryResultHKT, Record<string, never>>;

/** Which engine and where. */
export type DatabaseTarget =
  | {
      kind: "pglite";
      /** A directory, or `undefined` for a database in memory. */
      dataDir: string | undefined;
      /** A `dumpDataDir()` image to start a new database from (skips initdb: ≈0.5 s instead of ≈3 s). */
      template?: Blob;
    }
  | { kind: "postgres"; url: string };

/**
 * What queries run through: one transaction, as one database role (see
 * `Database.forTenant` and `Database.asSystem`). Never call `transaction()`
 * on its `drizzle`: the work already is one.
 */
export interface Executor {
  readonly drizzle: Drizzle;
  /** Runs one SQL statement and returns its rows. */
  rows<Row = Record<string, unknown>>(query: SQL): Promise<Row[]>;
}

/**
 * An open store. Tenant rows are reachable only inside `forTenant` or
 * `asSystem` (migration 0005): row-level security with FORCE on every table
 * with a `tenant_id`, queried as a non-owner role. A connection's own role
 * is `rehearse_app` with no tenant, which sees no tenant rows, so a query
 * that forgot its scope finds nothing instead of everything.
 */
export interface Database {
  readonly kind: DatabaseTarget["kind"];
  /**
   * Runs `work` in one transaction as `rehearse_app` with `app.tenant_id` set
   * to `tenantId` (transaction-local): it reads and writes only that
   * tenant's rows, whatever its SQL says. Committed when `work` resolves,
   * rolled back when it throws.
   */
  forTenant<Value>(tenantId: string, work: (executor: Executor) => Promise<Value>): Promise<Value>;
  /**
   * Runs `work` in one transaction as `rehearse_system`: the server's own
   * cross-tenant work (a credential looked up before its tenant is known,
   * the audit self-check, administration, the ingest writer's flushes).
   */
  asSystem<Value>(work: (executor: Executor) => Promise<Value>): Promise<Value>;
  /** A `dumpDataDir()` image (PGlite only): the template new embedded databases start from. */
  dump(): Promise<Blob>;
  /** True when the database answers and the migrations are applied. */
  ready(): Promise<boolean>;
  close(): Promise<void>;
}

/** The role every request's work runs as (migration 0005). */
export const TENANT_ROLE = "rehearse_app";
/** The role of the server's own cross-tenant work (migration 0005). */
export const SYSTEM_ROLE = "rehearse_system";

/**
 * The statements that open a tenant's transaction after `begin`. The tenant
 * goes in as a quoted literal (one round trip with the role switch; standard
 * conforming strings, so doubling quotes is the whole escaping).
 */
export function tenantSetup(tenantId: string): string {
  if (tenantId.length === 0 || tenantId.includes("\u0000")) throw new Error("a tenant id is a non-empty string without NUL");
  return `set local role ${TENANT_ROLE}; select set_config('app.tenant_id', '${tenantId.replaceAll("'", "''")}', true)`;
}

/** The statement that opens a system transaction after `begin`. */
export const SYSTEM_SETUP = `set local role ${SYSTEM_ROLE}`;

/** The folder of checked-in migrations (packages/server/drizzle), from src/ and from dist/. */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL("../../drizzle", import.meta.url));

/** A constant key for the migration advisory lock ("rehearse" in ASCII). */
const MIGRATION_LOCK_KEY = 7_310_868_920_683_016_805n;

/** Opens and migrates the store. */
export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  return target.kind === "pglite" ? openPglite(target.dataDir, target.template) : openPostgres(target.url);
}

async function openPglite(dataDir: string | undefined, template: Blob | undefined): Promise<Database> {
  const { PgliteThread } = await import("./pglite-thread.js");
  const { drizzle } = await import("drizzle-orm/pglite");
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  // PGlite runs on its own thread: its queries never stall the server's HTTP and SSE work
  const client = await PgliteThread.open(dataDir, template);
  try {
    await migrate(drizzle(client as never) as never, { migrationsFolder: MIGRATIONS_FOLDER });
    // PGlite's one session is the superuser `postgres`, which skips every policy: drop to the app role
    await client.query(`set role ${TENANT_ROLE}`);
  } catch (error) {
    await client.close();
    throw error;
  }
  const scoped = <Value>(setup: string, work: (executor: Executor) => Promise<Value>) =>
    client.transaction(async (transaction) => {
      const database = drizzle(transaction as never) as unknown as Drizzle;
      const rows = async <Row>(query: SQL): Promise<Row[]> =>
        ((await database.execute(query)) as unknown as { rows: Row[] }).rows;
      return work({ drizzle: database, rows });
    }, setup);
  return storeOver(
    "pglite",
    scoped,
    () => client.close(),
    () => client.dumpDataDir(),
  );
}

async function openPostgres(url: string): Promise<Database> {
  const { default: pg } = await import("pg");
  const { drizzle } = await import("drizzle-orm/node-postgres");
  const { migrate } = await import("drizzle-orm/node-postgres/migrator");
  const lockClient = new pg.Client({ connectionString: url });
  await lockClient.connect();
  try {
    await lockClient.query("select pg_advisory_lock($1)", [MIGRATION_LOCK_KEY.toString()]);
    await migrate(drizzle(lockClient) as never, { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    await lockClient.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY.toString()]).catch(() => undefined);
    await lockClient.end();
  }
  // every connection starts as the app role with no tenant (it sees no tenant rows): a startup option,
  // so a connection that cannot take the role fails instead of running as the owner
  const pool = new pg.Pool({ connectionString: url, max: 10, options: `-c role=${TENANT_ROLE}` });
  const { PgDialect } = await import("drizzle-orm/pg-core");
  const dialect = new PgDialect();
  // reads get the same JavaScript types on both engines: int8 as a number (counts, tokens, seeds and
  // ingest ids stay far below 2^53), timestamps as Date; drizzle's own queries keep its parsers
  const types = {
    getTypeParser: (oid: number, format?: "text" | "binary") =>
      oid === pg.types.builtins.INT8 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format),
  };
  const scoped = async <Value>(setup: string, work: (executor: Executor) => Promise<Value>): Promise<Value> => {
    const connection = await pool.connect();
    let broken: Error | undefined;
    try {
      await connection.query(`begin; ${setup}`);
      const rows = async <Row>(query: SQL): Promise<Row[]> => {
        const { sql: text, params } = dialect.sqlToQuery(query);
        return (await connection.query({ text, values: params as unknown[], types })).rows as Row[];
      };
      const value = await work({ drizzle: drizzle(connection) as unknown as Drizzle, rows });
      await connection.query("commit");
      return value;
    } catch (error) {
      await connection.query("rollback").catch((failure: Error) => {
        broken = failure;
      });
      throw error;
    } finally {
      // a connection that could not roll back is closed, not reused
      connection.release(broken);
    }
  };
  return storeOver("postgres", scoped, () => pool.end(), undefined);
}

/** Runs `work` in a transaction opened by `setup` (the role and tenant statements). */
type Scoped = <Value>(setup: string, work: (executor: Executor) => Promise<Value>) => Promise<Value>;

function storeOver(
  kind: DatabaseTarget["kind"],
  scoped: Scoped,
  close: () => Promise<void>,
  dump: (() => Promise<Blob | File>) | undefined,
): Database {
  let closed = false;
  return {
    kind,
    forTenant: async (tenantId, work) => scoped(tenantSetup(tenantId), work),
    asSystem: (work) => scoped(SYSTEM_SETUP, work),
    async dump(): Promise<Blob> {
      if (!dump) throw new Error("only an embedded (PGlite) database can be dumped");
      return dump();
    },
    async ready(): Promise<boolean> {
      if (closed) return false;
      try {
        // the journal drizzle's migrator writes: at least one applied migration
        const [row] = await scoped(SYSTEM_SETUP, (executor) =>
          executor.rows<{ applied: number }>(sql`select count(*)::int as applied from drizzle.__drizzle_migrations`),
        );
        return (row?.applied ?? 0) > 0;
      } catch {
        return false;
      }
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await close();
    },
  };
}

/**
 * Runs `work` on `executor` when the caller is inside a transaction already
 * (its role and tenant hold), else in a new one for `tenantId`.
 */
export function withTenant<Value>(
  database: Database,
  tenantId: string,
  executor: Drizzle | undefined,
  work: (executor: Drizzle) => Promise<Value>,
): Promise<Value> {
  return executor ? work(executor) : database.forTenant(tenantId, (opened) => work(opened.drizzle));
}

/** Runs `work` on `executor` when given, else in a new system transaction (`Database.asSystem`). */
export function withSystem<Value>(
  database: Database,
  executor: Drizzle | undefined,
  work: (executor: Drizzle) => Promise<Value>,
): Promise<Value> {
  return executor ? work(executor) : database.asSystem((opened) => work(opened.drizzle));
}
