-- Reminders (issue: reminders). A sweep derives due reminders from
-- assignment state; reminded_through is how far it has looked for each
-- assignment, so a sweep with nothing due writes nothing. The ledger row
-- keeps the deadline a reminder is about, so that at send time it can be
-- dropped when the unit has done that part.
ALTER TABLE assignments ADD COLUMN reminded_through timestamptz;
ALTER TABLE reminders ADD COLUMN due timestamptz;
CREATE INDEX reminders_manual ON reminders (directive_id, created_at) WHERE kind = 'manual';
CREATE INDEX assignments_open ON assignments (directive_id) WHERE done_at IS NULL;
DROP INDEX deliveries_templates;
CREATE INDEX deliveries_templates ON deliveries (id) WHERE state = 'pending' AND kind IN ('directive', 'reminder');
