CREATE TABLE "run_cassettes" (
	"tenant_id" text NOT NULL,
	"run_id" text NOT NULL,
	"content" text NOT NULL,
	"bytes" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "run_cassettes_tenant_id_run_id_pk" PRIMARY KEY("tenant_id","run_id")
);
--> statement-breakpoint
-- row-level security as on every tenant table (migration 0005, decision 0033)
GRANT SELECT, INSERT, UPDATE, DELETE ON run_cassettes TO rehearse_app, rehearse_system;
--> statement-breakpoint
SELECT rehearse_isolate_tenant_table('run_cassettes');
