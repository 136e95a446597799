/** Cassettes of launched runs and what a rerun needs of the run it reruns (services/reruns.ts). */
import { and, eq } from "drizzle-orm";
import type { Executor } from "./database.js";
import type { RunJob } from "./run-job.js";
import { runCassettes, runs } from "./schema.js";

/** Stores (or replaces) the cassette run `runId` recorded. */
export async function storeCassette(executor: Executor, tenantId: string, runId: string, content: string): Promise<void> {
  const bytes = Buffer.byteLength(content);
  await executor.drizzle
    .insert(runCassettes)
    .values({ tenantId, runId, content, bytes })
    .onConflictDoUpdate({ target: [runCassettes.tenantId, runCassettes.runId], set: { content, bytes } });
}

/** The cassette of run `runId`, or undefined. */
export async function readCassette(executor: Executor, runId: string): Promise<string | undefined> {
  const [row] = await executor.drizzle
    .select({ content: runCassettes.content })
    .from(runCassettes)
    .where(eq(runCassettes.runId, runId));
  return row?.content;
}

/** A launched run's job and whether it has a cassette (for reruns); undefined when unknown. */
export async function rerunSource(
  executor: Executor,
  runId: string,
): Promise<{ job: RunJob | null; hasCassette: boolean } | undefined> {
  const [row] = await executor.drizzle
    .select({ job: runs.job, cassette: runCassettes.runId })
    .from(runs)
    .leftJoin(runCassettes, and(eq(runCassettes.tenantId, runs.tenantId), eq(runCassettes.runId, runs.id)))
    .where(eq(runs.id, runId));
  return row ? { job: row.job as unknown as RunJob | null, hasCassette: row.cassette !== null } : undefined;
}
