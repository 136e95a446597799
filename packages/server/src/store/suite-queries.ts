/**
 * Suites pushed to the server (`rehearse push`) and their versions, one
 * tenant at a time (the caller's `forTenant` executor).
 */
import { and, desc, eq, sql } from "drizzle-orm";
import type { Executor } from "./database.js";
import { suites, suiteVersions } from "./schema.js";

/** One file of a suite, by its path relative to the suite's root. */
export interface SuiteFile {
  path: string;
  content: string;
}

/** A scenario of a suite: the file it is in, its id (what its runs report) and its name. */
export interface SuiteScenario {
  path: string;
  id: string;
  name: string;
}

/** A stored version. */
export interface SuiteVersionRow {
  suiteName: string;
  version: string;
  files: SuiteFile[];
  scenarios: SuiteScenario[];
  createdAt: Date;
  createdBy: string | null;
}

/**
 * Stores `version` of suite `name` unless it is already there, and makes it the
 * suite's newest; true when the version is new.
 */
export async function storeSuiteVersion(
  executor: Executor,
  row: { tenantId: string; name: string; version: string; files: SuiteFile[]; scenarios: SuiteScenario[]; createdBy: string },
): Promise<boolean> {
  const inserted = await executor.drizzle
    .insert(suiteVersions)
    .values({
      tenantId: row.tenantId,
      suiteName: row.name,
      version: row.version,
      files: row.files,
      scenarios: row.scenarios,
      createdBy: row.createdBy,
    })
    .onConflictDoNothing()
    .returning({ version: suiteVersions.version });
  await executor.drizzle
    .insert(suites)
    .values({ tenantId: row.tenantId, name: row.name, latestVersion: row.version })
    .onConflictDoUpdate({
      target: [suites.tenantId, suites.name],
      set: { latestVersion: row.version, updatedAt: sql`now()` },
    });
  return inserted.length > 0;
}

/** Version `version` of suite `name` (the newest when `version` is undefined), or undefined. */
export async function readSuiteVersion(
  executor: Executor,
  name: string,
  version: string | undefined,
): Promise<SuiteVersionRow | undefined> {
  let wanted = version;
  if (wanted === undefined) {
    const [suite] = await executor.drizzle.select({ latest: suites.latestVersion }).from(suites).where(eq(suites.name, name));
    if (!suite) return undefined;
    wanted = suite.latest;
  }
  const [row] = await executor.drizzle
    .select()
    .from(suiteVersions)
    .where(and(eq(suiteVersions.suiteName, name), eq(suiteVersions.version, wanted)));
  return row
    ? {
        suiteName: row.suiteName,
        version: row.version,
        files: row.files,
        scenarios: row.scenarios,
        createdAt: row.createdAt,
        createdBy: row.createdBy,
      }
    : undefined;
}

/** The tenant's suites, newest push first, each with its version count. */
export async function listSuites(
  executor: Executor,
): Promise<Array<{ name: string; latestVersion: string; updatedAt: Date; versions: number; scenarios: number }>> {
  const rows = await executor.drizzle
    .select({
      name: suites.name,
      latestVersion: suites.latestVersion,
      updatedAt: suites.updatedAt,
      versions: sql<number>`(select count(*)::int from ${suiteVersions} v where v.suite_name = ${suites.name})`,
      scenarios: sql<number>`(select jsonb_array_length(v.scenarios) from ${suiteVersions} v where v.suite_name = ${suites.name} and v.version = ${suites.latestVersion})`,
    })
    .from(suites)
    .orderBy(desc(suites.updatedAt), suites.name)
    .limit(500);
  return rows.map((row) => ({ ...row, versions: Number(row.versions), scenarios: Number(row.scenarios ?? 0) }));
}
