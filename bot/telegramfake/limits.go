package telegramfake

import "time"

// The strict flood model (the default). Telegram does not publish how it
// counts, so the fake holds chidao to the strictest reading:
//
//   - at most Rate sends per bot in any rolling second;
//   - at most one send per private chat in any rolling ChatInterval;
//   - at most GroupRate sends per group chat in any rolling minute;
//   - a 429's retry_after applies to the whole bot: a send before it has
//     passed is refused again, and each such send doubles the wait (a
//     flood), up to maxFloodWait.
//
// Every sending method counts: sendMessage, sendDocument and the edits.
// Refused requests are not counted as sends.

// maxFloodWait is the longest retry_after a flood grows to.
const maxFloodWait = 5 * time.Minute

// window is a log of the send times in the last span.
type window struct {
	span  time.Duration
	limit int
	times []time.Time
}

// wait drops the sends older than span and returns how long until one
// more send fits (0: it fits now).
func (w *window) wait(now time.Time) time.Duration {
	cut := 0
	for cut < len(w.times) && now.Sub(w.times[cut]) >= w.span {
		cut++
	}
	w.times = w.times[cut:]
	if len(w.times) < w.limit {
		return 0
	}
	return w.span - now.Sub(w.times[len(w.times)-w.limit])
}

// take records a send at now; call after wait returned 0.
func (w *window) take(now time.Time) { w.times = append(w.times, now) }

// flood is the bot's penalty after a 429.
type flood struct {
	until   time.Time     // no send is accepted before
	penalty time.Duration // the last retry_after given
}

// strictLocked applies the strict model to one send to chat.
func (s *Server) strictLocked(chat *chatState) *apiError {
	now := s.now()
	if now.Before(s.flood.until) {
		// Sent while told to wait: the wait grows.
		s.flood.penalty = min(2*max(s.flood.penalty, time.Second), maxFloodWait)
		s.flood.until = now.Add(s.flood.penalty)
		return tooMany(s.flood.penalty, limitBot)
	}
	s.flood.penalty = 0
	if s.opts.Rate > 0 {
		if s.botWindow == nil {
			s.botWindow = &window{span: time.Second, limit: s.opts.Rate}
		}
		if d := s.botWindow.wait(now); d > 0 {
			return s.refuseLocked(now, d, limitBot)
		}
	}
	cw := s.chatWindowLocked(chat)
	if cw != nil {
		if d := cw.wait(now); d > 0 {
			return s.refuseLocked(now, d, limitChat)
		}
		cw.take(now)
	}
	if s.botWindow != nil {
		s.botWindow.take(now)
	}
	return nil
}

// chatWindowLocked is chat's window, nil when its limit is lifted.
func (s *Server) chatWindowLocked(chat *chatState) *window {
	if chat.window != nil {
		return chat.window
	}
	switch {
	case chat.kind == "private" && s.opts.ChatInterval > 0:
		chat.window = &window{span: s.opts.ChatInterval, limit: 1}
	case chat.kind != "private" && s.opts.GroupRate > 0:
		chat.window = &window{span: time.Minute, limit: s.opts.GroupRate}
	}
	return chat.window
}

// refuseLocked answers 429 for a send that does not fit and pauses the
// whole bot for the retry_after given (whole seconds, as Telegram does).
func (s *Server) refuseLocked(now time.Time, d time.Duration, kind limitKind) *apiError {
	e := tooMany(d, kind)
	s.flood.penalty = time.Duration(e.retryAfter) * time.Second
	s.flood.until = now.Add(s.flood.penalty)
	return e
}
