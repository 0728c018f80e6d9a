package research

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"custodia/deid/verify"
	core "custodia/research"
)

// checks lists the re-check's verified claims, each worded from its typed
// fields (never the engine's English name) with what the file showed.
func (v *View) checks(r *verify.Report) fyne.CanvasObject {
	box := container.NewVBox()
	for _, c := range r.Checks {
		icon := theme.ConfirmIcon()
		if !c.Passed {
			icon = theme.ErrorIcon()
		}
		l := widget.NewLabel(v.checkText(c))
		l.Wrapping = fyne.TextWrapWord
		box.Add(container.NewBorder(nil, nil, container.NewVBox(widget.NewIcon(icon)), nil, l))
	}
	return box
}

// CheckTexts are the re-check lines of a report as the view words them.
func (v *View) CheckTexts(r *verify.Report) []string {
	var out []string
	for _, c := range r.Checks {
		out = append(out, v.checkText(c))
	}
	return out
}

// checkText is a re-check line in the view's language: the one wording
// shared with the command line and report.html (research.CheckText).
func (v *View) checkText(c verify.Check) string { return core.CheckText(v.loc, c) }
