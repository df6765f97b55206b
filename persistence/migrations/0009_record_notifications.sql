-- Servers remember organisations as they last answered them; a change to one is announced to
-- every server at commit (channel incommon_records, payload '<table>:<id>'; an empty payload
-- means any row may have changed), so that none answers from before it. Only tables written
-- rarely announce their rows: announcing takes a lock held to the end of each commit.
CREATE FUNCTION incommon_record_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('incommon_records', TG_TABLE_NAME || ':' || OLD.id::text);
  RETURN NULL;
END $$;
CREATE FUNCTION incommon_records_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('incommon_records', '');
  RETURN NULL;
END $$;
CREATE TRIGGER organisations_notify AFTER UPDATE OR DELETE ON organisations
  FOR EACH ROW EXECUTE FUNCTION incommon_record_changed();
CREATE TRIGGER organisations_truncate_notify AFTER TRUNCATE ON organisations
  FOR EACH STATEMENT EXECUTE FUNCTION incommon_records_truncated();
