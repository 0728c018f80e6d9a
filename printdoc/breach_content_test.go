package printdoc

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"custodia/consent"
	"custodia/i18n"
)

// breachPDF renders a notice to PDF and reads it back with pdftotext,
// white space squeezed to single spaces.
func breachPDF(t *testing.T, write func(*bytes.Buffer) error) string {
	t.Helper()
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		t.Fatal(err)
	}
	return strings.Join(strings.Fields(pdfText(t, buf.Bytes())), " ")
}

// mustShow fails for each wanted text the page lacks (compared without
// white space, since wrapping may break inside a long word).
func mustShow(t *testing.T, what, text string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(squeeze(text), squeeze(w)) {
			t.Errorf("%s lacks %q", what, w)
		}
	}
}

// followedBy reports whether label is followed, after white space only,
// by value on the page: a field and its value side by side.
func followedBy(text, label, value string) bool {
	return regexp.MustCompile(regexp.QuoteMeta(label) + `\s+` + regexp.QuoteMeta(value) + `(\s|$)`).MatchString(text)
}

// The notification to the supervisory authority carries what GDPR Art.
// 33(3) requires, in each language: (a) the nature of the breach, the
// categories and approximate numbers of people and records, (b) the
// contact point, (c) the likely consequences, (d) the measures; with the
// time of awareness, the authority's reference and, when late, the
// reasons for the delay (Art. 33(1)).
func TestAuthorityNoticeContents(t *testing.T) {
	cat := i18n.MustLoad()
	for _, lang := range i18n.Languages() {
		t.Run(lang, func(t *testing.T) {
			loc := cat.Localizer(lang)
			b := sampleBreach()
			b.DataCategories = []string{consent.CatContact, consent.CatDiagnoses}
			b.AuthorityReference, b.DelayReason = "LDA-2026-0815", "Forensische Untersuchung des Geräts"
			b.AuthorityNotifiedAt = b.AwareAt.Add(80 * 3600e9)
			text := breachPDF(t, func(w *bytes.Buffer) error { return AuthorityNotice(w, loc, b, ctrl, now) })
			mustShow(t, "notice", text, ctrl.Name, ctrl.Address, ctrl.DPOContact, ctrl.Email, ctrl.Phone,
				loc.Label("nature", "confidentiality", ""), loc.Label("category", consent.CatContact, ""), loc.Label("category", consent.CatDiagnoses, ""),
				b.Description, b.Consequences, b.Measures, b.AuthorityReference, b.DelayReason, b.DecisionReason,
				locTime(loc, b.AwareAt.UTC()), loc.Label("risk", b.Risk, ""), loc.Label("subjects", b.SubjectsDecision, ""))
			if !followedBy(text, loc.T("pdfdocs.breach.subjects"), loc.Int(40)) || !followedBy(text, loc.T("pdfdocs.breach.records"), loc.Int(120)) {
				t.Errorf("the approximate numbers are not beside their fields: %q", text)
			}
			if strings.Contains(text, loc.T("pdfdocs.breach.phased")) {
				t.Error("says information comes in phases although everything is known")
			}
		})
	}
}

// Numbers and consequences not known yet print as unknown, never as 0,
// and the notice says the rest follows in phases (Art. 33(4)); a known
// 0 stays 0.
func TestAuthorityNoticeUnknowns(t *testing.T) {
	cat := i18n.MustLoad()
	for _, lang := range i18n.Languages() {
		t.Run(lang, func(t *testing.T) {
			loc := cat.Localizer(lang)
			b := sampleBreach()
			b.SubjectsApprox, b.RecordsApprox, b.Consequences = consent.Approx{}, consent.Approx{}, consent.ConsequencesUnknown
			text := breachPDF(t, func(w *bytes.Buffer) error { return AuthorityNotice(w, loc, b, ctrl, now) })
			unknown := loc.T("pdfdocs.unknown")
			if !followedBy(text, loc.T("pdfdocs.breach.subjects"), unknown) || !followedBy(text, loc.T("pdfdocs.breach.records"), unknown) {
				t.Errorf("unknown numbers not printed as %q: %q", unknown, text)
			}
			if followedBy(text, loc.T("pdfdocs.breach.subjects"), "0") {
				t.Error("an unknown number printed as 0")
			}
			mustShow(t, "notice", text, loc.T("pdfdocs.breach.phased"), loc.T("pdfdocs.breach.consequences.unknown"))
			if lang != "en" && strings.Contains(text, consent.ConsequencesUnknown) {
				t.Errorf("the code %q reaches the page", consent.ConsequencesUnknown)
			}

			b.SubjectsApprox, b.RecordsApprox, b.Consequences = consent.ApproxOf(0), consent.ApproxOf(7), "Phishing-E-Mails"
			text = breachPDF(t, func(w *bytes.Buffer) error { return AuthorityNotice(w, loc, b, ctrl, now) })
			if !followedBy(text, loc.T("pdfdocs.breach.subjects"), "0") || !followedBy(text, loc.T("pdfdocs.breach.records"), "7") {
				t.Errorf("known numbers: %q", text)
			}
			if strings.Contains(text, loc.T("pdfdocs.breach.phased")) {
				t.Error("phases announced although everything is known")
			}
		})
	}
}

// The letter to patients carries what Art. 34(2) requires in clear
// language: what happened, the data concerned, the likely consequences
// (or that they are not known yet), the measures and the contact point,
// and the right to complain; it is refused, writing nothing, unless the
// recorded decision is to tell the patients.
func TestSubjectLetterContents(t *testing.T) {
	cat := i18n.MustLoad()
	for _, lang := range i18n.Languages() {
		t.Run(lang, func(t *testing.T) {
			loc := cat.Localizer(lang)
			b := sampleBreach()
			text := breachPDF(t, func(w *bytes.Buffer) error { return SubjectLetter(w, loc, b, ctrl, patient, now) })
			mustShow(t, "letter", text, b.Description, loc.Label("category", b.DataCategories[0], ""), b.Consequences, b.Measures,
				ctrl.DPOContact, ctrl.Email, ctrl.Phone, loc.T("pdfdocs.breach.subject.complaint"), loc.LongDate(b.AwareAt))
			b.Consequences = consent.ConsequencesUnknown
			text = breachPDF(t, func(w *bytes.Buffer) error { return SubjectLetter(w, loc, b, ctrl, patient, now) })
			mustShow(t, "letter", text, loc.T("pdfdocs.breach.subject.unknown"))
			for _, d := range []string{"", consent.SubjNotRequired, consent.SubjExemptCrypto, consent.SubjExemptMeasures, consent.SubjExemptEffort} {
				b.SubjectsDecision = d
				var buf bytes.Buffer
				if err := SubjectLetter(&buf, loc, b, ctrl, patient, now); err == nil || buf.Len() > 0 {
					t.Errorf("decision %q: %v, %d bytes written", d, err, buf.Len())
				}
			}
		})
	}
}
