package vault

import (
	"errors"
	"testing"

	"custodia/consent"
)

// syntheticPractice is a made-up practice with a made-up DPO.
func syntheticPractice() consent.Controller {
	return consent.Controller{Name: "Praxis Qwertzheim", Address: "Zyxweg 17, 99999 Nirgendwo", Country: "de",
		Email: "kontakt@qwertzheim.example", Phone: "+49 000 4711", URL: "https://qwertzheim.example/privacy",
		DPOContact: DPOContact("Xavera Plonkowitz", "xavera.plonkowitz@qwertzheim.example")}
}

func TestPracticeRoundTrip(t *testing.T) {
	v, admin := NewTestVault(t)
	if _, err := admin.Practice(); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Practice before SetPractice = %v, want ErrNotFound", err)
	}
	want := syntheticPractice()
	if err := admin.SetPractice(want); err != nil {
		t.Fatal(err)
	}
	want.Country = "DE" // stored normalised
	if _, err := admin.AddUser("rhea", RoleResearcher, []byte("researcher-passphrase")); err != nil {
		t.Fatal(err)
	}
	r, err := v.Unlock("rhea", []byte("researcher-passphrase"))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []*Session{admin, r} { // any role reads them
		got, err := s.Practice()
		if err != nil || got != want {
			t.Fatalf("Practice() as %s = %+v, %v; want %+v", s.User().Role, got, err, want)
		}
	}
	changed := want
	changed.Phone = ""
	if err := admin.SetPractice(changed); err != nil {
		t.Fatal(err)
	}
	if got, _ := admin.Practice(); got != changed {
		t.Fatalf("after replace got %+v, want %+v", got, changed)
	}
	if n := countAudit(t, admin, "practice.set", outcomeOK); n != 2 {
		t.Fatalf("%d practice.set entries, want 2", n)
	}
	r.Lock()
	if _, err := r.Practice(); !errors.Is(err, ErrLocked) {
		t.Fatalf("Practice after Lock = %v, want ErrLocked", err)
	}
}

func TestSetPracticeDeniedIsAudited(t *testing.T) {
	v, admin := NewTestVault(t)
	if _, err := admin.AddUser("clara", RoleClinician, []byte("clinician-passphrase")); err != nil {
		t.Fatal(err)
	}
	c, err := v.Unlock("clara", []byte("clinician-passphrase"))
	if err != nil {
		t.Fatal(err)
	}
	invalid := syntheticPractice()
	invalid.Name = ""
	for _, p := range []consent.Controller{syntheticPractice(), invalid} { // invalid input is denied too
		err = c.SetPractice(p)
		var pe *PermissionError
		if !errors.As(err, &pe) || pe.Perm != PermGovernance {
			t.Fatalf("clinician SetPractice = %v, want a PermissionError for %s", err, PermGovernance)
		}
	}
	if n := entriesAbout(t, admin, "practice"); n != 2 {
		t.Fatalf("%d permission.denied entries about practice, want 2", n)
	}
	if _, err := admin.Practice(); !errors.Is(err, ErrNotFound) {
		t.Fatalf("denied SetPractice stored something: %v", err)
	}
}

func TestSetPracticeValidation(t *testing.T) {
	_, admin := NewTestVault(t)
	for _, tc := range []struct {
		field string
		edit  func(*consent.Controller)
	}{
		{"name", func(c *consent.Controller) { c.Name = "  " }},
		{"address", func(c *consent.Controller) { c.Address = "" }},
		{"country", func(c *consent.Controller) { c.Country = "Germany" }},
		{"email", func(c *consent.Controller) { c.Email, c.Phone = "", "" }},
		{"email", func(c *consent.Controller) { c.Email = "not an address" }},
		{"url", func(c *consent.Controller) { c.URL = "ftp://x.example" }},
		{"dpoContact", func(c *consent.Controller) { c.DPOContact = "Someone <nope>" }},
	} {
		c := syntheticPractice()
		tc.edit(&c)
		err := admin.SetPractice(c)
		var ve *ValidationError
		if !errors.As(err, &ve) || len(ve.Fields) != 1 || ve.Fields[0].Field != tc.field {
			t.Errorf("%s: SetPractice = %v, want one error on %s", tc.field, err, tc.field)
		}
	}
	if _, err := admin.Practice(); !errors.Is(err, ErrNotFound) {
		t.Fatalf("invalid details were stored: %v", err)
	}
}

func TestDPOContactSplits(t *testing.T) {
	for _, tc := range []struct{ name, email string }{
		{"Xavera Plonkowitz", "xp@q.example"}, {"", "xp@q.example"}, {"Data-protection officer", ""}, {"", ""},
	} {
		n, e := SplitDPOContact(DPOContact(tc.name, tc.email))
		if n != tc.name || e != tc.email {
			t.Errorf("SplitDPOContact(DPOContact(%q, %q)) = %q, %q", tc.name, tc.email, n, e)
		}
	}
}

func TestPracticeNotInPlaintext(t *testing.T) {
	v, admin := NewTestVault(t)
	p := syntheticPractice()
	if err := admin.SetPractice(p); err != nil {
		t.Fatal(err)
	}
	name, email := SplitDPOContact(p.DPOContact)
	needles := []string{p.Name, p.Address, p.Email, p.Phone, name, email, "Plonkowitz"}
	scanForPlaintext(t, v.Path(), needles)
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	scanForPlaintext(t, v.Path(), needles)
}

// countAudit counts entries with the action and outcome.
func countAudit(t *testing.T, s *Session, action, outcome string) int {
	t.Helper()
	es, err := s.AuditEntries(0, 10000)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range es {
		if e.Action == action && e.Outcome == outcome {
			n++
		}
	}
	return n
}
