-- Taking access away: an invite can be revoked before it is used.
ALTER TABLE invites ADD COLUMN revoked_at timestamptz;

-- A credential (a login link, a link code) leaves the outbox as soon as
-- its message reaches any end: sent, failed, unknown or skipped. In the
-- database, not in each sender, so no code path can forget it.
CREATE FUNCTION wipe_credential() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.payload := '{"message": {"text": "[credential removed]"}}'::jsonb;
    RETURN NEW;
END $$;

CREATE TRIGGER deliveries_wipe_credential BEFORE INSERT OR UPDATE OF state ON deliveries
    FOR EACH ROW WHEN (NEW.kind = 'credential' AND NEW.state IN ('sent', 'failed', 'unknown', 'skipped'))
    EXECUTE FUNCTION wipe_credential();

-- Credentials already left behind by earlier versions.
UPDATE deliveries SET payload = '{"message": {"text": "[credential removed]"}}'::jsonb
    WHERE kind = 'credential' AND state IN ('sent', 'failed', 'unknown', 'skipped');
