CREATE TABLE "trace_spans" (
	"tenant_id" text NOT NULL,
	"trace_id" text NOT NULL,
	"span_id" text NOT NULL,
	"parent_span_id" text,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"scope_name" text,
	"scope_version" text,
	"service_name" text,
	"start_unix_nano" bigint NOT NULL,
	"end_unix_nano" bigint NOT NULL,
	"status_code" text NOT NULL,
	"status_message" text,
	"attributes" jsonb NOT NULL,
	"events" jsonb NOT NULL,
	"resource_attributes" jsonb NOT NULL,
	"run_id" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "trace_spans_tenant_id_trace_id_span_id_pk" PRIMARY KEY("tenant_id","trace_id","span_id")
);
--> statement-breakpoint
CREATE INDEX "trace_spans_run" ON "trace_spans" USING btree ("tenant_id","run_id") WHERE "trace_spans"."run_id" is not null;--> statement-breakpoint
CREATE INDEX "trace_spans_received" ON "trace_spans" USING btree ("tenant_id","received_at");--> statement-breakpoint
-- row-level security as on every tenant table (migration 0005, decision 0033)
GRANT SELECT, INSERT, UPDATE, DELETE ON trace_spans TO rehearse_app, rehearse_system;
--> statement-breakpoint
SELECT rehearse_isolate_tenant_table('trace_spans');
