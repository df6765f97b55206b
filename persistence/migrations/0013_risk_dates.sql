-- When a RAID entry was raised and closed (valid time), so that the log can be seen as it stood
-- on a date, like every other record with a lifecycle. Existing entries were raised the day
-- they were logged and, if closed, closed the day they last changed.
ALTER TABLE risks ADD COLUMN raised_on date, ADD COLUMN closed_on date;
UPDATE risks SET raised_on = CAST(created_at AT TIME ZONE 'UTC' AS date),
                 closed_on = CASE WHEN status = 'closed' THEN CAST(updated_at AT TIME ZONE 'UTC' AS date) END;
ALTER TABLE risks ALTER COLUMN raised_on SET NOT NULL, ALTER COLUMN raised_on SET DEFAULT CURRENT_DATE;
ALTER TABLE risks ADD CONSTRAINT risks_closed_on_when_closed CHECK ((status = 'closed') = (closed_on IS NOT NULL));
ALTER TABLE risks ADD CONSTRAINT risks_closed_after_raised CHECK (closed_on >= raised_on);
