-- What the chat channels need beyond the foundation: replies to chats that
-- are not (yet) people, who is sending what, shared rate limits, and the
-- steps of multi-message conversations.

-- A delivery goes to a person (on their preferred channel) or straight to
-- a chat (a reply to whoever wrote, registered or not). claimed_by is the
-- sending process; 'expanded' marks a template (a directive to a person)
-- replaced by the messages it renders to.
ALTER TABLE deliveries ALTER COLUMN person_id DROP NOT NULL;
ALTER TABLE deliveries ADD COLUMN chat_id text;
ALTER TABLE deliveries ADD COLUMN claimed_by int;
ALTER TABLE deliveries ADD COLUMN claimed_at timestamptz;
ALTER TABLE deliveries ADD CONSTRAINT deliveries_target
    CHECK (person_id IS NOT NULL OR (channel IS NOT NULL AND chat_id IS NOT NULL));
ALTER TABLE deliveries DROP CONSTRAINT deliveries_state_check;
ALTER TABLE deliveries ADD CONSTRAINT deliveries_state_check
    CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'unknown', 'skipped', 'expanded'));
CREATE INDEX deliveries_message ON deliveries (channel, chat_id, external_message_id)
    WHERE external_message_id IS NOT NULL;
CREATE INDEX deliveries_in_flight ON deliveries (claimed_by) WHERE state = 'sending';
CREATE INDEX deliveries_open ON deliveries (id) WHERE state IN ('pending', 'sending');

-- Rate limits shared by every process: the GCRA "theoretical arrival time"
-- of the next message per bot, and a pause after the platform said 429.
CREATE TABLE rate_limits (
    key          text PRIMARY KEY,
    tat          timestamptz NOT NULL DEFAULT 'epoch',
    paused_until timestamptz NOT NULL DEFAULT 'epoch'
);

-- When each chat may get its next message (1 per second on Telegram).
CREATE TABLE chat_pacing (
    channel text NOT NULL,
    chat_id text NOT NULL,
    next_at timestamptz NOT NULL,
    PRIMARY KEY (channel, chat_id)
);

-- What the next message of a chat means (a clip after "Gửi clip", a
-- rejection reason, a step of the guided directive creation).
CREATE TABLE conversations (
    channel    text NOT NULL,
    chat_id    text NOT NULL,
    state      jsonb NOT NULL,
    updated_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    PRIMARY KEY (channel, chat_id)
);

-- A file already uploaded to Telegram is sent again by its file id.
ALTER TABLE files ADD COLUMN telegram_file_id text;
CREATE INDEX files_to_fetch ON files (id) WHERE content IS NULL AND fetch_error IS NULL;

CREATE INDEX inbox_failed ON inbox (id) WHERE state = 'failed';
