package app_test

import (
	"context"
	"errors"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"custodia/app"
	"custodia/i18n"
	"custodia/vault"
	"custodia/vault/clinicalcsv"
)

// lookupFake is the vault's patient lookup over three synthetic patients:
// C-1 and C-2, and C-3 whose processing is restricted.
type lookupFake struct{}

var fakeClinicalPatients = map[string]vault.PatientSummary{
	"C-1": {ID: "00000000-0000-4000-8000-000000000001", MRN: "C-1"},
	"C-2": {ID: "00000000-0000-4000-8000-000000000002", MRN: "C-2"},
	"C-3": {ID: "00000000-0000-4000-8000-000000000003", MRN: "C-3", Restricted: true},
}

func (lookupFake) FindPatients(q vault.Query) ([]vault.PatientSummary, error) {
	if p, ok := fakeClinicalPatients[q.MRN]; ok {
		return []vault.PatientSummary{p}, nil
	}
	return nil, nil
}

func (lookupFake) GetPatient(id string) (vault.Patient, error) {
	for _, p := range fakeClinicalPatients {
		if p.ID == id {
			return vault.Patient{ID: p.ID, Restricted: p.Restricted}, nil
		}
	}
	return vault.Patient{}, vault.ErrNotFound
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("disk gone") }

const encHead = "mrn,date,kind,diagnoses,ref\n"
const obsHead = "mrn,date,loinc,value,unit,encounter\n"

// clinicalCase is one bad input and the problem it must give.
type clinicalCase struct {
	enc, obs io.Reader
	noLookup bool
	want     string // "file line column item rule"
}

func s(text string) io.Reader { return strings.NewReader(text) }

func clinicalCases() map[vault.FieldRule]clinicalCase {
	huge := io.MultiReader(s(encHead), io.LimitReader(zeros{}, clinicalcsv.MaxFileBytes))
	codes := strings.Repeat("I10; ", 21)
	return map[vault.FieldRule]clinicalCase{
		clinicalcsv.RuleFileTooLarge:      {enc: huge, want: "enc.csv 0  0"},
		clinicalcsv.RuleNotHeader:         {enc: s("C-1,2024-01-02,visit,I10\n"), want: "enc.csv 1  0"},
		clinicalcsv.RuleUnknownColumn:     {enc: s("mrn,date,diagnoses,doctor\nC-1,2024-01-02,I10,x\n"), want: "enc.csv 1  0"},
		clinicalcsv.RuleDuplicateColumn:   {enc: s("mrn,date,Date,diagnoses\nC-1,2024-01-02,2024-01-02,I10\n"), want: "enc.csv 1 date 0"},
		clinicalcsv.RuleMissingColumn:     {obs: s("mrn,date,value\nC-1,2024-01-02,7\n"), want: "obs.csv 1 loinc 0"},
		clinicalcsv.RuleNoPatientColumn:   {enc: s("date,diagnoses\n2024-01-02,I10\n"), want: "enc.csv 1  0"},
		clinicalcsv.RuleNoRows:            {enc: s(encHead + ",,,,\n"), want: "enc.csv 0  0"},
		clinicalcsv.RulePatientRequired:   {enc: s(encHead + ",2024-01-02,,I10,\n"), want: "enc.csv 2 mrn 0"},
		clinicalcsv.RuleMRNNoLookup:       {enc: s(encHead + "C-1,2024-01-02,,I10,\n"), noLookup: true, want: "enc.csv 2 mrn 0"},
		clinicalcsv.RuleUnknownPatient:    {enc: s(encHead + "C-9,2024-01-02,,I10,\n"), want: "enc.csv 2 mrn 0"},
		clinicalcsv.RuleRestrictedPatient: {enc: s("patient_id,date,diagnoses\n00000000-0000-4000-8000-000000000003,2024-01-02,I10\n"), want: "enc.csv 2 patient_id 0"},
		clinicalcsv.RuleKind:              {enc: s(encHead + "C-1,2024-01-02,surgery,I10,\n"), want: "enc.csv 2 kind 0"},
		clinicalcsv.RuleDuplicateRef:      {enc: s(encHead + "C-1,2024-01-02,,I10,a\nC-1,2024-01-03,,I10,a\n"), want: "enc.csv 3 ref 0"},
		clinicalcsv.RuleUnknownRef:        {obs: s(obsHead + "C-1,2024-01-02,8867-4,72,/min,zz\n"), want: "obs.csv 2 encounter 0"},
		clinicalcsv.RuleRefOtherPatient: {enc: s(encHead + "C-1,2024-01-02,,I10,a\n"), obs: s(obsHead + "C-2,2024-01-02,8867-4,72,/min,a\n"),
			want: "obs.csv 2 encounter 0"},
		vault.RuleCSVUnreadable:    {enc: failingReader{}, want: "enc.csv 0  0"},
		vault.RuleCSVNoHeader:      {enc: s("\ufeff \n"), want: "enc.csv 1  0"},
		vault.RuleCSVMalformed:     {enc: s(encHead + "C-1,2024-01-02,,\"I10\"x,\n"), want: "enc.csv 2  0"},
		vault.RuleCSVColumnCount:   {enc: s(encHead + "C-1,2024-01-02,,I10,a,extra\n"), want: "enc.csv 2  0"},
		vault.RuleCSVHeaderUTF8:    {enc: s("mrn,date,diagnoses,\xff\n"), want: "enc.csv 1  0"},
		vault.RuleCSVNotUTF8:       {enc: s(encHead + "C-1,2024-01-02,,I10 \xff,\n"), want: "enc.csv 2 diagnoses 0"},
		vault.RuleCSVDate:          {enc: s(encHead + "C-1,2024-13-01,,I10,\n"), want: "enc.csv 2 date 0"},
		vault.RuleRequired:         {obs: s(obsHead + "C-1,,8867-4,72,/min,\n"), want: "obs.csv 2 date 0"},
		vault.RuleFuture:           {enc: s(encHead + "C-1,2999-01-01,,I10,\n"), want: "enc.csv 2 date 0"},
		vault.RuleTooEarly:         {enc: s(encHead + "C-1,1800-01-01,,I10,\n"), want: "enc.csv 2 date 0"},
		vault.RuleICD10:            {enc: s(encHead + "C-1,2024-01-02,,\"I10; diabetes\",\n"), want: "enc.csv 2 diagnoses 2"},
		vault.RuleNoDiagnosis:      {enc: s(encHead + "C-1,2024-01-02,,,\n"), want: "enc.csv 2 diagnoses 0"},
		vault.RuleTooManyDiagnoses: {enc: s(encHead + "C-1,2024-01-02,,\"" + codes + "\",\n"), want: "enc.csv 2 diagnoses 0"},
		vault.RuleLOINC:            {obs: s(obsHead + "C-1,2024-01-02,8867-5,72,/min,\n"), want: "obs.csv 2 loinc 0"},
		vault.RuleDecimal:          {obs: s(obsHead + "C-1,2024-01-02,8867-4,high,/min,\n"), want: "obs.csv 2 value 0"},
		vault.RuleTooLong:          {obs: s(obsHead + "C-1,2024-01-02,8867-4,72," + strings.Repeat("m", 300) + ",\n"), want: "obs.csv 2 unit 0"},
		vault.RuleControl:          {obs: s(obsHead + "C-1,2024-01-02,8867-4,72,m\x01in,\n"), want: "obs.csv 2 unit 0"},
	}
}

type zeros struct{}

func (zeros) Read(b []byte) (int, error) {
	clear(b)
	return len(b), nil
}

// englishWords are words of the English wording that German never needs.
var englishWords = regexp.MustCompile(`\b(line|column|the|is|must|names|file|no|not|of|and|or)\b`)

// Every problem a clinical import can find is triggered by a file of its
// own, lands on its file, line and column, and is worded in English and
// German by the one function both front ends call: the German text holds
// no rule code, no English, no missing message. Every rule of the
// importer's own is among them (the oracle: clinicalcsv.Rules()).
func TestClinicalCSVEveryProblemWorded(t *testing.T) {
	cat := i18n.MustLoad()
	en, de := cat.Localizer("en"), cat.Localizer("de")
	cases := clinicalCases()
	for _, r := range clinicalcsv.Rules() {
		if _, ok := cases[r]; !ok {
			t.Errorf("rule %s: no case triggers it", r)
		}
	}
	for rule, c := range cases {
		var look clinicalcsv.Patients = lookupFake{}
		if c.noLookup {
			look = nil
		}
		in := clinicalcsv.Input{EncountersName: "enc.csv", Encounters: c.enc, ObservationsName: "obs.csv", Observations: c.obs}
		var err error
		if look == nil {
			_, err = clinicalcsv.Parse(in, nil)
		} else {
			_, err = app.CheckClinicalCSV(context.Background(), look, in)
		}
		var ce *clinicalcsv.Error
		if !errors.As(err, &ce) || !errors.Is(err, clinicalcsv.ErrInvalid) {
			t.Errorf("%s: %v, want a *clinicalcsv.Error", rule, err)
			continue
		}
		var got []string
		var p clinicalcsv.Problem
		for _, q := range ce.Problems {
			got = append(got, where(q))
			if q.Rule == rule && strings.HasPrefix(where(q), c.want) {
				p = q
			}
		}
		if p.Rule == "" {
			t.Errorf("%s: problems %q, want %q", rule, got, c.want+" "+string(rule))
			continue
		}
		checkWording(t, en, de, p)
	}
}

func where(p clinicalcsv.Problem) string {
	return strings.Join([]string{p.File, strconv.Itoa(p.Line), p.Column, strconv.Itoa(p.Item), string(p.Rule)}, " ")
}

func checkWording(t *testing.T, en, de *i18n.Localizer, p clinicalcsv.Problem) {
	t.Helper()
	e, g := app.ClinicalCSVProblem(en, p), app.ClinicalCSVProblem(de, p)
	for lang, text := range map[string]string{"en": e, "de": g} {
		code := strings.Contains(string(p.Rule), "-") && strings.Contains(text, string(p.Rule)) // "icd10" is also a word
		if code || strings.Contains(text, "⟦") || strings.Contains(text, "{{") {
			t.Errorf("%s %s: %q shows a code or a missing message", p.Rule, lang, text)
		}
		if !strings.HasPrefix(text, p.File) {
			t.Errorf("%s %s: %q does not start with the file", p.Rule, lang, text)
		}
		if p.Column != "" && !strings.Contains(text, "("+p.Column+")") {
			t.Errorf("%s %s: %q does not name the column's header", p.Rule, lang, text)
		}
	}
	if g == e || strings.Contains(g, p.Message) {
		t.Errorf("%s: German %q repeats the English", p.Rule, g)
	}
	if p.Line > 0 && !strings.Contains(g, "Zeile "+strconv.Itoa(p.Line)) {
		t.Errorf("%s: German %q does not name line %d", p.Rule, g, p.Line)
	}
	if p.Column != "" && !strings.Contains(g, "„"+de.T("clinical.column."+p.Column)+"“ ("+p.Column+")") {
		t.Errorf("%s: German %q does not name the column by its label", p.Rule, g)
	}
	rest := strings.NewReplacer("("+p.Column+")", "", "mrn", "", "patient_id", "", "ref", "").Replace(g)
	if m := englishWords.FindString(rest); m != "" {
		t.Errorf("%s: German %q holds the English word %q", p.Rule, g, m)
	}
}

// The example of the brief: a bad ICD-10 code in the second diagnosis
// of line 12 reads, in German, with the file, the line, the column's
// label, its header and the diagnosis.
func TestClinicalCSVProblemGerman(t *testing.T) {
	de := i18n.MustLoad().Localizer("de")
	got := app.ClinicalCSVProblem(de, clinicalcsv.Problem{File: "kontakte.csv", Line: 12, Column: "diagnoses", Item: 2, Rule: vault.RuleICD10, Message: "is not an ICD-10 code"})
	if want := "kontakte.csv, Zeile 12, Spalte „Diagnosen“ (diagnoses), Diagnose 2: ist kein ICD-10-Code (wie E11.9 oder J45)"; got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	for _, col := range clinicalcsv.Columns() {
		if !de.Has("clinical.column."+col) || !i18n.MustLoad().Localizer("en").Has("clinical.column."+col) {
			t.Errorf("column %s has no label", col)
		}
	}
	sum := app.ClinicalImported(de, clinicalcsv.Result{Encounters: make([]vault.Encounter, 3), Observations: make([]vault.Observation, 1)})
	if sum != "3 Kontakte und 1 Messwert importiert." {
		t.Errorf("summary %q", sum)
	}
}
