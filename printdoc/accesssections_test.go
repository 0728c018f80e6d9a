package printdoc

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"regexp"
	std "slices"
	"strings"
	"testing"
	"time"

	"custodia/consent"
	"custodia/i18n"
)

// identityColumns and clinicalColumns are the vault's patient columns
// (vault.patientColumns); the end-to-end tests of app and custodiactl
// check the vault's real sections against the page.
var (
	identityColumns = []string{"given_name", "family_name", "birth_date", "sex", "address", "postcode", "phone", "email", "insurance_number", "mrn"}
	clinicalColumns = []string{"diagnosis", "notes"}
)

// englishField is how the vault labels a field code in English.
var englishField = map[string]string{
	"given_name": "Given name", "family_name": "Family name", "birth_date": "Birth date", "sex": "Sex",
	"address": "Address", "postcode": "Postcode", "phone": "Phone", "email": "E-mail",
	"insurance_number": "Insurance number", "mrn": "Medical record number", "diagnosis": "Diagnoses (ICD-10)", "notes": "Clinical notes",
	consent.FieldRestricted: "Processing restricted", consent.FieldEncounter: "Encounter", consent.FieldObservation: "Observation",
	consent.FieldEncounters: "Diagnoses of all encounters (ICD-10 categories)",
}

// sectionsReport is a synthetic report with every section kind, every
// field code, every erasure action, every encounter kind the catalogue
// names, several measurements with UCUM units, history rows, and the
// vault's English words in Title and Rows, plus one section stored
// before codes.
func sectionsReport(t *testing.T, en *i18n.Localizer) consent.AccessReport {
	t.Helper()
	day := func(m, d int) time.Time { return time.Date(2026, time.Month(m), d, 0, 0, 0, 0, time.UTC) }
	iso := func(d time.Time) string { return d.Format(time.DateOnly) }
	values := map[string]string{"given_name": patient.Given, "family_name": patient.Family, "birth_date": "1961-03-05", "sex": "female",
		"address": "Hauptstraße 12", "postcode": "10115", "phone": "+49 30 1234567", "email": "j@example.org", "insurance_number": "A123456789",
		"mrn": "MRN-77", "diagnosis": "J45.0 Asthma bronchiale", "notes": "Synthetische Notiz"}
	ident := consent.RecordSection{Title: "Identity and contact details", Kind: consent.SectionIdentity, Portable: true}
	for _, c := range identityColumns {
		addTestRow(&ident, englishField[c], values[c], consent.RowCode{Field: c})
	}
	addTestRow(&ident, englishField[consent.FieldRestricted], "yes (GDPR Art. 18)", consent.RowCode{Field: consent.FieldRestricted, Restricted: true})
	clin := consent.RecordSection{Title: "Clinical record", Kind: consent.SectionClinical}
	for _, c := range clinicalColumns {
		addTestRow(&clin, englishField[c], values[c], consent.RowCode{Field: c})
	}
	enc := consent.RecordSection{Title: "Encounters and diagnoses", Kind: consent.SectionEncounters}
	for i, kind := range encounterKinds(t) {
		d := day(1, 2+i)
		addTestRow(&enc, iso(d)+" "+en.Label("encounter", kind, ""), "E11.9 Diabetes mellitus Typ 2",
			consent.RowCode{Field: consent.FieldEncounter, Date: d, Kind: kind})
	}
	obs := consent.RecordSection{Title: "Observations", Kind: consent.SectionObservations}
	for i, o := range []struct{ loinc, name, value, unit string }{
		{"29463-7", "Body weight", "82.5", "kg"}, {"8480-6", "Systolic blood pressure", "128", "mm[Hg]"},
		{"8310-5", "Body temperature", "37.2", "Cel"}, {"39156-5", "Body mass index", "24.1", "kg/m2"},
		{"72514-3", "Pain severity", "3", "{score}"}, {"1234-5", "", "7", "mg"},
	} {
		d := day(2, 1+i)
		label := iso(d) + " " + o.loinc
		if o.name != "" {
			label = iso(d) + " " + o.name + " (LOINC " + o.loinc + ")"
		}
		addTestRow(&obs, label, strings.TrimSpace(o.value+" "+o.unit), consent.RowCode{Field: consent.FieldObservation, Date: d, LOINC: o.loinc, Unit: o.unit})
	}
	erasedAt := day(3, 9)
	erased := consent.RecordSection{Title: "Record after erasure on " + iso(erasedAt), Kind: consent.SectionErased, Date: erasedAt}
	fields := std.Concat(identityColumns, clinicalColumns, []string{consent.FieldEncounter, consent.FieldObservation, consent.FieldEncounters})
	for i, f := range fields {
		act := []consent.Action{consent.ActKeep, consent.ActAnonymise, consent.ActErase}[i%3]
		value, item := "kept "+f, storedItems[f]
		if item != nil {
			value = storedItemEnglish[f]
		}
		addTestRow(&erased, englishField[f]+" ("+string(act)+")", value, consent.RowCode{Field: f, Action: act, Item: item})
	}
	hist := consent.RecordSection{Title: "Earlier values changed by rectification", Kind: consent.SectionHistory}
	for i, f := range std.Concat(identityColumns, clinicalColumns, []string{consent.FieldEncounter}) {
		d := day(4, 1+i)
		value, item := "old "+f, storedItems[f]
		if item != nil {
			value = storedItemEnglish[f]
		}
		addTestRow(&hist, fmt.Sprintf("%s, until %s", englishField[f], iso(d)), value, consent.RowCode{Field: f, Date: d, Item: item})
	}
	legacy := consent.RecordSection{Title: "Identity and contact details", Rows: [][2]string{{"Given name", "Legacy Value"}}}
	return consent.AccessReport{RequestType: consent.ReqAccess, SubjectID: "p-1", RequestID: "r-1", GeneratedAt: now, Controller: ctrl,
		Sections: []consent.RecordSection{ident, clin, enc, obs, erased, hist, legacy}}
}

// storedItems are an encounter and an observation held whole as one
// value, as the vault stores them (storedItemEnglish) and in codes.
var (
	storedItems = map[string]*consent.RecordItem{
		consent.FieldEncounter:   {Date: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), Kind: "home-visit", Text: "I10 Hypertonie"},
		consent.FieldObservation: {Date: time.Date(2026, 6, 2, 0, 0, 0, 0, time.UTC), LOINC: "8480-6", Unit: "mm[Hg]", Text: "128"},
	}
	storedItemEnglish = map[string]string{
		consent.FieldEncounter:   "2026-06-01 Home visit: I10 Hypertonie",
		consent.FieldObservation: "2026-06-02 Systolic blood pressure (8480-6): 128 mm[Hg]",
	}
)

func addTestRow(s *consent.RecordSection, label, value string, code consent.RowCode) {
	s.Rows = append(s.Rows, [2]string{label, value})
	s.Codes = append(s.Codes, code)
}

// encounterKinds are the kinds the catalogue names (labels.encounter.*).
func encounterKinds(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, id := range i18n.MustLoad().IDs("en") {
		if k, ok := strings.CutPrefix(id, "labels.encounter."); ok {
			out = append(out, k)
		}
	}
	if len(out) < 4 {
		t.Fatalf("the catalogue names %d encounter kinds", len(out))
	}
	return out
}

// labelsOf are the titles and row labels of the coded sections.
func labelsOf(secs []consent.RecordSection, hs []heldSection) []string {
	var out []string
	for i, h := range hs {
		if secs[i].Kind == "" {
			continue
		}
		out = append(out, h.Title)
		for _, r := range h.Rows {
			out = append(out, r[0])
		}
	}
	return out
}

// englishWords is the oracle of what a German reader must not see: the
// vault's English words stored in the report (titles, row labels, the
// restriction value, UCUM units as stored) and the English catalogue's
// words for the same sections.
func englishWords(t *testing.T, r consent.AccessReport, en *i18n.Localizer) []string {
	t.Helper()
	var out []string
	for _, s := range r.Sections {
		if s.Kind == "" {
			continue // stored before codes: stays as stored
		}
		out = append(out, s.Title)
		for i, row := range s.Rows {
			out = append(out, row[0])
			if c := s.Codes[i]; c.Field == consent.FieldRestricted || c.Item != nil || (c.Unit != "" && row[1] != "7 mg") {
				out = append(out, row[1])
			}
		}
	}
	return append(out, labelsOf(r.Sections, heldSections(en, r.Sections))...)
}

// germanWords are catalogue words the German sections must carry: every
// field label, section title, encounter kind, measurement name and the
// units as people write them.
func sectionGermanWords(de *i18n.Localizer) []string {
	out := []string{de.T("accesssec.restricted.yes"), "mmHg", "°C", "kg/m²", "LOINC 1234-5"}
	for _, id := range fieldIDs {
		out = append(out, de.T(id))
	}
	for _, id := range sectionTitleIDs {
		out = append(out, de.T(id))
	}
	for _, k := range []string{"visit", "home-visit", "telephone", "video"} {
		out = append(out, de.Label("encounter", k, ""))
	}
	for _, a := range []consent.Action{consent.ActKeep, consent.ActAnonymise, consent.ActErase} {
		out = append(out, de.Label("action", string(a), ""))
	}
	for _, c := range []string{"29463-7", "8480-6", "8310-5", "39156-5", "72514-3"} {
		out = append(out, de.T("research.loinc."+c))
	}
	return out
}

// Every section, row label and coded value is worded in German from the
// catalogue; none is one of the vault's or the English catalogue's
// words; nothing is empty; a section stored before codes stays as stored.
func TestHeldSectionsInGerman(t *testing.T) {
	cat := i18n.MustLoad()
	de, en := cat.Localizer("de"), cat.Localizer("en")
	r := sectionsReport(t, en)
	held := heldSections(de, r.Sections)
	english := englishWords(t, r, en)
	var cells []string
	for i, h := range held {
		cells = append(cells, h.Title)
		if h.Title == "" {
			t.Errorf("section %d has no title", i)
		}
		for j, row := range h.Rows {
			cells = append(cells, row[0], row[1])
			if row[0] == "" || row[1] == "" {
				t.Errorf("section %s row %d has an empty cell: %q", r.Sections[i].Kind, j, row)
			}
		}
	}
	for _, c := range cells[:len(cells)-3] {
		if std.Contains(english, c) {
			t.Errorf("German cell %q is English", c)
		}
	}
	text := strings.Join(cells, "\n")
	for _, w := range sectionGermanWords(de) {
		if !strings.Contains(text, w) {
			t.Errorf("German sections lack %q", w)
		}
	}
	for _, want := range []string{de.Date(r.Sections[4].Date), "05.03.1961", de.Label("sex", "female", ""), "82,5 kg", "128 mmHg", "37,2 °C", "3", "7 mg",
		"01.06.2026 " + de.Label("encounter", "home-visit", "") + ": I10 Hypertonie",
		"02.06.2026 " + de.T("research.loinc.8480-6") + " (LOINC 8480-6): 128 mmHg"} {
		if !strings.Contains(text, want) {
			t.Errorf("German sections lack %q", want)
		}
	}
	if last := held[len(held)-1]; last.Title != "Identity and contact details" || last.Rows[0] != [2]string{"Given name", "Legacy Value"} {
		t.Errorf("a section without codes changed: %+v", last)
	}
}

var cellPattern = regexp.MustCompile(`(?s)<(h3|th|td)>(.*?)</(?:h3|th|td)>`)

// The German access page and PDF show the sections in German words and
// none of the English ones.
func TestAccessDocumentsSectionsInGerman(t *testing.T) {
	cat := i18n.MustLoad()
	de, en := cat.Localizer("de"), cat.Localizer("en")
	r := sectionsReport(t, en)
	r.Sections = r.Sections[:len(r.Sections)-1] // only coded sections
	r.Sections[1].Rows[1][1] = ""               // notes empty: a dash, as in the PDF
	english := englishWords(t, r, en)
	var b bytes.Buffer
	if err := (AccessPages{Loc: de}).Access(&b, r); err != nil {
		t.Fatal(err)
	}
	var cells []string
	for _, m := range cellPattern.FindAllStringSubmatch(b.String(), -1) {
		cells = append(cells, html.UnescapeString(m[2]))
	}
	for _, c := range cells {
		if std.Contains(english, c) {
			t.Errorf("German page cell %q is English", c)
		}
	}
	page := strings.Join(cells, "\n")
	for _, w := range sectionGermanWords(de) {
		if !strings.Contains(page, w) {
			t.Errorf("German page lacks %q", w)
		}
	}
	if i := std.Index(cells, de.T("labels.field.Notes")); i < 0 || i+1 >= len(cells) || cells[i+1] != "—" {
		t.Errorf("an empty value is not shown as a dash: %q", cells[max(0, i):min(len(cells), i+2)])
	}
	var pdf bytes.Buffer
	if err := AccessReportPDF(&pdf, de, r, now); err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(pdfText(t, pdf.Bytes())), " ")
	for _, w := range sectionGermanWords(de) {
		if !strings.Contains(text, strings.Join(strings.Fields(w), " ")) {
			t.Errorf("German PDF lacks %q", w)
		}
	}
	for _, id := range []string{"patients.clinical.diagnoses", "patients.clinical.value", "accesspdf.field"} {
		if !strings.Contains(text, de.T(id)) {
			t.Errorf("German PDF lacks the column head %q", de.T(id))
		}
	}
	for _, e := range english {
		if len(e) > 3 && strings.Contains(text, e) { // "no" and "Sex" may be inside other words
			t.Errorf("German PDF shows the English %q", e)
		}
	}
}

// The portability page names sections and fields in German; data.json
// keeps the codes and the stored words.
func TestPortableRecordInGerman(t *testing.T) {
	cat := i18n.MustLoad()
	de, en := cat.Localizer("de"), cat.Localizer("en")
	r := sectionsReport(t, en)
	r.RequestType = consent.ReqPortability
	r.Sections[0].Rows[6][1] = "" // no phone: a dash
	d, err := r.Portable(func(id string) string { return id })
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := (AccessPages{Loc: de}).Portable(&b, d); err != nil {
		t.Fatal(err)
	}
	var cells []string
	for _, m := range cellPattern.FindAllStringSubmatch(b.String(), -1) {
		cells = append(cells, html.UnescapeString(m[2]))
	}
	for _, id := range []string{"accesssec.section.identity", "labels.field.GivenName", "labels.field.MRN", "labels.field.InsuranceNumber", "accesssec.field.restricted"} {
		if !std.Contains(cells, de.T(id)) {
			t.Errorf("German portability page lacks the cell %q", de.T(id))
		}
	}
	if i := std.Index(cells, de.T("labels.field.Phone")); i < 0 || i+1 >= len(cells) || cells[i+1] != "—" {
		t.Errorf("an empty value is not shown as a dash: %q", cells[max(0, i):min(len(cells), i+2)])
	}
	for _, e := range []string{"Identity and contact details", "Given name", "Medical record number", "Processing restricted", "yes (GDPR Art. 18)"} {
		if std.Contains(cells, e) {
			t.Errorf("German portability page shows the English %q", e)
		}
	}
	js, err := d.JSON()
	if err != nil {
		t.Fatal(err)
	}
	var back struct {
		Record []struct {
			Section, Field, SectionKind string
			Code                        struct{ Field string }
		}
	}
	if err := json.Unmarshal(js, &back); err != nil {
		t.Fatal(err)
	}
	if len(back.Record) != len(identityColumns)+1 {
		t.Fatalf("data.json holds %d fields, want %d", len(back.Record), len(identityColumns)+1)
	}
	for i, f := range back.Record {
		if f.SectionKind != "identity" || f.Section != "Identity and contact details" || f.Code.Field == "" || f.Field != d.Record[i].Field {
			t.Errorf("data.json field %d: %+v", i, f)
		}
	}
}

// A row whose code this package does not know, a section whose codes do
// not match its rows, and a section of an unknown kind keep the stored
// words: never an empty cell.
func TestHeldSectionsFallBack(t *testing.T) {
	de := i18n.MustLoad().Localizer("de")
	secs := []consent.RecordSection{
		{Title: "Odd", Kind: "future-kind", Rows: [][2]string{{"A", "1"}}, Codes: []consent.RowCode{{Field: "future"}}},
		{Title: "Identity and contact details", Kind: consent.SectionIdentity, Rows: [][2]string{{"Given name", "X"}, {"Phone", "Y"}},
			Codes: []consent.RowCode{{Field: "given_name"}}},
		{Title: "Encounters and diagnoses", Kind: consent.SectionEncounters, Rows: [][2]string{{"2026-01-02 House call", "Z"}},
			Codes: []consent.RowCode{{Field: consent.FieldEncounter, Kind: "house-call", Date: now}}},
		{Title: "Record after erasure on 2026-03-09", Kind: consent.SectionErased, Rows: [][2]string{{"Given name (shredded)", "W"}},
			Codes: []consent.RowCode{{Field: "given_name", Action: "shredded"}}},
	}
	held := heldSections(de, secs)
	want := []heldSection{
		{Kind: "future-kind", Title: "Odd", Rows: [][2]string{{"A", "1"}}},
		{Kind: consent.SectionIdentity, Title: de.T("accesssec.section.identity"), Rows: [][2]string{{"Given name", "X"}, {"Phone", "Y"}}},
		{Kind: consent.SectionEncounters, Title: de.T("patients.clinical.encounters"), Rows: [][2]string{{"2026-01-02 House call", "Z"}}},
		{Kind: consent.SectionErased, Title: "Record after erasure on 2026-03-09", Rows: [][2]string{{"Given name (shredded)", "W"}}},
	}
	for i := range want {
		if held[i].Kind != want[i].Kind || held[i].Title != want[i].Title || !std.Equal(held[i].Rows, want[i].Rows) {
			t.Errorf("section %d: %+v, want %+v", i, held[i], want[i])
		}
	}
}

// Every section kind the domain knows has a title in both languages
// (a new kind without words fails here, not on a patient's page).
func TestEverySectionKindTitled(t *testing.T) {
	cat := i18n.MustLoad()
	for _, lang := range i18n.Languages() {
		loc := cat.Localizer(lang)
		for _, k := range consent.SectionKinds() {
			if got := sectionTitle(loc, k, now, "stored"); got == "stored" || got == "" {
				t.Errorf("%s: section kind %s has no title", lang, k)
			}
		}
	}
}
