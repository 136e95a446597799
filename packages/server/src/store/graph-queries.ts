/**
 * Uploaded behavioral graphs and their versions, one tenant at a time (the
 * caller's `forTenant` executor), and the reads the graph routes need about
 * the runs launched from them (their states, their stored events).
 */
import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { Executor } from "./database.js";
import { graphs, runs } from "./schema.js";

/** A stored graph version. */
export interface GraphVersionRow {
  name: string;
  version: string;
  suiteName: string;
  suiteVersion: string;
  graphPath: string;
  outline: Record<string, unknown>;
  modules: string[];
  scenarios: Array<{ path: string; id: string; name: string }>;
  createdAt: Date;
  createdBy: string | null;
}

/** Stores a graph version unless it is there already; true when it is new. */
export async function insertGraphVersion(
  executor: Executor,
  row: Omit<GraphVersionRow, "createdAt"> & { tenantId: string },
): Promise<boolean> {
  const inserted = await executor.drizzle.insert(graphs).values(row).onConflictDoNothing().returning({ version: graphs.version });
  return inserted.length > 0;
}

/** Version `version` of graph `name`, or its newest upload when `version` is undefined. */
export async function readGraphVersion(
  executor: Executor,
  name: string,
  version: string | undefined,
): Promise<GraphVersionRow | undefined> {
  const [row] = await executor.drizzle
    .select()
    .from(graphs)
    .where(version === undefined ? eq(graphs.name, name) : and(eq(graphs.name, name), eq(graphs.version, version)))
    .orderBy(desc(graphs.createdAt), desc(graphs.version))
    .limit(1);
  return row ? withoutTenant(row) : undefined;
}

/** Every version of graph `name`, newest first (at most `limit`). */
export async function graphVersions(executor: Executor, name: string, limit = 200): Promise<GraphVersionRow[]> {
  const rows = await executor.drizzle
    .select()
    .from(graphs)
    .where(eq(graphs.name, name))
    .orderBy(desc(graphs.createdAt), desc(graphs.version))
    .limit(limit);
  return rows.map(withoutTenant);
}

/** The tenant's graphs: newest version, how many versions, when the last was uploaded (newest first). */
export async function listGraphs(
  executor: Executor,
): Promise<Array<{ name: string; latestVersion: string; versions: number; updatedAt: Date; nodes: number }>> {
  const rows = await executor.rows<{
    name: string;
    latest_version: string;
    versions: number;
    updated_at: Date | string;
    nodes: number | null;
  }>(sql`
    select distinct on (name) name, version as latest_version,
      count(*) over (partition by name)::int as versions, created_at as updated_at,
      jsonb_array_length(outline -> 'nodes') as nodes
    from ${graphs}
    order by name, created_at desc, version desc`);
  return rows
    .map((row) => ({
      name: row.name,
      latestVersion: row.latest_version,
      versions: Number(row.versions),
      updatedAt: new Date(row.updated_at),
      nodes: Number(row.nodes ?? 0),
    }))
    .sort((left, right) => right.updatedAt.getTime() - left.updatedAt.getTime() || (left.name < right.name ? -1 : 1))
    .slice(0, 500);
}

/** A run's state as the graph routes report it, or undefined when the tenant has no such run. */
export interface GraphRunState {
  runId: string;
  scenarioId: string;
  state: string;
  status: string | null;
  verdict: string | null;
  reasoning: string | null;
  error: string | null;
  errorCode: string | null;
}

const runStateColumns = {
  runId: runs.id,
  scenarioId: runs.scenarioId,
  state: runs.state,
  status: runs.status,
  verdict: runs.verdict,
  reasoning: runs.reasoning,
  error: runs.error,
  errorCode: runs.errorCode,
};

/** One run's state. */
export async function graphRunState(executor: Executor, runId: string): Promise<GraphRunState | undefined> {
  const [row] = await executor.drizzle.select(runStateColumns).from(runs).where(eq(runs.id, runId));
  return row;
}

/** The runs of a batch, by trial then id. */
export async function graphBatchRuns(executor: Executor, batchId: string): Promise<GraphRunState[]> {
  return executor.drizzle
    .select(runStateColumns)
    .from(runs)
    .where(eq(runs.batchId, batchId))
    .orderBy(asc(runs.trialIndex), asc(runs.id));
}

function withoutTenant(row: typeof graphs.$inferSelect): GraphVersionRow {
  const { tenantId: _, ...rest } = row;
  return rest;
}
