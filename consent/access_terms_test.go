package consent

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// termsReport is an access report with every retention shape: dates
// (last treatment known), periods only (year-end unknown), no rule
// (contact's rule left out), a consent record that still counts (an
// imported recall grant) and ended ones (withdrawn sharing, expired
// marketing); a representative and an import as sources.
func termsReport(t *testing.T, blocks []Block) (AccessReport, AccessInput, time.Time) {
	t.Helper()
	cat := defaults(t)
	events := ledgerSample(t, cat)
	pid := events[0].PatientID
	imp := grant(t, cat, "g-imp", pid, "recall", day(2026, 3, 1))
	imp.Method, imp.ValidUntil = MethodImported, day(2031, 3, 1)
	events = append(events, imp)
	for i := range blocks {
		blocks[i].PatientID = pid
	}
	rules := slices.DeleteFunc(DefaultRetentionRules(), func(r RetentionRule) bool { return r.Category == RecContact })
	req := newReq(t, ReqAccess, day(2030, 5, 1))
	req.SubjectID = pid
	in := AccessInput{Request: req, Controller: practice, Index: mustIndex(t, cat, events, blocks), Events: events, Rules: rules,
		Triggers: map[Trigger]time.Time{TriggerLastTreatment: day(2029, 6, 30)}}
	now := day(2030, 6, 1)
	rep, err := BuildAccessReport(in, now)
	if err != nil {
		t.Fatal(err)
	}
	return rep, in, now
}

// The codes say what the English lines say: the same categories in the
// same order, the rule in force, and dates recomputed from the rules and
// the ledger (KeepUntil of the trigger, or of the consent's end).
func TestRetentionTermsMatchTheEnglish(t *testing.T) {
	rep, in, now := termsReport(t, nil)
	shapes := map[string]bool{}
	for _, ap := range rep.Purposes {
		if len(ap.RetentionTerms) != len(ap.Retention) {
			t.Fatalf("%s: %d terms for %d lines", ap.PurposeID, len(ap.RetentionTerms), len(ap.Retention))
		}
		var want []RecordCategory
		for _, c := range ap.Categories {
			if rc := recordCategoryOf(c); !slices.Contains(want, rc) {
				want = append(want, rc)
			}
		}
		p, _ := in.Index.cat.Purpose(ap.PurposeID)
		for i, term := range ap.RetentionTerms {
			line := ap.Retention[i]
			if term.English() != line {
				t.Errorf("%s: term %+v reads %q, the line %q", ap.PurposeID, term, term.English(), line)
			}
			if term.ConsentRecord {
				if !p.ConsentRequired || i != len(ap.RetentionTerms)-1 {
					t.Errorf("%s: a consent-record line at %d", ap.PurposeID, i)
				}
				shapes[checkConsentTerm(t, in, ap.PurposeID, term, line, now)] = true
				continue
			}
			if i >= len(want) || term.Category != want[i] {
				t.Errorf("%s: line %d is about %q, want the categories %v", ap.PurposeID, i, term.Category, want)
			}
			shapes[checkRuleTerm(t, in, term, line)] = true
		}
	}
	for _, s := range []string{"until", "period", "no rule", "while consent", "consent until"} {
		if !shapes[s] {
			t.Errorf("the sample has no %s line: %v", s, shapes)
		}
	}
}

func checkRuleTerm(t *testing.T, in AccessInput, term RetentionTerm, line string) string {
	t.Helper()
	rule, ok := RuleFor(in.Rules, term.Category)
	if !ok {
		if !term.NoRule || !strings.HasSuffix(line, "no retention rule") {
			t.Errorf("%s has no rule: %+v %q", term.Category, term, line)
		}
		return "no rule"
	}
	if term.NoRule || term.RuleID != rule.ID || term.Years != rule.Years || term.Months != rule.Months || term.Trigger != rule.Trigger || term.LegalSource != rule.LegalSource {
		t.Errorf("%s: term %+v, rule %+v", term.Category, term, rule)
	}
	at, known := in.Triggers[rule.Trigger]
	if !known {
		if !term.Until.IsZero() || strings.Contains(line, "until") {
			t.Errorf("%s: a date without its trigger: %+v %q", term.Category, term, line)
		}
		return "period"
	}
	until := rule.KeepUntil(at)
	if !term.Until.Equal(until) || !strings.Contains(line, until.Format(time.DateOnly)) {
		t.Errorf("%s: until %v, line %q, want %v", term.Category, term.Until, line, until)
	}
	return "until"
}

// checkConsentTerm recomputes the consent record's line from the ledger:
// while a grant counts, else the period after the last withdrawal, expiry
// or end of validity.
func checkConsentTerm(t *testing.T, in AccessInput, purpose string, term RetentionTerm, line string, now time.Time) string {
	t.Helper()
	rule, _ := RuleFor(in.Rules, RecConsents)
	counts := slices.ContainsFunc(in.Index.Status(in.Request.SubjectID, now), func(s GrantStatus) bool {
		return s.PurposeID == purpose && s.Status == "active"
	})
	var end time.Time
	for _, e := range in.Events {
		if e.PurposeID != purpose {
			continue
		}
		if (e.Type == Withdrawn || e.Type == Expired) && e.Time.After(end) {
			end = e.Time
		}
		if (e.Type == Granted || e.Type == Renewed) && !e.ValidUntil.IsZero() && e.ValidUntil.Before(now) && e.ValidUntil.After(end) {
			end = e.ValidUntil // ran out without an expiry event
		}
	}
	if counts || end.IsZero() {
		if !term.WhileConsent || !term.Until.IsZero() || !strings.Contains(line, "while it counts") {
			t.Errorf("%s: consent counts, term %+v %q", purpose, term, line)
		}
		return "while consent"
	}
	until := rule.KeepUntil(end)
	if term.WhileConsent || !term.Until.Equal(until) || !strings.Contains(line, until.Format(time.DateOnly)) || term.RuleID != rule.ID {
		t.Errorf("%s: consent ended %v, term %+v %q, want until %v", purpose, end, term, line, until)
	}
	return "consent until"
}

// Sources and recipients by code read as their English lines; a stopped
// purpose carries the code of its block.
func TestAccessCodesMatchTheEnglish(t *testing.T) {
	rep, in, _ := termsReport(t, nil)
	if len(rep.SourceTerms) != len(rep.Sources) {
		t.Fatalf("%d source codes for %d sources", len(rep.SourceTerms), len(rep.Sources))
	}
	for i, s := range rep.SourceTerms {
		if s.English() != rep.Sources[i] {
			t.Errorf("source %+v reads %q, the report %q", s, s.English(), rep.Sources[i])
		}
	}
	for _, want := range []Source{{Code: SourcePatient}, {Code: SourceRepresentative, Relation: RelLegalGuardian}, {Code: SourceImport}} {
		if !slices.Contains(rep.SourceTerms, want) {
			t.Errorf("sources %+v lack %+v", rep.SourceTerms, want)
		}
	}
	for _, ap := range rep.Purposes {
		p, _ := in.Index.cat.Purpose(ap.PurposeID)
		checkRefs(t, p, ap.RecipientRefs, ap.RecipientIDs, ap.Recipients)
		var may []string
		for _, r := range p.Recipients {
			if !p.ConsentRequired && !slices.Contains(ap.RecipientIDs, r.ID) {
				may = append(may, r.ID)
			}
		}
		checkRefs(t, p, ap.MayReceiveRefs, may, ap.MayReceive)
	}
	for kind, code := range map[BlockKind]ReasonCode{BlockRestriction: ReasonRestricted, BlockObjection: ReasonObjected, BlockErasure: ReasonErasedCode} {
		rep, _, _ := termsReport(t, []Block{{Kind: kind, PurposeID: "billing", From: day(2030, 1, 1)}})
		for _, ap := range rep.Purposes {
			stopped := ap.PurposeID == "billing"
			if (ap.StoppedCode == code) != stopped || (ap.Stopped != "") != stopped || (stopped && ap.Stopped != blockReason(&Block{Kind: kind})) {
				t.Errorf("%s block: %s stopped %q (%q)", kind, ap.PurposeID, ap.StoppedCode, ap.Stopped)
			}
		}
	}
}

func checkRefs(t *testing.T, p Purpose, refs []RecipientRef, ids, names []string) {
	t.Helper()
	if len(refs) != len(ids) || len(names) != len(ids) {
		t.Errorf("%s: refs %+v for ids %v, names %v", p.ID, refs, ids, names)
		return
	}
	for i, ref := range refs {
		r, ok := p.Recipient(ref.ID)
		if ref.ID != ids[i] || ref.English() != names[i] || (ok && (ref.Name != r.Name || ref.Category != r.Category)) {
			t.Errorf("%s: ref %+v, id %s, name %q, catalogue %+v", p.ID, ref, ids[i], names[i], r)
		}
	}
}
