-- A record created under a backdated instant (0015: the owner's seeds only) carries that instant
-- as its created_at and updated_at, as 0016 does for a record changed under one. Then a record's
-- updated_at is always the instant of its last audit event, and a read as recorded at an instant
-- takes any record not changed since as it stands (as_recorded.cpp) instead of rebuilding it from
-- the trail. One function says what "now" is for a write; the triggers of 0015 and 0016 use it.
CREATE FUNCTION incommon_recorded_now() RETURNS timestamptz LANGUAGE plpgsql STABLE AS $$
DECLARE
  claimed text := NULLIF(current_setting('incommon.recorded_at', true), '');
BEGIN
  IF claimed IS NOT NULL AND pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = 'public.audit_events'::regclass), 'USAGE') THEN
    RETURN claimed::timestamptz;
  END IF;
  RETURN now();
END $$;

CREATE OR REPLACE FUNCTION incommon_audit_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.at := incommon_recorded_now();
  RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION incommon_bump_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.version := OLD.version + 1;
  NEW.updated_at := incommon_recorded_now();
  NEW.created_at := OLD.created_at;
  NEW.id := OLD.id;
  RETURN NEW;
END $$;

-- Every audited record table (the ones with an <table>_audit trigger).
DO $$
DECLARE
  t text;
BEGIN
  FOR t IN SELECT c.relname FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid
           JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public' AND g.tgname = c.relname || '_audit' AND NOT g.tgisinternal LOOP
    EXECUTE format('ALTER TABLE public.%I ALTER COLUMN created_at SET DEFAULT incommon_recorded_now(), '
                   'ALTER COLUMN updated_at SET DEFAULT incommon_recorded_now()', t);
  END LOOP;
END $$;
