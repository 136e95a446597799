/**
 * Starts the run-history server: opens (and migrates) the store, creates the
 * default tenant and its admin key on first start, serves HTTP, and shuts
 * down gracefully (stop accepting, drain the ingest writer, close live
 * streams, close the database).
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { OpenAPIHono } from "@hono/zod-openapi";
import pino, { type Logger } from "pino";
import { createApp } from "./http/app.js";
import type { AppEnv, Services } from "./http/app-env.js";
import { attachRunSockets } from "./http/run-sockets.js";
import { openInstallation, writeAdminKey } from "./installation.js";
import { createLaunchRuntime } from "./launch-runtime.js";
import { AnomalyDetection } from "./services/anomaly-detection.js";
import { AuditWatch, exportAnchor } from "./services/audit-watch.js";
import { Authenticator, bootstrapTenant } from "./services/authentication.js";
import type { QueueConnection } from "./services/bullmq-connection.js";
import { Calibration } from "./services/calibration.js";
import { CalibrationEvaluator } from "./services/calibration-evaluation.js";
import { DashboardFiles, locateDashboard } from "./services/dashboard-files.js";
import { GraphBuilder } from "./services/graph-builder.js";
import { GuardRecords } from "./services/guard-records.js";
import { History } from "./services/history.js";
import { IngestQueue } from "./services/ingest-queue.js";
import { LaunchedBatchWatch } from "./services/launched-batch-watch.js";
import { LiveHub, type LiveHubOptions } from "./services/live-hub.js";
import { Logins } from "./services/logins.js";
import { notificationSettingsFromEnvironment } from "./services/notification-config.js";
import { Notifications } from "./services/notifications.js";
import { type OidcProviderConfig, oidcConfigFromEnvironment, parseOidcConfig } from "./services/oidc-config.js";
import { policyServices } from "./services/policy-services.js";
import { ReleaseGuard } from "./services/release-guard.js";
import { scrapeTokenMatcher } from "./services/scrape-token.js";
import { ServerMetrics } from "./services/server-metrics.js";
import { loadConfiguredSecret } from "./services/server-secrets.js";
import { SetAnalytics } from "./services/set-analytics.js";
import { SingleSignOn } from "./services/single-sign-on.js";
import { governanceFromEnvironment } from "./services/tenant-policy.js";
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
   * `X-Forwarded-For` names the client for sign-in limits); `REHEARSE_METRICS_TOKEN` (or `_FILE`), a
   * bearer token that opens `/metrics` only; `OIDC_PROVIDER_CONFIG` (JSON, or `OIDC_PROVIDER_CONFIG_FILE`,
   * mode 0600), the single sign-on provider (unless `oidc` is given); `GOVERNANCE_ENABLED` and
   * `GOVERNANCE_DEFAULT_MIN_SCORE` (0–1), the governance gate (docs/server.md); `REHEARSE_BUILDER_MODEL` and the
   * provider's key (`OPENAI_API_KEY`, `OPENAI_BASE_URL`, …), the graph builder's model. The CLI passes its environment.
   */
  environment?: Readonly<Record<string, string | undefined>>;
  /**
   * The single sign-on provider (docs/server.md, "Single sign-on (OIDC)"), checked like the
   * environment's `OIDC_PROVIDER_CONFIG`, which it replaces; `false`: none, whatever the environment says.
   */
  oidc?: OidcProviderConfig | false;
  /**
   * The dashboard's built files (a directory holding `index.html` and `assets/`), served at `/`;
   * `false`: none. Default: `REHEARSE_DASHBOARD_DIR` from `environment` (a directory, or `off`), else
   * the `dist/` of the installed `@rehearse/dashboard` package when it is built. The server only reads
   * these files; it never loads dashboard code. Without a dashboard, `/` says how to build one.
   */
  dashboardDir?: string | false;
  /**
   * Where launched runs wait: BullMQ on Redis or PostgreSQL (then `rehearse worker` processes run them), or
   * `"embedded"` (this process runs them). Default: `REHEARSE_QUEUE` / `REDIS_URL` from `environment`, else embedded.
   */
  queue?: QueueConnection | "embedded";
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
  /**
   * Set on the first start: where the instance administrator's email and one-time password were
   * written (once, mode 0600; `REHEARSE_ADMIN_EMAIL`, default `admin@localhost`).
   */
  administratorFile: string | undefined;
  /** Whether the dashboard is served at `/` (false: no built dashboard was found, or `dashboardDir: false`). */
  dashboard: boolean;
  /** Where launched runs wait, and where the worker token came from (never its value). */
  launch: { queue: "embedded" | "redis" | "postgres"; workerToken: string };
  services: Services;
  app: OpenAPIHono<AppEnv>;
  /** Graceful shutdown; safe to call twice. */
  close(): Promise<void>;
}

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? pino({ level: options.logLevel ?? "info" }, pino.destination(2));
  const environment = options.environment ?? {};
  const webhookUrl = environment.REHEARSE_AUDIT_WEBHOOK_URL || undefined;
  // checked before anything opens: a bad field stops the start with its name
  const oidc =
    options.oidc === undefined
      ? oidcConfigFromEnvironment(environment)
      : options.oidc && parseOidcConfig(options.oidc, "the oidc option");
  const governance = governanceFromEnvironment(environment);
  const notificationSettings = notificationSettingsFromEnvironment(environment);
  const dashboard = locateDashboard(options.dashboardDir, environment);
  const administratorEmail = (environment.REHEARSE_ADMIN_EMAIL || "admin@localhost").trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+$/.test(administratorEmail))
    throw Object.assign(new Error(`REHEARSE_ADMIN_EMAIL must be an email address; got "${administratorEmail}"`), {
      code: "REHEARSE_CONFIG",
    });
  const installation = await openInstallation({
    environment,
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
    audit: { onAnchor: (signer) => (anchor) => exportAnchor(logger, anchor, signer.publicKey, webhookUrl) },
  });
  const { dataDir, database, keys, audit, users, signer, pepper, signingSecret } = installation;
  let scrapeToken: ReturnType<typeof loadConfiguredSecret>;
  try {
    scrapeToken = loadConfiguredSecret({ variable: "REHEARSE_METRICS_TOKEN", environment });
  } catch (error) {
    await installation.close();
    throw error;
  }
  logger.info({ source: pepper.source }, "API-key pepper loaded");
  if (oidc) logger.info({ issuer: oidc.issuer.href, redirectUri: oidc.redirectUri.href }, "single sign-on (OIDC) configured");
  logger.info({ keyId: signer.keyId, publicKey: signer.publicKey, source: signingSecret.source }, "audit signing key loaded");
  if (dashboard.directory === undefined) logger.info({ reason: dashboard.reason }, "no dashboard: / says how to build it");
  else logger.info({ directory: dashboard.directory, source: dashboard.source }, "dashboard served at /");
  const created = await bootstrapTenant(database, keys, audit, { users, email: administratorEmail });
  const adminKeyFile = created ? writeAdminKey(dataDir, created.secret) : undefined;
  const administratorFile =
    created?.administrator &&
    writeAdminKey(dataDir, `${created.administrator.email}\n${created.administrator.password}`, "admin-password");

  const metrics = new ServerMetrics({
    countActiveRuns: () => database.asSystem((executor) => countActiveRuns(executor, new Date())),
  });
  const live = new LiveHub(options.live);
  live.advance(await database.asSystem(latestIngestId));
  let publicUrl = "";
  const notifications = new Notifications({
    database,
    pepper: pepper.value,
    logger,
    metrics,
    ...notificationSettings,
    publicUrl: () => notificationSettings.publicUrl ?? publicUrl,
  });
  // scores the runs each flush finished, after the flush (never on the ingest path)
  const anomalies = new AnomalyDetection(database, { metrics, logger, notify: notifications.notify });
  // launched batches are announced (batch.finished) once their last run settled
  const batchWatch = new LaunchedBatchWatch(
    database,
    (tenantId, batchId) => notifications.announceBatchFinished(tenantId, batchId),
    logger,
  );
  const ingest = new IngestQueue(database, {
    onFlush: (events, seconds) => metrics.flushed(events, seconds),
    onCommit: (result) => {
      metrics.committed(result);
      live.committed(result);
      anomalies.committed(result);
      batchWatch.committed(result);
    },
  });
  const launch = createLaunchRuntime({
    database,
    audit,
    logger,
    dataDir,
    environment,
    ...(options.queue ? { queue: options.queue } : {}),
    publicUrl: () => publicUrl,
    now: Date.now,
    onRunsSettled: (tenantId, batchId) => batchWatch.note(tenantId, batchId),
  });
  logger.info({ backend: launch.launching.queue().backend, tokenSource: launch.tokenSource }, "run queue ready");
  const logins = new Logins(database, users, pepper.value);
  const services: Services = {
    database,
    authenticator: new Authenticator(database, keys, Date.now, launch.launching.credentials),
    keys,
    audit,
    users,
    logins,
    ...(oidc ? { sso: new SingleSignOn(oidc, { users, logins, pepper: pepper.value }) } : {}),
    secureCookies: environment.REHEARSE_SECURE_COOKIES === "true",
    trustProxy: environment.REHEARSE_TRUST_PROXY === "true",
    ...(scrapeToken ? { metricsToken: scrapeTokenMatcher(scrapeToken) } : {}),
    ingest,
    ...policyServices(database, audit, logger, governance),
    history: new History(database),
    analytics: new SetAnalytics(database),
    anomalies,
    guard: new ReleaseGuard(database, audit, metrics, { logger, notify: notifications.notify }),
    guardRecords: new GuardRecords(database, audit),
    ...(dashboard.directory ? { dashboard: new DashboardFiles(dashboard.directory) } : {}),
    live,
    launching: launch.launching,
    graphBuilder: new GraphBuilder({ environment }),
    calibration: new Calibration(database),
    calibrationEvaluator: new CalibrationEvaluator({ environment }),
    notifications,
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
    await launch.close();
    await ingest.close();
    await anomalies.close();
    await notifications.stop();
    await installation.close();
    throw error;
  }
  // WebSocket upgrades (`/runs/stream/{runId}`) are answered on the same server
  const runSockets = attachRunSockets(server as Server, services);
  watch.start();
  notifications.start();
  services.retention.start();
  const port = (server.address() as AddressInfo).port;
  publicUrl = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  await launch.start();

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      // first, while the server still takes requests: launched runs in this process stop and their events are sent
      await launch.close();
      const stopped = new Promise<void>((done) => server.close(() => done()));
      watch.stop();
      services.retention.stop();
      // every stream and playback ends; clients reconnect (retry: 3000) and resume with Last-Event-ID
      live.close();
      runSockets.close();
      (server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.();
      await ingest.close();
      await anomalies.close();
      await batchWatch.settled();
      await notifications.stop();
      (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      await stopped;
      await installation.close();
    })();
    return closing;
  };
  return {
    url: publicUrl,
    port,
    dataDir,
    adminKeyFile,
    administratorFile,
    dashboard: dashboard.directory !== undefined,
    launch: { queue: launch.launching.queue().backend, workerToken: launch.tokenSource },
    services,
    app,
    close,
  };
}
