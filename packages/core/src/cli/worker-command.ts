/**
 * `rehearse worker`: runs launched runs for a Rehearse server, taking them
 * from the queue the environment names (`REDIS_URL`, or
 * `REHEARSE_QUEUE=postgres` with `DATABASE_URL`) — start any number, on any
 * host that has the project checked out and its dependencies installed. It
 * needs the server's URL (`--server`, `REHEARSE_ENDPOINT`) and the
 * installation's worker token (`REHEARSE_WORKER_TOKEN`, or
 * `<data-dir>/secrets/worker-token` of a server on this machine). Ctrl-C or
 * SIGTERM drains: running runs may finish within `--drain-timeout`, then the
 * rest are stopped and named.
 */
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { startRunWorker } from "../api/server.js";
import type { CliContext } from "./cli-context.js";
import { ExitCode, usageError } from "./exit-codes.js";

export interface WorkerFlags {
  server?: string;
  concurrency: number;
  workDir: string;
  dataDir: string;
  /** Seconds. */
  drainTimeout: number;
  /** Milliseconds. */
  stalledInterval?: number;
}

export async function workerCommand(flags: WorkerFlags, context: CliContext): Promise<number> {
  const command = "rehearse worker";
  const endpoint = flags.server ?? context.env.REHEARSE_ENDPOINT;
  if (!endpoint) throw usageError(`${command}: which server? pass --server <url> or set REHEARSE_ENDPOINT`, "--server");
  const token = await workerToken(flags, context);
  if (!context.env.REDIS_URL && context.env.REHEARSE_QUEUE?.toLowerCase() !== "postgres")
    throw usageError(
      `${command}: no queue: set REDIS_URL (redis://127.0.0.1:6379), or REHEARSE_QUEUE=postgres with DATABASE_URL — the same as the server's. A server without a queue runs launched runs itself.`,
      "REDIS_URL",
    );
  const worker = await startRunWorker({
    endpoint,
    token,
    concurrency: flags.concurrency,
    workDir: resolve(context.cwd, flags.workDir),
    drainTimeoutMs: flags.drainTimeout * 1000,
    ...(flags.stalledInterval ? { stalledIntervalMs: flags.stalledInterval } : {}),
    environment: context.env,
    version: context.version,
    warn: (message) => context.printError(`rehearse worker: ${message}`),
  });
  context.print(
    `worker ${worker.id}: taking runs from ${worker.backend} for ${endpoint} (${flags.concurrency} at a time). Ctrl-C stops it.`,
  );
  await new Promise<void>((done) => {
    if (context.interrupt.aborted) done();
    else context.interrupt.addEventListener("abort", () => done(), { once: true });
  });
  context.printError(`stopping: running runs may finish within ${flags.drainTimeout} s`);
  const { stopped } = await worker.close();
  if (stopped.length > 0) context.printError(`stopped ${stopped.length} run(s) that had not finished: ${stopped.join(", ")}`);
  else context.printError("stopped: every run it held had finished");
  return ExitCode.ok;
}

/** The worker token: `REHEARSE_WORKER_TOKEN`, a file named by `REHEARSE_WORKER_TOKEN_FILE`, else the local server's. */
async function workerToken(flags: WorkerFlags, context: CliContext): Promise<string> {
  const given = context.env.REHEARSE_WORKER_TOKEN?.trim();
  if (given) return given;
  const file = context.env.REHEARSE_WORKER_TOKEN_FILE ?? join(resolve(context.cwd, flags.dataDir), "secrets", "worker-token");
  try {
    return (await readFile(file, "utf8")).trim();
  } catch {
    throw usageError(
      `rehearse worker: no worker token: set REHEARSE_WORKER_TOKEN (the server's, from ${join(flags.dataDir, "secrets", "worker-token")} or its own REHEARSE_WORKER_TOKEN)`,
      "REHEARSE_WORKER_TOKEN",
    );
  }
}
