/**
 * Opens the store: embedded PGlite in a data directory (the default: nothing
 * to install), or PostgreSQL when a connection URL is given. Both get the same
 * drizzle schema and the checked-in migrations (`drizzle/`), applied on open.
 * On PostgreSQL the migration holds a session advisory lock, so two servers
 * starting at once apply it once; applying it twice is a no-op (drizzle's
 * journal table).
 */
import { fileURLToPath } from "node:url";
import type { SQL } from "drizzle-orm";
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

/** An open store. */
export interface Database {
  readonly kind: DatabaseTarget["kind"];
  readonly drizzle: Drizzle;
  /** Runs one SQL statement and returns its rows. */
  rows<Row = Record<string, unknown>>(query: SQL): Promise<Row[]>;
  /** A `dumpDataDir()` image (PGlite only): the template new embedded databases start from. */
  dump(): Promise<Blob>;
  /** True when the database answers and the migrations are applied. */
  ready(): Promise<boolean>;
  close(): Promise<void>;
}

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
  const database = drizzle(client as never) as unknown as Drizzle;
  try {
    await migrate(database as never, { migrationsFolder: MIGRATIONS_FOLDER });
  } catch (error) {
    await client.close();
    throw error;
  }
  return storeOver(
    "pglite",
    database,
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
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const database = drizzle(pool) as unknown as Drizzle;
  const { PgDialect } = await import("drizzle-orm/pg-core");
  const dialect = new PgDialect();
  // reads get the same JavaScript types on both engines: int8 as a number (counts, tokens, seeds and
  // ingest ids stay far below 2^53), timestamps as Date; drizzle's own queries keep its parsers
  const types = {
    getTypeParser: (oid: number, format?: "text" | "binary") =>
      oid === pg.types.builtins.INT8 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format),
  };
  const rows = async <Row>(query: SQL): Promise<Row[]> => {
    const { sql: text, params } = dialect.sqlToQuery(query);
    return (await pool.query({ text, values: params as unknown[], types })).rows as Row[];
  };
  return storeOver("postgres", database, () => pool.end(), undefined, rows);
}

function storeOver(
  kind: DatabaseTarget["kind"],
  database: Drizzle,
  close: () => Promise<void>,
  dump: (() => Promise<Blob | File>) | undefined,
  rows?: <Row>(query: SQL) => Promise<Row[]>,
): Database {
  let closed = false;
  return {
    kind,
    drizzle: database,
    async dump(): Promise<Blob> {
      if (!dump) throw new Error("only an embedded (PGlite) database can be dumped");
      return dump();
    },
    async rows<Row>(query: SQL): Promise<Row[]> {
      if (rows) return rows<Row>(query);
      const result = (await database.execute(query)) as unknown as { rows: Row[] };
      return result.rows;
    },
    async ready(): Promise<boolean> {
      if (closed) return false;
      try {
        const result = (await database.execute(
          // the journal drizzle's migrator writes: at least one applied migration
          (
            await import("drizzle-orm")
          ).sql`select count(*)::int as applied from drizzle.__drizzle_migrations`,
        )) as unknown as { rows: Array<{ applied: number }> };
        return (result.rows[0]?.applied ?? 0) > 0;
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
