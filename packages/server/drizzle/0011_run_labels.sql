CREATE TABLE "run_labels" (
	"tenant_id" text NOT NULL,
	"run_id" text NOT NULL,
	"criterion" text NOT NULL,
	"labeller" text NOT NULL,
	"verdict" text NOT NULL,
	"note" text,
	"labelled_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "run_labels_tenant_id_run_id_criterion_labeller_pk" PRIMARY KEY("tenant_id","run_id","criterion","labeller")
);
--> statement-breakpoint
CREATE INDEX "run_labels_labeller" ON "run_labels" USING btree ("tenant_id","labeller");--> statement-breakpoint
-- row-level security as on every tenant table (migration 0005, decision 0033)
GRANT SELECT, INSERT, UPDATE, DELETE ON run_labels TO rehearse_app, rehearse_system;
--> statement-breakpoint
SELECT rehearse_isolate_tenant_table('run_labels');
