package governance

import (
	"strings"
	"testing"

	"custodia/ui/internal/uitest"
	"custodia/vault"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
)

// formScroll is the practice form's scroll (the content's only Scroll).
func formScroll(t *testing.T, o fyne.CanvasObject) *container.Scroll {
	t.Helper()
	if s, ok := o.(*container.Scroll); ok {
		return s
	}
	for _, c := range uitest.Children(o) {
		if s, ok := c.(*container.Scroll); ok {
			return s
		}
	}
	t.Fatal("practice form has no scroll")
	return nil
}

// TestPracticeFormStableWithProblem: at 1280×800 in German the practice
// form shows whole down to "Fristen zählen" (whose holidays move request
// deadlines), and stays so when a problem line comes and goes: room is
// kept for the problem, so it never pushes the form's last line out of
// view, and the form does not move.
func TestPracticeFormStableWithProblem(t *testing.T) {
	rv := retentionView(t, vault.RoleDPO, "de")
	g := New(rv.env, rv.uc)
	uitest.ShowInShell(rv.env, fyne.NewSize(1280, 800), g.Content())
	g.ShowPractice()
	v := g.Practice
	v.Set("name", "Synthetische Praxis (Test)")
	v.Set("country", "DE")
	scroll := formScroll(t, v.content)
	measure := func(what string) float32 {
		t.Helper()
		uitest.Settle(rv.env.Win.Canvas())
		if need, have := scroll.Content.MinSize().Height, scroll.Size().Height; need > have {
			t.Errorf("%s: the form needs %.0f px, it has %.0f: %q is pushed out of view", what, need, have, v.HolidaysText())
		}
		return scroll.Size().Height
	}
	before := measure("no problem")
	v.Submit() // address and e-mail missing
	if v.Problem() == "" || strings.Count(v.Problem(), "\n") < 1 {
		t.Fatalf("want a problem of two lines, got %q", v.Problem())
	}
	if with := measure("problem shown"); with != before {
		t.Errorf("the form's pane changed from %.0f to %.0f px as the problem showed", before, with)
	}
	v.Set("address", "Teststraße 1, 80331 München")
	v.Set("email", "praxis@example.org")
	v.Submit()
	if v.Problem() != "" {
		t.Fatalf("problem after a valid form: %q", v.Problem())
	}
	if after := measure("problem gone"); after != before {
		t.Errorf("the form's pane changed from %.0f to %.0f px as the problem went", before, after)
	}
}
