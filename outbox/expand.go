package outbox

import (
	"context"
	"fmt"

	"chidao/storage"
)

// Expand writes up to limit queued templates (directives, reminders, reach
// questions for one person each) into the messages render gives, in one
// transaction, and returns how many it took. Rendering happens here, at
// send time, so a message says what is true when it leaves; storage only
// claims the templates and replaces them.
func Expand(ctx context.Context, store *storage.Store, limit int, render storage.Renderer) (int, error) {
	var n int
	err := store.InTx(ctx, func(tx *storage.Store) error {
		ts, err := tx.ClaimTemplates(ctx, limit)
		if err != nil {
			return err
		}
		n = len(ts)
		es := make([]storage.Expansion, 0, n)
		for _, t := range ts {
			msgs, err := render(ctx, tx, t)
			if err != nil {
				return fmt.Errorf("render delivery %d: %w", t.ID, err)
			}
			es = append(es, storage.Expansion{Template: t, Messages: msgs})
		}
		return tx.ReplaceTemplates(ctx, es)
	})
	return n, err
}
