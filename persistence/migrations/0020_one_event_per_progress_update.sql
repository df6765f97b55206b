-- One audit event per logical write. A progress update changes its milestone and appends an
-- entry to the milestone's log; each row used to fire the audit trigger, so every update wrote
-- two events (two to_jsonb images, two rows, each into every index of the trail). The entry
-- needs no event of its own: milestone_updates is itself append-only history (the API role may
-- only INSERT into it, and a trigger refuses UPDATE and DELETE to everyone), each entry names
-- the milestone version it wrote, and its created_at is the instant of that write. So the
-- update is now one event, the milestone's (action 'progress'), and what read the entry's
-- events reads the entry:
--   * GET /audit-events and the histories join each progress event to its entry (`entry`);
--   * a read as recorded at an instant takes the entries created by then (as_recorded.cpp);
--   * the changes between two instants take the entries created between them.
-- Entries written before this migration keep their own create events: the trail is not edited.
DROP TRIGGER milestone_updates_audit ON milestone_updates;

-- (The join finds the entry through milestone_updates_log_idx: a milestone's own entries.)

-- The actor filter (audit_log.cpp) matches a name, a token id or a person's subject in one OR,
-- which no single-column index serves: the planner never used this one, and every event paid
-- for it.
DROP INDEX audit_events_actor_name_idx;
