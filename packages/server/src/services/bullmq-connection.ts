/**
 * Where BullMQ keeps the run queue: Redis (`REDIS_URL`, the default
 * distributed mode) or BullMQ's PostgreSQL backend on `DATABASE_URL`
 * (`REHEARSE_QUEUE=postgres`; its tables live in schema `bullmq`, migrated on
 * first connect). Both are selected per instance, never process-wide.
 */
import { createPostgresBackend, type QueueOptions, type WorkerOptions } from "bullmq";

/** The queue's name. */
export const RUN_QUEUE_NAME = "rehearse-runs";

export type QueueConnection =
  | { backend: "redis"; url: string; prefix?: string | undefined }
  | { backend: "postgres"; connectionString: string; schema?: string | undefined };

/**
 * The queue connection the environment asks for: `REHEARSE_QUEUE=postgres`
 * (with `DATABASE_URL`), else `REDIS_URL`, else none (embedded). Throws a
 * `REHEARSE_CONFIG` error for a setting that cannot work.
 */
export function queueConnectionFrom(environment: Readonly<Record<string, string | undefined>>): QueueConnection | undefined {
  const kind = environment.REHEARSE_QUEUE?.trim().toLowerCase();
  const configError = (message: string) => Object.assign(new Error(message), { code: "REHEARSE_CONFIG" });
  if (kind === "postgres") {
    const connectionString = environment.DATABASE_URL;
    if (!connectionString)
      throw configError(
        "REHEARSE_QUEUE=postgres needs DATABASE_URL (BullMQ's PostgreSQL backend cannot use the embedded database)",
      );
    return { backend: "postgres", connectionString };
  }
  if (kind && kind !== "redis" && kind !== "embedded")
    throw configError(`REHEARSE_QUEUE must be redis, postgres or embedded; got "${environment.REHEARSE_QUEUE}"`);
  if (kind === "embedded") return undefined;
  const url = environment.REDIS_URL?.trim();
  if (kind === "redis" && !url) throw configError("REHEARSE_QUEUE=redis needs REDIS_URL (redis://host:port)");
  if (!url) return undefined;
  if (!/^rediss?:\/\//.test(url)) throw configError(`REDIS_URL must be a redis:// or rediss:// URL; got "${url}"`);
  return { backend: "redis", url, prefix: environment.REHEARSE_QUEUE_PREFIX || undefined };
}

/** Constructor arguments for a BullMQ Queue, Worker or QueueEvents on `connection`. */
export function bullmqArguments<Options extends QueueOptions | WorkerOptions>(
  connection: QueueConnection,
  options: Omit<Options, "connection">,
  role: "producer" | "worker",
): [Options, typeof createPostgresBackend | undefined] {
  if (connection.backend === "postgres") {
    return [
      {
        ...options,
        connection: {
          connectionString: connection.connectionString,
          migrate: true,
          ...(connection.schema ? { schema: connection.schema } : {}),
        },
      } as unknown as Options,
      createPostgresBackend,
    ];
  }
  // workers wait forever on a blocking call (BullMQ requires maxRetriesPerRequest: null); producers fail fast
  const redis = {
    url: connection.url,
    ...(role === "worker" ? { maxRetriesPerRequest: null } : { maxRetriesPerRequest: 1, enableOfflineQueue: false }),
  };
  return [
    { ...options, connection: redis, ...(connection.prefix ? { prefix: connection.prefix } : {}) } as unknown as Options,
    undefined,
  ];
}
