-- What the API's database role may do, declared once and applied by `incommon migrate` after
-- the migrations, every time (it is idempotent), to the group role incommon_api when it exists.
-- The deployment makes the role and a login in it (docker/, scripts/pg); the API connects as
-- that login and so owns nothing: it cannot alter a table, drop or disable a trigger (the
-- audit trail's included), change history, truncate, or change server settings.
DO $grants$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'incommon_api') THEN RETURN; END IF;
  REVOKE ALL ON ALL TABLES IN SCHEMA public FROM incommon_api;
  REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM incommon_api;
  GRANT USAGE ON SCHEMA public TO incommon_api;
  -- Records are read, created and changed; governance records are never deleted.
  GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO incommon_api;
  -- History is appended to, never changed (the triggers refuse it too).
  REVOKE UPDATE ON audit_events, milestone_updates FROM incommon_api;
  -- What migrations and deployments own.
  REVOKE INSERT, UPDATE ON schema_migrations, server_secrets FROM incommon_api;
  -- Deleted: derived link rows (rewritten by triggers), and what expires.
  GRANT DELETE ON appointment_offices, milestone_dependencies, caveat_milestones, idempotency_keys, public_write_counts,
    webhook_messages, webhook_deliveries, webhook_attempts, webhook_dated_events
    TO incommon_api;
  GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO incommon_api;
END
$grants$;
