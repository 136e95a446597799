/**
 * What every request handler can reach: the services of this server
 * (passed in, never global) and, after authentication, the caller's scope.
 */
import type { Logger } from "pino";
import type { AnomalyDetection } from "../services/anomaly-detection.js";
import type { ApiKeys } from "../services/api-keys.js";
import type { AuditLog } from "../services/audit-log.js";
import type { Authenticator } from "../services/authentication.js";
import type { Calibration } from "../services/calibration.js";
import type { CalibrationEvaluator } from "../services/calibration-evaluation.js";
import type { DashboardFiles } from "../services/dashboard-files.js";
import type { Governance } from "../services/governance.js";
import type { GraphBuilder } from "../services/graph-builder.js";
import type { GuardRecords } from "../services/guard-records.js";
import type { History } from "../services/history.js";
import type { IngestQueue } from "../services/ingest-queue.js";
import type { IngestRedaction } from "../services/ingest-redaction.js";
import type { Launching } from "../services/launching.js";
import type { LiveHub } from "../services/live-hub.js";
import type { Logins } from "../services/logins.js";
import type { Notifications } from "../services/notifications.js";
import type { ReadRedaction } from "../services/read-redaction.js";
import type { ReleaseGuard } from "../services/release-guard.js";
import type { Retention } from "../services/retention.js";
import type { ServerMetrics } from "../services/server-metrics.js";
import type { SetAnalytics } from "../services/set-analytics.js";
import type { SingleSignOn } from "../services/single-sign-on.js";
import type { TenantPolicies } from "../services/tenant-policy.js";
import type { TenantScope } from "../services/tenant-scope.js";
import type { Users } from "../services/users.js";
import type { Database } from "../store/database.js";

export interface Services {
  database: Database;
  authenticator: Authenticator;
  keys: ApiKeys;
  audit: AuditLog;
  users: Users;
  logins: Logins;
  /** Single sign-on through an OIDC provider; absent when none is configured (the SSO routes answer 404). */
  sso?: SingleSignOn;
  /** Session cookies get `Secure` even over plain HTTP (the server sits behind TLS). */
  secureCookies: boolean;
  /** `X-Forwarded-For` names the client (the server sits behind a proxy that sets it). */
  trustProxy: boolean;
  /** Whether a presented bearer token is the Prometheus scrape token (`REHEARSE_METRICS_TOKEN`); absent: none is set. */
  metricsToken?: (presented: string) => boolean;
  ingest: IngestQueue;
  /** Each tenant's data policy: raw or redacted storage, retention, the governance floor. */
  policies: TenantPolicies;
  governance: Governance;
  /** Redaction at ingest, unless the tenant keeps raw transcripts. */
  redaction: IngestRedaction;
  /** How each caller sees run data (read-time redaction). */
  reading: ReadRedaction;
  retention: Retention;
  history: History;
  /** A set's criteria matrix, flakiness and series. */
  analytics: SetAnalytics;
  /** Scores the runs each ingest flush finished and stores the anomalies (fed by the ingest queue's commits). */
  anomalies: AnomalyDetection;
  /** The release guard: decisions (recorded, audited, notified on fail) and promotions. */
  guard: ReleaseGuard;
  /** The guard's named policies, past decisions and promotions. */
  guardRecords: GuardRecords;
  /** The dashboard's built files; absent when none is built (`/` says how to build it). */
  dashboard?: DashboardFiles;
  live: LiveHub;
  /** Notification channels, the outbox and its relay; absent on a server built without them (the routes answer 503). */
  notifications?: Notifications;
  /** Suites, launched batches, run controls, the run queue and its workers. */
  launching: Launching;
  /** The graph builder (`REHEARSE_BUILDER_MODEL`); absent: its routes answer 503 naming the setting. */
  graphBuilder?: GraphBuilder;
  /** People's labels of judged criteria, the review queue and judge–human agreement (decision 0050). */
  calibration: Calibration;
  /** Re-judges labelled runs with a candidate judge prompt (`REHEARSE_CALIBRATION_MODEL`; unset: 503 naming it). */
  calibrationEvaluator: CalibrationEvaluator;
  metrics: ServerMetrics;
  logger: Logger;
  /** The URL the server is reachable at (links in responses). */
  publicUrl: () => string;
  now: () => number;
}

export interface AppEnv {
  Variables: {
    services: Services;
    scope: TenantScope;
    requestId: string;
  };
}
