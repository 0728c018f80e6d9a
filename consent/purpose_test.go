package consent

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

func TestShippedDefaults(t *testing.T) {
	cat := defaults(t)
	kinds := map[Kind]bool{}
	for _, p := range cat.Purposes() {
		kinds[p.Kind] = true
		if p.ConsentRequired {
			if _, ok := cat.LatestText(p.ID, "en", day(2026, 1, 1)); !ok {
				t.Errorf("consent-based purpose %s ships no English text", p.ID)
			}
		}
	}
	for _, k := range []Kind{KindTreatment, KindCareCoordination, KindBilling, KindResearch, KindRecall, KindMarketing, KindSharing} {
		if !kinds[k] {
			t.Errorf("no default purpose of kind %s", k)
		}
	}
}

func TestPurposeValidation(t *testing.T) {
	base := Purpose{ID: "research:beta", Kind: KindResearch, Name: "Beta", Art6: "a", Art9: "a", ConsentRequired: true,
		DataCategories: []string{CatDiagnoses}}
	if err := base.Validate(); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name  string
		edit  func(p *Purpose)
		field string
	}{
		{"research without study", func(p *Purpose) { p.ID = "research" }, "id"},
		{"research on 9(2)(h)", func(p *Purpose) { p.Art9 = "h"; p.ConsentRequired = false }, "art9"},
		{"consent flag contradicts basis", func(p *Purpose) { p.ConsentRequired = false }, "consentRequired"},
		{"care on consent", func(p *Purpose) { p.ID, p.Kind = "treatment", KindTreatment }, "art9"},
		{"health data without Art. 9", func(p *Purpose) { p.Art9 = "" }, "art9"},
		{"unknown category", func(p *Purpose) { p.DataCategories = []string{"horoscope"} }, "dataCategories[0]"},
		{"no categories", func(p *Purpose) { p.DataCategories = nil }, "dataCategories"},
		{"Art. 6 point g", func(p *Purpose) { p.Art6 = "g" }, "art6"},
		{"marketing without consent", func(p *Purpose) {
			p.ID, p.Kind, p.Art6, p.Art9, p.ConsentRequired, p.DataCategories = "marketing", KindMarketing, "f", "", false, []string{CatContact}
		}, "art6"},
		{"sharing without recipients", func(p *Purpose) { p.ID, p.Kind = "sharing:x", KindSharing }, "recipients"},
		{"transfer without safeguard", func(p *Purpose) {
			p.Recipients = []Recipient{{ID: "us-lab", Name: "Lab", Category: "processor", Country: "US"}}
		}, "recipients[0].safeguard"},
		{"duplicate recipient", func(p *Purpose) {
			p.Recipients = []Recipient{{ID: "a", Name: "A"}, {ID: "a", Name: "B"}}
		}, "recipients[1].id"},
		{"validity too long", func(p *Purpose) { p.ValidityMonths = 500 }, "validityMonths"},
		{"no name", func(p *Purpose) { p.Name = " " }, "name"},
	}
	for _, c := range cases {
		p := base
		p.DataCategories = append([]string(nil), base.DataCategories...)
		c.edit(&p)
		err := p.Validate()
		var ve *ValidationError
		if !errors.As(err, &ve) {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		found := false
		for _, f := range ve.Fields {
			found = found || f.Field == c.field
		}
		if !found {
			t.Errorf("%s: %v does not name %s", c.name, err, c.field)
		}
	}
}

func TestLoadPurposesErrors(t *testing.T) {
	cases := []struct{ name, json, want string }{
		{"syntax", "[\n  {\"id\": \"treatment\",,}\n]", "line 2, column"},
		{"wrong type", `[{"id": "treatment", "validityMonths": "ten"}]`, "validityMonths"},
		{"unknown field", `[{"id": "treatment", "colour": "blue"}]`, `unknown field "colour"`},
		{"duplicate id", `[{"id":"billing","kind":"billing","name":"B","art6":"c","art9":"h","dataCategories":["billing"]},
			{"id":"billing","kind":"billing","name":"B","art6":"c","art9":"h","dataCategories":["billing"]}]`, "[1].id"},
		{"invalid entry", `[{"id":"billing","kind":"billing","name":"B","art6":"c","dataCategories":["diagnoses"]}]`, "[0].art9"},
	}
	for _, c := range cases {
		_, err := LoadPurposes(strings.NewReader(c.json))
		if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want mention of %s", c.name, err, c.want)
		}
	}
}

func TestTexts(t *testing.T) {
	from := day(2026, 1, 1)
	txt := NewText("recall", "en", 1, "Synthetic wording.", true, from)
	// SHA-256 of "abc" from FIPS 180-2, as an independent check of HashText.
	if HashText("abc") != "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" || txt.Validate() != nil {
		t.Fatal("NewText")
	}
	forged := txt
	forged.Body = "Other wording."
	if !errors.Is(forged.Validate(), ErrInvalid) {
		t.Error("hash mismatch accepted")
	}
	fsys := fstest.MapFS{
		"manifest.json": {Data: []byte(`[{"purpose":"recall","language":"en","version":1,"material":true,"effectiveFrom":"2026-01-01","file":"a.txt"},
			{"purpose":"recall","language":"en","version":2,"material":false,"effectiveFrom":"2026-13-01","file":"b.txt"},
			{"purpose":"recall","language":"en","version":3,"material":false,"effectiveFrom":"2026-03-01","file":"missing.txt"}]`)},
		"a.txt": {Data: []byte("Text A")},
		"b.txt": {Data: []byte("Text B")},
	}
	_, err := LoadTexts(fsys)
	if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "manifest.json[1].effectiveFrom") || !strings.Contains(err.Error(), "manifest.json[2].file") {
		t.Errorf("LoadTexts: %v", err)
	}
	// A non-material change keeps old grants; a material one supersedes them.
	ps := []Purpose{{ID: "recall", Kind: KindRecall, Name: "Recall", Art6: "a", Art9: "a", ConsentRequired: true, DataCategories: []string{CatContact}}}
	v1 := NewText("recall", "en", 1, "one", true, from)
	v2 := NewText("recall", "en", 2, "two (typo fix)", false, day(2026, 2, 1))
	v3 := NewText("recall", "en", 3, "three (new use)", true, day(2026, 3, 1))
	cat, err := NewCatalogue(ps, []Text{v3, v1, v2})
	if err != nil {
		t.Fatal(err)
	}
	g := Event{ID: "g", Type: Granted, PatientID: "p", PurposeID: "recall", Time: from, RecordedBy: "u", Method: MethodPaper,
		TextLanguage: "en", TextVersion: 1, TextSHA256: v1.SHA256}
	ix := mustIndex(t, cat, []Event{g}, nil)
	for _, c := range []struct {
		at   time.Time
		want bool
	}{{day(2026, 2, 15), true}, {day(2026, 3, 1), false}} {
		if d := ix.Allowed("p", "recall", "", CatContact, c.at); d.Allowed != c.want {
			t.Errorf("at %s: %+v", c.at, d)
		}
	}
	early := g
	early.Time = day(2025, 12, 1)
	if err := cat.CheckEvent(early); !errors.Is(err, ErrInvalid) {
		t.Errorf("grant on a text not yet effective: %v", err)
	}
	if _, err := NewCatalogue(ps, []Text{v1, v1}); !errors.Is(err, ErrInvalid) {
		t.Errorf("duplicate text version: %v", err)
	}
}
