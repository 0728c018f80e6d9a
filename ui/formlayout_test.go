package ui

import (
	"fmt"
	"testing"

	"custodia/ui/kit"
	"custodia/vault"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// formShot is where a form's input controls are drawn: every entry,
// select, check and button, by identity, in window coordinates.
type formShot struct {
	canvas fyne.Size
	dialog fyne.Size // the top overlay's size, or zero
	at     map[fyne.CanvasObject]rect
}

func shootForm(c fyne.Canvas) formShot {
	settle(c)
	s := formShot{canvas: c.Size(), at: map[fyne.CanvasObject]rect{}}
	root := c.Content()
	if top := c.Overlays().Top(); top != nil {
		root, s.dialog = top, top.Size()
	}
	var walk func(o fyne.CanvasObject, pos fyne.Position)
	walk = func(o fyne.CanvasObject, pos fyne.Position) {
		if o == nil || !o.Visible() {
			return
		}
		switch o.(type) {
		case *widget.Entry, *kit.EscEntry, *kit.PrivateEntry, *widget.Select, *kit.EscSelect, *widget.Check, *kit.EscCheck, *widget.Button:
			s.at[o] = rectOf(pos, o.Size())
		}
		for _, child := range children(o) {
			walk(child, pos.Add(child.Position()))
		}
	}
	walk(root, root.Position())
	return s
}

// sameLayout lists what moved between two shots: the window or dialog
// changing size, a control appearing, going or moving sideways, and, when
// vertical is set, a control moving up or down.
func sameLayout(a, b formShot, vertical bool) []string {
	var out []string
	if a.canvas != b.canvas || a.dialog != b.dialog {
		out = append(out, fmt.Sprintf("window %v→%v, dialog %v→%v", a.canvas, b.canvas, a.dialog, b.dialog))
	}
	if len(a.at) != len(b.at) {
		out = append(out, fmt.Sprintf("%d controls became %d", len(a.at), len(b.at)))
	}
	for o, r := range a.at {
		q, ok := b.at[o]
		switch {
		case !ok:
			out = append(out, controlName(o)+" went")
		case abs32(r.x0-q.x0) > slack || abs32(r.x1-q.x1) > slack:
			out = append(out, fmt.Sprintf("%s moved sideways: x %.0f–%.0f → %.0f–%.0f", controlName(o), r.x0, r.x1, q.x0, q.x1))
		case vertical && (abs32(r.y0-q.y0) > slack || abs32(r.y1-q.y1) > slack):
			out = append(out, fmt.Sprintf("%s moved: y %.0f–%.0f → %.0f–%.0f", controlName(o), r.y0, r.y1, q.y0, q.y1))
		}
	}
	return out
}

func abs32(x float32) float32 { return max(x, -x) }

// checkMessageCycle shows a form, lets a validation message appear and go,
// and fails when the message moved a control sideways or resized the
// window or dialog, or when a control is not back in place once it went.
func checkMessageCycle(t *testing.T, c fyne.Canvas, form string, appear, goAway func()) {
	t.Helper()
	before := shootForm(c)
	if len(before.at) == 0 {
		t.Fatalf("%s: no controls found", form)
	}
	appear()
	for _, p := range sameLayout(before, shootForm(c), false) {
		t.Errorf("%s, message shown: %s", form, p)
	}
	if goAway == nil {
		return
	}
	goAway()
	for _, p := range sameLayout(before, shootForm(c), true) {
		t.Errorf("%s, message gone: %s", form, p)
	}
}

// TestFormsKeepLayoutWithMessages: the patient form, the users form and
// the breach form keep their layout while a validation message comes and
// goes (both languages, in the window cmd/custodia opens).
func TestFormsKeepLayoutWithMessages(t *testing.T) {
	for _, lang := range layoutLanguages {
		t.Run(lang, func(t *testing.T) {
			f := newLayoutFixture(t, layoutScreenSizes[0], lang)
			f.unlockAs(t, vault.RoleAdmin)
			c := f.win.Canvas()
			m := f.app.main
			m.Show(sectionPatients)
			m.Patients.Select(2)
			form := m.Patients.Form
			checkMessageCycle(t, c, "patient form", func() {
				form.SetField(kit.FieldBirthDate, "31.02.1990")
				form.Save()
				if form.ErrorFor(kit.FieldBirthDate) == "" {
					t.Error("patient form: no message under the birth date")
				}
			}, form.Revert)

			m.Show(sectionUsers)
			u := m.Users
			u.Select(1)
			checkMessageCycle(t, c, "users form", func() { u.Fill(1, "Synthetic", "abc") }, func() { u.Fill(1, "", "") })

			m.Show(sectionGovernance)
			g := m.Governance()
			g.ShowBreaches()
			g.Breaches.OpenForm()
			b := g.Breaches.Form
			checkMessageCycle(t, c, "breach form", func() {
				b.Submit()
				if b.Problem() == "" {
					t.Error("breach form: an empty form was accepted")
				}
			}, nil)
		})
	}
}
