package printdoc

import (
	"bytes"
	"html"
	"os"
	"regexp"
	"strings"
	"testing"

	"custodia/assets"
	"custodia/consent"
	"custodia/i18n"
)

// sampleROPA is the record of a German practice with the shipped purpose
// catalogue and retention schedule, every control, and two studies (one
// pseudonymised whose key was destroyed, one anonymised).
func sampleROPA(t *testing.T) consent.ROPA {
	t.Helper()
	ps, err := consent.LoadPurposes(bytes.NewReader(assets.PurposesJSON()))
	if err != nil {
		t.Fatal(err)
	}
	sched, err := consent.LoadSchedules(bytes.NewReader(assets.RetentionSchedulesJSON()))
	if err != nil {
		t.Fatal(err)
	}
	r := consent.BuildROPA(ctrl, ps, sched.For("DE"), consent.Controls(), now)
	r.AddStudies(ps, []consent.ResearchStudy{
		{ID: "diab-2026", Name: "Diabetes-Verlauf 2026", PurposeID: "research:registry", Recipient: "Universität Beispielstadt, Institut für Versorgungsforschung",
			Categories: []string{consent.CatDiagnoses, consent.CatDemographics}, Pseudonymised: true, KeyDestroyed: true, Exports: 2},
		{ID: "qual-1", Name: "Qualitätszirkel", PurposeID: "research:quality", Recipient: "Qualitätszirkel Nord", Categories: []string{consent.CatDiagnoses}, Exports: 1},
	})
	return r
}

var tags = regexp.MustCompile(`<[^>]*>`)

// pageWords is an HTML page's visible text (title and body), white space
// squeezed.
func pageWords(page string) string {
	page = page[strings.Index(page, "<title>"):]
	page = regexp.MustCompile(`(?s)<style>.*?</style>`).ReplaceAllString(page, " ")
	return strings.Join(strings.Fields(html.UnescapeString(tags.ReplaceAllString(page, " "))), " ")
}

// englishFragments are the English texts the record could print: every
// message of the families the ROPA page is worded from, whose German
// differs, cut at its template fields into fragments of a word or more.
func englishFragments(t *testing.T) []string {
	t.Helper()
	cat := i18n.MustLoad()
	en, de := cat.Localizer("en"), cat.Localizer("de")
	families := []string{"domaintext.ropa.", "domaintext.country.", "domaintext.region.", "domaintext.legalsource.", "domaintext.art6.",
		"domaintext.art9.", "domaintext.basis.", "printdoc.ropa.", "labels.category.", "labels.record.", "labels.trigger.", "labels.purpose.",
		"labels.recipient."}
	field := regexp.MustCompile(`<no value>|\d+`)
	var out []string
	seen := map[string]bool{}
	for _, id := range cat.IDs("en") {
		if !anyOf(families, func(f string) bool { return strings.HasPrefix(id, f) }) {
			continue
		}
		for _, n := range []int{1, 2} {
			e, g := en.N(id, n), de.N(id, n)
			if strings.Contains(e, "⟦") {
				e, g = en.T(id), de.T(id)
			}
			if e == g {
				continue
			}
			for _, frag := range field.Split(e, -1) {
				frag = strings.Trim(frag, " :;,.()–")
				if len(frag) >= 4 && strings.ContainsAny(frag, "abcdefghijklmnopqrstuvwxyz") && !strings.Contains(g, frag) && !seen[frag] {
					seen[frag] = true
					out = append(out, frag)
				}
			}
		}
	}
	if len(out) < 100 {
		t.Fatalf("only %d English fragments: the oracle would be blind", len(out))
	}
	return out
}

func anyOf(list []string, f func(string) bool) bool {
	for _, s := range list {
		if f(s) {
			return true
		}
	}
	return false
}

// The record of processing rendered in German carries no English text
// of its catalogue families (activity names, bases, data subjects,
// categories, recipients, countries, legal sources, security measures,
// headings) and no codes; it carries the German ones.
func TestROPAInGerman(t *testing.T) {
	r := sampleROPA(t)
	de := i18n.MustLoad().Localizer("de")
	var buf bytes.Buffer
	if err := ROPAHTML(&buf, de, r); err != nil {
		t.Fatal(err)
	}
	text := pageWords(buf.String())
	for _, frag := range englishFragments(t) {
		if strings.Contains(text, frag) {
			t.Errorf("shows English %q", frag)
		}
	}
	for _, code := range []string{consent.ActivityStaff, consent.ActivityRequests, consent.ActivityBreaches, "research:registry",
		"lab-results", "psychotherapy-notes", "last-treatment", "encrypted-vault", "representatives", "diab-2026"} {
		if strings.Contains(text, code) {
			t.Errorf("shows the code %q", code)
		}
	}
	want := []string{de.T("printdoc.ropa.title"), de.Country("DE"), de.Country("CH"), de.Safeguard("adequacy decision (Art. 45)"),
		de.T("domaintext.ropa.study.form.destroyed"), de.T("domaintext.ropa.study.form.anonymised"), de.Control(string(consent.CtrlIdleLock)),
		de.LegalSource("clinical-10y", consent.DefaultRetentionRules()[0].LegalSource), de.RetentionPeriod(10, 0), "Diabetes-Verlauf 2026"}
	for _, a := range consent.Activities() {
		want = append(want, de.ROPAActivity(a, "name"), de.ROPAActivity(a, "basis"))
	}
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("lacks %q", w)
		}
	}
	if !strings.Contains(buf.String(), `<html lang="de">`) {
		t.Error("page not marked German")
	}
}

// In English the same record reads as before the codes: activity names,
// the adequacy decision, the security measures.
func TestROPAInEnglish(t *testing.T) {
	r := sampleROPA(t)
	var buf bytes.Buffer
	if err := ROPAHTML(&buf, nil, r); err != nil {
		t.Fatal(err)
	}
	text := pageWords(buf.String())
	for _, w := range []string{"Records of processing activities (GDPR Art. 30(1))", "Staff accounts and audit trail", "adequacy decision (Art. 45)",
		"Switzerland", "the desktop app locks itself when idle", "medical records: 10 years after the last treatment", "Research study: Diabetes-Verlauf 2026",
		"2 exports recorded as disclosures", "1 export recorded as a disclosure"} {
		if !strings.Contains(text, w) {
			t.Errorf("lacks %q", w)
		}
	}
}

// A practice's own wording (a renamed purpose, a recipient category or a
// legal source it wrote) prints as written in every language.
// TestROPAShowPage writes the German page to $ROPA_OUT for a person to read.
func TestROPAShowPage(t *testing.T) {
	out := os.Getenv("ROPA_OUT")
	if out == "" {
		t.Skip("ROPA_OUT not set")
	}
	var buf bytes.Buffer
	if err := ROPAHTML(&buf, i18n.MustLoad().Localizer("de"), sampleROPA(t)); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(out, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestROPAKeepsThePracticesWords(t *testing.T) {
	r := sampleROPA(t)
	for i := range r.Rows {
		if r.Rows[i].PurposeID == "recall" {
			r.Rows[i].Purpose = "Erinnerung an Vorsorge (eigener Text)"
		}
		for j := range r.Rows[i].RecipientList {
			r.Rows[i].RecipientList[j].Category = "Labor unseres Vertrauens"
		}
		for j := range r.Rows[i].RetentionRules {
			r.Rows[i].RetentionRules[j].Rule.LegalSource = "Hausregel 7"
		}
	}
	var buf bytes.Buffer
	if err := ROPAHTML(&buf, i18n.MustLoad().Localizer("de"), r); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"Erinnerung an Vorsorge (eigener Text)", "Labor unseres Vertrauens", "Hausregel 7"} {
		if !strings.Contains(buf.String(), w) {
			t.Errorf("lacks the practice's %q", w)
		}
	}
}
