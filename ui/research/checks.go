package research

import (
	"math"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"custodia/deid/verify"
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

// checkText is "Passed: every group holds at least 5 patients (12 groups,
// the smallest 5 patients)" in the view's language.
func (v *View) checkText(c verify.Check) string {
	word := v.loc.T("research.check.passed")
	if !c.Passed {
		word = v.loc.T("research.check.failed")
	}
	claim, detail := v.claimText(c)
	if detail == "" {
		return v.loc.T("research.check.line", "Result", word, "Claim", claim)
	}
	return v.loc.T("research.check.lineDetail", "Result", word, "Claim", claim, "Detail", detail)
}

// claimText words a check's claim and what the file showed; a check
// without a typed claim (a report written before checks carried one) is
// named generically.
func (v *View) claimText(c verify.Check) (claim, detail string) {
	groups := v.count("research.check.groups", c.Classes)
	failing := v.loc.Int(c.Failing)
	switch c.Claim {
	case verify.ClaimK:
		k := v.loc.Int(int(c.Value))
		if c.ByEntity {
			return v.loc.T("research.check.kPatients", "K", k),
				v.loc.T("research.check.kPatientsDetail", "Groups", groups, "Smallest", v.patients(int(c.Worst)), "Failing", failing)
		}
		return v.loc.T("research.check.kRows", "K", k),
			v.loc.T("research.check.kRowsDetail", "Groups", groups, "Smallest", v.count("research.check.rows", int(c.Worst)), "Failing", failing)
	case verify.ClaimDistinctL:
		return v.loc.T("research.check.distinctL", "L", v.bound(c.Value)),
			v.loc.T("research.check.distinctLDetail", "Groups", groups, "Fewest", v.loc.Int(int(c.Worst)), "Failing", failing)
	case verify.ClaimEntropyL:
		return v.loc.T("research.check.entropyL", "L", v.bound(c.Value)),
			v.loc.T("research.check.entropyLDetail", "Groups", groups, "Lowest", v.loc.Float(c.Worst, 2), "Failing", failing)
	case verify.ClaimT:
		id := "research.check.tEqual"
		if c.Ordered {
			id = "research.check.tOrdered"
		}
		return v.loc.T(id, "T", v.bound(c.Value)),
			v.loc.T("research.check.tDetail", "Groups", groups, "Largest", v.loc.Float(c.Worst, 3), "Failing", failing)
	}
	return v.loc.T("research.check.unknown"), ""
}

// bound formats a claimed k, l or t: whole numbers without decimals,
// others with as many as they need (up to three).
func (v *View) bound(f float64) string {
	if f == math.Trunc(f) && math.Abs(f) < 1e9 {
		return v.loc.Int(int(f))
	}
	s := strconv.FormatFloat(f, 'f', 3, 64)
	prec := 3 - (len(s) - len(strings.TrimRight(s, "0")))
	return v.loc.Float(f, prec)
}
