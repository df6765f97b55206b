-- Leadership (appointments, one holder of a sole office at a time) and financial positions.

CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE appointments (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  person_id        uuid NOT NULL REFERENCES people (id),
  role             text NOT NULL CHECK (role IN ('accountable_officer', 'clinical_chair', 'chair', 'chief_finance_officer',
                     'lay_member', 'governing_body_gp', 'secretary', 'other')),
  organisation_ids uuid[] NOT NULL CHECK (cardinality(organisation_ids) BETWEEN 1 AND 100),
  starts_on        date NOT NULL,
  ends_on          date,
  version          int NOT NULL DEFAULT 1,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT appointments_ends_after_start CHECK (ends_on >= starts_on)
);
CREATE INDEX appointments_page_idx ON appointments (starts_on, id);
CREATE INDEX appointments_person_idx ON appointments (person_id, starts_on, id);
CREATE INDEX appointments_organisations_idx ON appointments USING gin (organisation_ids);
CREATE TRIGGER appointments_version BEFORE UPDATE ON appointments FOR EACH ROW EXECUTE FUNCTION incommon_bump_version();
CREATE TRIGGER appointments_audit AFTER INSERT OR UPDATE ON appointments FOR EACH ROW EXECUTE FUNCTION incommon_audit();

-- One row per organisation an appointment covers, kept by trigger: the database itself
-- refuses a second accountable officer or clinical chair at an organisation on any day.
CREATE TABLE appointment_offices (
  appointment_id  uuid NOT NULL REFERENCES appointments (id),
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  role            text NOT NULL,
  period          daterange NOT NULL,
  PRIMARY KEY (appointment_id, organisation_id),
  CONSTRAINT appointment_offices_one_holder EXCLUDE USING gist (organisation_id WITH =, role WITH =, period WITH &&)
    WHERE (role IN ('accountable_officer', 'clinical_chair'))
);
CREATE INDEX appointment_offices_on_idx ON appointment_offices USING gist (organisation_id, period);

CREATE FUNCTION incommon_sync_appointment_offices() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM appointment_offices WHERE appointment_id = NEW.id;
  INSERT INTO appointment_offices (appointment_id, organisation_id, role, period)
  SELECT NEW.id, o, NEW.role, daterange(NEW.starts_on, NEW.ends_on, '[]')
  FROM unnest(NEW.organisation_ids) AS o;
  RETURN NULL;
END $$;
CREATE TRIGGER appointments_offices AFTER INSERT OR UPDATE OF role, organisation_ids, starts_on, ends_on ON appointments
  FOR EACH ROW EXECUTE FUNCTION incommon_sync_appointment_offices();

CREATE TABLE financial_positions (
  id                        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id           uuid NOT NULL REFERENCES organisations (id),
  financial_year            text NOT NULL CHECK (financial_year ~ '^[0-9]{4}/[0-9]{2}$'),
  in_year_surplus_pence     bigint,
  cumulative_position_pence bigint,
  source                    text,
  version                   int NOT NULL DEFAULT 1,
  created_at                timestamptz NOT NULL DEFAULT now(),
  updated_at                timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT financial_positions_one_per_year UNIQUE (organisation_id, financial_year),
  CONSTRAINT financial_positions_some_figure CHECK (in_year_surplus_pence IS NOT NULL OR cumulative_position_pence IS NOT NULL)
);
CREATE INDEX financial_positions_year_idx ON financial_positions (financial_year, organisation_id);
CREATE TRIGGER financial_positions_version BEFORE UPDATE ON financial_positions FOR EACH ROW EXECUTE FUNCTION incommon_bump_version();
CREATE TRIGGER financial_positions_audit AFTER INSERT OR UPDATE ON financial_positions FOR EACH ROW EXECUTE FUNCTION incommon_audit();
