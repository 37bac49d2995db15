-- The whole data model of chidao. Later capabilities (Telegram, Zalo,
-- reminders, dashboard) fill these tables; they do not reshape them.
-- Times are timestamptz; "Vietnam time" is a presentation matter.

-- Units form a tree: the Office at the top, provincial units and district
-- culture centres below.
CREATE TABLE units (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code       text NOT NULL UNIQUE CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$'),
    name       text NOT NULL CHECK (btrim(name) <> ''),
    parent_id  bigint REFERENCES units (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (parent_id <> id)
);

CREATE TABLE people (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    full_name         text NOT NULL,
    phone             text,
    unit_id           bigint NOT NULL REFERENCES units (id),
    role              text NOT NULL CHECK (role IN ('admin', 'head', 'officer')),
    active            boolean NOT NULL DEFAULT true,
    -- The channel a person linked first gets every message; the other is the fallback.
    preferred_channel text CHECK (preferred_channel IN ('telegram', 'zalo')),
    created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX people_unit ON people (unit_id) WHERE active;

-- A person's account on a chat platform. Ids are text: Zalo ids exceed 2^53.
CREATE TABLE chat_identities (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    person_id          bigint NOT NULL REFERENCES people (id),
    channel            text NOT NULL CHECK (channel IN ('telegram', 'zalo')),
    external_user_id   text NOT NULL,
    chat_id            text NOT NULL,
    display_name       text NOT NULL DEFAULT '',
    linked_at          timestamptz NOT NULL DEFAULT now(),
    last_seen_at       timestamptz,
    -- Set when the platform says the person cannot be written to (blocked
    -- the bot, left the OA, outside the Zalo window); cleared when they write.
    unreachable_at     timestamptz,
    unreachable_reason text,
    UNIQUE (channel, external_user_id),
    UNIQUE (person_id, channel)
);

-- Single-use registration codes. Only SHA-256 hashes are kept, so a dump
-- does not show the long codes; the 8-character short codes (about 40 bits)
-- could be brute-forced from a dump and rely on their expiry.
CREATE TABLE invites (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code_hash       bytea NOT NULL UNIQUE,
    short_code_hash bytea NOT NULL UNIQUE,
    unit_id         bigint NOT NULL REFERENCES units (id),
    role            text NOT NULL CHECK (role IN ('admin', 'head', 'officer')),
    full_name       text,
    phone           text,
    created_by      text NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    expires_at      timestamptz NOT NULL,
    used_at         timestamptz,
    used_by         bigint REFERENCES people (id),
    used_channel    text,
    CHECK ((used_at IS NULL) = (used_by IS NULL))
);

-- Wrong codes typed by a sender, to limit guessing of the short codes.
CREATE TABLE invite_failures (
    channel   text NOT NULL,
    sender_id text NOT NULL,
    at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX invite_failures_sender ON invite_failures (channel, sender_id, at);

-- Files: directive attachments and documents sent with reports. The bytes
-- are kept here so the Office keeps them whatever the platform does; content
-- is NULL while a platform file is still being fetched.
CREATE TABLE files (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name             text NOT NULL,
    content_type     text NOT NULL DEFAULT 'application/octet-stream',
    size             bigint NOT NULL CHECK (size >= 0),
    sha256           bytea,
    content          bytea,
    channel          text,
    external_file_id text,
    fetch_error      text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    fetched_at       timestamptz
);

CREATE TABLE directives (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    number           text NOT NULL UNIQUE CHECK (btrim(number) <> ''),
    title            text NOT NULL CHECK (btrim(title) <> ''),
    body             text NOT NULL DEFAULT '',
    issued_on        date NOT NULL,
    due_at           timestamptz NOT NULL,
    status           text NOT NULL CHECK (status IN ('draft', 'active', 'closed')),
    author_id        bigint REFERENCES people (id),
    author           text NOT NULL,
    reminders_paused boolean NOT NULL DEFAULT false,
    -- Per-directive overrides of the reminder policy (issue: reminders).
    reminder_policy  jsonb,
    created_at       timestamptz NOT NULL DEFAULT now(),
    activated_at     timestamptz,
    closed_at        timestamptz
);

CREATE TABLE directive_attachments (
    directive_id bigint NOT NULL REFERENCES directives (id),
    file_id      bigint NOT NULL REFERENCES files (id),
    position     int NOT NULL,
    PRIMARY KEY (directive_id, position)
);

-- Numbered tasks; what each asks back: min_clips approved clips, a report,
-- both, or nothing. due_at NULL means the directive's deadline.
CREATE TABLE tasks (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    directive_id bigint NOT NULL REFERENCES directives (id),
    position     int NOT NULL CHECK (position > 0),
    text         text NOT NULL CHECK (btrim(text) <> ''),
    min_clips    int NOT NULL DEFAULT 0 CHECK (min_clips >= 0),
    report       boolean NOT NULL DEFAULT false,
    due_at       timestamptz,
    UNIQUE (directive_id, position)
);

-- One row per directive and target unit. done_at is kept by the status
-- rules (chidao.UnitStatus) in the transaction that changes the facts.
CREATE TABLE assignments (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    directive_id    bigint NOT NULL REFERENCES directives (id),
    unit_id         bigint NOT NULL REFERENCES units (id),
    acknowledged_at timestamptz,
    acknowledged_by bigint REFERENCES people (id),
    done_at         timestamptz,
    snoozed_until   timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (directive_id, unit_id)
);
CREATE INDEX assignments_unit ON assignments (unit_id);

-- What officers send back. A clip has url and platform and is reviewed by
-- the head; a report or a difficulty has text; any may carry a file.
CREATE TABLE submissions (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    assignment_id bigint NOT NULL REFERENCES assignments (id),
    task_id       bigint REFERENCES tasks (id),
    person_id     bigint NOT NULL REFERENCES people (id),
    kind          text NOT NULL CHECK (kind IN ('clip', 'report', 'difficulty')),
    url           text,
    platform      text,
    text          text NOT NULL DEFAULT '',
    file_id       bigint REFERENCES files (id),
    source_event  bigint,
    submitted_at  timestamptz NOT NULL DEFAULT now(),
    review        text CHECK (review IN ('pending', 'approved', 'rejected')),
    reviewer_id   bigint REFERENCES people (id),
    reviewed_at   timestamptz,
    review_reason text,
    CHECK ((kind = 'clip') = (url IS NOT NULL AND review IS NOT NULL))
);
CREATE UNIQUE INDEX submissions_clip_once ON submissions (assignment_id, url) WHERE kind = 'clip';
CREATE INDEX submissions_assignment ON submissions (assignment_id, kind);

-- Raw inbound events, stored before the platform is acknowledged.
CREATE TABLE inbox (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    channel         text NOT NULL,
    external_id     text NOT NULL,
    -- Events of one chat are processed in order: chat_key groups them.
    chat_key        text NOT NULL DEFAULT '',
    payload         jsonb NOT NULL,
    state           text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'failed', 'ignored')),
    attempts        int NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error      text,
    received_at     timestamptz NOT NULL DEFAULT now(),
    processed_at    timestamptz,
    UNIQUE (channel, external_id)
);
CREATE INDEX inbox_pending ON inbox (chat_key, id) WHERE state = 'pending';

-- The outbox: every message chidao sends. channel is NULL until a sender
-- picks the person's channel; 'unknown' marks messages in flight at a crash.
CREATE TABLE deliveries (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    dedupe_key          text NOT NULL UNIQUE,
    person_id           bigint NOT NULL REFERENCES people (id),
    channel             text,
    kind                text NOT NULL,
    directive_id        bigint REFERENCES directives (id),
    payload             jsonb NOT NULL DEFAULT '{}',
    state               text NOT NULL DEFAULT 'pending'
                        CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'unknown', 'skipped')),
    attempts            int NOT NULL DEFAULT 0,
    next_attempt_at     timestamptz NOT NULL DEFAULT now(),
    external_message_id text,
    last_error          text,
    created_at          timestamptz NOT NULL DEFAULT now(),
    sent_at             timestamptz
);
CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE state = 'pending';
CREATE INDEX deliveries_directive ON deliveries (directive_id);

-- Every reminder, escalation and digest ever decided, once per slot.
-- Digests have no assignment; the unique index treats NULL as one value.
CREATE TABLE reminders (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    directive_id  bigint REFERENCES directives (id),
    assignment_id bigint REFERENCES assignments (id),
    kind          text NOT NULL,
    slot          timestamptz NOT NULL,
    state         text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sent', 'skipped')),
    note          text,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX reminders_once ON reminders (coalesce(assignment_id, 0), coalesce(directive_id, 0), kind, slot);

-- Every state change: who, what, when, before and after.
CREATE TABLE audit_log (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at        timestamptz NOT NULL DEFAULT now(),
    actor     text NOT NULL,
    person_id bigint REFERENCES people (id),
    action    text NOT NULL,
    entity    text NOT NULL,
    entity_id text NOT NULL,
    before    jsonb,
    after     jsonb
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);
