package telegramfake_test

import (
	"context"
	"fmt"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"chidao/bot/telegramfake"
)

// A test acts as a user, lets the bot answer through the real library and
// checks what arrived.
func Example() {
	fake := telegramfake.New(telegramfake.Options{Token: "42:secret"})
	defer fake.Close()
	b, err := bot.New("42:secret", bot.WithServerURL(fake.URL()), bot.WithSkipGetMe())
	if err != nil {
		panic(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()

	lan := telegramfake.User{ID: 7001, FirstName: "Lan"}
	fake.SendText(lan, "/start") // the bot may only write to users who wrote first

	kb := &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{{{Text: "Đã nhận", CallbackData: "ack:1"}}}}
	if _, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: lan.ID, Text: "Công văn 1483", ReplyMarkup: kb}); err != nil {
		panic(err)
	}
	sent, err := fake.WaitSent(ctx, lan.ID, 1)
	if err != nil {
		panic(err)
	}
	fmt.Println(sent[0].Method, sent[0].Text, sent[0].Buttons)

	queryID := fake.Press(lan, sent[0].MessageID, "ack:1")
	if _, err := b.AnswerCallbackQuery(ctx, &bot.AnswerCallbackQueryParams{CallbackQueryID: queryID, Text: "OK"}); err != nil {
		panic(err)
	}
	answer, _ := fake.WaitAnswer(ctx, queryID)
	fmt.Println(answer.Text, fake.PendingUpdates())
	// Output:
	// sendMessage Công văn 1483 [[{Đã nhận ack:1 }]]
	// OK 2
}
