-- The audit chain is append-only: DELETE, TRUNCATE and any UPDATE are refused, except erasing an
-- entry's details (details set to null, nothing else changed): the chain hashes a digest of them.
CREATE FUNCTION rehearse_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- nested: PL/pgSQL may evaluate every operand, and NEW has no details column on audit_anchors
  IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'audit_log' THEN
    IF NEW.details IS NULL
       AND ROW(NEW.tenant_id, NEW.seq, NEW.ts, NEW.actor_type, NEW.actor_id, NEW.action, NEW.target_type,
               NEW.target_id, NEW.request_id, NEW.details_digest, NEW.prev_hash, NEW.hash)
           IS NOT DISTINCT FROM
           ROW(OLD.tenant_id, OLD.seq, OLD.ts, OLD.actor_type, OLD.actor_id, OLD.action, OLD.target_type,
               OLD.target_id, OLD.request_id, OLD.details_digest, OLD.prev_hash, OLD.hash) THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION rehearse_audit_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION rehearse_audit_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_anchors_append_only BEFORE UPDATE OR DELETE ON audit_anchors
  FOR EACH ROW EXECUTE FUNCTION rehearse_audit_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_anchors_no_truncate BEFORE TRUNCATE ON audit_anchors
  FOR EACH STATEMENT EXECUTE FUNCTION rehearse_audit_append_only();
