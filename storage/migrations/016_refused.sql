-- A message refused because its person cannot be reached (blocked the bot,
-- unfollowed the OA, no reachable account) has its own state, 'refused',
-- instead of 'failed' with an "unreachable: " prefix on its error: it is
-- sent again when the person writes.
ALTER TABLE deliveries DROP CONSTRAINT deliveries_state_check;
ALTER TABLE deliveries ADD CONSTRAINT deliveries_state_check
    CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'refused', 'unknown', 'skipped', 'expanded'));
UPDATE deliveries SET state = 'refused', last_error = nullif(substr(last_error, length('unreachable: ') + 1), '')
    WHERE state = 'failed' AND last_error LIKE 'unreachable: %';
-- Messages to queue again when their person writes are found by person.
DROP INDEX deliveries_refused;
CREATE INDEX deliveries_refused ON deliveries (person_id) WHERE state = 'refused';
