package storage

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"chidao"
)

// Limits are a channel's sending limits, shared by every process through
// the database. Rate and ChatInterval are the platform's own limits; the
// margin kept under them is the limiter's (see docs/performance.md for the
// jitter the defaults are drawn from).
type Limits struct {
	Rate         int           // the platform's cap in messages per second for the whole bot; zero or less: no limit
	ChatInterval time.Duration // the platform's least time between two messages to one chat; zero or less: none
	// Lookahead is how far ahead a claim may schedule sends (default
	// DefaultLookahead): claimed messages carry the time they may go out.
	// It bounds how long an answer waits behind a broadcast already
	// claimed, and what a crash leaves in doubt (about 17 messages at 30/s).
	Lookahead time.Duration
	// Margin is the share of Rate left unused (default DefaultMargin;
	// negative: none), ChatSlack what is added to ChatInterval (default
	// DefaultChatSlack; negative: none).
	Margin    float64
	ChatSlack time.Duration
	// MaxLate is how late after its slot a request may still leave
	// (default DefaultMaxLate): a later one is put back and claimed again,
	// since it could bunch with the slots after it.
	MaxLate time.Duration
	// SlowFor is how long the bot sends at half rate after a 429 (default
	// one minute).
	SlowFor time.Duration
}

// The limiter's defaults. With slots 1/(0.96 × 30) s apart, any 30
// consecutive slots span 1,041.7 ms: 41.7 ms of slack for the difference
// between two requests' delays. A request leaves at most DefaultMaxLate
// after its slot, which leaves 21.7 ms for the trip to the platform.
const (
	DefaultMargin    = 0.04
	DefaultChatSlack = 100 * time.Millisecond
	DefaultMaxLate   = 20 * time.Millisecond
	DefaultSlowFor   = time.Minute
	DefaultLookahead = 600 * time.Millisecond
)

// WithDefaults fills the zero fields of l.
func (l Limits) WithDefaults() Limits {
	if l.Lookahead <= 0 {
		l.Lookahead = DefaultLookahead
	}
	if l.Margin == 0 {
		l.Margin = DefaultMargin
	}
	if l.ChatSlack == 0 {
		l.ChatSlack = DefaultChatSlack
	}
	if l.MaxLate <= 0 {
		l.MaxLate = DefaultMaxLate
	}
	if l.SlowFor <= 0 {
		l.SlowFor = DefaultSlowFor
	}
	return l
}

// Step is the time between two slots of the bot (zero: no limit), at half
// rate while slow.
func (l Limits) Step(slow bool) time.Duration {
	if l.Rate <= 0 {
		return 0
	}
	rate := float64(l.Rate) * (1 - max(l.Margin, 0))
	if slow {
		rate /= 2
	}
	return time.Duration(float64(time.Second) / rate)
}

// Interval is the least time the limiter leaves between two messages to
// one chat (zero: none).
func (l Limits) Interval() time.Duration {
	if l.ChatInterval <= 0 {
		return 0
	}
	return l.ChatInterval + max(l.ChatSlack, 0)
}

// Claimed is a message taken for sending by one process.
type Claimed struct {
	ID          int64
	PersonID    int64
	ChatID      string
	Kind        string
	DirectiveID int64
	Attempts    int // including this one
	Message     chidao.Message
	SendAt      time.Time // not before: the rate limits' slot for it

	notBefore time.Time // when its chat may have a message again
}

// ClaimDeliveries takes up to max messages due on channel ch for the
// process instance, at most one per chat and each chat's oldest first, and
// reserves their rate-limit slots. When it takes nothing, wait says how long
// to wait before the limits allow more (zero: no work right now).
//
// Claims are serialised by a row lock on the channel's rate-limit row, so
// two processes never claim the same chat at once; the messages claimed are
// marked 'sending' under the instance, so a crash shows them as in flight.
func (s *Store) ClaimDeliveries(ctx context.Context, ch chidao.Channel, instance int32, max int, lim Limits) (claimed []Claimed, wait time.Duration, err error) {
	err = s.InTx(ctx, func(tx *Store) error {
		claimed, wait, err = tx.claim(ctx, ch, instance, max, lim)
		return err
	})
	return claimed, wait, err
}

func (s *Store) claim(ctx context.Context, ch chidao.Channel, instance int32, max int, lim Limits) ([]Claimed, time.Duration, error) {
	key := "bot:" + string(ch)
	if _, err := s.db.Exec(ctx, `INSERT INTO rate_limits (key) VALUES ($1) ON CONFLICT DO NOTHING`, key); err != nil {
		return nil, 0, translate(err, "rate limit")
	}
	var tat, paused, slow time.Time
	err := s.db.QueryRow(ctx, `SELECT tat, paused_until, slow_until FROM rate_limits WHERE key = $1 FOR UPDATE`, key).Scan(&tat, &paused, &slow)
	if err != nil {
		return nil, 0, translate(err, "rate limit")
	}
	now := s.Now()
	if paused.After(now) {
		return nil, paused.Sub(now), nil
	}
	lim = lim.WithDefaults()
	start, step := now, lim.Step(slow.After(now))
	if step > 0 {
		// An idle limiter starts MaxLate ahead: the claim's commit and
		// the send's start are not counted against the first slot.
		start = later(tat, now.Add(lim.MaxLate))
		// Claim when a quarter of a second's slots are free, not slot by
		// slot: each claim costs a query.
		least := min(max, int(time.Second/step)/4+1)
		if free := int(now.Add(lim.Lookahead).Sub(start) / step); free < max {
			max = free
		}
		if max < least {
			return nil, start.Sub(now) - lim.Lookahead + time.Duration(least)*step, nil
		}
	}
	// Interactive messages first (with whatever their recipient is owed
	// before them), then the broadcasts' parts.
	// A chat whose interval ends within the lookahead may be claimed, in
	// a slot after it ends: an answer to someone who just got a letter is
	// not held back a claim's lookahead more.
	horizon := now.Add(lim.Lookahead)
	claimed, err := s.candidates(ctx, ch, horizon, now, max, true)
	if err != nil {
		return nil, 0, err
	}
	if len(claimed) < max {
		more, err := s.candidates(ctx, ch, horizon, now, max-len(claimed), false)
		if err != nil {
			return nil, 0, err
		}
		claimed = appendNew(claimed, more)
	}
	claimed, end := assignSlots(claimed, now, start, step, max)
	if len(claimed) == 0 {
		return nil, 0, nil
	}
	if claimed, err = s.markClaimed(ctx, ch, instance, now, claimed, lim.Interval()); err != nil || len(claimed) == 0 {
		return nil, 0, err
	}
	if step > 0 {
		_, err = s.db.Exec(ctx, `UPDATE rate_limits SET tat = $2 WHERE key = $1`, key, end)
	}
	return claimed, 0, translate(err, "rate limit")
}

// assignSlots gives each claim, in order, the first free slot of the n
// from start (step apart) that is not before its chat may have a message;
// a claim that fits in none is left out. Without a rate (step 0) a claim
// goes when its chat may have it. end is the first slot after those used.
func assignSlots(cs []Claimed, now, start time.Time, step time.Duration, n int) (out []Claimed, end time.Time) {
	end = start
	if step <= 0 {
		for i := range cs {
			cs[i].SendAt = later(now, cs[i].notBefore)
		}
		return cs, end
	}
	used := make([]bool, n)
	for _, c := range cs {
		k := 0
		if d := c.notBefore.Sub(start); d > 0 {
			k = int((d + step - 1) / step)
		}
		for k < n && used[k] {
			k++
		}
		if k >= n {
			continue
		}
		used[k], c.SendAt = true, start.Add(time.Duration(k)*step)
		out = append(out, c)
		end = later(end, c.SendAt.Add(step))
	}
	return out, end
}

// appendNew appends to a the claims of b to chats a has none for.
func appendNew(a, b []Claimed) []Claimed {
	chats := make(map[string]bool, len(a))
	for _, c := range a {
		chats[c.ChatID] = true
	}
	for _, c := range b {
		if !chats[c.ChatID] {
			a = append(a, c)
		}
	}
	return a
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// The statements of a claim (see candidates): the due messages, then
// either every recipient's oldest or the interactive ones first.
const claimQuery = `SELECT d.id, coalesce(d.person_id, 0), coalesce(d.chat_id, ci.chat_id), d.kind, coalesce(d.directive_id, 0),
		d.attempts + 1, d.payload, coalesce(cp.next_at, 'epoch')
	FROM deliveries d
	LEFT JOIN chat_identities ci ON d.chat_id IS NULL AND ci.person_id = d.person_id AND ci.channel = $1
	LEFT JOIN people pp ON d.chat_id IS NULL AND pp.id = d.person_id
	LEFT JOIN chat_pacing cp ON cp.channel = $1 AND cp.chat_id = coalesce(d.chat_id, ci.chat_id)
	WHERE d.state = 'pending' AND d.kind NOT IN ('directive', 'reminder', 'reach', 'change') AND d.next_attempt_at <= $2
		AND (d.channel = $1 OR (d.channel IS NULL AND ci.id IS NOT NULL AND ci.unreachable_at IS NULL
			-- a person linked on two channels gets a message on the preferred one,
			-- the other only when the preferred one cannot reach them
			AND (pp.preferred_channel IS NULL OR pp.preferred_channel = $1 OR NOT EXISTS (
				SELECT 1 FROM chat_identities o WHERE o.person_id = d.person_id
					AND o.channel = pp.preferred_channel AND o.unreachable_at IS NULL))))
		AND (cp.next_at IS NULL OR cp.next_at <= $4)
		AND coalesce(d.chat_id, ci.chat_id) IS NOT NULL
	`

// Everything, each recipient's oldest open message first. A broadcast's part also waits for a due interactive message of its
// recipient or its chat (an answer is queued to the chat, a letter to
// the person): committed between the two passes of a claim, the answer
// would otherwise go after the letters queued before it.
const claimInOrder = `AND NOT EXISTS (SELECT 1 FROM deliveries e
		WHERE e.order_key = d.order_key AND e.state IN ('pending', 'sending') AND e.id < d.id)
		AND (d.kind NOT LIKE '%.part' OR NOT EXISTS (SELECT 1 FROM deliveries e
			WHERE (e.order_key = d.order_key OR (e.channel = $1 AND e.chat_id = coalesce(d.chat_id, ci.chat_id)))
				AND e.state = 'pending' AND e.kind NOT LIKE '%.part'
				AND e.kind NOT IN ('directive', 'reminder', 'reach', 'change') AND e.next_attempt_at <= $2))
	`

// Interactive messages, each recipient's oldest first; they do not wait
// for a broadcast's parts still queued for the recipient, only for one
// in flight. Driven by the deliveries_interactive index.
const claimInteractive = `AND d.kind NOT LIKE '%.part' AND NOT EXISTS (SELECT 1 FROM deliveries e
		WHERE e.order_key = d.order_key AND e.state IN ('pending', 'sending') AND e.id < d.id
			AND (e.state = 'sending' OR e.kind NOT LIKE '%.part'))
	`

const claimOrder = `ORDER BY d.id LIMIT $3`

// candidates returns, oldest first, due messages that are the oldest open
// message of their recipient and whose chat may get a message by horizon. A
// recipient with a message in flight gets nothing, so each sees its
// messages in order. With interactive, only interactive messages (a reply,
// a review, a notice: any kind but a broadcast's part) are taken, and they
// go before the broadcast's parts queued for the same recipient.
func (s *Store) candidates(ctx context.Context, ch chidao.Channel, horizon, now time.Time, max int, interactive bool) ([]Claimed, error) {
	// Two statements, not one with a parameter, so that each has its plan.
	sql := claimQuery + claimInOrder + claimOrder
	if interactive {
		sql = claimQuery + claimInteractive + claimOrder
	}
	rows, _ := s.db.Query(ctx, sql, ch, now, max, horizon)
	var out []Claimed
	var c Claimed
	var body []byte
	chats := map[string]bool{}
	_, err := pgx.ForEachRow(rows, []any{&c.ID, &c.PersonID, &c.ChatID, &c.Kind, &c.DirectiveID, &c.Attempts, &body, &c.notBefore}, func() error {
		// One chat may have messages under two recipient keys (a reply
		// to a stranger, then to the person they became): one per claim.
		if chats[c.ChatID] {
			return nil
		}
		chats[c.ChatID] = true
		var p payload
		if err := json.Unmarshal(body, &p); err != nil {
			return fmt.Errorf("delivery %d: %w", c.ID, err)
		}
		c.Message = p.Message
		out = append(out, c)
		return nil
	})
	return out, translate(err, "claim deliveries")
}

// markClaimed marks the candidates as being sent by instance and returns
// those it got: another channel's sender may have taken a message to a
// person meanwhile (claims are serialised per channel only).
func (s *Store) markClaimed(ctx context.Context, ch chidao.Channel, instance int32, now time.Time, cs []Claimed, interval time.Duration) ([]Claimed, error) {
	ids := make([]int64, len(cs))
	chats := make([]string, len(cs))
	for i, c := range cs {
		ids[i], chats[i] = c.ID, c.ChatID
	}
	const q = `UPDATE deliveries d SET state = 'sending', channel = $2, chat_id = x.chat, claimed_by = $3, claimed_at = $4,
			attempts = d.attempts + 1
		FROM unnest($1::bigint[], $5::text[]) AS x(id, chat) WHERE d.id = x.id AND d.state = 'pending'
		RETURNING d.id`
	rows, _ := s.db.Query(ctx, q, ids, ch, instance, now, chats)
	got, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return nil, translate(err, "claim deliveries")
	}
	if len(got) < len(cs) {
		cs = slices.DeleteFunc(cs, func(c Claimed) bool { return !slices.Contains(got, c.ID) })
	}
	if interval <= 0 || len(cs) == 0 {
		return cs, nil
	}
	chats, next := chats[:0], make([]time.Time, 0, len(cs))
	for _, c := range cs {
		chats, next = append(chats, c.ChatID), append(next, c.SendAt.Add(interval))
	}
	const pace = `INSERT INTO chat_pacing (channel, chat_id, next_at) SELECT $1, c, n FROM unnest($2::text[], $3::timestamptz[]) AS x(c, n)
		ON CONFLICT (channel, chat_id) DO UPDATE SET next_at = excluded.next_at`
	_, err = s.db.Exec(ctx, pace, ch, chats, next)
	return cs, translate(err, "pace chats")
}

// KindCredential marks a message that carries a working code or login
// link: its text is wiped from the outbox once it is sent or has failed,
// so a copy of the database hands out nothing that works.
const KindCredential = "credential"

// DeliveryState is where a queued message is.
type DeliveryState string

// The states of a delivery.
const (
	Pending  DeliveryState = "pending"  // waiting for its turn (or its template for rendering)
	Sending  DeliveryState = "sending"  // claimed by a process
	Sent     DeliveryState = "sent"     // the platform has it
	Failed   DeliveryState = "failed"   // the platform refused it for good, or it ran out of attempts
	Refused  DeliveryState = "refused"  // the person cannot be reached; sent again when they write
	Unknown  DeliveryState = "unknown"  // a credential in flight when its process died: never resent
	Skipped  DeliveryState = "skipped"  // nothing to say any more when it was due
	Expanded DeliveryState = "expanded" // a template replaced by the messages rendered for it
)

// Outcome is what became of a claimed message.
type Outcome struct {
	ID        int64
	State     DeliveryState // sent, pending (try again at RetryAt), failed or refused
	MessageID string        // the platform's id of the sent message
	Error     string        // why it failed or is retried
	RetryAt   time.Time     // for pending
	Refund    bool          // pending without counting the attempt (the bot was paused)
	// Unsent gives back the chat's slot: nothing was sent (too late, or
	// postponed), so the chat may have its next message at this time
	// again, the claimed message's SendAt.
	Unsent time.Time
	ChatID string // with Unsent
}

// FinishDeliveries records the outcomes of messages claimed on channel ch,
// in one statement. A message meanwhile moved to another channel is left
// alone.
func (s *Store) FinishDeliveries(ctx context.Context, ch chidao.Channel, outs []Outcome) error {
	if len(outs) == 0 {
		return nil
	}
	n := len(outs)
	ids, states, msgIDs, errs, retry, refund := make([]int64, n), make([]string, n), make([]string, n), make([]string, n), make([]time.Time, n), make([]bool, n)
	now := s.Now()
	for i, o := range outs {
		ids[i], states[i], msgIDs[i], errs[i], refund[i] = o.ID, string(o.State), o.MessageID, o.Error, o.Refund
		retry[i] = o.RetryAt
		if o.RetryAt.IsZero() {
			retry[i] = now
		}
	}
	const q = `UPDATE deliveries d SET state = x.state, external_message_id = nullif(x.msg, ''),
			last_error = nullif(x.err, ''), next_attempt_at = x.retry,
			sent_at = CASE WHEN x.state = 'sent' THEN $7::timestamptz END,
			attempts = CASE WHEN x.refund THEN d.attempts - 1 ELSE d.attempts END,
			claimed_by = NULL,
			payload = CASE WHEN d.kind = 'credential' AND x.state IN ('sent', 'failed')
				THEN '{"message": {"text": "[credential removed after sending]"}}'::jsonb ELSE d.payload END
		FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::bool[]) AS x(id, state, msg, err, retry, refund)
		WHERE d.id = x.id AND d.state = 'sending' AND d.channel = $8`
	if _, err := s.db.Exec(ctx, q, ids, states, msgIDs, errs, retry, refund, now, ch); err != nil {
		return translate(err, "finish deliveries")
	}
	return s.unpace(ctx, ch, outs)
}

// unpace gives back the chat slots of the messages that were not sent.
func (s *Store) unpace(ctx context.Context, ch chidao.Channel, outs []Outcome) error {
	var chats []string
	var at []time.Time
	for _, o := range outs {
		if !o.Unsent.IsZero() && o.ChatID != "" {
			chats, at = append(chats, o.ChatID), append(at, o.Unsent)
		}
	}
	if len(chats) == 0 {
		return nil
	}
	const q = `UPDATE chat_pacing p SET next_at = least(p.next_at, x.at)
		FROM unnest($2::text[], $3::timestamptz[]) AS x(chat, at) WHERE p.channel = $1 AND p.chat_id = x.chat`
	_, err := s.db.Exec(ctx, q, ch, chats, at)
	return translate(err, "give back chat slots")
}

// PauseChannel stops every process sending on ch until until (the
// platform's retry_after), moves the rate limit's schedule past it, and
// halves the rate until slowUntil. Every process learns of it at its next
// claim, and before each send (ChannelPausedUntil, at most 100 ms old).
func (s *Store) PauseChannel(ctx context.Context, ch chidao.Channel, until, slowUntil time.Time) error {
	const q = `INSERT INTO rate_limits (key, tat, paused_until, slow_until) VALUES ($1, $2, $2, $3)
		ON CONFLICT (key) DO UPDATE SET paused_until = greatest(rate_limits.paused_until, $2),
			tat = greatest(rate_limits.tat, $2), slow_until = greatest(rate_limits.slow_until, $3)`
	_, err := s.db.Exec(ctx, q, "bot:"+string(ch), until, later(slowUntil, until))
	return translate(err, "pause channel")
}

// ChannelPausedUntil returns until when sending on ch is paused (a past
// time when it is not).
func (s *Store) ChannelPausedUntil(ctx context.Context, ch chidao.Channel) (time.Time, error) {
	var t time.Time
	err := s.db.QueryRow(ctx, `SELECT coalesce(max(paused_until), 'epoch') FROM rate_limits WHERE key = $1`, "bot:"+string(ch)).Scan(&t)
	return t, translate(err, "pause state")
}

// RerouteToOther moves a message the channel could not deliver (the
// person is unreachable there, already recorded) back to routing by
// preference, when the person is reachable on another channel. It reports
// whether it did.
func (s *Store) RerouteToOther(ctx context.Context, deliveryID int64, from chidao.Channel, why string) (bool, error) {
	const q = `UPDATE deliveries d SET channel = NULL, chat_id = NULL, state = 'pending', claimed_by = NULL,
			last_error = $3, next_attempt_at = $4
		WHERE d.id = $1 AND d.person_id IS NOT NULL AND EXISTS (SELECT 1 FROM chat_identities c
			WHERE c.person_id = d.person_id AND c.channel <> $2 AND c.unreachable_at IS NULL)`
	tag, err := s.db.Exec(ctx, q, deliveryID, from, fmt.Sprintf("%s: %s", from, why), s.Now())
	return tag.RowsAffected() == 1, translate(err, "reroute delivery")
}

// FailUnroutable marks refused the messages to people who cannot be
// reached on any channel they are linked on; they are queued again when
// the person writes (see ChatPerson). A credential fails instead (and is
// wiped): the person asks for a fresh one.
func (s *Store) FailUnroutable(ctx context.Context) (int64, error) {
	const q = `UPDATE deliveries d SET state = CASE WHEN d.kind = 'credential' THEN 'failed' ELSE 'refused' END, last_error = $1
		WHERE d.state = 'pending' AND d.channel IS NULL AND d.person_id IS NOT NULL
			AND d.kind NOT IN ('directive', 'reminder', 'reach', 'change')
			AND NOT EXISTS (SELECT 1 FROM chat_identities c WHERE c.person_id = d.person_id AND c.unreachable_at IS NULL)`
	tag, err := s.db.Exec(ctx, q, "no reachable chat account")
	return tag.RowsAffected(), translate(err, "fail unroutable deliveries")
}
