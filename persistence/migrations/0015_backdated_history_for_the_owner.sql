-- History written at the instants it happened, for the demo's story: the role that runs
-- migrations and seeds (the owner of the audit trail, or a superuser) may say when a write was
-- recorded with set_config('incommon.recorded_at', <instant>, true). Any other role, the API's
-- among them, cannot: for it the setting is ignored and every event is recorded at now(),
-- whether the event comes from an audit trigger or from an INSERT of its own. Normal writes
-- leave the setting empty and pay only for reading it.
CREATE FUNCTION incommon_audit_at() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  claimed text := NULLIF(current_setting('incommon.recorded_at', true), '');
BEGIN
  IF claimed IS NOT NULL AND pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = 'public.audit_events'::regclass), 'USAGE') THEN
    NEW.at := claimed::timestamptz;
  ELSE
    NEW.at := now();
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER audit_events_at BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION incommon_audit_at();
