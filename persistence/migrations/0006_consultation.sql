-- The public surface: consultations, their events and bookings (capacity never exceeded),
-- responses without personal data, reports and moderation, and per-client rate limits that
-- hold across server instances.

CREATE TABLE consultations (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  programme_id        uuid REFERENCES programmes (id),
  title               text NOT NULL CHECK (length(btrim(title)) > 0),
  summary             text,
  opens_on            date NOT NULL,
  closes_on           date NOT NULL,
  document_title      text,
  document_url        text,
  document_size_bytes bigint CHECK (document_size_bytes >= 0),
  document_media_type text,
  version             int NOT NULL DEFAULT 1,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT consultations_closes_after_opening CHECK (closes_on >= opens_on),
  CONSTRAINT consultations_document_whole CHECK ((document_title IS NULL) = (document_url IS NULL))
);
CREATE INDEX consultations_page_idx ON consultations (opens_on, id);
CREATE INDEX consultations_programme_idx ON consultations (programme_id, opens_on, id);
CREATE TRIGGER consultations_version BEFORE UPDATE ON consultations FOR EACH ROW EXECUTE FUNCTION incommon_bump_version();
CREATE TRIGGER consultations_audit AFTER INSERT OR UPDATE ON consultations FOR EACH ROW EXECUTE FUNCTION incommon_audit();

CREATE TABLE consultation_events (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  consultation_id  uuid NOT NULL REFERENCES consultations (id),
  title            text NOT NULL CHECK (length(btrim(title)) > 0),
  area             text,
  venue            text,
  address          text,
  starts_at        timestamptz NOT NULL,
  ends_at          timestamptz NOT NULL,
  doors_open_at    timestamptz,
  capacity         int NOT NULL CHECK (capacity BETWEEN 1 AND 100000),
  booking_required boolean NOT NULL DEFAULT false,
  status           text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'held', 'cancelled')),
  booked           int NOT NULL DEFAULT 0 CHECK (booked >= 0),
  version          int NOT NULL DEFAULT 1,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT consultation_events_ends_after_start CHECK (ends_at > starts_at),
  CONSTRAINT consultation_events_doors_before_start CHECK (doors_open_at <= starts_at),
  -- The last line of defence against overbooking: places taken never exceed capacity.
  CONSTRAINT consultation_events_within_capacity CHECK (booked <= capacity)
);
CREATE INDEX consultation_events_page_idx ON consultation_events (consultation_id, starts_at, id);
CREATE TRIGGER consultation_events_version BEFORE UPDATE ON consultation_events
  FOR EACH ROW EXECUTE FUNCTION incommon_bump_version();
CREATE TRIGGER consultation_events_audit AFTER INSERT OR UPDATE ON consultation_events
  FOR EACH ROW EXECUTE FUNCTION incommon_audit();

-- Name and email are the only personal data of the public; the audit log never copies them.
CREATE TABLE bookings (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  event_id     uuid NOT NULL REFERENCES consultation_events (id),
  reference    text NOT NULL CHECK (reference ~ '^[A-Z0-9]{4}-[A-Z0-9]{4}$'),
  name         text NOT NULL CHECK (length(btrim(name)) > 0),
  email        text NOT NULL,
  party_size   int NOT NULL CHECK (party_size BETWEEN 1 AND 6),
  access_needs text,
  status       text NOT NULL DEFAULT 'confirmed' CHECK (status IN ('confirmed', 'cancelled')),
  cancelled_at timestamptz,
  version      int NOT NULL DEFAULT 1,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT bookings_reference_key UNIQUE (reference)
);
CREATE INDEX bookings_event_idx ON bookings (event_id, created_at, id);
CREATE FUNCTION incommon_booking_cancelled_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status = 'cancelled' AND OLD.status IS DISTINCT FROM 'cancelled' THEN NEW.cancelled_at := now(); END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER bookings_cancelled_at BEFORE UPDATE ON bookings FOR EACH ROW EXECUTE FUNCTION incommon_booking_cancelled_at();
CREATE TRIGGER bookings_version BEFORE UPDATE ON bookings FOR EACH ROW EXECUTE FUNCTION incommon_bump_version();
CREATE TRIGGER bookings_audit AFTER INSERT OR UPDATE ON bookings
  FOR EACH ROW EXECUTE FUNCTION incommon_audit('name', 'email', 'access_needs');

CREATE TABLE consultation_responses (
  id                               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  consultation_id                  uuid NOT NULL REFERENCES consultations (id),
  position                         text NOT NULL CHECK (position IN ('support_single_organisation', 'keep_current_system',
                                     'no_view')),
  respondent_type                  text NOT NULL CHECK (respondent_type IN ('patient', 'public', 'community_group',
                                     'voluntary_group', 'health_provider', 'social_care_provider', 'local_authority',
                                     'gp_practice', 'staff', 'other')),
  channel                          text NOT NULL CHECK (channel IN ('online', 'public_meeting', 'email', 'letter', 'phone')),
  comments_on_proposal             text CHECK (length(comments_on_proposal) <= 10000),
  comments_on_current_operation    text CHECK (length(comments_on_current_operation) <= 10000),
  comments_on_future_commissioning text CHECK (length(comments_on_future_commissioning) <= 10000),
  consent_to_publish               boolean NOT NULL DEFAULT false,
  received_on                      date NOT NULL,
  entered_by_staff                 boolean NOT NULL DEFAULT false,
  moderation                       text NOT NULL DEFAULT 'published' CHECK (moderation IN ('published', 'pending', 'removed')),
  moderation_note                  text,
  moderation_round                 int NOT NULL DEFAULT 0,
  version                          int NOT NULL DEFAULT 1,
  created_at                       timestamptz NOT NULL DEFAULT now(),
  updated_at                       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX consultation_responses_page_idx ON consultation_responses (consultation_id, created_at, id);
CREATE INDEX consultation_responses_comments_idx ON consultation_responses (consultation_id, created_at DESC, id DESC)
  WHERE consent_to_publish AND moderation = 'published';
CREATE TRIGGER consultation_responses_version BEFORE UPDATE ON consultation_responses
  FOR EACH ROW EXECUTE FUNCTION incommon_bump_version();
CREATE TRIGGER consultation_responses_audit AFTER INSERT OR UPDATE ON consultation_responses
  FOR EACH ROW EXECUTE FUNCTION incommon_audit();

-- One report per client address and moderation round: three different addresses hide a comment.
CREATE TABLE response_reports (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  response_id      uuid NOT NULL REFERENCES consultation_responses (id),
  moderation_round int NOT NULL,
  client_address   text NOT NULL,
  by_staff         boolean NOT NULL DEFAULT false,
  reason           text,
  version          int NOT NULL DEFAULT 1,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT response_reports_once_per_client UNIQUE (response_id, moderation_round, client_address)
);
CREATE TRIGGER response_reports_audit AFTER INSERT ON response_reports
  FOR EACH ROW EXECUTE FUNCTION incommon_audit('client_address');

-- Public writes per client address and minute, shared by every server instance.
CREATE TABLE public_write_counts (
  id             uuid NOT NULL DEFAULT gen_random_uuid(),
  client_address text NOT NULL,
  window_start   timestamptz NOT NULL,
  hits           int NOT NULL,
  version        int NOT NULL DEFAULT 1,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (client_address, window_start)
);
CREATE INDEX public_write_counts_window_idx ON public_write_counts (window_start);
