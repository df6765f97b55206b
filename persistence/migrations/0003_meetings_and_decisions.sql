-- Meetings (in common), agenda items, attendance, declarations of interest, and the decision register.

CREATE TABLE meetings (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  title            text NOT NULL CHECK (length(btrim(title)) > 0),
  kind             text NOT NULL CHECK (kind IN ('governing_body', 'governing_body_in_common', 'lmc', 'membership_event',
                     'public_meeting', 'other')),
  organisation_ids uuid[] NOT NULL CHECK (cardinality(organisation_ids) BETWEEN 1 AND 100),
  starts_at        timestamptz NOT NULL,
  ends_at          timestamptz NOT NULL,
  location         text,
  status           text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'held', 'cancelled')),
  quorum           int NOT NULL DEFAULT 3 CHECK (quorum BETWEEN 1 AND 1000),
  version          int NOT NULL DEFAULT 1,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT meetings_ends_after_start CHECK (ends_at > starts_at),
  CONSTRAINT meetings_in_common_has_bodies CHECK (kind <> 'governing_body_in_common' OR cardinality(organisation_ids) >= 2)
);
CREATE INDEX meetings_page_idx ON meetings (starts_at, id);
CREATE INDEX meetings_organisations_idx ON meetings USING gin (organisation_ids);
CREATE TRIGGER meetings_version BEFORE UPDATE ON meetings FOR EACH ROW EXECUTE FUNCTION incommon_bump_version();
CREATE TRIGGER meetings_audit AFTER INSERT OR UPDATE ON meetings FOR EACH ROW EXECUTE FUNCTION incommon_audit();

CREATE TABLE agenda_items (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  meeting_id uuid NOT NULL REFERENCES meetings (id),
  number     text NOT NULL CHECK (number ~ '^[0-9]{1,4}(\.[0-9]{1,4})*$'),
  title      text NOT NULL CHECK (length(btrim(title)) > 0),
  purpose    text NOT NULL CHECK (purpose IN ('decision', 'discussion', 'information')),
  papers_url text,
  version    int NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT agenda_items_number_key UNIQUE (meeting_id, number)
);
CREATE TRIGGER agenda_items_version BEFORE UPDATE ON agenda_items FOR EACH ROW EXECUTE FUNCTION incommon_bump_version();
CREATE TRIGGER agenda_items_audit AFTER INSERT OR UPDATE ON agenda_items FOR EACH ROW EXECUTE FUNCTION incommon_audit();

CREATE TABLE attendance (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  meeting_id      uuid NOT NULL REFERENCES meetings (id),
  person_id       uuid NOT NULL REFERENCES people (id),
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  status          text NOT NULL CHECK (status IN ('present', 'apologies', 'absent')),
  voting          boolean NOT NULL DEFAULT true,
  version         int NOT NULL DEFAULT 1,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT attendance_once_per_body UNIQUE (meeting_id, person_id, organisation_id)
);
CREATE TRIGGER attendance_version BEFORE UPDATE ON attendance FOR EACH ROW EXECUTE FUNCTION incommon_bump_version();
CREATE TRIGGER attendance_audit AFTER INSERT OR UPDATE ON attendance FOR EACH ROW EXECUTE FUNCTION incommon_audit();

CREATE TABLE declarations (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  meeting_id     uuid NOT NULL REFERENCES meetings (id),
  person_id      uuid NOT NULL REFERENCES people (id),
  agenda_item_id uuid REFERENCES agenda_items (id),
  interest       text NOT NULL CHECK (length(btrim(interest)) > 0),
  action         text NOT NULL CHECK (action IN ('withdrew', 'stayed_did_not_vote', 'stayed_voted')),
  version        int NOT NULL DEFAULT 1,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX declarations_meeting_idx ON declarations (meeting_id, created_at, id);
CREATE TRIGGER declarations_version BEFORE UPDATE ON declarations FOR EACH ROW EXECUTE FUNCTION incommon_bump_version();
CREATE TRIGGER declarations_audit AFTER INSERT OR UPDATE ON declarations FOR EACH ROW EXECUTE FUNCTION incommon_audit();

-- DEC-YYYY-NNNN: the counter row of a year is updated in the creating transaction, so
-- concurrent creates queue on it and a rolled-back create gives its number back.
CREATE TABLE decision_reference_counters (
  year       int PRIMARY KEY,
  last       int NOT NULL,
  id         uuid NOT NULL DEFAULT gen_random_uuid(),
  version    int NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE decisions (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  reference        text NOT NULL CHECK (reference ~ '^DEC-[0-9]{4}-[0-9]{4,}$'),
  title            text NOT NULL CHECK (length(btrim(title)) > 0),
  summary          text,
  rationale        text,
  meeting_id       uuid REFERENCES meetings (id),
  agenda_item_id   uuid REFERENCES agenda_items (id),
  decided_on       date NOT NULL,
  status           text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'ratified', 'superseded', 'rescinded')),
  supersedes_id    uuid REFERENCES decisions (id),
  superseded_by_id uuid REFERENCES decisions (id),
  outcomes         jsonb NOT NULL DEFAULT '[]',
  organisation_ids uuid[] NOT NULL DEFAULT '{}',
  overall          text NOT NULL CHECK (overall IN ('pending', 'approved_in_common', 'rejected', 'deferred', 'split')),
  ratified_at      timestamptz,
  rescinded_reason text,
  search           tsvector GENERATED ALWAYS AS (
                     setweight(to_tsvector('english', coalesce(title, '')), 'A') ||
                     setweight(to_tsvector('english', coalesce(summary, '')), 'B') ||
                     setweight(to_tsvector('english', coalesce(rationale, '')), 'C')) STORED,
  version          int NOT NULL DEFAULT 1,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT decisions_reference_key UNIQUE (reference),
  CONSTRAINT decisions_supersedes_once UNIQUE (supersedes_id),
  CONSTRAINT decisions_not_self CHECK (supersedes_id <> id)
);
CREATE INDEX decisions_search_idx ON decisions USING gin (search);
CREATE INDEX decisions_organisations_idx ON decisions USING gin (organisation_ids);
CREATE INDEX decisions_meeting_idx ON decisions (meeting_id, reference);
CREATE INDEX decisions_status_idx ON decisions (status, reference);
CREATE INDEX decisions_overall_idx ON decisions (overall, reference);
CREATE INDEX decisions_decided_on_idx ON decisions (decided_on, reference);

-- Ratification is recorded when it happens; the audit log must not show the search vector.
CREATE FUNCTION incommon_decision_ratified_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status = 'ratified' AND OLD.status IS DISTINCT FROM 'ratified' THEN NEW.ratified_at := now(); END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER decisions_ratified_at BEFORE UPDATE ON decisions FOR EACH ROW EXECUTE FUNCTION incommon_decision_ratified_at();
CREATE TRIGGER decisions_version BEFORE UPDATE ON decisions FOR EACH ROW EXECUTE FUNCTION incommon_bump_version();
CREATE TRIGGER decisions_audit AFTER INSERT OR UPDATE ON decisions FOR EACH ROW EXECUTE FUNCTION incommon_audit('search');
