-- A directive's whole life (issue 16): corrections, deadlines that move
-- for all or one unit, extensions asked in chat, recall, supplements,
-- and officers taking back what they sent before review.

-- A recalled directive is withdrawn with a reason: it stops (reminders,
-- work), leaves officers' lists and period statistics, and stays in the
-- audit and in `chidao status` as 'recalled'.
ALTER TABLE directives DROP CONSTRAINT directives_status_check;
ALTER TABLE directives ADD CONSTRAINT directives_status_check CHECK (status IN ('draft', 'active', 'closed', 'recalled'));
ALTER TABLE directives ADD COLUMN original_due_at timestamptz;
UPDATE directives SET original_due_at = due_at;
ALTER TABLE directives ALTER COLUMN original_due_at SET NOT NULL;
ALTER TABLE directives ADD COLUMN recalled_at timestamptz;
ALTER TABLE directives ADD COLUMN recall_reason text;
-- How many times the letter was corrected: the edits of Telegram copies
-- and the notices are keyed on it.
ALTER TABLE directives ADD COLUMN revision int NOT NULL DEFAULT 0;

-- One unit's own deadline (a moved deadline for that unit, or an approved
-- extension). NULL: the directive's. It replaces every task's deadline
-- for the unit.
ALTER TABLE assignments ADD COLUMN due_at timestamptz;

-- The history of every change to a sent directive, as the Office reads
-- it on the directive page (the audit log keeps it too, with the actor).
CREATE TABLE directive_changes (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    directive_id bigint NOT NULL REFERENCES directives (id),
    kind         text NOT NULL CHECK (kind IN ('edit', 'due', 'extension', 'recall', 'supplement')),
    unit_id      bigint REFERENCES units (id),
    revision     int NOT NULL,
    note         text NOT NULL,
    before       jsonb NOT NULL DEFAULT '{}',
    after        jsonb NOT NULL DEFAULT '{}',
    actor        text NOT NULL,
    person_id    bigint REFERENCES people (id),
    at           timestamptz NOT NULL
);
CREATE INDEX directive_changes_directive ON directive_changes (directive_id, id);

-- Extensions (gia hạn): asked by an officer or head, decided by the
-- Office; both deadlines kept. A unit may be extended several times.
CREATE TABLE extensions (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    assignment_id   bigint NOT NULL REFERENCES assignments (id),
    requested_due   timestamptz NOT NULL,
    previous_due    timestamptz NOT NULL,
    reason          text NOT NULL CHECK (btrim(reason) <> ''),
    state           text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'approved', 'rejected')),
    requested_by    bigint REFERENCES people (id),
    requested_at    timestamptz NOT NULL,
    granted_due     timestamptz,
    decided_by      text,
    decided_at      timestamptz,
    decision_reason text,
    CHECK ((state = 'pending') = (decided_at IS NULL))
);
CREATE INDEX extensions_assignment ON extensions (assignment_id, id);
CREATE INDEX extensions_pending ON extensions (requested_at) WHERE state = 'pending';
-- At most one open request per unit and directive.
CREATE UNIQUE INDEX extensions_one_pending ON extensions (assignment_id) WHERE state = 'pending';

-- An officer's clip link or report taken back before review (or undone by
-- the head or the Office after): kept, not counted.
ALTER TABLE submissions ADD COLUMN withdrawn_at timestamptz;
ALTER TABLE submissions ADD COLUMN withdrawn_by bigint REFERENCES people (id);
-- A withdrawn clip may be sent again.
DROP INDEX submissions_clip_once;
CREATE UNIQUE INDEX submissions_clip_once ON submissions (assignment_id, url) WHERE kind = 'clip' AND withdrawn_at IS NULL;

-- Changes are a template kind of the outbox (rendered at send time, like
-- directives and reminders): the renderer writes the edits of Telegram
-- copies and the notices.
DROP INDEX deliveries_templates;
CREATE INDEX deliveries_templates ON deliveries (id) WHERE state = 'pending' AND kind IN ('directive', 'reminder', 'reach', 'change');
