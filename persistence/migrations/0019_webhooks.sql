-- Webhooks from a transactional outbox. A write that announces an event inserts its message
-- and one delivery per enabled subscription to its type in the write's own transaction, so
-- nothing is announced that did not commit and nothing committed goes unannounced. Any server
-- delivers: it claims due deliveries (FOR UPDATE SKIP LOCKED) under a lease, and a delivery
-- whose server died is claimed again when its lease runs out, under the same message id.

-- Ids that grow with time, so that each insert lands at the right edge of its index: a random
-- UUID touches a random page of the index, and after every checkpoint writes that whole page to
-- the WAL again. 48 bits of milliseconds, then 80 random bits (UUIDv7's layout, without its
-- version bits): 32 hex digits.
CREATE FUNCTION incommon_time_ordered_hex() RETURNS text LANGUAGE sql VOLATILE AS $$
  SELECT lpad(to_hex(CAST(extract(epoch FROM clock_timestamp()) * 1000 AS bigint)), 12, '0') ||
         substr(replace(CAST(gen_random_uuid() AS text), '-', ''), 1, 20)
$$;

-- Who is told. The signing secrets are kept to sign with (an HMAC needs its key), never shown
-- again after they are made, and never recorded in the audit trail.
CREATE TABLE webhook_subscriptions (
  id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  url                   text NOT NULL CHECK (length(url) BETWEEN 1 AND 2000),
  event_types           text[] NOT NULL CHECK (cardinality(event_types) > 0),
  description           text,
  enabled               boolean NOT NULL DEFAULT true,
  disabled_reason       text,
  secret                text NOT NULL,
  previous_secret       text,
  previous_secret_until timestamptz,
  failing_since         timestamptz,
  version               int NOT NULL DEFAULT 1,
  created_at            timestamptz NOT NULL DEFAULT incommon_recorded_now(),
  updated_at            timestamptz NOT NULL DEFAULT incommon_recorded_now()
);
CREATE INDEX webhook_subscriptions_page_idx ON webhook_subscriptions (created_at, id);
CREATE TRIGGER webhook_subscriptions_version BEFORE UPDATE ON webhook_subscriptions
  FOR EACH ROW EXECUTE FUNCTION incommon_bump_version();
CREATE TRIGGER webhook_subscriptions_audit AFTER INSERT OR UPDATE ON webhook_subscriptions
  FOR EACH ROW EXECUTE FUNCTION incommon_audit('secret', 'previous_secret');

-- Servers remember which event types anyone is subscribed to, so that a write nobody listens
-- for costs no statement; a change to a subscription is announced to every server at commit
-- ('<id>:<version>', which the admin's answer waits for).
CREATE FUNCTION incommon_webhooks_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM pg_notify('incommon_webhooks', OLD.id::text || ':' || OLD.version::text);
  ELSE
    PERFORM pg_notify('incommon_webhooks', NEW.id::text || ':' || NEW.version::text);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER webhook_subscriptions_notify AFTER INSERT OR UPDATE OR DELETE ON webhook_subscriptions
  FOR EACH ROW EXECUTE FUNCTION incommon_webhooks_changed();

-- One event: its id is the webhook-id of every attempt to deliver it; the body is the exact
-- text signed and sent ({type, timestamp, data}), kept as text so that its bytes never change.
CREATE TABLE webhook_messages (
  id          text PRIMARY KEY DEFAULT 'msg_' || incommon_time_ordered_hex(),
  seq         bigint GENERATED ALWAYS AS IDENTITY,
  type        text NOT NULL,
  record_type text NOT NULL,
  record_id   text NOT NULL,
  body        text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- No foreign keys in the outbox: a key to webhook_subscriptions would lock each subscription's
-- row (FOR KEY SHARE) in every write that announces an event, and concurrent writes sharing
-- those few rows made a MultiXact of each lock: it halved the rate of progress updates.
-- Subscriptions are never deleted, and expiry deletes attempts, then deliveries, then messages.

-- One message to one subscription. `seq` is the message's: deliveries of one record to one
-- subscription go in the order of its messages, which is the order of the record's writes
-- (each write holds the record's row lock until it commits).
CREATE TABLE webhook_deliveries (
  id              uuid PRIMARY KEY DEFAULT CAST(incommon_time_ordered_hex() AS uuid),
  subscription_id uuid NOT NULL,
  message_id      text NOT NULL,
  seq             bigint NOT NULL,
  record_key      text NOT NULL,
  status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'failed')),
  attempts        int NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  leased_until    timestamptz,
  leased_by       text,
  last_attempt_at timestamptz,
  last_status     int,
  last_error      text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
)
-- Room on each page, so that a claim (no indexed column) is a HOT update; and vacuumed and
-- analysed often, as a queue's rows churn.
WITH (fillfactor = 70, autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.02);
-- Each write that announces an event inserts its deliveries: only the indexes the deliverers
-- and the deliveries list need. The pending ones in the order they were announced (what a
-- deliverer claims first), and by record (a delivery waits for the one before it of the same
-- record to the same subscription); a subscription's deliveries newest first.
CREATE INDEX webhook_deliveries_pending_idx ON webhook_deliveries (seq) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_order_idx ON webhook_deliveries (subscription_id, record_key, seq)
  WHERE status = 'pending';
CREATE INDEX webhook_deliveries_page_idx ON webhook_deliveries (subscription_id, created_at DESC, id DESC);

-- Every attempt: when, how it ended, how long it took, and the first KiB of the answer.
CREATE TABLE webhook_attempts (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  delivery_id  uuid NOT NULL,
  attempt      int NOT NULL,
  started_at   timestamptz NOT NULL,
  latency_ms   int NOT NULL,
  status       int,
  error        text,
  response     text,
  delivered_by text NOT NULL
);
CREATE INDEX webhook_attempts_delivery_idx ON webhook_attempts (delivery_id, attempt);

-- The events of a date (a milestone or caveat overdue, an appointment started or ended) already
-- announced: each once for each record and date, by whichever server sweeps first.
CREATE TABLE webhook_dated_events (
  type       text NOT NULL,
  record_id  uuid NOT NULL,
  on_date    date NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (type, record_id, on_date)
);
