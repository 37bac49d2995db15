package storage

import (
	"context"
	"time"

	"chidao"
)

// credentialLife is how long a credential may wait in the outbox.
const credentialLife = time.Hour

// Pruned says what Prune removed, by kind.
type Pruned struct {
	Events        int64 // handled inbound events (done, ignored or failed)
	Quarantined   int64 // events set aside
	Messages      int64 // sent (or failed, unknown, skipped) messages whose text was dropped
	Codes         int64 // unused invite and link codes, login links, wrong-code records
	Sessions      int64 // dashboard sessions that ended
	Conversations int64 // expired conversation steps and chat pacing rows
}

func (p Pruned) any() bool {
	return p.Events+p.Quarantined+p.Messages+p.Codes+p.Sessions+p.Conversations > 0
}

// pruneBatch bounds each statement, so that pruning a long backlog never
// holds locks for long.
const pruneBatch = 5000

// Prune removes what is older than the retention period: handled inbound
// events and quarantined ones (by arrival), the payload of messages no
// longer pending (the row stays, for the counts), codes and login links
// expired, sessions ended, conversations expired. The audit log,
// directives, tasks, assignments, submissions, files, people and the
// reminder ledger are kept for ever. An audit row records what was pruned.
func (s *Store) Prune(ctx context.Context, retention time.Duration) (Pruned, error) {
	now := s.Now()
	cutoff := now.Add(-retention)
	var p Pruned
	// A credential not sent within credentialLife is dead anyway (login
	// links last 10 minutes): it is skipped, which wipes it (trigger).
	tag, err := s.db.Exec(ctx, `UPDATE deliveries SET state = 'skipped', last_error = 'credential expired before it could be sent'
		WHERE kind = 'credential' AND state = 'pending' AND created_at < $1`, now.Add(-credentialLife))
	if err != nil {
		return p, translate(err, "expire credentials")
	}
	p.Codes += tag.RowsAffected()
	steps := []struct {
		n *int64
		q string
	}{
		{&p.Events, `DELETE FROM inbox WHERE id IN (SELECT id FROM inbox WHERE state <> 'pending' AND received_at < $1 LIMIT $2)`},
		{&p.Quarantined, `DELETE FROM inbox_quarantine WHERE id IN (SELECT id FROM inbox_quarantine WHERE received_at < $1 LIMIT $2)`},
		{&p.Messages, `UPDATE deliveries SET payload = '{}' WHERE id IN (SELECT id FROM deliveries
			WHERE payload <> '{}'::jsonb AND state NOT IN ('pending', 'sending') AND created_at < $1 LIMIT $2)`},
		{&p.Codes, `DELETE FROM invites WHERE id IN (SELECT id FROM invites WHERE used_at IS NULL AND expires_at < $1 LIMIT $2)`},
		{&p.Codes, `DELETE FROM login_links WHERE token_hash IN (SELECT token_hash FROM login_links WHERE expires_at < $1 LIMIT $2)`},
		{&p.Codes, `DELETE FROM invite_failures WHERE ctid IN (SELECT ctid FROM invite_failures WHERE at < $1 LIMIT $2)`},
		{&p.Sessions, `DELETE FROM sessions WHERE id IN (SELECT id FROM sessions
			WHERE expires_at < $1 OR revoked_at < $1 LIMIT $2)`},
		{&p.Conversations, `DELETE FROM conversations WHERE (channel, chat_id) IN (SELECT channel, chat_id FROM conversations
			WHERE expires_at < $1 LIMIT $2)`},
		{&p.Conversations, `DELETE FROM chat_pacing WHERE (channel, chat_id) IN (SELECT channel, chat_id FROM chat_pacing
			WHERE next_at < $1 LIMIT $2)`},
	}
	for _, st := range steps {
		for {
			tag, err := s.db.Exec(ctx, st.q, cutoff, pruneBatch)
			if err != nil {
				return p, translate(err, "prune")
			}
			*st.n += tag.RowsAffected()
			if tag.RowsAffected() < pruneBatch {
				break
			}
		}
	}
	if !p.any() {
		return p, nil
	}
	return p, translate(audit(ctx, s.db, now, chidao.System, "retention.prune", "retention", cutoff.Format(time.RFC3339), nil, p), "audit prune")
}
