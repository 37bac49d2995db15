-- A difficulty sent by a unit is answered by the Office (in the chat or on
-- the dashboard); the answer goes to the officer and the difficulty is
-- then answered. The latest answer is kept; the audit log has the others.
ALTER TABLE submissions
    ADD COLUMN answer      text,
    ADD COLUMN answered_by bigint REFERENCES people (id),
    ADD COLUMN answered_at timestamptz,
    ADD CONSTRAINT submissions_answer_difficulty CHECK (answer IS NULL OR kind = 'difficulty');

-- The daily digest and the dashboard look for difficulties not answered.
CREATE INDEX submissions_open_difficulties ON submissions (assignment_id) WHERE kind = 'difficulty' AND answered_at IS NULL;
