package ui

import (
	"strings"
	"testing"

	"custodia/vault"
)

// The researcher's window is the Research tab alone: no patient list, no
// dead end sending them to the command line.
func TestResearcherMainViewIsTheResearchTab(t *testing.T) {
	f := newConsentFixture(t, vault.RoleResearcher, consentNow)
	f.seed(t)
	m := newMainView(f.app, f.cs)
	if got := m.Sections(); len(got) != 1 || got[0] != sectionResearch {
		t.Fatalf("sections %v", got)
	}
	if m.Patients != nil || m.Research() == nil || !m.Research().Researcher() {
		t.Fatal("the researcher has patients or no read-only Research tab")
	}
	if !m.Show(sectionResearch) {
		t.Fatal("Research not shown")
	}
	// The fake vault stores no studies: the tab says so in words.
	if p := m.Research().Problem(); !strings.Contains(p, "does not hold research studies") {
		t.Errorf("problem %q", p)
	}
	for _, role := range []vault.Role{vault.RoleClinician, vault.RoleFrontDesk} {
		g := newConsentFixture(t, role, consentNow)
		if newMainView(g.app, g.cs).Research() != nil {
			t.Errorf("%s has the Research tab", role)
		}
	}
}
