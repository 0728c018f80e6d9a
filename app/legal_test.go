package app_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"custodia/app"
	"custodia/consent"
	"custodia/consent/memstore"
	"custodia/i18n"
)

// TestScheduleMismatch: a French practice whose rules are still the German
// schedule is told; a matching country, one without a shipped schedule, or
// no country is not.
func TestScheduleMismatch(t *testing.T) {
	for _, c := range []struct {
		country string
		want    bool
	}{{"FR", true}, {"DE", false}, {"PT", false}, {"", false}} {
		f := &fakeVault{store: memstore.New(), practice: &consent.Controller{Name: "P", Country: c.country}}
		s := app.New(f, app.Options{Now: func() time.Time { return t0 }})
		m, err := s.ScheduleMismatch(consent.DefaultRetentionRules())
		if err != nil {
			t.Fatal(err)
		}
		if (m != nil) != c.want {
			t.Errorf("%q: mismatch %+v", c.country, m)
		}
		if m != nil && (m.Stored != "DE" || m.Practice != c.country) {
			t.Errorf("%q: mismatch %+v", c.country, m)
		}
	}
}

// TestOpenRequestTakesJurisdiction: a request opened for a Bavarian
// practice records DE-BY, and a legacy request without one is shown with
// the practice's (Request, Requests) but never rewritten in the store.
func TestOpenRequestTakesJurisdiction(t *testing.T) {
	f := &fakeVault{store: memstore.New(), practice: &consent.Controller{Name: "P", Country: "DE", Region: "BY"}}
	s := app.New(f, app.Options{Now: func() time.Time { return t0 }})
	in := consent.Intake{SubjectID: "p-1", Type: consent.ReqAccess, Channel: consent.ChannelLetter,
		ReceivedAt: t0, Requester: "the patient", RequesterRelation: consent.RelSelf}
	r, err := s.OpenRequest(in)
	if err != nil {
		t.Fatal(err)
	}
	if r.Jurisdiction != "DE-BY" {
		t.Fatalf("jurisdiction %q, want DE-BY", r.Jurisdiction)
	}
	f.practice = nil
	legacy, err := s.OpenRequest(consent.Intake{SubjectID: "p-2", Type: consent.ReqAccess, Channel: consent.ChannelLetter,
		ReceivedAt: t0, Requester: "the patient", RequesterRelation: consent.RelSelf})
	if err != nil || legacy.Jurisdiction != "" {
		t.Fatalf("without practice details: %q %v", legacy.Jurisdiction, err)
	}
	f.practice = &consent.Controller{Name: "P", Country: "AT"}
	got, err := s.Request(legacy.ID)
	if err != nil || got.Jurisdiction != "AT" {
		t.Fatalf("legacy request shown with %q (%v), want AT", got.Jurisdiction, err)
	}
	if got, _ := s.Request(r.ID); got.Jurisdiction != "DE-BY" {
		t.Fatalf("recorded jurisdiction changed to %q", got.Jurisdiction)
	}
	stored, err := f.store.GetRequest(s.Context(), legacy.ID)
	if err != nil || stored.Jurisdiction != "" {
		t.Fatalf("store rewritten: %q %v", stored.Jurisdiction, err)
	}
}

// TestPurgeKept: only kept items past keep-until are purged, as one
// approved batch with a stored certificate; a second purge finds nothing.
func TestPurgeKept(t *testing.T) {
	f := &fakeVault{store: memstore.New(), kept: []consent.RetentionItem{
		{RecordID: "kept:p-1", SubjectID: "p-1", Category: consent.RecKept, KeepUntil: t0.AddDate(0, 0, -1)},
		{RecordID: "kept:p-2", SubjectID: "p-2", Category: consent.RecKept, KeepUntil: t0.AddDate(0, 0, 10)},
	}}
	s := app.New(f, app.Options{Now: func() time.Time { return t0 }})
	before, err := s.RetentionDue()
	if err != nil {
		t.Fatal(err)
	}
	var kept []string
	for _, d := range before.Due {
		if app.IsKept(d) {
			kept = append(kept, d.Item.SubjectID)
		}
	}
	if len(kept) != 1 || kept[0] != "p-1" {
		t.Fatalf("kept data due before the purge: %v, want [p-1]", kept)
	}
	cert, err := s.PurgeKept()
	if err != nil {
		t.Fatal(err)
	}
	if len(cert.Items) != 1 || len(f.purged) != 1 || len(f.kept) != 1 || f.kept[0].SubjectID != "p-2" {
		t.Fatalf("certificate %d item(s), batches %d, left %+v", len(cert.Items), len(f.purged), f.kept)
	}
	rt, err := s.RetentionDue()
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range rt.Due {
		if app.IsKept(d) {
			t.Errorf("kept item still due: %+v", d)
		}
	}
	if cert, err := s.PurgeKept(); err != nil || len(cert.Items) != 0 {
		t.Fatalf("second purge: %d item(s), %v", len(cert.Items), err)
	}
}

// TestDeleteRetentionRule: an unknown rule is ErrUnknownRule (and
// consent.ErrNotFound); a stored one goes.
func TestDeleteRetentionRule(t *testing.T) {
	f := &fakeVault{store: memstore.New()}
	s := app.New(f, app.Options{Now: func() time.Time { return t0 }})
	if err := app.Seed(s.Context(), f.store); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteRetentionRule("no-such-rule"); !errors.Is(err, app.ErrUnknownRule) || !errors.Is(err, consent.ErrNotFound) {
		t.Fatalf("unknown rule: %v", err)
	}
	rules, err := s.RetentionRules()
	if err != nil || len(rules) == 0 {
		t.Fatalf("rules: %d %v", len(rules), err)
	}
	if err := s.DeleteRetentionRule(rules[0].ID); err != nil {
		t.Fatal(err)
	}
	if r, _ := s.RetentionRule(rules[0].ID); r.Version != 0 {
		t.Fatalf("rule %s still stored", rules[0].ID)
	}
}

// A mismatch is told in the reader's language, each country by its name
// there (i18n's Localizer.Country), never the English name (issue 10).
func TestMismatchWordsNameCountriesInTheReadersLanguage(t *testing.T) {
	cat := i18n.MustLoad()
	m := app.Mismatch{Stored: "DE", Practice: "FR"}
	for _, c := range []struct{ lang, not string }{{"de", "Germany"}, {"en", "Deutschland"}} {
		loc := cat.Localizer(c.lang)
		w := m.Words(loc)
		if !strings.Contains(w, loc.Country("DE")) || !strings.Contains(w, loc.Country("FR")) || strings.Contains(w, c.not) {
			t.Errorf("%s: %q", c.lang, w)
		}
	}
	if de := cat.Localizer("de"); de.Country("FR") == cat.Localizer("en").Country("FR") {
		t.Errorf("the oracle needs a country named differently in German: %q", de.Country("FR"))
	}
}
