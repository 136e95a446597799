CREATE TABLE "api_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"name" text NOT NULL,
	"key_prefix" text NOT NULL,
	"secret_hash" text NOT NULL,
	"role" text NOT NULL,
	"scopes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"expires_at" timestamp with time zone,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "batches" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"set_id" text NOT NULL,
	"source" text DEFAULT 'sdk' NOT NULL,
	"note" text,
	"labels" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"first_event_at" timestamp with time zone NOT NULL,
	"last_event_at" timestamp with time zone NOT NULL,
	CONSTRAINT "batches_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "criteria_results" (
	"tenant_id" text NOT NULL,
	"run_id" text NOT NULL,
	"criterion" text NOT NULL,
	"set_id" text NOT NULL,
	"scenario_id" text NOT NULL,
	"batch_id" text NOT NULL,
	"verdict" text NOT NULL,
	CONSTRAINT "criteria_results_tenant_id_run_id_criterion_pk" PRIMARY KEY("tenant_id","run_id","criterion")
);
--> statement-breakpoint
CREATE TABLE "events" (
	"event_id" text NOT NULL,
	"tenant_id" text NOT NULL,
	"run_id" text NOT NULL,
	"batch_id" text NOT NULL,
	"set_id" text NOT NULL,
	"seq" integer NOT NULL,
	"attempt" integer DEFAULT 1 NOT NULL,
	"type" text NOT NULL,
	"ts" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ingest_id" bigserial NOT NULL,
	"payload" jsonb NOT NULL,
	CONSTRAINT "events_tenant_id_event_id_pk" PRIMARY KEY("tenant_id","event_id")
);
--> statement-breakpoint
CREATE TABLE "run_messages" (
	"tenant_id" text NOT NULL,
	"run_id" text NOT NULL,
	"idx" integer NOT NULL,
	"message_id" text NOT NULL,
	"role" text NOT NULL,
	"content" jsonb NOT NULL,
	"seq" integer NOT NULL,
	CONSTRAINT "run_messages_tenant_id_run_id_idx_pk" PRIMARY KEY("tenant_id","run_id","idx")
);
--> statement-breakpoint
CREATE TABLE "runs" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"batch_id" text NOT NULL,
	"set_id" text NOT NULL,
	"scenario_id" text NOT NULL,
	"name" text,
	"description" text,
	"metadata" jsonb,
	"seed" bigint,
	"thread_id" text,
	"attempt" integer DEFAULT 1 NOT NULL,
	"state" text NOT NULL,
	"status" text,
	"wire_status" text,
	"verdict" text,
	"reasoning" text,
	"error" text,
	"error_code" text,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"last_event_at" timestamp with time zone NOT NULL,
	"last_seq" integer NOT NULL,
	"event_count" integer NOT NULL,
	"duration_ms" integer,
	"agent_ms" integer,
	"turns" integer,
	"message_count" integer DEFAULT 0 NOT NULL,
	"input_tokens" bigint,
	"output_tokens" bigint,
	"cost_usd" numeric(12, 6),
	"met_count" integer,
	"unmet_count" integer,
	"injections" integer DEFAULT 0 NOT NULL,
	"policy_violations" integer DEFAULT 0 NOT NULL,
	"pii_leaks" integer DEFAULT 0 NOT NULL,
	"prompt_leaks" integer DEFAULT 0 NOT NULL,
	"tool_errors" integer DEFAULT 0 NOT NULL,
	"labels" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"sdk" text,
	CONSTRAINT "runs_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "scenario_sets" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"first_seen_at" timestamp with time zone NOT NULL,
	"last_run_at" timestamp with time zone NOT NULL,
	CONSTRAINT "scenario_sets_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "scenarios" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"set_id" text NOT NULL,
	"name" text,
	"description" text,
	"last_seen_at" timestamp with time zone NOT NULL,
	CONSTRAINT "scenarios_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "tenants" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "api_keys_prefix" ON "api_keys" USING btree ("key_prefix");--> statement-breakpoint
CREATE INDEX "api_keys_tenant" ON "api_keys" USING btree ("tenant_id");--> statement-breakpoint
CREATE INDEX "batches_set" ON "batches" USING btree ("tenant_id","set_id","first_event_at","id");--> statement-breakpoint
CREATE INDEX "batches_recent" ON "batches" USING btree ("tenant_id","first_event_at","id");--> statement-breakpoint
CREATE INDEX "criteria_set" ON "criteria_results" USING btree ("tenant_id","set_id","criterion","batch_id");--> statement-breakpoint
CREATE INDEX "events_run" ON "events" USING btree ("tenant_id","run_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "events_ingest" ON "events" USING btree ("ingest_id");--> statement-breakpoint
CREATE INDEX "runs_recent" ON "runs" USING btree ("tenant_id","started_at","id");--> statement-breakpoint
CREATE INDEX "runs_set" ON "runs" USING btree ("tenant_id","set_id","started_at","id");--> statement-breakpoint
CREATE INDEX "runs_batch" ON "runs" USING btree ("tenant_id","batch_id","started_at","id");--> statement-breakpoint
CREATE INDEX "runs_scenario" ON "runs" USING btree ("tenant_id","scenario_id","started_at","id");--> statement-breakpoint
CREATE INDEX "runs_live" ON "runs" USING btree ("tenant_id","last_event_at") WHERE "runs"."state" = 'running';