-- Every write appends audit events (and every progress update an entry to its milestone's
-- log), so each index on these tables is paid for on every write. Their ids were random
-- (gen_random_uuid), so each new id landed on a random page of the primary key's b-tree; they
-- are now time-ordered (the UUIDv7 layout: milliseconds since the epoch, then random bits), so
-- new ids are appended at the end of the index. Existing ids keep their values.
CREATE FUNCTION incommon_time_ordered_uuid() RETURNS uuid LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
  SELECT encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
    PLACING substring(int8send((extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3) FROM 1 FOR 6),
    52, 1), 53, 1), 'hex')::uuid
$$;
ALTER TABLE audit_events ALTER COLUMN id SET DEFAULT incommon_time_ordered_uuid();
ALTER TABLE milestone_updates ALTER COLUMN id SET DEFAULT incommon_time_ordered_uuid();

-- The actor filter compares actor_token_id as text (an actor is a token id or a token name),
-- which this index cannot serve: no query used it, and every event wrote to it.
DROP INDEX audit_events_actor_idx;
