-- Merger programmes: their financial positions, milestones with dependencies and a running
-- update log, and the RAID log (risks, assumptions, issues, dependencies).

CREATE TABLE programmes (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name             text NOT NULL CHECK (length(btrim(name)) > 0),
  description      text,
  target_date      date NOT NULL,
  status           text NOT NULL DEFAULT 'planning' CHECK (status IN ('planning', 'active', 'complete', 'abandoned')),
  closed_on        date,
  organisation_ids uuid[] NOT NULL DEFAULT '{}' CHECK (cardinality(organisation_ids) <= 100),
  successor_id     uuid REFERENCES organisations (id),
  version          int NOT NULL DEFAULT 1,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT programmes_closed_on_when_closed CHECK ((status IN ('complete', 'abandoned')) = (closed_on IS NOT NULL))
);
CREATE INDEX programmes_page_idx ON programmes (name, id);
CREATE INDEX programmes_organisations_idx ON programmes USING gin (organisation_ids);
CREATE TRIGGER programmes_version BEFORE UPDATE ON programmes FOR EACH ROW EXECUTE FUNCTION incommon_bump_version();
CREATE TRIGGER programmes_audit AFTER INSERT OR UPDATE ON programmes FOR EACH ROW EXECUTE FUNCTION incommon_audit();

-- A financial position belongs to an organisation (per financial year) or to a programme
-- (per free label, "southern CCGs combined").
ALTER TABLE financial_positions
  ALTER COLUMN organisation_id DROP NOT NULL,
  ALTER COLUMN financial_year DROP NOT NULL,
  ADD COLUMN programme_id uuid REFERENCES programmes (id),
  ADD COLUMN label text CHECK (length(btrim(label)) > 0),
  ADD CONSTRAINT financial_positions_one_owner CHECK (
    (organisation_id IS NOT NULL AND financial_year IS NOT NULL AND programme_id IS NULL AND label IS NULL) OR
    (programme_id IS NOT NULL AND label IS NOT NULL AND organisation_id IS NULL AND financial_year IS NULL)),
  ADD CONSTRAINT financial_positions_one_per_label UNIQUE (programme_id, label);

CREATE TABLE milestones (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  programme_id     uuid NOT NULL REFERENCES programmes (id),
  key              text NOT NULL CHECK (key ~ '^[A-Za-z0-9._-]{1,20}$'),
  title            text NOT NULL CHECK (length(btrim(title)) > 0),
  description      text,
  workstream       text NOT NULL CHECK (workstream IN ('governance', 'engagement', 'finance', 'legal', 'workforce',
                     'clinical', 'digital', 'estates', 'communications', 'other')),
  owner            text,
  baseline_date    date NOT NULL,
  baseline_reason  text,
  forecast_date    date NOT NULL,
  actual_date      date,
  status           text NOT NULL DEFAULT 'not_started' CHECK (status IN ('not_started', 'in_progress', 'blocked',
                     'complete', 'cancelled')),
  percent_complete int NOT NULL DEFAULT 0 CHECK (percent_complete BETWEEN 0 AND 100),
  depends_on       uuid[] NOT NULL DEFAULT '{}' CHECK (cardinality(depends_on) <= 200),
  version          int NOT NULL DEFAULT 1,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT milestones_key_in_programme UNIQUE (programme_id, key),
  CONSTRAINT milestones_programme_and_id UNIQUE (programme_id, id),
  CONSTRAINT milestones_actual_when_complete CHECK ((status = 'complete') = (actual_date IS NOT NULL)),
  CONSTRAINT milestones_not_own_dependency CHECK (NOT (id = ANY (depends_on)))
);
CREATE INDEX milestones_forecast_idx ON milestones (programme_id, forecast_date, id);
CREATE INDEX milestones_status_idx ON milestones (programme_id, status, key);
CREATE INDEX milestones_workstream_idx ON milestones (programme_id, workstream, key);
CREATE INDEX milestones_owner_idx ON milestones (programme_id, lower(owner), key);
CREATE TRIGGER milestones_version BEFORE UPDATE ON milestones FOR EACH ROW EXECUTE FUNCTION incommon_bump_version();
CREATE TRIGGER milestones_audit AFTER INSERT OR UPDATE ON milestones FOR EACH ROW EXECUTE FUNCTION incommon_audit();

-- The dependency edges, kept by trigger from milestones.depends_on: the composite foreign
-- keys make the database itself refuse a dependency on a milestone of another programme.
CREATE TABLE milestone_dependencies (
  programme_id  uuid NOT NULL,
  milestone_id  uuid NOT NULL,
  depends_on_id uuid NOT NULL,
  PRIMARY KEY (milestone_id, depends_on_id),
  CONSTRAINT milestone_dependencies_same_programme FOREIGN KEY (programme_id, depends_on_id)
    REFERENCES milestones (programme_id, id),
  CONSTRAINT milestone_dependencies_milestone FOREIGN KEY (programme_id, milestone_id)
    REFERENCES milestones (programme_id, id)
);
CREATE INDEX milestone_dependencies_dependants_idx ON milestone_dependencies (depends_on_id);

CREATE FUNCTION incommon_sync_milestone_dependencies() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM milestone_dependencies WHERE milestone_id = NEW.id;
  INSERT INTO milestone_dependencies (programme_id, milestone_id, depends_on_id)
  SELECT DISTINCT NEW.programme_id, NEW.id, d FROM unnest(NEW.depends_on) AS d;
  RETURN NULL;
END $$;
CREATE TRIGGER milestones_dependencies_insert AFTER INSERT ON milestones
  FOR EACH ROW EXECUTE FUNCTION incommon_sync_milestone_dependencies();
CREATE TRIGGER milestones_dependencies_update AFTER UPDATE OF depends_on ON milestones
  FOR EACH ROW WHEN (OLD.depends_on IS DISTINCT FROM NEW.depends_on) EXECUTE FUNCTION incommon_sync_milestone_dependencies();

-- The running log: append-only, each entry with what it changed and who wrote it.
CREATE TABLE milestone_updates (
  id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  milestone_id         uuid NOT NULL REFERENCES milestones (id),
  comment              text NOT NULL CHECK (length(btrim(comment)) > 0),
  status               text CHECK (status IN ('not_started', 'in_progress', 'blocked', 'complete', 'cancelled')),
  forecast_date        date,
  percent_complete     int CHECK (percent_complete BETWEEN 0 AND 100),
  actual_date          date,
  author               text NOT NULL,
  token_id             uuid,
  milestone_version    int NOT NULL,
  version              int NOT NULL DEFAULT 1,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX milestone_updates_log_idx ON milestone_updates (milestone_id, created_at DESC, id DESC);
CREATE FUNCTION incommon_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER milestone_updates_append_only BEFORE UPDATE OR DELETE ON milestone_updates
  FOR EACH ROW EXECUTE FUNCTION incommon_refuse_change();
CREATE TRIGGER milestone_updates_audit AFTER INSERT ON milestone_updates FOR EACH ROW EXECUTE FUNCTION incommon_audit();

CREATE TABLE risks (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  programme_id  uuid NOT NULL REFERENCES programmes (id),
  kind          text NOT NULL CHECK (kind IN ('risk', 'assumption', 'issue', 'dependency')),
  title         text NOT NULL CHECK (length(btrim(title)) > 0),
  description   text,
  likelihood    int NOT NULL CHECK (likelihood BETWEEN 1 AND 5),
  impact        int NOT NULL CHECK (impact BETWEEN 1 AND 5),
  score         int GENERATED ALWAYS AS (likelihood * impact) STORED,
  owner         text,
  mitigation    text,
  status        text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'mitigating', 'closed')),
  milestone_ids uuid[] NOT NULL DEFAULT '{}' CHECK (cardinality(milestone_ids) <= 200),
  review_on     date,
  version       int NOT NULL DEFAULT 1,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX risks_score_idx ON risks (programme_id, score DESC, id);
CREATE INDEX risks_status_idx ON risks (programme_id, status, score DESC, id);
CREATE TRIGGER risks_version BEFORE UPDATE ON risks FOR EACH ROW EXECUTE FUNCTION incommon_bump_version();
CREATE TRIGGER risks_audit AFTER INSERT OR UPDATE ON risks FOR EACH ROW EXECUTE FUNCTION incommon_audit();
