package consent

import (
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"strconv"
	"testing"
	"time"
)

// Every FieldRule constant has a message (and so is in FieldRules, which
// the catalogue test enumerates), and the validators people meet carry
// codes: a request, a breach and a retention rule with every field wrong
// yield only coded errors.
func TestFieldRulesComplete(t *testing.T) {
	n := 0
	for _, name := range []string{"fieldrules.go", "fieldrules_fhir.go"} {
		n += countRuleConstants(t, name)
	}
	if n != len(FieldRules()) || n < 20 {
		t.Errorf("%d constants, %d rules", n, len(FieldRules()))
	}
	checkCodedValidators(t)
}

// countRuleConstants counts the FieldRule constants of a file, each of
// which must have a message.
func countRuleConstants(t *testing.T, name string) int {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), name, nil, 0)
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
				lit, _ := v.(*ast.BasicLit)
				s, _ := strconv.Unquote(lit.Value)
				n++
				if !slices.Contains(FieldRules(), FieldRule(s)) {
					t.Errorf("rule %q has no message", s)
				}
			}
		}
		return true
	})
	return n
}

// checkCodedValidators: the validators people meet carry codes only.
func checkCodedValidators(t *testing.T) {
	t.Helper()
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	bad := map[string]error{
		"request": Request{Type: "x", Channel: "x", RequesterRelation: "x", Categories: []string{"x"}, Jurisdiction: "DE-ZZ", State: "x"}.Validate(),
		"breach": Breach{Nature: []string{"x"}, AwareAt: now, OccurredAt: now.Add(time.Hour), AuthorityNotifiedAt: now.Add(-time.Hour),
			DataCategories: []string{"x"}, Risk: RiskHigh, SubjectsDecision: SubjNotRequired, SubjectsNotifiedAt: now,
			SubjectsApprox: ApproxOf(-1), RecordsApprox: ApproxOf(-1)}.Validate(),
		"breach2": Breach{Risk: RiskUnlikely, SubjectsDecision: "x"}.Validate(),
		"rule":    RetentionRule{Category: "x", Trigger: "x", Exception: "x", OnExpiry: "x", Country: "x"}.Validate(),
		"event": Event{ID: NewID(), Type: Granted, PatientID: NewID(), PurposeID: "recall", Time: now, ValidUntil: now.Add(-time.Hour),
			DataFrom: now, DataUntil: now.Add(-time.Hour), RecordedBy: NewID(), Method: "x", Representative: &Representative{Relation: "x"},
			Categories: []string{"x"}, Deny: []Deny{{}}}.Validate(),
		"purpose": Purpose{ID: "Bad", Kind: "x", ValidityMonths: 200, Art6: "z", Art9: "z", ConsentRequired: true,
			DataCategories: []string{"x", "x"}, Recipients: []Recipient{{ID: "A"}, {ID: "A", Country: "usa"}}}.Validate(),
		"text":       Text{Version: -1, Language: "?", SHA256: "x"}.Validate(),
		"disclosure": Disclosure{Categories: []string{"x"}}.Validate(),
	}
	seen := map[FieldRule]bool{}
	for name, err := range bad {
		var ve *ValidationError
		if !errorsAs(err, &ve) || len(ve.Fields) < 2 {
			t.Fatalf("%s: %v", name, err)
		}
		for _, fe := range ve.Fields {
			if fe.Rule == "" || fe.Message == "" || fe.Field == "" {
				t.Errorf("%s: uncoded %+v", name, fe)
			}
			if fe.Rule == RuleOneOf && len(fe.Allowed) == 0 {
				t.Errorf("%s: %s lists no values", name, fe.Field)
			}
			seen[fe.Rule] = true
		}
	}
	if len(seen) < 30 {
		t.Errorf("only %d rules met: %v", len(seen), seen)
	}
}

// A missing date in an erasure plan names the record category and keeps
// the typed cause and its code.
func TestMissingDateIsCoded(t *testing.T) {
	subject := NewID()
	r := Request{ID: NewID(), SubjectID: subject, Type: ReqErasure, State: StateInProgress}
	rule := RetentionRule{ID: NewID(), Category: RecClinical, Years: 10, Trigger: TriggerLastTreatment, LegalSource: "s", Exception: "c", OnExpiry: ActErase}
	_, err := PlanErasure(r, []RetentionRule{rule}, ErasureFacts{SubjectID: subject, Present: []RecordCategory{RecClinical}},
		Actor{UserID: NewID(), Role: RoleDPO}, time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC))
	var ve *ValidationError
	var md *MissingDateError
	if !errorsAs(err, &ve) || !errorsAs(err, &md) || len(ve.Fields) != 1 {
		t.Fatalf("plan: %v", err)
	}
	if f := ve.Fields[0]; f.Field != string(RecClinical) || f.Rule != RuleMissingDate || md.Trigger != TriggerLastTreatment {
		t.Errorf("field %+v, cause %+v", f, md)
	}
}
