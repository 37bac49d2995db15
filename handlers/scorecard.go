package handlers

import (
	"errors"

	"chidao"
	"chidao/scorecard"
	"chidao/texts"
)

// scorecard answers /bangdiem [period]: the ranking for Office admins, the
// unit's own card with each directive's points for a head.
func (c *call) scorecard(arg string) error {
	if c.person.Role != chidao.RoleAdmin && c.person.Role != chidao.RoleHead {
		return c.say(texts.ScorecardForbidden)
	}
	p, err := scorecard.ParsePeriod(arg, c.now())
	if err != nil {
		return c.say(c.t.ScorecardBadPeriod())
	}
	facts, err := c.tx.ScorecardFacts(c.ctx, p.From, p.To)
	if errors.Is(err, chidao.ErrNotFound) {
		return c.say(texts.ScorecardEmpty(p))
	}
	if err != nil {
		return err
	}
	w := c.h.Weights
	if w == (scorecard.Weights{}) {
		w = scorecard.DefaultWeights()
	}
	card := scorecard.Compute(facts, p.From, p.To, w)
	if c.person.Role == chidao.RoleAdmin {
		return c.sayLong(texts.ScorecardRanking(card))
	}
	for _, r := range card.Rows {
		if r.Code == c.person.UnitCode {
			return c.sayLong(texts.ScorecardUnit(card, r))
		}
	}
	return c.say(texts.ScorecardNoUnit(p))
}
