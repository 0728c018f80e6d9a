// Package kit holds the building blocks the desktop app's screens share:
// the session contracts (Session, SecondFactor, CodeUnlocker, Runner), the
// Env the shell hands every feature (window, language, clock, runner,
// tracked dialogs, user names), error wording (Describe, Problem), role
// and patient-field labels, the passphrase input and its strength meter,
// entries that keep patient data off the clipboard (PrivateEntry) or pass
// Esc on (EscEntry), Enter in a form's fields pressing its primary button
// (SubmitOnEnter, ConfirmOnEnter), Fyne's file dialog in the reader's
// words (TitleFileDialog, SpeakFyneWords), the read-only text table whose columns grow to their
// longest cell (TextTable, Cell, ShowingRows) and the check-box grid
// (CheckGrid), and small layout helpers that keep text whole
// (FitPlaceholder, FixedWidth, SharedWidth, FitDialog, TextWidth), the
// words for stored codes (labels.go: RecordLabel, TriggerLabel, the
// code-keyed CodeSelect) and saving or printing PDF documents (SavePDF,
// PDFFileName, LoadPerson, TempPDF).
//
// kit imports neither the shell (custodia/ui) nor any feature package;
// internal/archtest checks that.
package kit
