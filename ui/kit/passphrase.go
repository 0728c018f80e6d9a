package kit

import (
	"custodia/i18n"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// PassphraseInput is a passphrase entry, its confirmation and a strength
// meter with hints. It owns its widgets; Ready says whether the value may
// be used.
type PassphraseInput struct {
	loc     *i18n.Localizer
	checker *PassphraseChecker
	pass    *EscEntry
	confirm *EscEntry
	meter   *StrengthMeter
	verdict *widget.Label
	hints   *widget.Label

	strength Strength
	// OnChanged is called after every edit of either entry.
	OnChanged func()
}

// NewPassphraseInput builds the widgets; extra words (user names) count as common.
func NewPassphraseInput(loc *i18n.Localizer, extra ...string) *PassphraseInput {
	p := &PassphraseInput{loc: loc, checker: NewPassphraseChecker(extra...)}
	p.pass = NewEscPasswordEntry()
	p.pass.SetPlaceHolder(p.loc.T("start.pass.placeholder"))
	p.confirm = NewEscPasswordEntry()
	p.confirm.SetPlaceHolder(p.loc.T("start.pass.confirm.placeholder"))
	p.meter = NewStrengthMeter()
	p.verdict = widget.NewLabel("")
	p.verdict.TextStyle.Bold = true
	p.hints = widget.NewLabel("")
	p.hints.Wrapping = fyne.TextWrapWord
	p.hints.Importance = widget.MediumImportance
	p.pass.OnChanged = func(string) { p.update() }
	p.confirm.OnChanged = func(string) { p.update() }
	p.update()
	return p
}

// Set types both entries, as a person would (tests and the tour).
func (p *PassphraseInput) Set(pass, confirm string) {
	p.pass.SetText(pass)
	p.confirm.SetText(confirm)
}

// FormItems are the rows to put in a form.
func (p *PassphraseInput) FormItems(label string) []*widget.FormItem {
	return []*widget.FormItem{
		widget.NewFormItem(label, FitPlaceholder(p.pass)),
		widget.NewFormItem(p.loc.T("start.pass.confirm"), FitPlaceholder(p.confirm)),
		widget.NewFormItem(p.loc.T("start.pass.strength"), container.NewVBox(p.meter, p.verdict, AtLeastLines(hintLines, p.hints))),
	}
}

// FirstField is the passphrase entry, where the cursor goes when a
// dialog asking for one opens.
func (p *PassphraseInput) FirstField() fyne.Focusable { return p.pass }

// Ready is true when the passphrase is acceptable and both entries match.
func (p *PassphraseInput) Ready() bool {
	return p.strength.Acceptable && p.pass.Text == p.confirm.Text
}

// Value returns the passphrase as bytes for the vault.
func (p *PassphraseInput) Value() []byte { return []byte(p.pass.Text) }

// Clear empties both entries (after use, so the text does not linger).
func (p *PassphraseInput) Clear() {
	p.pass.SetText("")
	p.confirm.SetText("")
}

// Strength is the current rating.
func (p *PassphraseInput) Strength() Strength { return p.strength }

func (p *PassphraseInput) update() {
	p.strength = p.checker.Rate(p.pass.Text)
	p.meter.Set(p.strength.Score, p.pass.Text != "")
	p.verdict.SetText(p.verdictText())
	p.verdict.Importance = widget.SuccessImportance
	if !p.Ready() {
		p.verdict.Importance = widget.WarningImportance
	}
	p.verdict.Refresh()
	p.hints.SetText(p.strength.HintText(p.loc))
	if p.OnChanged != nil {
		p.OnChanged()
	}
}

func (p *PassphraseInput) verdictText() string {
	switch {
	case p.pass.Text == "":
		return p.loc.T("start.pass.choose")
	case !p.strength.Acceptable:
		return p.loc.T("start.pass.notyet", "Strength", p.strength.Label(p.loc))
	case p.confirm.Text == "":
		return p.loc.T("start.pass.confirmnow", "Strength", p.strength.Label(p.loc))
	case p.pass.Text != p.confirm.Text:
		return p.loc.T("start.pass.differ")
	}
	return p.loc.T("start.pass.accepted", "Strength", p.strength.Label(p.loc))
}

// hintLines is how many lines the hints keep free whether or not there
// are any, so that the form's buttons stay put while a passphrase is typed
// and the hints come and go.
const hintLines = 3
