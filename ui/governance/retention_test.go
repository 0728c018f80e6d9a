package governance

import (
	"context"
	"strings"
	"testing"
	"time"

	usecase "custodia/app"
	"custodia/consent"
	"custodia/i18n"
	"custodia/ui/internal/uitest"
	"custodia/vault"
)

var retentionNow = time.Date(2031, 3, 16, 10, 0, 0, 0, time.UTC)

// retentionView is the retention tab of role over synthetic patients in
// lang, with a grant of p000001 that expired in 2026 (its record is due
// for deletion three years after the end of that year).
func retentionView(t *testing.T, role vault.Role, lang string) *RetentionView {
	t.Helper()
	return retentionViewIn(t, role, lang, "DE")
}

// retentionViewIn is retentionView of a practice in country, whose rules
// are the shipped German schedule.
func retentionViewIn(t *testing.T, role vault.Role, lang, country string) *RetentionView {
	t.Helper()
	u := vault.User{ID: "u-" + string(role), Name: string(role), Role: role}
	base := uitest.NewSession(u)
	base.Patients = uitest.NewPatients(u, 3)
	ctl := consent.Controller{Name: "Synthetic Practice (test)", Country: country}
	cs := uitest.NewConsentSession(base, ctl)
	if country != "DE" {
		cs.Stored = &ctl // stored after the German schedule was seeded
	}
	env := uitest.Env(t, cs)
	env.Loc = i18n.MustLoad().Localizer(lang)
	ctx := context.Background()
	if err := usecase.Seed(ctx, cs.Store); err != nil {
		t.Fatal(err)
	}
	uc := usecase.New(cs, usecase.Options{Now: func() time.Time { return retentionNow }})
	granted := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	e := consent.Event{PatientID: "p000001", PurposeID: "recall", Method: consent.MethodPaper, Time: granted, ValidUntil: granted.AddDate(0, 1, 0)}
	if _, err := uc.GrantConsent(usecase.Grant{Event: e, Language: "en"}); err != nil {
		t.Fatal(err)
	}
	v := NewRetentionView(env, uc)
	uitest.Show(env, v.content)
	v.Activate()
	return v
}

// personCell is the Person cell of the first due row about p000001,
// after the table drew its rows (names are read as rows come into view).
func personCell(t *testing.T, v *RetentionView) (string, int) {
	t.Helper()
	for i, d := range v.Due() {
		if d.Item.SubjectID == "p000001" {
			v.nameRow(i) // what drawing the row does
			return v.DueCell(i, dueColPerson), i
		}
	}
	t.Fatalf("no due record of p000001 in %+v", v.Due())
	return "", -1
}

// The due list names people where the role may read identities (family,
// given, birth date) and by a short reference otherwise; the record reads
// by its category and the ground in the reader's language, never a record
// id or the English source (issue 10).
func TestDueListInWords(t *testing.T) {
	v := retentionView(t, vault.RoleDPO, "de")
	person, row := personCell(t, v)
	if want := "Family, Given1 (geb. " + v.env.Loc.Date(uitest.SynthPatient(1).BirthDate) + ")"; person != want {
		t.Errorf("person %q, want %q", person, want)
	}
	if rec := v.DueCell(row, dueColRecord); rec != "Einwilligungsnachweise" {
		t.Errorf("record %q", rec)
	}
	v.showGround(row) // selecting the row
	if why := v.Ground(); strings.Contains(why, "GDPR") || !strings.Contains(why, "DSGVO") || !strings.Contains(why, "Einwilligungsnachweise") {
		t.Errorf("ground %q", why)
	}
	for col := range len(v.due.Headers()) {
		if c := v.DueCell(row, col); strings.Contains(c, "p000001") || strings.Contains(c, "consent:") {
			t.Errorf("column %d shows an id: %q", col, c)
		}
	}
	if src := v.Source(); strings.Contains(src, "GDPR") || src == "" {
		t.Errorf("legal source line %q", src)
	}
	if c := v.rules.Cell(0, 5); c != "Deutschland" {
		t.Errorf("country %q", c)
	}
}

// A person the vault no longer holds (erased) reads by a short reference,
// as for a role that may not read identities.
func TestDueListByReferenceWithoutAName(t *testing.T) {
	v := retentionView(t, vault.RoleDPO, "en")
	v.uc.Vault().(*uitest.ConsentSession).DeletePatient("p000001")
	v.Reload()
	if person, _ := personCell(t, v); person != "patient ref. "+usecase.ShortRef("p000001") {
		t.Errorf("person %q", person)
	}
}

// A French practice whose rules are still the German schedule is warned
// above the rules, each country by its name in the reader's language, with
// how to switch; a German practice is not (issue 10).
func TestRetentionWarnsOfAnotherCountrysSchedule(t *testing.T) {
	for _, c := range []struct{ lang, stored, practice, english string }{
		{"de", "Deutschland", "Frankreich", "Germany"}, {"en", "Germany", "France", ""}} {
		v := retentionViewIn(t, vault.RoleDPO, c.lang, "FR")
		m := v.Mismatch()
		if !strings.Contains(m, c.stored) || !strings.Contains(m, c.practice) || (c.english != "" && strings.Contains(m, c.english)) ||
			!strings.Contains(m, v.env.T("polish.retention.mismatch.fix")) {
			t.Errorf("%s: warning %q", c.lang, m)
		}
	}
	if m := retentionView(t, vault.RoleDPO, "de").Mismatch(); m != "" {
		t.Errorf("a German practice is warned: %q", m)
	}
}

// A role that may only read the practice details sees the country and the
// region by their names in the reader's language, not their codes (issue 10).
func TestReadOnlyPracticeNamesCountryAndRegion(t *testing.T) {
	u := vault.User{ID: "u-desk", Name: "desk", Role: vault.RoleFrontDesk}
	base := uitest.NewSession(u)
	ctl := consent.Controller{Name: "Synthetic Practice (test)", Country: "DE", Region: "BY"}
	cs := uitest.NewConsentSession(base, ctl)
	cs.Stored = &ctl
	env := uitest.Env(t, cs)
	env.Loc = i18n.MustLoad().Localizer("de")
	v := NewPracticeView(env, usecase.New(cs, usecase.Options{Now: func() time.Time { return retentionNow }}))
	uitest.Show(env, v.content)
	v.Activate()
	if c, r := v.Shown("country"), v.Shown("region"); c != env.Loc.Country("DE") || c == "DE" || r != env.Loc.Region("DE", "BY") || r == "BY" {
		t.Errorf("country %q, region %q", c, r)
	}
}
