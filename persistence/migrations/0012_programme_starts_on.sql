-- When a programme began: nothing of it (a milestone's actual_date) is done before then.
-- Optional; a programme without it has no such bound.
ALTER TABLE programmes ADD COLUMN starts_on date;
ALTER TABLE programmes ADD CONSTRAINT programmes_starts_before_target CHECK (starts_on <= target_date);
