/**
 * An in-process server for route tests: the real app, services and store
 * (PGlite in memory, or PostgreSQL in CI), a silent logger, the default
 * tenant's admin key, and a second tenant's key for isolation tests.
 */

import { randomBytes } from "node:crypto";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { IngestEvent } from "@rehearse/core/events";
import pino from "pino";
import { createApp } from "../http/app.js";
import type { AppEnv, Services } from "../http/app-env.js";
import { AnomalyDetection } from "../services/anomaly-detection.js";
import { ApiKeys } from "../services/api-keys.js";
import { AuditLog, type AuditLogOptions } from "../services/audit-log.js";
import { AuditSigner } from "../services/audit-signer.js";
import { Authenticator, bootstrapTenant } from "../services/authentication.js";
import { Calibration } from "../services/calibration.js";
import { CalibrationEvaluator, type CalibrationEvaluatorOptions } from "../services/calibration-evaluation.js";
import { DashboardFiles } from "../services/dashboard-files.js";
import { GraphBuilder, type GraphBuilderOptions } from "../services/graph-builder.js";
import { GuardRecords } from "../services/guard-records.js";
import { History } from "../services/history.js";
import { IngestQueue } from "../services/ingest-queue.js";
import { launchingServices } from "../services/launching.js";
import { LiveHub, type LiveHubOptions } from "../services/live-hub.js";
import { Logins } from "../services/logins.js";
import type { Notify } from "../services/notification-event.js";
import { Notifications, type NotificationsOptions } from "../services/notifications.js";
import { policyServices } from "../services/policy-services.js";
import { ReleaseGuard } from "../services/release-guard.js";
import type { RunQueue } from "../services/run-queue.js";
import { scrapeTokenMatcher } from "../services/scrape-token.js";
import { ServerMetrics } from "../services/server-metrics.js";
import { SetAnalytics } from "../services/set-analytics.js";
import type { GovernanceSettings } from "../services/tenant-policy.js";
import { Users } from "../services/users.js";
import { WorkerCredentials } from "../services/worker-credentials.js";
import { countActiveRuns } from "../store/run-queries.js";
import { tenants } from "../store/schema.js";
import { freshDatabase } from "./database.js";
import { RecordingQueue } from "./recording-queue.js";

/** A parsed response body; tests read fields they assert on. */
// biome-ignore lint/suspicious/noExplicitAny: response bodies in tests are checked by assertions, not types
export type Json = any;

export interface TestApp {
  app: OpenAPIHono<AppEnv>;
  services: Services;
  adminKey: string;
  otherTenantKey: string;
  /** `app.request` with the admin key (or `key`) as a bearer token. */
  get(path: string, key?: string): Promise<Response>;
  post(path: string, body: unknown, key?: string): Promise<Response>;
  /** Any method, with the admin key (or `key`) and a JSON body when given. */
  request(method: string, path: string, body?: unknown, key?: string): Promise<Response>;
  /** GETs `path` with the admin key and returns the JSON body, failing on a non-2xx status. */
  read(path: string, key?: string): Promise<Json>;
  /** Posts events and returns the parsed per-event results. */
  send(events: IngestEvent[], key?: string): Promise<{ accepted: number; duplicates: string[]; rejected: unknown[] }>;
  close(): Promise<void>;
}

export async function testApp(
  engine: "pglite" | "postgres" = "pglite",
  options: {
    now?: () => number;
    live?: LiveHubOptions;
    audit?: AuditLogOptions;
    metricsToken?: string;
    governance?: GovernanceSettings;
    /** The dashboard's built files to serve at `/`; none by default. */
    dashboardDir?: string;
    /** The notifications service's options over the defaults (no timers started); `false`: none. */
    notifications?: Partial<NotificationsOptions> | false;
    /** Told about anomalies detected on ingest (`anomaly.detected`); none by default. */
    notify?: Notify;
    /** Where launched runs go; by default a RecordingQueue that keeps them (see `queue` on the result). */
    queue?: RunQueue;
    /** The installation's worker token (default: random). */
    workerToken?: string;
    /** The graph builder's model and environment (default: none, so it answers 503). */
    builder?: GraphBuilderOptions;
    /** The calibration evaluator's model and environment (default: none, so evaluation answers 503). */
    calibration?: CalibrationEvaluatorOptions;
  } = {},
): Promise<TestApp> {
  const database = await freshDatabase(engine);
  const now = options.now ?? Date.now;
  const pepper = randomBytes(32);
  const keys = new ApiKeys(database, pepper, now);
  const users = new Users(database, now);
  const audit = new AuditLog(database, new AuditSigner(randomBytes(32)), now, options.audit);
  const admin = await bootstrapTenant(database, keys, audit);
  if (!admin) throw new Error("the fresh database already had a tenant");
  await database.asSystem(({ drizzle }) => drizzle.insert(tenants).values({ id: "other", name: "Other" }));
  const other = await keys.issue("other", { name: "other tenant", role: "api", scopes: ["events:write", "runs:read"] });
  const metrics = new ServerMetrics({
    processMetrics: false,
    countActiveRuns: () => database.asSystem((executor) => countActiveRuns(executor, new Date(now()))),
  });
  const live = new LiveHub(options.live);
  const logger = pino({ level: process.env.SERVER_TEST_LOG ?? "silent" });
  const notifications =
    options.notifications === false
      ? undefined
      : new Notifications({
          database,
          pepper,
          logger,
          metrics,
          publicUrl: () => "http://127.0.0.1:4319",
          now,
          ...options.notifications,
        });
  const anomalies = new AnomalyDetection(database, {
    metrics,
    logger,
    now,
    ...(options.notify ? { notify: options.notify } : {}),
  });
  const ingest = new IngestQueue(database, {
    onFlush: (events, seconds) => metrics.flushed(events, seconds),
    onCommit: (result) => {
      metrics.committed(result);
      live.committed(result);
      anomalies.committed(result);
    },
  });
  const queue = options.queue ?? new RecordingQueue();
  const credentials = new WorkerCredentials(Buffer.from(options.workerToken ?? randomBytes(32).toString("base64url")));
  const launching = launchingServices({ database, audit, credentials, queue: () => queue, now });
  const services: Services = {
    database,
    authenticator: new Authenticator(database, keys, now, credentials),
    keys,
    audit,
    users,
    logins: new Logins(database, users, pepper, now),
    secureCookies: false,
    trustProxy: true,
    ...(options.metricsToken
      ? { metricsToken: scrapeTokenMatcher({ value: Buffer.from(options.metricsToken), source: "test" }) }
      : {}),
    ingest,
    ...policyServices(database, audit, logger, options.governance ?? { enabled: false, defaultMinScore: undefined }, now),
    history: new History(database, now),
    analytics: new SetAnalytics(database),
    anomalies,
    guard: new ReleaseGuard(database, audit, metrics, { now, logger, ...(options.notify ? { notify: options.notify } : {}) }),
    guardRecords: new GuardRecords(database, audit, now),
    ...(options.dashboardDir ? { dashboard: new DashboardFiles(options.dashboardDir) } : {}),
    live,
    ...(notifications ? { notifications } : {}),
    launching,
    graphBuilder: new GraphBuilder(options.builder ?? { environment: {} }),
    calibration: new Calibration(database, now),
    calibrationEvaluator: new CalibrationEvaluator(options.calibration ?? { environment: {} }),
    metrics,
    logger,
    publicUrl: () => "http://127.0.0.1:4319",
    now,
  };
  const app = createApp(services);
  const headers = (key: string) => ({ authorization: `Bearer ${key}` });
  const get = (path: string, key = admin.secret) => Promise.resolve(app.request(path, { headers: headers(key) }));
  const request = (method: string, path: string, body?: unknown, key = admin.secret) =>
    Promise.resolve(
      app.request(path, {
        method,
        headers: { ...headers(key), ...(body === undefined ? {} : { "content-type": "application/json" }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    );
  const post = (path: string, body: unknown, key = admin.secret) => request("POST", path, body, key);
  return {
    app,
    services,
    adminKey: admin.secret,
    otherTenantKey: other.secret,
    get,
    post,
    request,
    async read(path, key) {
      const response = await get(path, key);
      if (!response.ok) throw new Error(`GET ${path} answered ${response.status}: ${await response.text()}`);
      return response.json();
    },
    async send(events, key) {
      const response = await post("/api/v1/events", { events }, key);
      if (response.status !== 200) throw new Error(`ingest answered ${response.status}: ${await response.text()}`);
      return (await response.json()) as Json;
    },
    async close() {
      live.close();
      await ingest.close();
      await anomalies.close();
      await notifications?.stop();
      await database.close();
    },
  };
}
