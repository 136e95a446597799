/**
 * Starts the run-history server: opens (and migrates) the store, creates the
 * default tenant and its admin key on first start, serves HTTP, and shuts
 * down gracefully (stop accepting, drain the ingest writer, close live
 * streams, close the database).
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join, resolve } from "node:path";
import { serve } from "@hono/node-server";
import type { OpenAPIHono } from "@hono/zod-openapi";
import pino, { type Logger } from "pino";
import { createApp } from "./http/app.js";
import type { AppEnv, Services } from "./http/app-env.js";
import { environmentPattern } from "./services/api-key-format.js";
import { ApiKeys } from "./services/api-keys.js";
import { AuditLog } from "./services/audit-log.js";
import { AuditSigner } from "./services/audit-signer.js";
import { AuditWatch, exportAnchor } from "./services/audit-watch.js";
import { Authenticator, bootstrapTenant } from "./services/authentication.js";
import { lockDataDir } from "./services/data-dir-lock.js";
import { History } from "./services/history.js";
import { IngestQueue } from "./services/ingest-queue.js";
import { LiveHub, type LiveHubOptions } from "./services/live-hub.js";
import { Logins } from "./services/logins.js";
import { ServerMetrics } from "./services/server-metrics.js";
import { loadSecret } from "./services/server-secrets.js";
import { Users } from "./services/users.js";
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
  /**
   * Where the server's secrets are read: `REHEARSE_KEY_PEPPER` (or `REHEARSE_KEY_PEPPER_FILE`, mode
   * 0600) for the API-key pepper, else `<dataDir>/secrets/key-pepper` made on first start; and
   * `REHEARSE_KEY_ENVIRONMENT` (default `live`), the label in new keys; `REHEARSE_AUDIT_SIGNING_KEY` (or
   * `_FILE`, else `<dataDir>/secrets/audit-signing-key`), the seed of the Ed25519 key that signs audit
   * anchors; `REHEARSE_AUDIT_WEBHOOK_URL`, where anchors are also posted; `REHEARSE_SECURE_COOKIES=true`
   * (behind TLS: session cookies are `Secure`) and `REHEARSE_TRUST_PROXY=true` (behind a proxy:
   * `X-Forwarded-For` names the client for sign-in limits). The CLI passes its environment.
   */
  environment?: Readonly<Record<string, string | undefined>>;
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
  // a file left from an earlier database is replaced, not rewritten in place: its mode may be looser than 0600
  rmSync(path, { force: true });
  writeFileSync(path, `${secret}\n`, { mode: 0o600, flag: "wx" });
  return path;
}

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const dataDir = resolve(options.dataDir ?? ".rehearse/data");
  const logger = options.logger ?? pino({ level: options.logLevel ?? "info" }, pino.destination(2));
  const environment = options.environment ?? {};
  const keyEnvironment = environment.REHEARSE_KEY_ENVIRONMENT || "live";
  if (!environmentPattern.test(keyEnvironment)) {
    throw Object.assign(new Error(`REHEARSE_KEY_ENVIRONMENT must be 1-8 lowercase letters, got "${keyEnvironment}"`), {
      code: "REHEARSE_CONFIG",
    });
  }
  const release = options.databaseUrl ? () => undefined : lockDataDir(dataDir);
  let pepper: ReturnType<typeof loadSecret>;
  let signingSecret: ReturnType<typeof loadSecret>;
  try {
    pepper = loadSecret({ variable: "REHEARSE_KEY_PEPPER", fileName: "key-pepper", environment, dataDir });
    signingSecret = loadSecret({ variable: "REHEARSE_AUDIT_SIGNING_KEY", fileName: "audit-signing-key", environment, dataDir });
  } catch (error) {
    release();
    throw error;
  }
  let database: Database;
  try {
    database = options.databaseUrl
      ? await openDatabase({ kind: "postgres", url: options.databaseUrl })
      : await openEmbedded(join(dataDir, "pglite"));
  } catch (error) {
    release();
    throw error;
  }
  const keys = new ApiKeys(database, pepper.value, Date.now, keyEnvironment);
  if ((await keys.checkPepper()) === "differs") {
    await database.close();
    release();
    throw Object.assign(
      new Error(
        `the API-key pepper (${pepper.source}) is not the one this database's keys were made with, so every key would be refused; ` +
          "give this server the same pepper as the others (REHEARSE_KEY_PEPPER or REHEARSE_KEY_PEPPER_FILE) or start it on the data dir whose secrets/key-pepper made them",
      ),
      { code: "REHEARSE_SECRET" },
    );
  }
  logger.info({ source: pepper.source }, "API-key pepper loaded");
  const signer = new AuditSigner(signingSecret.value);
  const webhookUrl = environment.REHEARSE_AUDIT_WEBHOOK_URL || undefined;
  const audit = new AuditLog(database, signer, Date.now, {
    onAnchor: (anchor) => exportAnchor(logger, anchor, signer.publicKey, webhookUrl),
  });
  logger.info({ keyId: signer.keyId, publicKey: signer.publicKey, source: signingSecret.source }, "audit signing key loaded");
  const created = await bootstrapTenant(database, keys, audit);
  const users = new Users(database);
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
    authenticator: new Authenticator(database, keys),
    keys,
    audit,
    users,
    logins: new Logins(database, users, pepper.value),
    secureCookies: environment.REHEARSE_SECURE_COOKIES === "true",
    trustProxy: environment.REHEARSE_TRUST_PROXY === "true",
    ingest,
    history: new History(database),
    live,
    metrics,
    logger,
    publicUrl: () => publicUrl,
    now: Date.now,
  };
  const app = createApp(services, options.extend);
  const watch = new AuditWatch(audit, metrics, logger);
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
  watch.start();
  const port = (server.address() as AddressInfo).port;
  publicUrl = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      const stopped = new Promise<void>((done) => server.close(() => done()));
      watch.stop();
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
