-- Taking access away: an invite can be revoked before it is used.
ALTER TABLE invites ADD COLUMN revoked_at timestamptz;
