-- A record changed under a backdated instant (0015: the owner's seeds only) carries that instant
-- as its updated_at too, so that the after-image the audit trail keeps agrees with the event's
-- own time. For any other role, and whenever the setting is empty, updated_at is now() as before.
CREATE OR REPLACE FUNCTION incommon_bump_version() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  claimed text := NULLIF(current_setting('incommon.recorded_at', true), '');
BEGIN
  NEW.version := OLD.version + 1;
  NEW.updated_at := now();
  IF claimed IS NOT NULL AND pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = 'public.audit_events'::regclass), 'USAGE') THEN
    NEW.updated_at := claimed::timestamptz;
  END IF;
  NEW.created_at := OLD.created_at;
  NEW.id := OLD.id;
  RETURN NEW;
END $$;
