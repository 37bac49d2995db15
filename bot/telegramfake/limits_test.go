package telegramfake

import (
	"errors"
	"testing"
	"time"

	"github.com/go-telegram/bot"
)

// The strict model counts any rolling second, not calendar seconds or
// buckets: 30 sends spread over 900 ms leave no room until the first of
// them is a second old.
func TestStrictRollingSecond(t *testing.T) {
	s := newFake(t, Options{Rate: 30})
	clock := freezeClock(s)
	b := newBot(t, s)
	ctx := testCtx(t)
	send := func(id int64) error {
		_, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: id, Text: "hi"})
		return err
	}
	for i := range 31 {
		s.SendText(User{ID: int64(3000 + i)}, "/start")
	}
	for i := range 30 {
		if err := send(int64(3000 + i)); err != nil {
			t.Fatalf("send %d: %v", i, err)
		}
		clock.advance(31 * time.Millisecond)
	}
	// 930 ms after the first send: the 31st is refused with retry_after 1.
	var tooMany *bot.TooManyRequestsError
	if err := send(3030); !errors.As(err, &tooMany) || tooMany.RetryAfter != 1 {
		t.Fatalf("31st send within a second: %v", err)
	}
	clock.advance(time.Second)
	if err := send(3030); err != nil {
		t.Fatalf("after retry_after: %v", err)
	}
	if st := s.Stats(); st.TooManyBot != 1 || st.Sent != 31 {
		t.Fatalf("stats = %+v", st)
	}
}

// A private chat gets one message per rolling second, with no burst; a
// send during the retry_after is refused again with a longer wait.
func TestStrictPrivateChatAndFlood(t *testing.T) {
	s := newFake(t, Options{})
	clock := freezeClock(s)
	b := newBot(t, s)
	ctx := testCtx(t)
	s.SendText(alice, "/start")
	send := func() (int, error) {
		_, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: alice.ID, Text: "hi"})
		var tooMany *bot.TooManyRequestsError
		if errors.As(err, &tooMany) {
			return tooMany.RetryAfter, nil
		}
		return 0, err
	}
	if ra, err := send(); ra != 0 || err != nil {
		t.Fatalf("first: %d %v", ra, err)
	}
	clock.advance(990 * time.Millisecond)
	waits := []int{}
	for range 3 {
		ra, err := send()
		if err != nil {
			t.Fatal(err)
		}
		waits = append(waits, ra)
		clock.advance(100 * time.Millisecond)
	}
	if waits[0] != 1 || waits[1] != 2 || waits[2] != 4 {
		t.Fatalf("retry_after of a flood = %v, want 1, 2, 4", waits)
	}
	clock.advance(4 * time.Second)
	if ra, err := send(); ra != 0 || err != nil {
		t.Fatalf("after the flood's wait: %d %v", ra, err)
	}
	if st := s.Stats(); st.TooManyChat != 1 || st.TooManyBot != 2 || len(s.SentTo(alice.ID)) != 2 {
		t.Fatalf("stats = %+v", st)
	}
}

// A group takes 20 messages in any rolling minute.
func TestStrictGroupMinute(t *testing.T) {
	s := newFake(t, Options{})
	clock := freezeClock(s)
	b := newBot(t, s)
	ctx := testCtx(t)
	const group = -100500
	s.AddBotToGroup(group, "Ban", alice)
	for i := range 20 {
		if _, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: group, Text: "hi"}); err != nil {
			t.Fatalf("send %d: %v", i, err)
		}
		clock.advance(2 * time.Second)
	}
	_, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: group, Text: "hi"})
	var tooMany *bot.TooManyRequestsError
	if !errors.As(err, &tooMany) || tooMany.RetryAfter != 20 {
		t.Fatalf("21st in a minute: %v", err)
	}
}
