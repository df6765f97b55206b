-- Foundation: the audit log, tokens, idempotency keys, organisations and people.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Instants leave the database as RFC 3339 text in UTC with microseconds, so nothing is lost
-- on the way through the client library and keyset cursors compare exactly.
CREATE FUNCTION rfc3339(ts timestamptz) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
$$;

-- Every mutable record bumps its version and updated_at on each change, whoever writes it.
CREATE FUNCTION incommon_bump_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.version := OLD.version + 1;
  NEW.updated_at := now();
  NEW.created_at := OLD.created_at;
  NEW.id := OLD.id;
  RETURN NEW;
END $$;

-- The audit log is append-only: the database itself refuses to change or remove history.
CREATE TABLE audit_events (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  seq            bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  entity_type    text NOT NULL,
  entity_id      uuid NOT NULL,
  action         text NOT NULL,
  actor_token_id uuid,
  actor_name     text NOT NULL,
  request_id     text,
  at             timestamptz NOT NULL DEFAULT now(),
  before         jsonb,
  after          jsonb,
  version        int NOT NULL DEFAULT 1,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_events_entity_idx ON audit_events (entity_type, entity_id, seq);
CREATE INDEX audit_events_at_idx ON audit_events (at, seq);
CREATE INDEX audit_events_actor_idx ON audit_events (actor_token_id, seq);
CREATE INDEX audit_events_actor_name_idx ON audit_events (actor_name, seq);

CREATE FUNCTION incommon_refuse_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only' USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION incommon_refuse_audit_change();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION incommon_refuse_audit_change();

-- Appends the audit event of a write in the writer's own transaction. The writer says who it
-- is with set_config('incommon.actor_id'|'incommon.actor_name'|'incommon.request_id', ..., true)
-- and may name the action ('incommon.action'); trigger arguments name columns never to record.
CREATE FUNCTION incommon_audit() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  b jsonb;
  a jsonb;
  act text := NULLIF(current_setting('incommon.action', true), '');
  hidden text[] := COALESCE(TG_ARGV, '{}');  -- TG_ARGV is NULL when the trigger has no arguments
BEGIN
  IF TG_OP <> 'INSERT' THEN b := to_jsonb(OLD) - hidden; END IF;
  IF TG_OP <> 'DELETE' THEN a := to_jsonb(NEW) - hidden; END IF;
  INSERT INTO audit_events (entity_type, entity_id, action, actor_token_id, actor_name, request_id, before, after)
  VALUES (TG_TABLE_NAME,
          CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END,
          COALESCE(act, CASE TG_OP WHEN 'INSERT' THEN 'create' WHEN 'UPDATE' THEN 'update' ELSE 'delete' END),
          NULLIF(current_setting('incommon.actor_id', true), '')::uuid,
          COALESCE(NULLIF(current_setting('incommon.actor_name', true), ''), 'system'),
          NULLIF(current_setting('incommon.request_id', true), ''),
          b, a);
  RETURN NULL;
END $$;

CREATE TABLE tokens (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name        text NOT NULL CHECK (length(btrim(name)) > 0),
  role        text NOT NULL CHECK (role IN ('admin', 'governance', 'transformation', 'engagement', 'viewer')),
  secret_hash text NOT NULL,
  revoked_at  timestamptz,
  version     int NOT NULL DEFAULT 1,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX tokens_secret_hash_key ON tokens (secret_hash);
CREATE INDEX tokens_page_idx ON tokens (created_at, id);
CREATE TRIGGER tokens_version BEFORE UPDATE ON tokens FOR EACH ROW EXECUTE FUNCTION incommon_bump_version();
CREATE TRIGGER tokens_audit AFTER INSERT OR UPDATE ON tokens FOR EACH ROW EXECUTE FUNCTION incommon_audit('secret_hash');

-- Replays of a create retried with the same Idempotency-Key, from any server instance.
CREATE TABLE idempotency_keys (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  scope         text NOT NULL,   -- the token, or the client address for public writes
  key           text NOT NULL,
  request_hash  text NOT NULL,   -- method, path and body
  status        int NOT NULL,
  body          text NOT NULL,
  headers       text NOT NULL DEFAULT '[]',  -- JSON array of [name, value]
  version       int NOT NULL DEFAULT 1,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (scope, key)
);
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);

CREATE TABLE organisations (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name           text NOT NULL CHECK (length(btrim(name)) > 0),
  code           text,
  type           text NOT NULL CHECK (type IN ('ccg', 'strategic_commissioning_organisation', 'integrated_care_board',
                   'lmc', 'nhs_england', 'gp_practice', 'local_authority', 'provider', 'voluntary_group', 'other')),
  sub_region     text,
  population     bigint CHECK (population >= 0),
  status         text NOT NULL DEFAULT 'active' CHECK (status IN ('planned', 'active', 'merging', 'merged', 'dissolved')),
  parent_id      uuid REFERENCES organisations (id),
  successor_id   uuid REFERENCES organisations (id),
  established_on date,
  dissolved_on   date,
  version        int NOT NULL DEFAULT 1,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT organisations_not_own_parent CHECK (parent_id <> id),
  CONSTRAINT organisations_not_own_successor CHECK (successor_id <> id),
  CONSTRAINT organisations_dissolved_after_established CHECK (dissolved_on >= established_on)
);
CREATE UNIQUE INDEX organisations_name_key ON organisations (lower(name));
CREATE UNIQUE INDEX organisations_code_key ON organisations (code) WHERE code IS NOT NULL;
CREATE INDEX organisations_page_idx ON organisations (name, id);
CREATE INDEX organisations_type_idx ON organisations (type, name, id);
CREATE INDEX organisations_status_idx ON organisations (status, name, id);
CREATE INDEX organisations_sub_region_idx ON organisations (sub_region, name, id);
CREATE INDEX organisations_parent_idx ON organisations (parent_id, name, id);
CREATE INDEX organisations_successor_idx ON organisations (successor_id);
CREATE INDEX organisations_name_trgm_idx ON organisations USING gin (name gin_trgm_ops);
CREATE TRIGGER organisations_version BEFORE UPDATE ON organisations FOR EACH ROW EXECUTE FUNCTION incommon_bump_version();
CREATE TRIGGER organisations_audit AFTER INSERT OR UPDATE ON organisations FOR EACH ROW EXECUTE FUNCTION incommon_audit();

CREATE TABLE people (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  title      text,
  full_name  text NOT NULL CHECK (length(btrim(full_name)) > 0),
  email      text,
  version    int NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX people_email_key ON people (lower(email)) WHERE email IS NOT NULL;
CREATE INDEX people_page_idx ON people (full_name, id);
CREATE INDEX people_name_trgm_idx ON people USING gin (full_name gin_trgm_ops);
CREATE TRIGGER people_version BEFORE UPDATE ON people FOR EACH ROW EXECUTE FUNCTION incommon_bump_version();
CREATE TRIGGER people_audit AFTER INSERT OR UPDATE ON people FOR EACH ROW EXECUTE FUNCTION incommon_audit();
