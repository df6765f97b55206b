-- The change feed (GET /audit-events?after=, then its cursors) gave events in seq order. A
-- seq is taken when the event is written, not when its transaction commits, so a write that
-- began first could commit after a later one with the higher seq; a reader that had polled in
-- between had passed the lower seq, and never saw that event. Each event now records its
-- transaction (xact), and the feed goes in (xact, seq) order up to the oldest transaction
-- still running (pg_snapshot_xmin of the reading statement's snapshot): every transaction
-- below it has ended, and every one that commits later has an xact at or above it, so nothing
-- can appear behind a cursor. A transaction left open holds the feed back until it ends.
-- Events written before this migration have no xact (NULL, read as 0): all of them had
-- committed, and they come first, in seq order, as before.
ALTER TABLE audit_events ADD COLUMN xact xid8;
ALTER TABLE audit_events ALTER COLUMN xact SET DEFAULT pg_current_xact_id();
CREATE INDEX audit_events_feed_idx ON audit_events ((COALESCE(xact, '0'::xid8)), seq);
