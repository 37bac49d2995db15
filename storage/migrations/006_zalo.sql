-- Zalo OA tokens: one access/refresh pair for the OA. Refresh tokens are
-- single-use, so the row is locked during a refresh and the new pair is
-- committed before it is used.
CREATE TABLE zalo_tokens (
    id             int PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    access_token   text NOT NULL DEFAULT '',
    refresh_token  text NOT NULL,
    expires_at     timestamptz NOT NULL DEFAULT 'epoch',
    refreshed_at   timestamptz,
    failed_at      timestamptz,
    last_error     text
);
