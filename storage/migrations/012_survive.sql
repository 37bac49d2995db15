-- Inbound events are kept byte for byte as the platform sent them: jsonb
-- refuses valid JSON such as "\u0000" or a lone surrogate, and one such
-- update used to block the whole intake.
ALTER TABLE inbox ALTER COLUMN payload TYPE bytea USING convert_to(payload::text, 'UTF8');

-- Duplicates are recognised within a window (storage.DedupeWindow), not for
-- all time: when an id comes again after it, the old row is marked
-- superseded and the new event is stored beside it.
ALTER TABLE inbox ADD COLUMN superseded boolean NOT NULL DEFAULT false;
ALTER TABLE inbox DROP CONSTRAINT inbox_channel_external_id_key;
CREATE UNIQUE INDEX inbox_dedupe ON inbox (channel, external_id) WHERE NOT superseded;
CREATE INDEX inbox_received ON inbox (received_at) WHERE state <> 'pending';

-- Events the database refused to store as events (an id too long for an
-- index, a NUL in a chat id...), set aside on their own so that they never
-- block the others. chat_id is where the sender can be answered, if known.
CREATE TABLE inbox_quarantine (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    channel     text NOT NULL,
    payload     bytea NOT NULL,
    error       text NOT NULL,
    chat_id     text,
    received_at timestamptz NOT NULL,
    answered_at timestamptz
);
CREATE INDEX inbox_quarantine_unanswered ON inbox_quarantine (id) WHERE answered_at IS NULL;

-- Files are fetched with backoff until they arrive; fetch_error is set
-- only when the platform no longer has the file.
ALTER TABLE files ADD COLUMN fetch_attempts int NOT NULL DEFAULT 0;
ALTER TABLE files ADD COLUMN fetch_next_at timestamptz NOT NULL DEFAULT 'epoch';
ALTER TABLE files ADD COLUMN fetch_last_error text;

-- A process that is refreshing the Zalo tokens says so until when: no
-- other refreshes meanwhile, even while the first cannot reach the
-- database to store the new pair.
ALTER TABLE zalo_tokens ADD COLUMN refreshing_until timestamptz;

-- Retention (storage.Prune): sent messages lose their text after the
-- retention period.
CREATE INDEX deliveries_prunable ON deliveries (created_at)
    WHERE payload <> '{}'::jsonb AND state NOT IN ('pending', 'sending');

-- Who sent a chat file and where: told when the platform loses it.
ALTER TABLE files ADD COLUMN sent_by bigint REFERENCES people (id);
ALTER TABLE files ADD COLUMN sent_in_chat text;
