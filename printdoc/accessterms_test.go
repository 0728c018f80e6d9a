package printdoc

import (
	"bytes"
	"html"
	"strings"
	"testing"
	"time"

	"custodia/consent"
	"custodia/i18n"
)

// termsSample is a synthetic access report of the shipped purposes with
// every retention shape (a date, a period only, no rule, a consent record
// while the consent counts and after it ended), recipients by consent and
// "when needed", every stop reason, every source (a representative and an
// import among them) and a third-country transfer. Its English fields are
// what consent writes from the codes.
func termsSample(t *testing.T) consent.AccessReport {
	t.Helper()
	cat := shippedCatalogue(t)
	rules := consent.DefaultRetentionRules()
	rule := func(c consent.RecordCategory) consent.RetentionRule {
		r, ok := consent.RuleFor(rules, c)
		if !ok {
			t.Fatalf("no shipped rule for %s", c)
		}
		return r
	}
	term := func(c consent.RecordCategory, until time.Time) consent.RetentionTerm {
		r := rule(c)
		return consent.RetentionTerm{Category: c, RuleID: r.ID, Years: r.Years, Months: r.Months, Trigger: r.Trigger, LegalSource: r.LegalSource, Until: until}
	}
	consentRecord := func(until time.Time) consent.RetentionTerm {
		ct := term(consent.RecConsents, until)
		ct.ConsentRecord, ct.WhileConsent = true, until.IsZero()
		return ct
	}
	last := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
	purpose := func(id string, stopped consent.ReasonCode, english string, consentState string, recips, may []string, terms ...consent.RetentionTerm) consent.AccessPurpose {
		p, ok := cat.Purpose(id)
		if !ok {
			t.Fatalf("no shipped purpose %s", id)
		}
		ap := consent.AccessPurpose{PurposeID: id, Name: p.Name, Basis: p.Basis(), Categories: p.DataCategories, RecipientIDs: recips,
			Consent: consentState, StoppedCode: stopped, Stopped: english, RetentionTerms: terms}
		for _, r := range recips {
			rec, _ := p.Recipient(r)
			ref := consent.RecipientRef{ID: r, Name: rec.Name, Category: rec.Category}
			ap.RecipientRefs, ap.Recipients = append(ap.RecipientRefs, ref), append(ap.Recipients, ref.English())
		}
		for _, r := range may {
			rec, _ := p.Recipient(r)
			ref := consent.RecipientRef{ID: r, Name: rec.Name, Category: rec.Category}
			ap.MayReceiveRefs, ap.MayReceive = append(ap.MayReceiveRefs, ref), append(ap.MayReceive, ref.English())
		}
		for _, tm := range terms {
			ap.Retention = append(ap.Retention, tm.English())
		}
		return ap
	}
	r := consent.AccessReport{RequestType: consent.ReqAccess, SubjectID: "p-1", RequestID: "r-1", GeneratedAt: now, Controller: ctrl,
		Purposes: []consent.AccessPurpose{
			purpose("treatment", consent.ReasonRestricted, "processing restricted (GDPR Art. 18)", "", nil, []string{"lab-partner"},
				term(consent.RecIdentity, rule(consent.RecIdentity).KeepUntil(last)), consent.RetentionTerm{Category: consent.RecContact, NoRule: true},
				term(consent.RecClinical, rule(consent.RecClinical).KeepUntil(last))),
			purpose("billing", consent.ReasonObjected, "patient objected (GDPR Art. 21)", "", []string{"health-insurer"}, []string{"billing-office"},
				term(consent.RecBilling, time.Time{})),
			purpose("sharing:specialist-network", consent.ReasonErasedCode, consent.ReasonErased, "withdrawn",
				[]string{"cardiology-practice", "telemedicine-service"}, nil,
				term(consent.RecClinical, rule(consent.RecClinical).KeepUntil(last)), consentRecord(rule(consent.RecConsents).KeepUntil(last))),
			purpose("recall", "", "", "active", nil, nil, consentRecord(time.Time{})),
			purpose("research:registry", "", "", "active", []string{"university-institute"}, nil, consentRecord(time.Time{})),
		},
		Disclosures: []consent.Disclosure{{ID: "d-1", Recipient: "health-insurer", PurposeID: "billing", Categories: []string{"billing"}, At: last},
			{ID: "d-2", Recipient: "research:reg-2026", PurposeID: "research:registry", Categories: []string{"diagnoses"}, At: last}},
		Transfers: []consent.Transfer{{RecipientID: "telemedicine-service", Recipient: "Telemedicine service", Country: "CH",
			Safeguard: "adequacy decision (Art. 45)", PurposeID: "sharing:specialist-network"}},
		Consultations: []consent.Consultation{},
	}
	reg := &r.Purposes[len(r.Purposes)-1]
	study := consent.RecipientRef{ID: "research:reg-2026", Name: "Synthetic University", Study: "Registry of chronic illness"}
	reg.RecipientIDs, reg.RecipientRefs = append(reg.RecipientIDs, study.ID), append(reg.RecipientRefs, study)
	reg.Recipients = append(reg.Recipients, study.English())
	for _, c := range consent.SourceCodes() {
		s := consent.Source{Code: c}
		if c == consent.SourceRepresentative {
			s.Relation = consent.RelLegalGuardian
		}
		r.SourceTerms, r.Sources = append(r.SourceTerms, s), append(r.Sources, s.English())
	}
	return r
}

// englishOf is every English text the report carries for the parts
// worded from codes: the oracle of what a German page must not show.
func englishOf(r consent.AccessReport) []string {
	out := append([]string{r.RequestType.Article()}, r.Sources...)
	for _, ap := range r.Purposes {
		out = append(out, ap.Name, ap.Basis)
		out = append(out, ap.Retention...)
		out = append(out, ap.Recipients...)
		out = append(out, ap.MayReceive...)
		if ap.Stopped != "" {
			out = append(out, ap.Stopped)
		}
	}
	for _, tr := range r.Transfers {
		out = append(out, tr.Recipient, tr.Safeguard)
	}
	return out
}

// germanWords are catalogue words the German report must carry: record
// categories, periods, triggers, the shipped legal sources, dates,
// recipients and their categories, stop reasons, sources, the country.
func termsGermanWords(t *testing.T, de *i18n.Localizer, r consent.AccessReport) []string {
	t.Helper()
	out := []string{de.T("accessterms.consentRecord"), de.Country("CH"), de.Safeguard("adequacy decision (Art. 45)"),
		de.Label("relation", consent.RelLegalGuardian, "")}
	for _, ap := range r.Purposes {
		for _, ref := range append(append([]consent.RecipientRef(nil), ap.RecipientRefs...), ap.MayReceiveRefs...) {
			if ref.Study != "" {
				out = append(out, de.T("accessterms.study", "Recipient", ref.Name, "Study", ref.Study))
				continue
			}
			out = append(out, de.Label("recipient", ref.ID, ""), de.RecipientCategory(ref.Category))
		}
		if ap.StoppedCode != "" {
			out = append(out, de.T("accessterms.stopped."+string(ap.StoppedCode)))
		}
		for _, tm := range ap.RetentionTerms {
			if !tm.NoRule {
				out = append(out, de.RetentionPeriod(tm.Years, tm.Months), de.LegalSource(tm.RuleID, tm.LegalSource))
			}
			if !tm.ConsentRecord {
				out = append(out, de.Label("record", string(tm.Category), ""))
			}
			if !tm.ConsentRecord && !tm.NoRule {
				out = append(out, de.Label("trigger", string(tm.Trigger), ""))
			}
			if !tm.Until.IsZero() {
				out = append(out, de.Date(tm.Until))
			}
		}
	}
	return out
}

// The German PDF and HTML page word retention, recipients, stop reasons,
// sources and transfers from the catalogue and show none of the English
// the report carries for them.
func TestAccessTermsInGerman(t *testing.T) {
	cat := i18n.MustLoad()
	de := cat.Localizer("de")
	r := termsSample(t)
	var b bytes.Buffer
	if err := (AccessPages{Loc: de}).Access(&b, r); err != nil {
		t.Fatal(err)
	}
	docs := map[string]string{"PDF": pageText(accessReportPage(de, r, now)), "HTML": html.UnescapeString(b.String())}
	words := termsGermanWords(t, de, r)
	for name, text := range docs {
		text = strings.Join(strings.Fields(text), " ")
		for _, en := range englishOf(r) {
			if strings.Contains(text, strings.Join(strings.Fields(en), " ")) {
				t.Errorf("German %s still says %q", name, en)
			}
		}
		for _, w := range words {
			if !strings.Contains(text, strings.Join(strings.Fields(w), " ")) {
				t.Errorf("German %s lacks %q", name, w)
			}
		}
		for _, id := range []string{"accessterms.source.patient", "accessterms.source.corrections", "accessterms.source.import"} {
			if !strings.Contains(text, de.T(id)) {
				t.Errorf("German %s lacks the source %s", name, id)
			}
		}
	}
}

// A report without codes (made before them) keeps its English lines: no
// cell goes empty.
func TestAccessTermsFallBackToTheStoredText(t *testing.T) {
	de := i18n.MustLoad().Localizer("de")
	r := termsSample(t)
	for i := range r.Purposes {
		r.Purposes[i].RetentionTerms, r.Purposes[i].RecipientRefs, r.Purposes[i].MayReceiveRefs = nil, nil, nil
		r.Purposes[i].StoppedCode = ""
	}
	r.SourceTerms = nil
	text := strings.Join(strings.Fields(pageText(accessReportPage(de, r, now))), " ")
	for _, en := range r.Sources {
		if !strings.Contains(text, en) {
			t.Errorf("the PDF lost the source %q", en)
		}
	}
	for _, ap := range r.Purposes {
		for _, en := range append(append(append([]string(nil), ap.Retention...), ap.MayReceive...), ap.Stopped) {
			if !strings.Contains(text, en) {
				t.Errorf("the PDF lost %q", en)
			}
		}
	}
	unknown := consent.AccessPurpose{StoppedCode: "new-code", Stopped: "stopped for a new reason"}
	if got := stoppedWords(de, unknown); got != unknown.Stopped {
		t.Errorf("an unknown stop code reads %q", got)
	}
	staff := consent.AccessPurpose{StoppedCode: consent.ReasonWithdrawn, Stopped: "consent withdrawn"}
	if got := stoppedWords(de, staff); got != de.DecisionReason(string(consent.ReasonWithdrawn)) {
		t.Errorf("a stop code without patient words reads %q", got)
	}
	if got := sourceWord(de, consent.Source{Code: "new-source"}); got == "" {
		t.Error("an unknown source reads empty")
	}
}

// No word of the purposes table breaks inside in German or English: every
// shipped purpose's name, basis and data, every consent state and every
// heading, laid out in its column as page.row does, keeps each word (or
// each piece of a compound after its hyphens) on one line.
func TestPurposeTableKeepsWords(t *testing.T) {
	const rowPad = 1.2 // page.row's padding on each side of a cell
	cat := i18n.MustLoad()
	purposes := shippedCatalogue(t).Purposes()
	for _, lang := range []string{"en", "de"} {
		loc := cat.Localizer(lang)
		p := accessReportPage(loc, consent.AccessReport{}, now)
		cols := [][]string{{loc.T("accesspdf.purpose")}, {loc.T("accesspdf.basis")}, {loc.T("accesspdf.categories")}, {loc.T("accesspdf.consentState")}}
		for _, pp := range purposes {
			cols[0] = append(cols[0], loc.Translate("purpose", pp.ID, pp.Name))
			cols[1] = append(cols[1], basisWords(loc, pp.Basis()))
			cols[2] = append(cols[2], strings.Join(categoryWords(loc, pp.DataCategories), ", "))
		}
		for _, s := range []string{"", "active", "withdrawn", "expired", "superseded", "refused", "erased", "pending", "none"} {
			cols[3] = append(cols[3], consentState(loc, s))
		}
		for i, texts := range cols {
			w := purposeColumns[i]*p.contentWidth()/sum(purposeColumns) - 2*rowPad
			for j, text := range texts {
				p.pdf.SetFont(sans, map[bool]string{true: "B", false: ""}[j == 0], bodySize)
				lines := p.split(text, w)
				for _, word := range strings.Fields(text) {
					for _, piece := range hyphenPieces(word) {
						if !slicesContainsSub(lines, piece) {
							t.Errorf("%s: %q breaks inside in column %d: %q", lang, piece, i, lines)
						}
					}
				}
			}
		}
	}
}

// slicesContainsSub reports whether a line holds sub whole.
func slicesContainsSub(lines []string, sub string) bool {
	for _, l := range lines {
		if strings.Contains(l, sub) {
			return true
		}
	}
	return false
}
