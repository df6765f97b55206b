-- The links between caveats and the milestones that deliver them, with each milestone's
-- programme, kept by trigger from caveats.milestone_ids: "the caveats a programme delivers"
-- (the dashboard) is one index range instead of an array overlap tried on every caveat.
CREATE TABLE caveat_milestones (
  caveat_id    uuid NOT NULL REFERENCES caveats (id),
  milestone_id uuid NOT NULL REFERENCES milestones (id),
  programme_id uuid NOT NULL REFERENCES programmes (id),
  PRIMARY KEY (caveat_id, milestone_id)
);
CREATE INDEX caveat_milestones_programme_idx ON caveat_milestones (programme_id, caveat_id);
CREATE INDEX caveat_milestones_milestone_idx ON caveat_milestones (milestone_id);

CREATE FUNCTION incommon_sync_caveat_milestones() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM caveat_milestones WHERE caveat_id = NEW.id;
  INSERT INTO caveat_milestones (caveat_id, milestone_id, programme_id)
  SELECT DISTINCT NEW.id, m.id, m.programme_id FROM milestones m WHERE m.id = ANY (NEW.milestone_ids);
  RETURN NULL;
END $$;
CREATE TRIGGER caveats_milestones_insert AFTER INSERT ON caveats
  FOR EACH ROW EXECUTE FUNCTION incommon_sync_caveat_milestones();
CREATE TRIGGER caveats_milestones_update AFTER UPDATE OF milestone_ids ON caveats
  FOR EACH ROW WHEN (OLD.milestone_ids IS DISTINCT FROM NEW.milestone_ids) EXECUTE FUNCTION incommon_sync_caveat_milestones();

INSERT INTO caveat_milestones (caveat_id, milestone_id, programme_id)
SELECT DISTINCT c.id, m.id, m.programme_id FROM caveats c JOIN milestones m ON m.id = ANY (c.milestone_ids);
