/**
 * Databases for store tests: an in-memory PGlite always, and the PostgreSQL
 * at `SERVER_TEST_DATABASE_URL` when CI started one (.ci/run). Each
 * PostgreSQL test gets its own schema-free database created from the URL,
 * so suites do not see each other's rows.
 */
import { randomBytes } from "node:crypto";
import { type SQL, sql } from "drizzle-orm";
import { type Database, type Drizzle, type Executor, openDatabase } from "../store/database.js";

/** The engines to run store suites against (`pglite` always). */
export function engines(): Array<"pglite" | "postgres"> {
  return process.env.SERVER_TEST_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];
}

let template: Promise<Blob> | undefined;

/** A migrated empty PGlite image, made once per test file (a cold PGlite start costs seconds). */
function pgliteTemplate(): Promise<Blob> {
  template ??= openDatabase({ kind: "pglite", dataDir: undefined }).then(async (database) => {
    const image = await database.dump();
    await database.close();
    return image;
  });
  return template;
}

/** The URL of a new, empty (not migrated) PostgreSQL database on the CI server. */
export async function emptyPostgresUrl(): Promise<string> {
  const url = process.env.SERVER_TEST_DATABASE_URL;
  if (!url) throw new Error("SERVER_TEST_DATABASE_URL is not set");
  const { default: pg } = await import("pg");
  const name = `rehearse_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  return target.toString();
}

/** A fresh, migrated, empty database of `engine`. */
export async function freshDatabase(engine: "pglite" | "postgres"): Promise<Database> {
  if (engine === "pglite") return openDatabase({ kind: "pglite", dataDir: undefined, template: await pgliteTemplate() });
  return openDatabase({ kind: "postgres", url: await emptyPostgresUrl() });
}

/** For setup and assertions: one statement as the system role (every tenant's rows). */
export function systemRows<Row = Record<string, unknown>>(database: Database, query: SQL): Promise<Row[]> {
  return database.asSystem((executor) => executor.rows<Row>(query));
}

/** For setup and assertions: drizzle in one system transaction. */
export function asSystem<Value>(database: Database, work: (drizzle: Drizzle) => Promise<Value>): Promise<Value> {
  return database.asSystem((executor) => work(executor.drizzle));
}

/**
 * Runs `work` as the role the server connected with (the tables' owner; a
 * superuser on PGlite and in CI): what someone with the database's owner
 * rights could do, for tamper tests. The server itself never does this.
 */
export function asOwner<Value>(database: Database, work: (executor: Executor) => Promise<Value>): Promise<Value> {
  return database.asSystem(async (executor) => {
    const [who] = await executor.rows<{ name: string }>(sql`select session_user as name`);
    if (!who) throw new Error("no session user");
    await executor.rows(sql.raw(`set local role "${who.name.replaceAll('"', '""')}"`));
    return work(executor);
  });
}
