-- Calendar apps cannot send an Authorization header: a feed token goes in a feed's URL, and so
-- it may read the calendar feeds and nothing else. It is a token like any other (hashed,
-- listed, revoked, audited), of its own kind, and reads as a viewer.
ALTER TABLE tokens ADD COLUMN kind text NOT NULL DEFAULT 'api' CHECK (kind IN ('api', 'feed'));
ALTER TABLE tokens ADD CONSTRAINT tokens_feed_reads_only CHECK (kind = 'api' OR role = 'viewer');
