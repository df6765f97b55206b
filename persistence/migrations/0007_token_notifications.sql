-- Servers remember authenticated tokens; a change to a token (its revocation) is announced to
-- every one of them at commit, so that none keeps accepting it.
CREATE FUNCTION incommon_token_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('incommon_tokens', COALESCE(NEW.id, OLD.id)::text);
  RETURN NULL;
END $$;
CREATE TRIGGER tokens_notify AFTER UPDATE OR DELETE ON tokens FOR EACH ROW EXECUTE FUNCTION incommon_token_changed();
