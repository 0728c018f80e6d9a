package kit

import (
	"slices"
	"strings"
	"testing"
	"time"

	"custodia/i18n"
	"custodia/vault"
)

func locs() map[string]*i18n.Localizer {
	c := i18n.MustLoad()
	return map[string]*i18n.Localizer{"en": c.Localizer("en"), "de": c.Localizer("de")}
}

// TestDateInputRoundTrips: every day from 1900 to 2040 is shown as the
// lists show it and read back as the same day, in both languages, and
// its ISO form is read too.
func TestDateInputRoundTrips(t *testing.T) {
	for lang, loc := range locs() {
		for d := time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC); d.Year() < 2040; d = d.AddDate(0, 0, 1) {
			shown := DateInput(loc, d)
			if shown != loc.Date(d) {
				t.Fatalf("%s: field shows %q, the lists %q", lang, shown, loc.Date(d))
			}
			for _, s := range []string{shown, d.Format(DateLayout)} {
				if got, ok := ParseDateInput(loc, s); !ok || !got.Equal(d) {
					t.Fatalf("%s: %q read as %v, %v; want %v", lang, s, got, ok, d)
				}
			}
		}
	}
}

func TestDateInputPerLanguage(t *testing.T) {
	l := locs()
	want := time.Date(1985, 3, 4, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		lang, text string
		ok         bool
	}{
		{"de", "04.03.1985", true}, {"de", "4.3.1985", true}, {"de", " 04.03.1985 ", true}, {"de", "1985-03-04", true},
		{"de", "31.02.1990", false}, {"de", "04.03.85", false}, {"de", "4 Mar 1985", false}, {"de", "03/04/1985", false},
		{"en", "4 Mar 1985", true}, {"en", "04 mar 1985", true}, {"en", "4 March 1985", true}, {"en", "4  Mar   1985", true},
		{"en", "1985-03-04", true}, {"en", "04.03.1985", false}, {"en", "3/4/1985", false}, {"en", "30 Feb 1990", false},
		{"en", "1985-02-30", false}, {"en", "", false},
	}
	for _, tt := range tests {
		got, ok := ParseDateInput(l[tt.lang], tt.text)
		if ok != tt.ok || ok && !got.Equal(want) {
			t.Errorf("%s %q: %v %v, want ok=%v", tt.lang, tt.text, got, ok, tt.ok)
		}
	}
}

// TestDateFieldMessages: a bad date is named in the person's language with
// an example written the way they should write it, and the ISO form.
func TestDateFieldMessages(t *testing.T) {
	l := locs()
	for lang, want := range map[string][]string{"en": {"14 Mar 1985", "1985-03-14"}, "de": {"14.03.1985", "1985-03-14", "gültiges Datum"}} {
		_, msg := ParseDateField(l[lang], "31.31.1990")
		text := FieldMessage(l[lang], msg)
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Errorf("%s: message %q lacks %q", lang, text, w)
			}
		}
		if _, msg := ParseDateField(l[lang], "  "); msg != MsgRequired {
			t.Errorf("%s: empty date gives %q", lang, msg)
		}
	}
	// the date fields' hint and the patient search's placeholder show the
	// same example day, written as the lists write it (issue 10)
	for lang, loc := range l {
		day := loc.Date(exampleDay)
		if h := DateFieldHint(loc); !strings.Contains(h, day) {
			t.Errorf("%s: date hint %q lacks the example %q", lang, h, day)
		}
		if p := loc.T("patients.search.placeholder"); !strings.Contains(p, day) {
			t.Errorf("%s: search placeholder %q lacks the example %q", lang, p, day)
		}
	}
}

// TestBuildPatientReadsTheLanguagesDates: the form text filled from a
// patient builds the same patient in both languages.
func TestBuildPatientReadsTheLanguagesDates(t *testing.T) {
	base := vault.Patient{ID: "p1", Version: 3, GivenName: "Synthia", FamilyName: "Example", Sex: "female",
		BirthDate: time.Date(1961, 12, 9, 0, 0, 0, 0, time.UTC), Diagnosis: "E11.9", Notes: "clinical note"}
	for lang, loc := range locs() {
		f := FieldsOf(loc, base)
		if f[FieldBirthDate] != loc.Date(base.BirthDate) {
			t.Errorf("%s: birth date field %q", lang, f[FieldBirthDate])
		}
		p, errs := BuildPatient(loc, base, f, true)
		if len(errs) != 0 || !p.BirthDate.Equal(base.BirthDate) || p != base {
			t.Errorf("%s: %+v, %v", lang, p, errs)
		}
		f[FieldBirthDate] = "1961-12-09"
		if p, errs := BuildPatient(loc, base, f, true); len(errs) != 0 || !p.BirthDate.Equal(base.BirthDate) {
			t.Errorf("%s: ISO birth date: %v, %v", lang, p.BirthDate, errs)
		}
		f[FieldBirthDate] = "31.02.1990"
		if _, errs := BuildPatient(loc, base, f, true); errs[FieldBirthDate] != MsgRealDate {
			t.Errorf("%s: bad birth date: %v", lang, errs)
		}
	}
}

// TestFrontdeskSaveKeepsClinicalFields: without clinical rights the form's
// (hidden) clinical fields never overwrite the stored ones.
func TestFrontdeskSaveKeepsClinicalFields(t *testing.T) {
	loc := locs()["en"]
	base := vault.Patient{ID: "p1", Version: 2, GivenName: "X", FamilyName: "Y", Sex: "male",
		BirthDate: time.Date(1950, 1, 2, 0, 0, 0, 0, time.UTC), Diagnosis: "E11.9", Notes: "clinical note"}
	p, errs := BuildPatient(loc, base, FieldsOf(loc, vault.Patient{GivenName: "A", FamilyName: "B", Sex: "female",
		BirthDate: base.BirthDate}), false)
	if len(errs) != 0 {
		t.Fatalf("errors %v", errs)
	}
	if p.Diagnosis != "E11.9" || p.Notes != "clinical note" || p.ID != base.ID || p.Version != base.Version {
		t.Fatalf("BuildPatient without clinical rights changed hidden fields: %+v", p)
	}
}

func TestSearchQueries(t *testing.T) {
	d := time.Date(1980, 4, 5, 0, 0, 0, 0, time.UTC)
	l := locs()
	tests := []struct {
		lang, text string
		want       []vault.Query
	}{
		{"en", "", nil},
		{"en", "   ", nil},
		{"en", "Rossi", []vault.Query{{Name: "Rossi"}}},
		{"en", "Élise Rossi", []vault.Query{{Name: "Élise Rossi"}}},
		{"en", "1980-04-05", []vault.Query{{BirthDate: d}}},
		{"en", "Rossi 1980-04-05", []vault.Query{{Name: "Rossi", BirthDate: d}}},
		{"en", "Rossi 5 Apr 1980", []vault.Query{{Name: "Rossi", BirthDate: d}}},
		{"en", "5 April 1980 Élise Rossi", []vault.Query{{Name: "Élise Rossi", BirthDate: d}}},
		{"en", "05.04.1980", []vault.Query{{Name: "05.04.1980"}, {MRN: "05.04.1980"}}},
		{"de", "05.04.1980", []vault.Query{{BirthDate: d}}},
		{"de", "Rossi 5.4.1980", []vault.Query{{Name: "Rossi", BirthDate: d}}},
		{"de", "1980-04-05 Rossi", []vault.Query{{Name: "Rossi", BirthDate: d}}},
		{"en", "DEMO-000003", []vault.Query{{Name: "DEMO-000003"}, {MRN: "DEMO-000003"}}},
		{"en", "1980-13-40", []vault.Query{{Name: "1980-13-40"}, {MRN: "1980-13-40"}}},
	}
	for _, tt := range tests {
		got := SearchQueries(l[tt.lang], tt.text)
		if !slices.EqualFunc(got, tt.want, func(a, b vault.Query) bool {
			return a.Name == b.Name && a.MRN == b.MRN && a.BirthDate.Equal(b.BirthDate)
		}) {
			t.Errorf("%s SearchQueries(%q) = %+v, want %+v", tt.lang, tt.text, got, tt.want)
		}
	}
}
