-- The reach of approved clips (issue 17): every measurement kept, with
-- its source and time; the newest is what the Office reads. A figure left
-- NULL is not known.
CREATE TABLE clip_reach (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    submission_id bigint NOT NULL REFERENCES submissions (id),
    views         bigint CHECK (views >= 0),
    likes         bigint CHECK (likes >= 0),
    shares        bigint CHECK (shares >= 0),
    comments      bigint CHECK (comments >= 0),
    source        text NOT NULL CHECK (source IN ('officer', 'office', 'youtube')),
    measured_at   timestamptz NOT NULL,
    actor         text NOT NULL,
    person_id     bigint REFERENCES people (id),
    source_event  bigint,
    CHECK (coalesce(views, likes, shares, comments) IS NOT NULL)
);
CREATE INDEX clip_reach_latest ON clip_reach (submission_id, measured_at DESC, id DESC);

-- The ledger of reach questions and YouTube fetches, decided by the
-- reminder sweep: one row per clip, kind and slot whatever the number of
-- processes. kind 'ask' slots: 'ask' (the question), 'reminder' (the one
-- reminder); kind 'youtube' slots: 'd1', 'd7', 'd30' (days after approval).
CREATE TABLE reach_checks (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    submission_id   bigint NOT NULL REFERENCES submissions (id),
    kind            text NOT NULL CHECK (kind IN ('ask', 'youtube')),
    slot            text NOT NULL,
    due_at          timestamptz NOT NULL,
    state           text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'fetching', 'sent', 'done', 'skipped', 'failed')),
    attempts        int NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    claimed_at      timestamptz,
    note            text,
    created_at      timestamptz NOT NULL,
    done_at         timestamptz,
    UNIQUE (submission_id, kind, slot)
);
CREATE INDEX reach_checks_due ON reach_checks (next_attempt_at) WHERE state IN ('queued', 'fetching') AND kind = 'youtube';

-- Approved clips by approval time: the sweep looks at recent ones only.
CREATE INDEX submissions_approved ON submissions (reviewed_at) WHERE kind = 'clip' AND review = 'approved';

-- Reach questions are rendered when sent, like directives and reminders.
DROP INDEX deliveries_templates;
CREATE INDEX deliveries_templates ON deliveries (id) WHERE state = 'pending' AND kind IN ('directive', 'reminder', 'reach');
