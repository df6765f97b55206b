-- Votes (LMCs, CCG memberships, governing bodies), other bodies' positions on them, and the
-- caveats attached to them, linked to the milestones that deliver them.

CREATE TABLE votes (
  id                       uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  body_id                  uuid NOT NULL REFERENCES organisations (id),
  motion                   text NOT NULL CHECK (length(btrim(motion)) > 0),
  kind                     text NOT NULL CHECK (kind IN ('no_confidence', 'endorsement', 'approval', 'other')),
  subject_organisation_ids uuid[] NOT NULL DEFAULT '{}' CHECK (cardinality(subject_organisation_ids) <= 100),
  prompted_by_id           uuid REFERENCES votes (id),
  opened_on                date NOT NULL,
  closed_on                date,
  status                   text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed', 'withdrawn')),
  threshold                text NOT NULL DEFAULT 'simple_majority' CHECK (threshold IN ('simple_majority', 'two_thirds')),
  votes_for                int CHECK (votes_for >= 0),
  votes_against            int CHECK (votes_against >= 0),
  votes_abstained          int CHECK (votes_abstained >= 0),
  eligible                 int CHECK (eligible >= 0),
  declared_outcome         text CHECK (declared_outcome IN ('carried', 'defeated')),
  outcome                  text NOT NULL DEFAULT 'pending' CHECK (outcome IN ('pending', 'carried', 'defeated', 'withdrawn')),
  withdrawn_reason         text,
  version                  int NOT NULL DEFAULT 1,
  created_at               timestamptz NOT NULL DEFAULT now(),
  updated_at               timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT votes_closed_after_opened CHECK (closed_on >= opened_on),
  CONSTRAINT votes_closed_on_when_ended CHECK ((status = 'open') = (closed_on IS NULL)),
  CONSTRAINT votes_outcome_follows_status CHECK (
    (status = 'open' AND outcome = 'pending') OR (status = 'withdrawn' AND outcome = 'withdrawn') OR
    (status = 'closed' AND outcome IN ('carried', 'defeated'))),
  CONSTRAINT votes_not_prompted_by_itself CHECK (prompted_by_id <> id),
  CONSTRAINT votes_cast_within_electorate CHECK (
    eligible IS NULL OR coalesce(votes_for, 0) + coalesce(votes_against, 0) + coalesce(votes_abstained, 0) <= eligible)
);
CREATE INDEX votes_page_idx ON votes (opened_on, id);
CREATE INDEX votes_body_idx ON votes (body_id, opened_on, id);
CREATE INDEX votes_subjects_idx ON votes USING gin (subject_organisation_ids);
CREATE INDEX votes_status_idx ON votes (status, opened_on, id);
CREATE INDEX votes_outcome_idx ON votes (outcome, opened_on, id);
CREATE INDEX votes_prompted_by_idx ON votes (prompted_by_id);
CREATE TRIGGER votes_version BEFORE UPDATE ON votes FOR EACH ROW EXECUTE FUNCTION incommon_bump_version();
CREATE TRIGGER votes_audit AFTER INSERT OR UPDATE ON votes FOR EACH ROW EXECUTE FUNCTION incommon_audit();

-- One current position per body and vote: a new statement replaces it, and the audit log
-- keeps the ones before.
CREATE TABLE vote_positions (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  vote_id         uuid NOT NULL REFERENCES votes (id),
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  position        text NOT NULL CHECK (position IN ('support', 'oppose', 'neutral')),
  stated_on       date NOT NULL,
  note            text,
  version         int NOT NULL DEFAULT 1,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT vote_positions_one_per_body UNIQUE (vote_id, organisation_id)
);
CREATE TRIGGER vote_positions_version BEFORE UPDATE ON vote_positions FOR EACH ROW EXECUTE FUNCTION incommon_bump_version();
CREATE TRIGGER vote_positions_audit AFTER INSERT OR UPDATE ON vote_positions FOR EACH ROW EXECUTE FUNCTION incommon_audit();

CREATE TABLE caveats (
  id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  vote_id               uuid NOT NULL REFERENCES votes (id),
  text                  text NOT NULL CHECK (length(btrim(text)) > 0),
  added_on              date NOT NULL,
  status                text NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'attached', 'accepted', 'met',
                          'breached', 'withdrawn')),
  owner_organisation_id uuid REFERENCES organisations (id),
  due_on                date,
  milestone_ids         uuid[] NOT NULL DEFAULT '{}' CHECK (cardinality(milestone_ids) <= 200),
  evidence              text,
  version               int NOT NULL DEFAULT 1,
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT caveats_met_has_grounds CHECK (status <> 'met' OR evidence IS NOT NULL OR cardinality(milestone_ids) > 0)
);
CREATE INDEX caveats_page_idx ON caveats (added_on, id);
CREATE INDEX caveats_vote_idx ON caveats (vote_id, added_on, id);
CREATE INDEX caveats_status_idx ON caveats (status, added_on, id);
CREATE INDEX caveats_due_idx ON caveats (due_on) WHERE status NOT IN ('met', 'withdrawn');
CREATE INDEX caveats_owner_idx ON caveats (owner_organisation_id, added_on, id);
CREATE INDEX caveats_milestones_idx ON caveats USING gin (milestone_ids);
CREATE TRIGGER caveats_version BEFORE UPDATE ON caveats FOR EACH ROW EXECUTE FUNCTION incommon_bump_version();
CREATE TRIGGER caveats_audit AFTER INSERT OR UPDATE ON caveats FOR EACH ROW EXECUTE FUNCTION incommon_audit();
