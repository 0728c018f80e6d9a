package consent

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestEventValidation(t *testing.T) {
	cat := defaults(t)
	base := ledgerSample(t, cat)[0]
	cases := []struct {
		name  string
		edit  func(e *Event)
		field string
	}{
		{"bad id", func(e *Event) { e.ID = "has space" }, "id"},
		{"unknown type", func(e *Event) { e.Type = "maybe" }, "type"},
		{"no patient", func(e *Event) { e.PatientID = "" }, "patientId"},
		{"no time", func(e *Event) { e.Time = time.Time{} }, "time"},
		{"grant with refersTo", func(e *Event) { e.RefersTo = "x" }, "refersTo"},
		{"validUntil before time", func(e *Event) { e.ValidUntil = e.Time.Add(-time.Hour) }, "validUntil"},
		{"no recorder", func(e *Event) { e.RecordedBy = "" }, "recordedBy"},
		{"unknown method", func(e *Event) { e.Method = "carrier pigeon" }, "method"},
		{"representative relation", func(e *Event) { e.Representative = &Representative{Name: "Synthetic Guardian", Relation: "friend"} }, "representative.relation"},
		{"representative without name", func(e *Event) { e.Representative = &Representative{Relation: RelParent} }, "representative.name"},
		{"scan hash", func(e *Event) { e.Scan = &Attachment{Ref: "a", ContentType: "application/pdf", SHA256: "zz"} }, "scan.sha256"},
		{"unknown deny category", func(e *Event) { e.Deny = []Deny{{Categories: []string{"x"}}} }, "deny[0].categories[0]"},
		{"empty deny", func(e *Event) { e.Deny = []Deny{{}} }, "deny[0].categories"},
		{"data period reversed", func(e *Event) { e.DataUntil = e.DataFrom.Add(-time.Hour) }, "dataUntil"},
	}
	for _, c := range cases {
		e := base
		c.edit(&e)
		err := e.Validate()
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
		if strings.Contains(err.Error(), "Synthetic Guardian") {
			t.Errorf("%s: error leaks the representative's name", c.name)
		}
	}
	renewal := ledgerSample(t, cat)[1]
	renewal.RefersTo = ""
	if err := renewal.Validate(); !errors.Is(err, ErrInvalid) {
		t.Errorf("renewal without refersTo: %v", err)
	}
}

func TestCatalogueCheckEvent(t *testing.T) {
	cat := defaults(t)
	g := ledgerSample(t, cat)[0]
	cases := []struct {
		name string
		edit func(e *Event)
		want error
	}{
		{"unknown purpose", func(e *Event) { e.PurposeID = "research:none" }, ErrNotFound},
		{"recipient not of purpose", func(e *Event) { e.Recipients = []string{"city-hospital"} }, ErrInvalid},
		{"category not of purpose", func(e *Event) { e.Categories = []string{CatBilling} }, ErrInvalid},
		{"no text for consent purpose", func(e *Event) { e.TextVersion, e.TextLanguage, e.TextSHA256 = 0, "", "" }, ErrInvalid},
		{"text in missing language", func(e *Event) { e.TextLanguage = "fr" }, ErrInvalid},
		{"grant on a superseded text", func(e *Event) {
			old := mustText(t, cat, reg, "en", 1)
			e.PurposeID, e.Recipients, e.Categories, e.Deny = reg, nil, nil, nil
			e.TextVersion, e.TextSHA256, e.Time = 1, old.SHA256, day(2026, 10, 1)
		}, ErrInvalid},
	}
	for _, c := range cases {
		e := g
		c.edit(&e)
		if err := cat.CheckEvent(e); !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
	}
	w := Withdraw(g, "user-2", MethodScreen, g.Time.Add(time.Hour))
	if w.RefersTo != g.ID || w.PatientID != g.PatientID || w.PurposeID != g.PurposeID || !ValidID(w.ID) || w.ID == g.ID {
		t.Errorf("Withdraw: %+v", w)
	}
	if err := cat.CheckEvent(w); err != nil {
		t.Errorf("withdrawal needs no more than the grant had: %v", err)
	}
}
