package consent

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func unknownBreach() Breach {
	return Breach{ID: "br-u", AwareAt: day(2026, 3, 2), RecordedBy: "u-dpo", Nature: []string{"confidentiality"},
		Description: "synthetic: USB stick lost", DataCategories: []string{CatContact}, Consequences: ConsequencesUnknown,
		Measures: "stick was encrypted; password changed", Risk: RiskRisk}
}

// TestBreachUnknownNumbers: numbers not known print as "unknown", never 0,
// and a known 0 stays 0.
func TestBreachUnknownNumbers(t *testing.T) {
	b := unknownBreach()
	if err := b.Validate(); err != nil {
		t.Fatalf("unknown numbers and consequences are valid: %v", err)
	}
	var notice bytes.Buffer
	if err := b.WriteAuthorityNotice(&notice, practice); err != nil {
		t.Fatal(err)
	}
	text := notice.String()
	for _, want := range []string{"data subjects: unknown", "records: unknown", "Art. 33(4)", "(c) Likely consequences:\nunknown"} {
		if !strings.Contains(text, want) {
			t.Errorf("notice lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, ": 0") {
		t.Errorf("notice prints an unknown number as 0:\n%s", text)
	}
	b.SubjectsApprox, b.RecordsApprox, b.Consequences = ApproxOf(0), ApproxOf(7), "phishing e-mails"
	notice.Reset()
	if err := b.WriteAuthorityNotice(&notice, practice); err != nil {
		t.Fatal(err)
	}
	if text := notice.String(); !strings.Contains(text, "data subjects: 0") || !strings.Contains(text, "records: 7") || strings.Contains(text, "Art. 33(4)") {
		t.Errorf("known numbers:\n%s", text)
	}
}

func TestBreachConsequencesRequired(t *testing.T) {
	b := unknownBreach()
	b.Consequences = "  "
	var v *ValidationError
	if err := b.Validate(); !errors.As(err, &v) || !strings.Contains(err.Error(), "consequences") {
		t.Errorf("empty consequences: %v", err)
	}
}

func TestApproxJSON(t *testing.T) {
	for _, c := range []struct {
		in   Approx
		json string
	}{{Approx{}, "null"}, {ApproxOf(0), "0"}, {ApproxOf(42), "42"}} {
		data, err := json.Marshal(c.in)
		if err != nil || string(data) != c.json {
			t.Errorf("%v: %s %v", c.in, data, err)
		}
		var back Approx
		if err := json.Unmarshal(data, &back); err != nil || back != c.in {
			t.Errorf("%s: back %v %v", data, back, err)
		}
	}
	var b Breach
	if err := json.Unmarshal([]byte(`{"subjectsApprox": 5}`), &b); err != nil || b.SubjectsApprox != ApproxOf(5) || b.RecordsApprox.Known() {
		t.Errorf("breach JSON: %+v %v", b, err)
	}
	if data, _ := json.Marshal(unknownBreach()); strings.Contains(string(data), "Approx") {
		t.Errorf("unknown numbers are omitted: %s", data)
	}
	for _, bad := range []string{"-1", "many", "1.5"} {
		if _, err := ParseApprox(bad); !errors.Is(err, ErrInvalid) {
			t.Errorf("ParseApprox(%q): %v", bad, err)
		}
	}
}

// TestBreachReferenceQuoted: the authority's case reference appears on the notice.
func TestBreachReferenceQuoted(t *testing.T) {
	b := unknownBreach()
	b.AuthorityReference = "LDA-2026-0815"
	var notice bytes.Buffer
	if err := b.WriteAuthorityNotice(&notice, practice); err != nil || !strings.Contains(notice.String(), "case reference: LDA-2026-0815") {
		t.Errorf("reference: %v\n%s", err, notice.String())
	}
}

// TestSubjectLetterBeforeDecision: refused with a reason that says what to
// do, and nothing is written.
func TestSubjectLetterBeforeDecision(t *testing.T) {
	b := unknownBreach()
	var out bytes.Buffer
	err := b.WriteSubjectNotice(&out, practice)
	if !errors.Is(err, ErrNotDecided) || !strings.Contains(err.Error(), "not recorded yet") || out.Len() != 0 {
		t.Fatalf("undecided: %v, %d bytes", err, out.Len())
	}
	b.SubjectsDecision = SubjNotify
	if err := b.WriteSubjectNotice(&out, practice); err != nil || !strings.Contains(out.String(), "We do not yet know the likely consequences") {
		t.Errorf("letter with unknown consequences: %v\n%s", err, out.String())
	}
}
