-- The platform's own order of a chat's events (Telegram's update_id):
-- webhooks may deliver them out of order, and a 503 makes Telegram send
-- one again later. Events of a chat are handled by (seq, id).
ALTER TABLE inbox ADD COLUMN seq bigint NOT NULL DEFAULT 0;
CREATE INDEX inbox_pending_seq ON inbox (chat_key, seq, id) WHERE state = 'pending';
DROP INDEX inbox_pending;
