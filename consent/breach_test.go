package consent

import (
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

// TestBreachUnknownNumbers: unknown numbers and consequences are valid
// (the notices print them as unknown: printdoc's tests).
func TestBreachUnknownNumbers(t *testing.T) {
	b := unknownBreach()
	if err := b.Validate(); err != nil {
		t.Fatalf("unknown numbers and consequences are valid: %v", err)
	}
	if b.SubjectsApprox.Known() || b.RecordsApprox.Known() || !ApproxOf(0).Known() {
		t.Error("an unknown number reads as known, or a known 0 as unknown")
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

// TestSubjectLetterBeforeDecision: refused with a reason that says what to
// do until the decision is to tell the patients.
func TestSubjectLetterBeforeDecision(t *testing.T) {
	b := unknownBreach()
	err := b.SubjectNoticeAllowed()
	if !errors.Is(err, ErrNotDecided) || !strings.Contains(err.Error(), "not recorded yet") {
		t.Fatalf("undecided: %v", err)
	}
	for _, d := range []string{SubjNotRequired, SubjExemptCrypto, SubjExemptMeasures, SubjExemptEffort} {
		b.SubjectsDecision = d
		if err := b.SubjectNoticeAllowed(); !errors.Is(err, ErrNotDecided) {
			t.Errorf("decision %s: %v", d, err)
		}
	}
	b.SubjectsDecision = SubjNotify
	if err := b.SubjectNoticeAllowed(); err != nil {
		t.Errorf("decided to notify: %v", err)
	}
}
