// Package letter reads an official letter (công văn, kế hoạch, thông báo)
// in the layout of Quy định 66-QĐ/TW (Party bodies) or Nghị định
// 30/2020/NĐ-CP (state bodies) and drafts the directive it asks for:
// number, date, subject, recipients matched to units, tasks with the clips
// and reports they ask back, deadlines, the letter implemented and the
// signer.
//
// Extract gets the text (PDF with a text layer, DOCX, plain text), Parse
// applies the layout rules (rules_*.go, one small function each), Match
// maps recipient phrases to units. Read does all three. docs/letters.md
// describes the rules and how to add one.
package letter
