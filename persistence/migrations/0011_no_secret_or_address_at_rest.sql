-- No secret and no client address at rest. Where clients must be told apart (reports, rate
-- limits, the idempotency scope of public writes) the server stores a keyed hash of the
-- address (HMAC-SHA256), and forgets even that once its window has passed.

-- The key of those hashes, unless INCOMMON_ADDRESS_KEY gives one (then a copy of the database
-- alone cannot be used to test guessed addresses against the hashes). gen_random_uuid() draws
-- on PostgreSQL's strong random source: two of them give 244 random bits.
CREATE TABLE server_secrets (
  name       text PRIMARY KEY,
  value      bytea NOT NULL CHECK (length(value) >= 16),
  created_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO server_secrets (name, value)
VALUES ('address_key', decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex'));

-- Reports: one per client and moderation round, told apart by the hash; the hash is dropped
-- once the report's window (30 days) has passed, and a report without one still counts.
ALTER TABLE response_reports RENAME COLUMN client_address TO client_hash;
ALTER TABLE response_reports ALTER COLUMN client_hash DROP NOT NULL;
UPDATE response_reports SET client_hash = NULL;
CREATE INDEX response_reports_window_idx ON response_reports (created_at) WHERE client_hash IS NOT NULL;
DROP TRIGGER response_reports_audit ON response_reports;
CREATE TRIGGER response_reports_audit AFTER INSERT ON response_reports
  FOR EACH ROW EXECUTE FUNCTION incommon_audit('client_hash');

-- Rate limit windows last a minute: the addresses counted so far are simply forgotten.
DELETE FROM public_write_counts;
ALTER TABLE public_write_counts RENAME COLUMN client_address TO client_hash;

-- Stored first responses: those of public writes were keyed by the client address, and those
-- of token creation held the live secret. Both go; new ones hold neither.
DELETE FROM idempotency_keys WHERE scope LIKE 'client:%' OR body ~ 'inc_[0-9a-f]{64}';

-- One person cannot book out an event: one active booking per email and event.
CREATE UNIQUE INDEX bookings_one_active_per_email ON bookings (event_id, lower(email)) WHERE status = 'confirmed';

-- Money: each amount at most 10^13 pence (100 billion pounds) either way, so that sums of any
-- realistic number of them stay within 64 bits. NOT VALID: rows already there are not
-- rechecked, every new or changed row is.
ALTER TABLE financial_positions
  ADD CONSTRAINT financial_positions_amounts_bounded CHECK (
    in_year_surplus_pence BETWEEN -10000000000000 AND 10000000000000
    AND cumulative_position_pence BETWEEN -10000000000000 AND 10000000000000) NOT VALID;
