/** What `rehearse worker` calls: the queue from the environment, then a RunWorker. */
import { queueConnectionFrom } from "../services/bullmq-connection.js";
import { startRunWorker } from "./run-worker.js";

export interface WorkerProcessOptions {
  endpoint: string;
  token: string;
  concurrency: number;
  workDir: string;
  drainTimeoutMs: number;
  stalledIntervalMs?: number;
  environment: Readonly<Record<string, string | undefined>>;
  version: string;
  warn: (message: string) => void;
}

export async function startWorkerProcess(options: WorkerProcessOptions) {
  const queue = queueConnectionFrom(options.environment);
  if (!queue)
    throw Object.assign(new Error("rehearse worker needs a queue: set REDIS_URL, or REHEARSE_QUEUE=postgres with DATABASE_URL"), {
      code: "REHEARSE_CONFIG",
    });
  const worker = await startRunWorker({ ...options, queue });
  return { id: worker.id, backend: queue.backend, close: worker.close };
}
