CREATE TABLE "graphs" (
	"tenant_id" text NOT NULL,
	"name" text NOT NULL,
	"version" text NOT NULL,
	"suite_name" text NOT NULL,
	"suite_version" text NOT NULL,
	"graph_path" text NOT NULL,
	"outline" jsonb NOT NULL,
	"modules" jsonb NOT NULL,
	"scenarios" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text,
	CONSTRAINT "graphs_tenant_id_name_version_pk" PRIMARY KEY("tenant_id","name","version")
);
--> statement-breakpoint
CREATE INDEX "graphs_created" ON "graphs" USING btree ("tenant_id","name","created_at");--> statement-breakpoint
-- row-level security as on every tenant table (migration 0005, decision 0033)
GRANT SELECT, INSERT, UPDATE, DELETE ON graphs TO rehearse_app, rehearse_system;
--> statement-breakpoint
SELECT rehearse_isolate_tenant_table('graphs');
