-- People sign in through their organisation's OpenID Connect provider, and the record names
-- them: the provider's issuer and the person's subject (together unique and stable) and the
-- email the token carried, beside the display name kept in actor_name/author. API tokens and
-- the system leave these NULL. The writer says who it is with set_config as before, now also
-- 'incommon.actor_issuer', 'incommon.actor_subject' and 'incommon.actor_email'.
ALTER TABLE audit_events
  ADD COLUMN actor_issuer  text,
  ADD COLUMN actor_subject text,
  ADD COLUMN actor_email   text;

ALTER TABLE milestone_updates
  ADD COLUMN author_issuer  text,
  ADD COLUMN author_subject text,
  ADD COLUMN author_email   text;

CREATE OR REPLACE FUNCTION incommon_audit() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  b jsonb;
  a jsonb;
  act text := NULLIF(current_setting('incommon.action', true), '');
  hidden text[] := COALESCE(TG_ARGV, '{}');  -- TG_ARGV is NULL when the trigger has no arguments
BEGIN
  IF TG_OP <> 'INSERT' THEN b := to_jsonb(OLD) - hidden; END IF;
  IF TG_OP <> 'DELETE' THEN a := to_jsonb(NEW) - hidden; END IF;
  INSERT INTO audit_events (entity_type, entity_id, action, actor_token_id, actor_name, actor_issuer, actor_subject,
                            actor_email, request_id, before, after)
  VALUES (TG_TABLE_NAME,
          CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END,
          COALESCE(act, CASE TG_OP WHEN 'INSERT' THEN 'create' WHEN 'UPDATE' THEN 'update' ELSE 'delete' END),
          NULLIF(current_setting('incommon.actor_id', true), '')::uuid,
          COALESCE(NULLIF(current_setting('incommon.actor_name', true), ''), 'system'),
          NULLIF(current_setting('incommon.actor_issuer', true), ''),
          NULLIF(current_setting('incommon.actor_subject', true), ''),
          NULLIF(current_setting('incommon.actor_email', true), ''),
          NULLIF(current_setting('incommon.request_id', true), ''),
          b, a);
  RETURN NULL;
END $$;
