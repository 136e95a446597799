-- Row-level security: the second wall between tenants (decision 0033). The server never reads or
-- writes tenant rows as the connecting role (the owner, often a superuser, skips policies):
--   rehearse_app     every request's work, in a transaction with app.tenant_id set (SET LOCAL):
--                    policies admit only that tenant's rows, for reading and for writing;
--   rehearse_system  the server's own cross-tenant work (a credential looked up before its tenant is
--                    known, the audit self-check of every tenant, administration).
-- Both are NOLOGIN roles the connecting role switches to (SET ROLE); a connection's default role is
-- rehearse_app with no tenant, which sees no tenant rows at all. The audit tables are INSERT/SELECT
-- only for both (the system may also erase an entry's details, which the chain allows).
DO $$
BEGIN
  -- roles belong to the cluster: another database of it may be making them at this moment
  BEGIN
    CREATE ROLE rehearse_app NOLOGIN;
  EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
  END;
  BEGIN
    CREATE ROLE rehearse_system NOLOGIN;
  EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
  END;
  IF NOT pg_has_role(current_user, 'rehearse_app', 'MEMBER') THEN
    EXECUTE format('GRANT rehearse_app TO %I', current_user);
  END IF;
  IF NOT pg_has_role(current_user, 'rehearse_system', 'MEMBER') THEN
    EXECUTE format('GRANT rehearse_system TO %I', current_user);
  END IF;
END
$$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO rehearse_app, rehearse_system;
--> statement-breakpoint
GRANT USAGE ON SCHEMA drizzle TO rehearse_system;
--> statement-breakpoint
GRANT SELECT ON drizzle.__drizzle_migrations TO rehearse_system;
--> statement-breakpoint
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO rehearse_app, rehearse_system;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON api_keys, memberships, sessions, scenario_sets, scenarios, batches, runs,
  run_messages, criteria_results, events TO rehearse_app, rehearse_system;
--> statement-breakpoint
GRANT SELECT, INSERT ON audit_log, audit_anchors TO rehearse_app, rehearse_system;
--> statement-breakpoint
GRANT UPDATE (details) ON audit_log TO rehearse_system;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON tenants, users, instance_settings TO rehearse_system;
--> statement-breakpoint
-- one definition of a tenant table's isolation, for this migration and every later one that adds a table
CREATE FUNCTION rehearse_isolate_tenant_table(name text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', name);
  EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', name);
  EXECUTE format(
    'CREATE POLICY tenant_isolation ON %I TO rehearse_app'
    ' USING (tenant_id = current_setting(''app.tenant_id'', true))'
    ' WITH CHECK (tenant_id = current_setting(''app.tenant_id'', true))', name);
  EXECUTE format('CREATE POLICY server_system ON %I TO rehearse_system USING (true) WITH CHECK (true)', name);
END
$$;
--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION rehearse_isolate_tenant_table(text) FROM PUBLIC;
--> statement-breakpoint
SELECT rehearse_isolate_tenant_table(name) FROM unnest(ARRAY['api_keys', 'memberships', 'sessions', 'audit_log',
  'audit_anchors', 'scenario_sets', 'scenarios', 'batches', 'runs', 'run_messages', 'criteria_results', 'events']) AS name;
