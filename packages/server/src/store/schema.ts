/**
 * The run-history schema (drizzle `pg-core`), one for embedded PGlite and for
 * PostgreSQL 15: PG 15 SQL only (no `uuidv7()`, no virtual columns). Every
 * table but `tenants` is keyed tenant first; every index starts with the
 * tenant. `events` is the append-only source of truth; `runs`, `run_messages`,
 * `criteria_results`, `batches`, `scenario_sets` and `scenarios` are its
 * projections, updated in the same transaction by order-insensitive rules
 * (store/event-writer.ts). Migrations: `drizzle/` (drizzle-kit, checked in).
 *
 * Keyset indexes are ascending: PostgreSQL scans them backwards for
 * `order by started_at desc, id desc`. (drizzle writes `.desc()` as
 * `DESC NULLS LAST`, which that order cannot use.)
 */
import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";

const at = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

export const tenants = pgTable("tenants", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  settings: jsonb("settings").notNull().default({}),
  createdAt: at("created_at").notNull().defaultNow(),
});

/**
 * API keys (services/api-keys.ts): only a peppered HMAC of the secret is
 * stored (`secret_hash` = `hmac-sha256:<hex>`; keys of the first version hold
 * a plain SHA-256). `key_prefix` is the lookup prefix, `hint` how people see
 * the key. `role` is one of the four roles; an `api` key can do only what its
 * `scopes` grant. Rotation makes a successor (`rotated_from`) and gives the
 * old key a grace period through `expires_at`.
 */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    name: text("name").notNull(),
    keyPrefix: text("key_prefix").notNull(),
    secretHash: text("secret_hash").notNull(),
    hint: text("hint").notNull().default(""),
    role: text("role").notNull(),
    scopes: jsonb("scopes").$type<string[]>().notNull().default([]),
    createdBy: text("created_by"),
    rotatedFrom: text("rotated_from"),
    createdAt: at("created_at").notNull().defaultNow(),
    lastUsedAt: at("last_used_at"),
    expiresAt: at("expires_at"),
    revokedAt: at("revoked_at"),
  },
  (table) => [uniqueIndex("api_keys_prefix").on(table.keyPrefix), index("api_keys_tenant").on(table.tenantId)],
);

/**
 * People who sign in to the dashboard (services/users.ts). `email` is stored
 * lowercased; `password_hash` is argon2id (null for a user invited but not
 * yet set up, or one who signs in with SSO). `failed_logins` and
 * `locked_until` lock an account after repeated failures, on every server
 * sharing the database. An instance admin creates tenants.
 */
export const users = pgTable(
  "users",
  {
    id: text("id").primaryKey(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash"),
    instanceAdmin: boolean("instance_admin").notNull().default(false),
    failedLogins: integer("failed_logins").notNull().default(0),
    lockedUntil: at("locked_until"),
    passwordChangedAt: at("password_changed_at"),
    disabledAt: at("disabled_at"),
    createdAt: at("created_at").notNull().defaultNow(),
  },
  (table) => [uniqueIndex("users_email").on(table.email)],
);

/** A user's role in a tenant (admin, operator or viewer). */
export const memberships = pgTable(
  "memberships",
  {
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    role: text("role").notNull(),
    createdAt: at("created_at").notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.tenantId, table.userId] }), index("memberships_user").on(table.userId)],
);

/**
 * Signed-in sessions: only the SHA-256 of the cookie's token is stored. A
 * session acts in one tenant; it ends at `expires_at` (absolute), after
 * `idle` without use, at logout, or when the user logs out everywhere.
 */
export const sessions = pgTable(
  "sessions",
  {
    idHash: text("id_hash").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    createdAt: at("created_at").notNull(),
    lastSeenAt: at("last_seen_at").notNull(),
    expiresAt: at("expires_at").notNull(),
    revokedAt: at("revoked_at"),
  },
  (table) => [index("sessions_user").on(table.userId)],
);

/**
 * Facts about the installation every server sharing the database must agree
 * on. `key_pepper_check` holds an HMAC of a fixed label under the API-key
 * pepper: a server started with another pepper (a new data dir, a missing
 * `REHEARSE_KEY_PEPPER`) refuses to start instead of refusing every key.
 */
export const instanceSettings = pgTable("instance_settings", {
  name: text("name").primaryKey(),
  value: text("value").notNull(),
  updatedAt: at("updated_at").notNull().defaultNow(),
});

/**
 * The per-tenant audit hash chain (services/audit-log.ts): `seq` gapless per
 * tenant; `hash` = SHA-256(`prev_hash` ‖ RFC 8785 JSON of the entry with
 * `details_digest`), so `details` can be erased (set to null) while the
 * chain still verifies. A trigger (migration 0002) refuses DELETE and any
 * UPDATE but that erasure.
 */
export const auditLog = pgTable(
  "audit_log",
  {
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    seq: bigint("seq", { mode: "number" }).notNull(),
    ts: at("ts").notNull(),
    actorType: text("actor_type").notNull(),
    actorId: text("actor_id").notNull(),
    action: text("action").notNull(),
    targetType: text("target_type"),
    targetId: text("target_id"),
    requestId: text("request_id"),
    details: jsonb("details").$type<Record<string, unknown>>(),
    detailsDigest: text("details_digest").notNull(),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (table) => [primaryKey({ columns: [table.tenantId, table.seq] })],
);

/** Signed heads of the audit chain (Ed25519), so a rewritten or truncated chain is detectable. */
export const auditAnchors = pgTable(
  "audit_anchors",
  {
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    seq: bigint("seq", { mode: "number" }).notNull(),
    hash: text("hash").notNull(),
    keyId: text("key_id").notNull(),
    signature: text("signature").notNull(),
    createdAt: at("created_at").notNull(),
  },
  (table) => [primaryKey({ columns: [table.tenantId, table.seq] })],
);

/**
 * A tenant's data policy (services/tenant-policy.ts): whether raw transcripts
 * are kept (`store_raw`, off: ingest redacts secrets and personal data), how
 * many days runs are kept (`retention_days`, null: forever), the governance
 * floor for runs' declared minimum safety score, and extra redaction rules.
 * No row: the defaults.
 */
export const tenantPolicies = pgTable("tenant_policies", {
  tenantId: text("tenant_id")
    .primaryKey()
    .references(() => tenants.id),
  storeRaw: boolean("store_raw").notNull().default(false),
  retentionDays: integer("retention_days"),
  minSafetyScore: numeric("min_safety_score", { precision: 4, scale: 3, mode: "number" }),
  redaction: jsonb("redaction").$type<{ allow: string[]; keyPaths: string[] }>().notNull().default({ allow: [], keyPaths: [] }),
  updatedAt: at("updated_at").notNull().defaultNow(),
  updatedBy: text("updated_by"),
});

/**
 * Runs the governance gate refused: every later event of the run is refused
 * too (services/governance.ts). The run's declared score and the floor it
 * fell below are kept; nothing of the run's content is.
 */
export const governanceBlocks = pgTable(
  "governance_blocks",
  {
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    runId: text("run_id").notNull(),
    declaredMinScore: numeric("declared_min_score", { precision: 4, scale: 3, mode: "number" }).notNull(),
    floor: numeric("floor", { precision: 4, scale: 3, mode: "number" }).notNull(),
    blockedAt: at("blocked_at").notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.tenantId, table.runId] })],
);

export const scenarioSets = pgTable(
  "scenario_sets",
  {
    tenantId: text("tenant_id").notNull(),
    id: text("id").notNull(),
    firstSeenAt: at("first_seen_at").notNull(),
    lastRunAt: at("last_run_at").notNull(),
  },
  (table) => [primaryKey({ columns: [table.tenantId, table.id] })],
);

export const scenarios = pgTable(
  "scenarios",
  {
    tenantId: text("tenant_id").notNull(),
    id: text("id").notNull(),
    setId: text("set_id").notNull(),
    name: text("name"),
    description: text("description"),
    lastSeenAt: at("last_seen_at").notNull(),
  },
  (table) => [primaryKey({ columns: [table.tenantId, table.id] })],
);

export const batches = pgTable(
  "batches",
  {
    tenantId: text("tenant_id").notNull(),
    id: text("id").notNull(),
    setId: text("set_id").notNull(),
    source: text("source").notNull().default("sdk"),
    note: text("note"),
    labels: jsonb("labels").$type<string[]>().notNull().default([]),
    firstEventAt: at("first_event_at").notNull(),
    lastEventAt: at("last_event_at").notNull(),
    /** Server-launched batches: the launch as accepted (suite, version, trials, models, …); null for SDK batches. */
    launch: jsonb("launch").$type<Record<string, unknown>>(),
    /** Server-launched batches: `active`, `paused` or `stopped` (controls); null for SDK batches. */
    control: text("control"),
    createdBy: text("created_by"),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.id] }),
    index("batches_set").on(table.tenantId, table.setId, table.firstEventAt, table.id),
    index("batches_recent").on(table.tenantId, table.firstEventAt, table.id),
  ],
);

/**
 * One row per run. `state` is the lifecycle (running, finished, cancelled;
 * stalled is derived at read time), `status` the outcome (pass, fail, error,
 * skipped), null until the run finished.
 */
export const runs = pgTable(
  "runs",
  {
    tenantId: text("tenant_id").notNull(),
    id: text("id").notNull(),
    batchId: text("batch_id").notNull(),
    setId: text("set_id").notNull(),
    scenarioId: text("scenario_id").notNull(),
    name: text("name"),
    description: text("description"),
    metadata: jsonb("metadata").$type<Record<string, unknown>>(),
    seed: bigint("seed", { mode: "number" }),
    threadId: text("thread_id"),
    attempt: integer("attempt").notNull().default(1),
    state: text("state").notNull(),
    status: text("status"),
    wireStatus: text("wire_status"),
    verdict: text("verdict"),
    reasoning: text("reasoning"),
    error: text("error"),
    errorCode: text("error_code"),
    startedAt: at("started_at").notNull(),
    finishedAt: at("finished_at"),
    lastEventAt: at("last_event_at").notNull(),
    lastSeq: integer("last_seq").notNull(),
    eventCount: integer("event_count").notNull(),
    durationMs: integer("duration_ms"),
    agentMs: integer("agent_ms"),
    turns: integer("turns"),
    messageCount: integer("message_count").notNull().default(0),
    inputTokens: bigint("input_tokens", { mode: "number" }),
    outputTokens: bigint("output_tokens", { mode: "number" }),
    costUsd: numeric("cost_usd", { precision: 12, scale: 6 }),
    metCount: integer("met_count"),
    unmetCount: integer("unmet_count"),
    injections: integer("injections").notNull().default(0),
    policyViolations: integer("policy_violations").notNull().default(0),
    piiLeaks: integer("pii_leaks").notNull().default(0),
    promptLeaks: integer("prompt_leaks").notNull().default(0),
    toolErrors: integer("tool_errors").notNull().default(0),
    labels: jsonb("labels").$type<string[]>().notNull().default([]),
    sdk: text("sdk"),
    /** Server-launched runs: the trial this run is (0-based); null for SDK runs. */
    trialIndex: integer("trial_index"),
    /** Server-launched runs: the job as queued (scenario path, seed, models, cassette, limits; never secrets). */
    job: jsonb("job").$type<Record<string, unknown>>(),
    /** Server-launched runs: `active`, `paused` or `stopped` (controls); null for SDK runs. */
    control: text("control"),
    /** A rerun: the run it replays. */
    replayOf: text("replay_of"),
    queuedAt: at("queued_at"),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.id] }),
    index("runs_recent").on(table.tenantId, table.startedAt, table.id),
    index("runs_set").on(table.tenantId, table.setId, table.startedAt, table.id),
    index("runs_batch").on(table.tenantId, table.batchId, table.startedAt, table.id),
    index("runs_scenario").on(table.tenantId, table.scenarioId, table.startedAt, table.id),
    index("runs_live").on(table.tenantId, table.lastEventAt).where(sql`${table.state} = 'running'`),
  ],
);

/** The latest transcript, one row per message index; a snapshot with a lower seq never overwrites a higher one. */
export const runMessages = pgTable(
  "run_messages",
  {
    tenantId: text("tenant_id").notNull(),
    runId: text("run_id").notNull(),
    index: integer("idx").notNull(),
    messageId: text("message_id").notNull(),
    role: text("role").notNull(),
    content: jsonb("content").$type<Record<string, unknown>>().notNull(),
    seq: integer("seq").notNull(),
  },
  (table) => [primaryKey({ columns: [table.tenantId, table.runId, table.index] })],
);

export const criteriaResults = pgTable(
  "criteria_results",
  {
    tenantId: text("tenant_id").notNull(),
    runId: text("run_id").notNull(),
    criterion: text("criterion").notNull(),
    setId: text("set_id").notNull(),
    scenarioId: text("scenario_id").notNull(),
    batchId: text("batch_id").notNull(),
    verdict: text("verdict").notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.runId, table.criterion] }),
    index("criteria_set").on(table.tenantId, table.setId, table.criterion, table.batchId),
  ],
);

/**
 * Every accepted event, append-only. `ingestId` is the global ingest order
 * (SSE ids; `Last-Event-ID` resumes from it); `seq` orders a run's events.
 */
export const events = pgTable(
  "events",
  {
    eventId: text("event_id").notNull(),
    tenantId: text("tenant_id").notNull(),
    runId: text("run_id").notNull(),
    batchId: text("batch_id").notNull(),
    setId: text("set_id").notNull(),
    seq: integer("seq").notNull(),
    attempt: integer("attempt").notNull().default(1),
    type: text("type").notNull(),
    timestamp: at("ts").notNull(),
    receivedAt: at("received_at").notNull().defaultNow(),
    ingestId: bigserial("ingest_id", { mode: "number" }).notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.eventId] }),
    index("events_run").on(table.tenantId, table.runId, table.seq),
    uniqueIndex("events_ingest").on(table.ingestId),
  ],
);

/** A suite pushed with `rehearse push`: its name and newest version. */
export const suites = pgTable(
  "suites",
  {
    tenantId: text("tenant_id").notNull(),
    name: text("name").notNull(),
    latestVersion: text("latest_version").notNull(),
    createdAt: at("created_at").notNull().defaultNow(),
    updatedAt: at("updated_at").notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.tenantId, table.name] })],
);

/** One version of a suite, named by the SHA-256 of its files: the files themselves and the scenarios found in them. */
export const suiteVersions = pgTable(
  "suite_versions",
  {
    tenantId: text("tenant_id").notNull(),
    suiteName: text("suite_name").notNull(),
    version: text("version").notNull(),
    files: jsonb("files").$type<Array<{ path: string; content: string }>>().notNull(),
    scenarios: jsonb("scenarios").$type<Array<{ path: string; id: string; name: string }>>().notNull(),
    createdAt: at("created_at").notNull().defaultNow(),
    createdBy: text("created_by"),
  },
  (table) => [primaryKey({ columns: [table.tenantId, table.suiteName, table.version] })],
);

/** Each attempt of a server-launched run: which worker, when, and how it ended (`interrupted` when a worker died). */
export const runAttempts = pgTable(
  "run_attempts",
  {
    tenantId: text("tenant_id").notNull(),
    runId: text("run_id").notNull(),
    attempt: integer("attempt").notNull(),
    workerId: text("worker_id").notNull(),
    startedAt: at("started_at").notNull(),
    endedAt: at("ended_at"),
    outcome: text("outcome"),
  },
  (table) => [primaryKey({ columns: [table.tenantId, table.runId, table.attempt] })],
);

/** Every control request (pause, resume, stop) on a run or batch, and when a worker applied it. */
export const runControls = pgTable(
  "run_controls",
  {
    tenantId: text("tenant_id").notNull(),
    id: text("id").notNull(),
    targetType: text("target_type").notNull(),
    targetId: text("target_id").notNull(),
    action: text("action").notNull(),
    reason: text("reason"),
    requestedBy: text("requested_by").notNull(),
    requestedAt: at("requested_at").notNull().defaultNow(),
    appliedAt: at("applied_at"),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.id] }),
    index("run_controls_target").on(table.tenantId, table.targetId, table.requestedAt),
  ],
);

/**
 * `Idempotency-Key`s of mutations (draft-ietf-httpapi-idempotency-key-header):
 * the request's fingerprint and, once answered, the response; kept 24 h.
 */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    tenantId: text("tenant_id").notNull(),
    key: text("key").notNull(),
    scope: text("scope").notNull(),
    requestHash: text("request_hash").notNull(),
    statusCode: integer("status_code"),
    response: jsonb("response").$type<Record<string, unknown>>(),
    createdAt: at("created_at").notNull().defaultNow(),
    expiresAt: at("expires_at").notNull(),
  },
  (table) => [primaryKey({ columns: [table.tenantId, table.scope, table.key] })],
);

/** Workers of the instance (not of a tenant): heartbeats and counts, for `GET /api/v1/workers`. */
export const workers = pgTable("workers", {
  id: text("id").primaryKey(),
  host: text("host").notNull(),
  pid: integer("pid").notNull(),
  backend: text("backend").notNull(),
  concurrency: integer("concurrency").notNull(),
  version: text("version").notNull(),
  startedAt: at("started_at").notNull(),
  lastHeartbeatAt: at("last_heartbeat_at").notNull(),
  active: integer("active").notNull().default(0),
  processed: integer("processed").notNull().default(0),
  failed: integer("failed").notNull().default(0),
  stoppedAt: at("stopped_at"),
});

/** Release-guard policies stored on the server (`PUT /api/v1/guard/policies/:name`). */
export const guardPolicies = pgTable(
  "guard_policies",
  {
    tenantId: text("tenant_id").notNull(),
    name: text("name").notNull(),
    spec: jsonb("spec").$type<Record<string, unknown>>().notNull(),
    version: integer("version").notNull().default(1),
    updatedAt: at("updated_at").notNull().defaultNow(),
    updatedBy: text("updated_by"),
  },
  (table) => [primaryKey({ columns: [table.tenantId, table.name] })],
);

/** Every release-guard decision, with its checks and evidence. */
export const guardEvaluations = pgTable(
  "guard_evaluations",
  {
    tenantId: text("tenant_id").notNull(),
    id: text("id").notNull(),
    policyName: text("policy_name"),
    policy: jsonb("policy").$type<Record<string, unknown>>().notNull(),
    environment: text("environment"),
    target: jsonb("target").$type<Record<string, unknown>>().notNull(),
    decision: text("decision").notNull(),
    checks: jsonb("checks").$type<Array<Record<string, unknown>>>().notNull(),
    evidence: jsonb("evidence").$type<Record<string, unknown>>().notNull(),
    evaluatedAt: at("evaluated_at").notNull().defaultNow(),
    evaluatedBy: text("evaluated_by"),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.id] }),
    index("guard_evaluations_recent").on(table.tenantId, table.evaluatedAt),
  ],
);

/** Batches promoted to an environment (`rehearse promote`), each backed by a passing guard decision. */
export const promotions = pgTable(
  "promotions",
  {
    tenantId: text("tenant_id").notNull(),
    environment: text("environment").notNull(),
    batchId: text("batch_id").notNull(),
    setId: text("set_id").notNull(),
    guardEvaluationId: text("guard_evaluation_id").notNull(),
    promotedAt: at("promoted_at").notNull().defaultNow(),
    promotedBy: text("promoted_by"),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.environment, table.batchId] }),
    index("promotions_latest").on(table.tenantId, table.setId, table.environment, table.promotedAt),
  ],
);

/** Where notifications go: a Slack incoming webhook or a generic signed webhook (URL and secret sealed). */
export const notificationChannels = pgTable(
  "notification_channels",
  {
    tenantId: text("tenant_id").notNull(),
    id: text("id").notNull(),
    name: text("name").notNull(),
    kind: text("kind").notNull(),
    urlSealed: text("url_sealed").notNull(),
    urlHint: text("url_hint").notNull(),
    secretSealed: text("secret_sealed"),
    triggers: jsonb("triggers").$type<string[]>().notNull(),
    enabled: boolean("enabled").notNull().default(true),
    createdAt: at("created_at").notNull().defaultNow(),
    createdBy: text("created_by"),
  },
  (table) => [primaryKey({ columns: [table.tenantId, table.id] })],
);

/**
 * The notification outbox: written in the transaction that decided to notify,
 * delivered later with retries; `dedupe_key` makes one message per event per
 * channel (one summary per batch).
 */
export const notificationOutbox = pgTable(
  "notification_outbox",
  {
    tenantId: text("tenant_id").notNull(),
    id: text("id").notNull(),
    channelId: text("channel_id").notNull(),
    trigger: text("trigger").notNull(),
    dedupeKey: text("dedupe_key").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    status: text("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: at("next_attempt_at").notNull().defaultNow(),
    lastError: text("last_error"),
    createdAt: at("created_at").notNull().defaultNow(),
    deliveredAt: at("delivered_at"),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.id] }),
    uniqueIndex("notification_outbox_dedupe").on(table.tenantId, table.channelId, table.dedupeKey),
    index("notification_outbox_due").on(table.status, table.nextAttemptAt),
  ],
);

/** The delivery log: one row per attempt to deliver an outbox message. */
export const notificationDeliveries = pgTable(
  "notification_deliveries",
  {
    tenantId: text("tenant_id").notNull(),
    id: bigserial("id", { mode: "number" }).notNull(),
    outboxId: text("outbox_id").notNull(),
    attempt: integer("attempt").notNull(),
    at: at("at").notNull().defaultNow(),
    statusCode: integer("status_code"),
    error: text("error"),
    durationMs: integer("duration_ms").notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.id] }),
    index("notification_deliveries_outbox").on(table.tenantId, table.outboxId),
  ],
);

/** Latency and cost anomalies found by the robust z-score (median/MAD) over a scenario's recent runs. */
export const anomalies = pgTable(
  "anomalies",
  {
    tenantId: text("tenant_id").notNull(),
    id: text("id").notNull(),
    setId: text("set_id").notNull(),
    scenarioId: text("scenario_id").notNull(),
    batchId: text("batch_id").notNull(),
    runId: text("run_id").notNull(),
    metric: text("metric").notNull(),
    observed: numeric("observed", { precision: 16, scale: 6, mode: "number" }).notNull(),
    median: numeric("median", { precision: 16, scale: 6, mode: "number" }).notNull(),
    mad: numeric("mad", { precision: 16, scale: 6, mode: "number" }).notNull(),
    score: numeric("score", { precision: 10, scale: 3, mode: "number" }).notNull(),
    detectedAt: at("detected_at").notNull().defaultNow(),
    acknowledgedAt: at("acknowledged_at"),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.id] }),
    uniqueIndex("anomalies_run_metric").on(table.tenantId, table.runId, table.metric),
    index("anomalies_set").on(table.tenantId, table.setId, table.detectedAt),
  ],
);

/**
 * Cassettes of launched runs recorded with `cassette: record` (the model calls
 * of the user simulator, judge and attacker), for reruns that replay them.
 */
export const runCassettes = pgTable(
  "run_cassettes",
  {
    tenantId: text("tenant_id").notNull(),
    runId: text("run_id").notNull(),
    content: text("content").notNull(),
    bytes: integer("bytes").notNull(),
    createdAt: at("created_at").notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.tenantId, table.runId] })],
);

/**
 * Spans received over OTLP/HTTP (`POST /api/otel/v1/traces`, services/trace-ingest.ts), one row per
 * span: a span sent again (an exporter's retry) is the same row. Times are Unix nanoseconds
 * (`int8`: exact, and ordered by PostgreSQL; read as text, never as a JavaScript number). `run_id` is
 * the span's `rehearse.run.id` attribute: a run's trace is every span of the traces that hold a span
 * of the run (the agent's own spans carry no run id). Attributes are plain JSON values.
 */
export const traceSpans = pgTable(
  "trace_spans",
  {
    tenantId: text("tenant_id").notNull(),
    traceId: text("trace_id").notNull(),
    spanId: text("span_id").notNull(),
    parentSpanId: text("parent_span_id"),
    name: text("name").notNull(),
    kind: text("kind").notNull(),
    scopeName: text("scope_name"),
    scopeVersion: text("scope_version"),
    serviceName: text("service_name"),
    startUnixNano: bigint("start_unix_nano", { mode: "bigint" }).notNull(),
    endUnixNano: bigint("end_unix_nano", { mode: "bigint" }).notNull(),
    statusCode: text("status_code").notNull(),
    statusMessage: text("status_message"),
    attributes: jsonb("attributes").$type<Record<string, unknown>>().notNull(),
    events: jsonb("events").$type<Array<Record<string, unknown>>>().notNull(),
    resourceAttributes: jsonb("resource_attributes").$type<Record<string, unknown>>().notNull(),
    runId: text("run_id"),
    receivedAt: at("received_at").notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.traceId, table.spanId] }),
    index("trace_spans_run").on(table.tenantId, table.runId).where(sql`${table.runId} is not null`),
    index("trace_spans_received").on(table.tenantId, table.receivedAt),
  ],
);

/**
 * Behavioral graphs uploaded to the server (`POST /api/v1/graphs`), one row per version: the graph's
 * name (its id in the API), the version (the SHA-256 of the uploaded files, as suite versions), the
 * suite version holding the files for workers, the graph file's path in it, and its outline (nodes,
 * edges, contracts) as checked on upload, so reading a graph never parses it again.
 */
export const graphs = pgTable(
  "graphs",
  {
    tenantId: text("tenant_id").notNull(),
    name: text("name").notNull(),
    version: text("version").notNull(),
    suiteName: text("suite_name").notNull(),
    suiteVersion: text("suite_version").notNull(),
    graphPath: text("graph_path").notNull(),
    outline: jsonb("outline").$type<Record<string, unknown>>().notNull(),
    modules: jsonb("modules").$type<string[]>().notNull(),
    scenarios: jsonb("scenarios").$type<Array<{ path: string; id: string; name: string }>>().notNull(),
    createdAt: at("created_at").notNull().defaultNow(),
    createdBy: text("created_by"),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.name, table.version] }),
    index("graphs_created").on(table.tenantId, table.name, table.createdAt),
  ],
);

/**
 * People's labels of judged criteria (judge calibration, decision 0050): per run, criterion and labeller
 * (`labeller` = `user:<id>` or `api_key:<id>`) one verdict — `met`, `unmet` or `unsure` — and an optional
 * note. Re-labelling replaces the row. Agreement with the judge is computed from these and `criteria_results`.
 */
export const runLabels = pgTable(
  "run_labels",
  {
    tenantId: text("tenant_id").notNull(),
    runId: text("run_id").notNull(),
    criterion: text("criterion").notNull(),
    labeller: text("labeller").notNull(),
    verdict: text("verdict").notNull(),
    note: text("note"),
    labelledAt: at("labelled_at").notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.runId, table.criterion, table.labeller] }),
    index("run_labels_labeller").on(table.tenantId, table.labeller),
  ],
);
