package chidao

// Message is one thing chidao says in a chat, in a form every channel can
// render: Telegram shows Buttons as an inline keyboard, Zalo as numbered
// choices the reader types back. It is stored as JSON in the outbox.
type Message struct {
	Text    string     `json:"text,omitempty"`
	Buttons [][]Button `json:"buttons,omitempty"`
	// ForceReply asks the reader's app to open a reply to this message;
	// Prompt is the placeholder shown in the input field.
	ForceReply bool   `json:"force_reply,omitempty"`
	Prompt     string `json:"prompt,omitempty"`
	// ReplyTo is the platform id of a message this one answers.
	ReplyTo string `json:"reply_to,omitempty"`
	// File sends a stored file (files.id) as a document, Text as its caption.
	File int64 `json:"file,omitempty"`
	// EditOf, when set, replaces the buttons of that earlier message
	// instead of sending a new one; with EditText, its text (or a
	// document's caption) too.
	EditOf   string `json:"edit_of,omitempty"`
	EditText bool   `json:"edit_text,omitempty"`
	// EditIn is the channel of the message EditOf names: the edit goes
	// there, whatever the person's preference.
	EditIn Channel `json:"edit_in,omitempty"`
	// Fallback is sent as a new message when the platform refuses the
	// edit (the message is gone, or too old to edit).
	Fallback string `json:"fallback,omitempty"`
}

// Button is a choice under a message. Data is what comes back when it is
// pressed: at most 64 bytes, Telegram's limit.
type Button struct {
	Text string `json:"text"`
	Data string `json:"data"`
}
