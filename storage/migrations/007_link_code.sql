-- A code that links another chat account to an existing person (a
-- Telegram user adding Zalo, or the reverse) instead of creating one.
ALTER TABLE invites ADD COLUMN person_id bigint REFERENCES people (id);
