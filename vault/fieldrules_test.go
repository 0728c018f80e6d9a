package vault

import (
	"custodia/consent"
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Every FieldRule constant has a message (and so is in FieldRules), and
// the validators carry the code: a patient with every field wrong yields
// only coded errors.
func TestFieldRulesComplete(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "fieldrules.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	ast.Inspect(f, func(x ast.Node) bool {
		vs, ok := x.(*ast.ValueSpec)
		if !ok {
			return true
		}
		if id, isIdent := vs.Type.(*ast.Ident); isIdent && id.Name == "FieldRule" {
			for _, v := range vs.Values {
				s, _ := stringLit(v)
				n++
				if !slices.Contains(FieldRules(), FieldRule(s)) {
					t.Errorf("rule %q has no message", s)
				}
			}
		}
		return true
	})
	if n != len(FieldRules()) || n < 15 {
		t.Errorf("%d constants, %d rules", n, len(FieldRules()))
	}
	bad := Patient{GivenName: "", FamilyName: "A\u200bB", BirthDate: time.Date(2999, 1, 1, 0, 0, 0, 0, time.UTC), Sex: "x",
		Phone: "12", Email: "nope", Notes: "ok"}
	var ve *ValidationError
	err = bad.validate(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	if !asValidation(err, &ve) || len(ve.Fields) < 5 {
		t.Fatalf("validate: %v", err)
	}
	for _, fe := range ve.Fields {
		if fe.Rule == "" || fe.Message == "" {
			t.Errorf("%s: uncoded error %q", fe.Field, fe.Message)
		}
	}
}

func asValidation(err error, ve **ValidationError) bool {
	v, ok := err.(*ValidationError)
	*ve = v
	return ok
}

// CheckPractice codes every problem it finds, and the region rule lists
// the country's regions for the front ends to show.
func TestCheckPracticeCoded(t *testing.T) {
	for _, c := range []consent.Controller{
		{Name: " ", Country: "germany", Email: "a@b, c@d", URL: "ftp://x", DPOContact: "Dr. Synthetic <nope>"},
		{Name: "P", Address: "A", Country: "DE", Region: "ZZ", Phone: "030 1"},
		{Name: "P", Address: "A", Country: "LU", Region: "ZZ", Email: "x@y.example"},
		{Name: strings.Repeat("x", maxPracticeField+1), Address: "A\x00"},
	} {
		var ve *ValidationError
		if !asValidation(CheckPractice(c), &ve) {
			t.Fatalf("%+v passes", c)
		}
		for _, fe := range ve.Fields {
			if fe.Rule == "" || fe.Field == "" {
				t.Errorf("uncoded %+v", fe)
			}
			if fe.Rule == RuleRegion && !slices.Contains(fe.Allowed, "BY") {
				t.Errorf("region lists %v", fe.Allowed)
			}
		}
	}
}

// Staff accounts and passphrases: every refusal is coded; a short
// passphrase names the minimum length for the front ends.
func TestUserAndPassphraseRulesCoded(t *testing.T) {
	var errs []error
	for _, name := range []string{"", " anna", strings.Repeat("n", 65), "a\x01b", recoveryUser.Name, "an\u200bna"} {
		errs = append(errs, checkUserName(name))
	}
	_, roleErr := ParseRole("boss")
	errs = append(errs, roleErr, CheckPassphrase([]byte("aaaa")), CheckPassphrase([]byte("qwertzuiop")))
	for _, r := range []AccessRecipient{{}, {Passphrase: "p", X25519: "age1x"}, {X25519: "age1nope"}, {Passphrase: "short"}} {
		_, err := r.check() // no Pages either: the access-pages rule too
		errs = append(errs, err)
	}
	short := false
	for i, err := range errs {
		var ve *ValidationError
		if !asValidation(err, &ve) || len(ve.Fields) == 0 {
			t.Fatalf("case %d: %v", i, err)
		}
		for _, fe := range ve.Fields {
			if fe.Rule == "" || !slices.Contains(FieldRules(), fe.Rule) {
				t.Errorf("case %d: uncoded %+v", i, fe)
			}
			if fe.Rule == RulePassphraseShort {
				short = slices.Equal(fe.Allowed, []string{strconv.Itoa(MinPassphraseLength)})
			}
			if fe.Rule == RuleUnknownRole && len(fe.Allowed) != len(Roles()) {
				t.Errorf("role lists %v", fe.Allowed)
			}
		}
	}
	if !short {
		t.Error("a short passphrase does not name the minimum length")
	}
	for h := range hintEnglish {
		if !slices.Contains(FieldRules(), hintRules[h]) {
			t.Errorf("hint %q has no rule", h)
		}
	}
}

// A practice's country is a real country's ISO code: two capitals that
// name no country (private use, groupings, unassigned) are refused with the
// country-code rule, every EEA state and common third countries pass.
func TestPracticeCountryIsACountry(t *testing.T) {
	base := consent.Controller{Name: "P", Address: "A", Email: "x@y.example"}
	for _, code := range []string{"XX", "ZZ", "QQ", "AA", "EU", "de", "D", "DEU"} {
		c := base
		c.Country = code
		var ve *ValidationError
		if !asValidation(CheckPractice(c), &ve) || ve.Fields[0].Rule != RuleCountryCode {
			t.Errorf("country %q: %v, want the country-code rule", code, CheckPractice(c))
		}
	}
	for _, code := range append(strings.Fields("AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE IS LI NO"), "CH", "GB", "US") {
		c := base
		c.Country = code
		if err := CheckPractice(c); err != nil {
			t.Errorf("country %q refused: %v", code, err)
		}
	}
}
