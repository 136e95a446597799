CREATE TABLE "anomalies" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"set_id" text NOT NULL,
	"scenario_id" text NOT NULL,
	"batch_id" text NOT NULL,
	"run_id" text NOT NULL,
	"metric" text NOT NULL,
	"observed" numeric(16, 6) NOT NULL,
	"median" numeric(16, 6) NOT NULL,
	"mad" numeric(16, 6) NOT NULL,
	"score" numeric(10, 3) NOT NULL,
	"detected_at" timestamp with time zone DEFAULT now() NOT NULL,
	"acknowledged_at" timestamp with time zone,
	CONSTRAINT "anomalies_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "guard_evaluations" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"policy_name" text,
	"policy" jsonb NOT NULL,
	"environment" text,
	"target" jsonb NOT NULL,
	"decision" text NOT NULL,
	"checks" jsonb NOT NULL,
	"evidence" jsonb NOT NULL,
	"evaluated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"evaluated_by" text,
	CONSTRAINT "guard_evaluations_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "guard_policies" (
	"tenant_id" text NOT NULL,
	"name" text NOT NULL,
	"spec" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text,
	CONSTRAINT "guard_policies_tenant_id_name_pk" PRIMARY KEY("tenant_id","name")
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"tenant_id" text NOT NULL,
	"key" text NOT NULL,
	"scope" text NOT NULL,
	"request_hash" text NOT NULL,
	"status_code" integer,
	"response" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "idempotency_keys_tenant_id_scope_key_pk" PRIMARY KEY("tenant_id","scope","key")
);
--> statement-breakpoint
CREATE TABLE "notification_channels" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"url_sealed" text NOT NULL,
	"url_hint" text NOT NULL,
	"secret_sealed" text,
	"triggers" jsonb NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text,
	CONSTRAINT "notification_channels_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "notification_deliveries" (
	"tenant_id" text NOT NULL,
	"id" bigserial NOT NULL,
	"outbox_id" text NOT NULL,
	"attempt" integer NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"status_code" integer,
	"error" text,
	"duration_ms" integer NOT NULL,
	CONSTRAINT "notification_deliveries_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "notification_outbox" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"channel_id" text NOT NULL,
	"trigger" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone,
	CONSTRAINT "notification_outbox_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "promotions" (
	"tenant_id" text NOT NULL,
	"environment" text NOT NULL,
	"batch_id" text NOT NULL,
	"set_id" text NOT NULL,
	"guard_evaluation_id" text NOT NULL,
	"promoted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"promoted_by" text,
	CONSTRAINT "promotions_tenant_id_environment_batch_id_pk" PRIMARY KEY("tenant_id","environment","batch_id")
);
--> statement-breakpoint
CREATE TABLE "run_attempts" (
	"tenant_id" text NOT NULL,
	"run_id" text NOT NULL,
	"attempt" integer NOT NULL,
	"worker_id" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"outcome" text,
	CONSTRAINT "run_attempts_tenant_id_run_id_attempt_pk" PRIMARY KEY("tenant_id","run_id","attempt")
);
--> statement-breakpoint
CREATE TABLE "run_controls" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"target_type" text NOT NULL,
	"target_id" text NOT NULL,
	"action" text NOT NULL,
	"reason" text,
	"requested_by" text NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"applied_at" timestamp with time zone,
	CONSTRAINT "run_controls_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "suite_versions" (
	"tenant_id" text NOT NULL,
	"suite_name" text NOT NULL,
	"version" text NOT NULL,
	"files" jsonb NOT NULL,
	"scenarios" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text,
	CONSTRAINT "suite_versions_tenant_id_suite_name_version_pk" PRIMARY KEY("tenant_id","suite_name","version")
);
--> statement-breakpoint
CREATE TABLE "suites" (
	"tenant_id" text NOT NULL,
	"name" text NOT NULL,
	"latest_version" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "suites_tenant_id_name_pk" PRIMARY KEY("tenant_id","name")
);
--> statement-breakpoint
CREATE TABLE "workers" (
	"id" text PRIMARY KEY NOT NULL,
	"host" text NOT NULL,
	"pid" integer NOT NULL,
	"backend" text NOT NULL,
	"concurrency" integer NOT NULL,
	"version" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"last_heartbeat_at" timestamp with time zone NOT NULL,
	"active" integer DEFAULT 0 NOT NULL,
	"processed" integer DEFAULT 0 NOT NULL,
	"failed" integer DEFAULT 0 NOT NULL,
	"stopped_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "batches" ADD COLUMN "launch" jsonb;--> statement-breakpoint
ALTER TABLE "batches" ADD COLUMN "control" text;--> statement-breakpoint
ALTER TABLE "batches" ADD COLUMN "created_by" text;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "trial_index" integer;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "job" jsonb;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "control" text;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "replay_of" text;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "queued_at" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "anomalies_run_metric" ON "anomalies" USING btree ("tenant_id","run_id","metric");--> statement-breakpoint
CREATE INDEX "anomalies_set" ON "anomalies" USING btree ("tenant_id","set_id","detected_at");--> statement-breakpoint
CREATE INDEX "guard_evaluations_recent" ON "guard_evaluations" USING btree ("tenant_id","evaluated_at");--> statement-breakpoint
CREATE INDEX "notification_deliveries_outbox" ON "notification_deliveries" USING btree ("tenant_id","outbox_id");--> statement-breakpoint
CREATE UNIQUE INDEX "notification_outbox_dedupe" ON "notification_outbox" USING btree ("tenant_id","channel_id","dedupe_key");--> statement-breakpoint
CREATE INDEX "notification_outbox_due" ON "notification_outbox" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "promotions_latest" ON "promotions" USING btree ("tenant_id","set_id","environment","promoted_at");--> statement-breakpoint
CREATE INDEX "run_controls_target" ON "run_controls" USING btree ("tenant_id","target_id","requested_at");--> statement-breakpoint
-- row-level security as on every tenant table (migration 0005, decision 0033); workers belong to the instance
GRANT SELECT, INSERT, UPDATE, DELETE ON suites, suite_versions, run_attempts, run_controls, idempotency_keys,
  guard_policies, guard_evaluations, promotions, notification_channels, notification_outbox,
  notification_deliveries, anomalies TO rehearse_app, rehearse_system;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON workers TO rehearse_system;
--> statement-breakpoint
GRANT SELECT ON workers TO rehearse_app;
--> statement-breakpoint
GRANT USAGE, SELECT ON SEQUENCE notification_deliveries_id_seq TO rehearse_app, rehearse_system;
--> statement-breakpoint
SELECT rehearse_isolate_tenant_table(name) FROM unnest(ARRAY['suites', 'suite_versions', 'run_attempts',
  'run_controls', 'idempotency_keys', 'guard_policies', 'guard_evaluations', 'promotions',
  'notification_channels', 'notification_outbox', 'notification_deliveries', 'anomalies']) AS name;
