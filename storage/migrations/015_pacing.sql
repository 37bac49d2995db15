-- Pacing at the platforms' real limits (issue 13).

-- After a 429 the bot sends at half its rate until slow_until, so that a
-- change on the platform's side does not mean a flood of 429s.
ALTER TABLE rate_limits ADD COLUMN slow_until timestamptz NOT NULL DEFAULT 'epoch';

-- Interactive messages (answers, reviews, notices: every kind that is not
-- the part of a broadcast) are claimed before the broadcasts' parts.
CREATE INDEX deliveries_interactive ON deliveries (id)
    WHERE state = 'pending' AND kind NOT LIKE '%.part' AND kind NOT IN ('directive', 'reminder', 'reach', 'change');

-- A message in flight when its process died is sent again (at least once)
-- for the kinds a person must read; resent counts how often that happened.
ALTER TABLE deliveries ADD COLUMN resent int NOT NULL DEFAULT 0;

-- A file sent to many is uploaded to Telegram once: the process that
-- uploads it holds it until telegram_upload_until; the others wait for
-- its file_id.
ALTER TABLE files ADD COLUMN telegram_upload_until timestamptz;
