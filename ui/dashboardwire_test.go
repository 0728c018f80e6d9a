package ui

import (
	"slices"
	"strings"
	"testing"

	"custodia/consent"
	"custodia/vault"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// The DPO lands on the overview; the administrator finds it last; roles
// without governance do not have it. Its entries open the shell's screens.
func TestOverviewWiring(t *testing.T) {
	const last = 99
	for _, c := range []struct {
		role vault.Role
		at   int // position of the overview tab; -1: none
	}{{vault.RoleDPO, 0}, {vault.RoleAdmin, last}, {vault.RoleFrontDesk, -1}, {vault.RoleClinician, -1}} {
		f := newConsentFixture(t, c.role, consentNow)
		f.seed(t)
		m := newMainView(f.app, f.cs)
		want := c.at
		if want == last {
			want = len(m.Sections()) - 1
		}
		if got := slices.Index(m.Sections(), sectionOverview); got != want {
			t.Errorf("%s: overview at %d of %v, want %d", c.role, got, m.Sections(), want)
		}
		if c.role == vault.RoleDPO && m.sectionOf(m.tabs.Selected()) != sectionOverview {
			t.Errorf("the DPO lands on %q", m.tabs.Selected().Text)
		}
		if c.at >= 0 && m.tabs.Items[want].Text != f.app.env.Loc.T("dashboard.section") {
			t.Errorf("%s: the overview's tab reads %q", c.role, m.tabs.Items[want].Text)
		}
	}
}

func TestOverviewOpensTheRequest(t *testing.T) {
	f := newConsentFixture(t, vault.RoleDPO, consentNow)
	f.seed(t)
	late := f.addRequest(t, "p000002", consent.ReqAccess, consentNow.AddDate(0, -2, 0))
	f.addRequest(t, "p000003", consent.ReqErasure, consentNow)
	m := newMainView(f.app, f.cs)
	f.win.SetContent(m.content)
	d := m.Overview.Dashboard()
	if d.Open != 2 || d.Overdue != 1 || d.Deadlines[0].Request.ID != late.ID {
		t.Fatalf("overview loaded at landing: open %d overdue %d", d.Open, d.Overdue)
	}
	b := findButton(m.Overview.Content(), "Access (Art. 15)")
	if b == nil {
		t.Fatal("no entry for the overdue access request")
	}
	test.Tap(b)
	if m.sectionOf(m.tabs.Selected()) != sectionRequests || m.Requests().Detail == nil || m.Requests().Detail.Request().ID != late.ID {
		t.Fatalf("the entry did not open the request: tab %q", m.tabs.Selected().Text)
	}
}

func findButton(o fyne.CanvasObject, prefix string) *widget.Button {
	switch w := o.(type) {
	case *widget.Button:
		if strings.HasPrefix(w.Text, prefix) {
			return w
		}
	case *widget.Card:
		return findButton(w.Content, prefix)
	case *fyne.Container:
		for _, c := range w.Objects {
			if b := findButton(c, prefix); b != nil {
				return b
			}
		}
	case *container.Scroll:
		return findButton(w.Content, prefix)
	}
	return nil
}
