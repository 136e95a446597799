CREATE TABLE "governance_blocks" (
	"tenant_id" text NOT NULL,
	"run_id" text NOT NULL,
	"declared_min_score" numeric(4, 3) NOT NULL,
	"floor" numeric(4, 3) NOT NULL,
	"blocked_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "governance_blocks_tenant_id_run_id_pk" PRIMARY KEY("tenant_id","run_id")
);
--> statement-breakpoint
CREATE TABLE "tenant_policies" (
	"tenant_id" text PRIMARY KEY NOT NULL,
	"store_raw" boolean DEFAULT false NOT NULL,
	"retention_days" integer,
	"min_safety_score" numeric(4, 3),
	"redaction" jsonb DEFAULT '{"allow":[],"keyPaths":[]}'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text
);
--> statement-breakpoint
ALTER TABLE "governance_blocks" ADD CONSTRAINT "governance_blocks_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_policies" ADD CONSTRAINT "tenant_policies_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- row-level security as on every tenant table (migration 0005, decision 0033)
GRANT SELECT, INSERT, UPDATE, DELETE ON tenant_policies, governance_blocks TO rehearse_app, rehearse_system;
--> statement-breakpoint
SELECT rehearse_isolate_tenant_table(name) FROM unnest(ARRAY['tenant_policies', 'governance_blocks']) AS name;
