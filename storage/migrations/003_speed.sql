-- Indexes the chat traffic needs at scale (measured in docs/performance.md).

-- Inbox claims walk only the pending events, not the whole history.
CREATE INDEX inbox_pending_id ON inbox (id) WHERE state = 'pending';

-- Each recipient gets its messages in order: a person's (whatever chat they
-- end up in) or, for a message to a chat, that chat's. Claims check "no
-- older open message for the same recipient" through this key instead of
-- sorting every open message.
ALTER TABLE deliveries ADD COLUMN order_key text GENERATED ALWAYS AS (
    CASE WHEN person_id IS NOT NULL THEN 'p' || person_id::text ELSE 'c' || channel || ':' || chat_id END) STORED;
CREATE INDEX deliveries_order ON deliveries (order_key, id) WHERE state IN ('pending', 'sending');
CREATE INDEX deliveries_templates ON deliveries (id) WHERE state = 'pending' AND kind = 'directive';
CREATE INDEX deliveries_refused ON deliveries (person_id) WHERE state = 'failed';
