-- The Office's web dashboard: one-time login links (from /dangnhap or the
-- CLI) and sessions. Only hashes of the tokens are kept.
CREATE TABLE login_links (
    token_hash bytea PRIMARY KEY,
    person_id  bigint NOT NULL REFERENCES people (id),
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);

CREATE TABLE sessions (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_hash   bytea NOT NULL UNIQUE,
    person_id    bigint NOT NULL REFERENCES people (id),
    csrf         text NOT NULL,
    created_at   timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    revoked_at   timestamptz,
    user_agent   text NOT NULL DEFAULT ''
);
CREATE INDEX sessions_person ON sessions (person_id) WHERE revoked_at IS NULL;
