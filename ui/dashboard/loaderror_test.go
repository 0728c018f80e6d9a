package dashboard

import (
	"errors"
	"strings"
	"testing"

	"custodia/vault"
)

// A failed load, read in German without the shell's Describe, is worded
// from the catalogue (kit.Describe), never the error's English text.
func TestLoadErrorInGerman(t *testing.T) {
	f := newFixture(t)
	f.vs.Lock()
	de := catalog.Localizer("de")
	v := newView(t, de, f.uc, Links{})
	_, err := f.uc.Dashboard()
	if !errors.Is(err, vault.ErrLocked) {
		t.Fatalf("Dashboard on a locked vault: %v", err)
	}
	text := v.problem.Text
	if !v.problem.Visible() || strings.Contains(text, err.Error()) || strings.Contains(text, "⟦") {
		t.Fatalf("problem %v %q holds the English error %q", v.problem.Visible(), text, err.Error())
	}
	if !strings.HasPrefix(text, de.T("dashboard.error", "Error", "")) {
		t.Errorf("problem %q is not the German load error", text)
	}
}
