/**
 * Starts the run-history server: opens (and migrates) the store, creates the
 * default tenant and its admin key on first start, serves HTTP, and shuts
 * down gracefully (stop accepting, drain the ingest writer, close live
 * streams, close the database).
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join, resolve } from "node:path";
import { serve } from "@hono/node-server";
import type { OpenAPIHono } from "@hono/zod-openapi";
import pino, { type Logger } from "pino";
import { createApp } from "./http/app.js";
import type { AppEnv, Services } from "./http/app-env.js";
import { Authenticator, bootstrapTenant } from "./services/authentication.js";
import { lockDataDir } from "./services/data-dir-lock.js";
import { History } from "./services/history.js";
import { IngestQueue } from "./services/ingest-queue.js";
import { LiveHub, type LiveHubOptions } from "./services/live-hub.js";
import { ServerMetrics } from "./services/server-metrics.js";
import { type Database, openDatabase } from "./store/database.js";
import { latestIngestId } from "./store/live-queries.js";
import { countActiveRuns } from "./store/run-queries.js";

/** How to start a server. */
export interface ServerOptions {
  /** Default 4319; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1 (loopback only). */
  host?: string;
  /** Where the embedded database and `admin.key` live; default `.rehearse/data`. */
  dataDir?: string;
  /** PostgreSQL instead of the embedded database (`DATABASE_URL`). */
  databaseUrl?: string;
  /** JSON logs go here; default a pino logger on stderr at `logLevel`. */
  logger?: Logger;
  /** Level of the default logger: `info` (every request), `warn`, `error`, `silent`. */
  logLevel?: string;
  /** Live-stream policy (heartbeat, resume caps); the defaults suit production. */
  live?: LiveHubOptions;
  /** Routes added by other modules (diff, compatibility). */
  extend?: Array<(app: OpenAPIHono<AppEnv>) => void>;
}

/** A running server. */
export interface RunningServer {
  url: string;
  port: number;
  dataDir: string;
  /** Set on the first start: where the admin key's secret was written (once). */
  adminKeyFile: string | undefined;
  services: Services;
  app: OpenAPIHono<AppEnv>;
  /** Graceful shutdown; safe to call twice. */
  close(): Promise<void>;
}

/** Writes the first admin key's secret to `<dataDir>/admin.key` (0600), never overwriting one. */
function writeAdminKey(dataDir: string, secret: string): string {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, "admin.key");
  writeFileSync(path, `${secret}\n`, { mode: 0o600, flag: existsSync(path) ? "w" : "wx" });
  return path;
}

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const dataDir = resolve(options.dataDir ?? ".rehearse/data");
  const logger = options.logger ?? pino({ level: options.logLevel ?? "info" }, pino.destination(2));
  const release = options.databaseUrl ? () => undefined : lockDataDir(dataDir);
  let database: Database;
  try {
    database = options.databaseUrl
      ? await openDatabase({ kind: "postgres", url: options.databaseUrl })
      : await openEmbedded(join(dataDir, "pglite"));
  } catch (error) {
    release();
    throw error;
  }
  const created = await bootstrapTenant(database);
  const adminKeyFile = created ? writeAdminKey(dataDir, created.secret) : undefined;

  const metrics = new ServerMetrics({ countActiveRuns: () => countActiveRuns(database, new Date()) });
  const live = new LiveHub(options.live);
  live.advance(await latestIngestId(database));
  const ingest = new IngestQueue(database, {
    onFlush: (events, seconds) => metrics.flushed(events, seconds),
    onCommit: (result) => {
      metrics.committed(result);
      live.committed(result);
    },
  });
  let publicUrl = "";
  const services: Services = {
    database,
    authenticator: new Authenticator(database),
    ingest,
    history: new History(database),
    live,
    metrics,
    logger,
    publicUrl: () => publicUrl,
    now: Date.now,
  };
  const app = createApp(services, options.extend);
  const host = options.host ?? "127.0.0.1";
  let server: ReturnType<typeof serve>;
  try {
    server = await new Promise<ReturnType<typeof serve>>((resolveServer, reject) => {
      const started = serve({ fetch: app.fetch, port: options.port ?? 4319, hostname: host }, () => resolveServer(started));
      started.once("error", reject);
    });
  } catch (error) {
    // nothing was served: let go of the database and the data dir, so the process can end
    live.close();
    await ingest.close();
    await database.close();
    release();
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  publicUrl = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      const stopped = new Promise<void>((done) => server.close(() => done()));
      // every stream and playback ends; clients reconnect (retry: 3000) and resume with Last-Event-ID
      live.close();
      (server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.();
      await ingest.close();
      (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      await stopped;
      await database.close();
      release();
    })();
    return closing;
  };
  return { url: publicUrl, port, dataDir, adminKeyFile, services, app, close };
}

/** The embedded database; a new directory starts from the shipped image (no initdb: well under a second). */
async function openEmbedded(directory: string): Promise<Database> {
  const fresh = !existsSync(join(directory, "PG_VERSION"));
  const template = fresh ? await embeddedTemplate() : undefined;
  return openDatabase({ kind: "pglite", dataDir: directory, ...(template ? { template } : {}) });
}

/** The migrated empty image shipped with the package (made by `npm run build`), when it is there. */
async function embeddedTemplate(): Promise<Blob | undefined> {
  const { readFile } = await import("node:fs/promises");
  try {
    const bytes = await readFile(new URL("../pglite-template.tar.gz", import.meta.url));
    return new Blob([bytes]);
  } catch {
    return undefined;
  }
}
