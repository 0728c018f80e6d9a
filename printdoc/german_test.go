package printdoc

import (
	"bytes"
	"strings"
	"testing"

	"custodia/i18n"
)

// headings are, per document, the message ids whose text a reader must
// find on it: title and section headings.
var headings = map[string][]string{
	"recovery":    {"pdfdocs.recovery.code", "pdfdocs.recovery.keep", "pdfdocs.recovery.when", "pdfdocs.recovery.lost", "pdfdocs.recovery.confidential"},
	"certificate": {"pdfdocs.cert.title", "pdfdocs.cert.controller", "pdfdocs.cert.patient", "pdfdocs.cert.col.category", "pdfdocs.cert.explain", "pdfdocs.cert.action.keep"},
	"authority":   {"pdfdocs.breach.authority.title", "pdfdocs.breach.controller", "pdfdocs.breach.nature", "pdfdocs.breach.consequences", "pdfdocs.breach.measures", "pdfdocs.breach.risk"},
	"subject":     {"pdfdocs.breach.subject.title", "pdfdocs.breach.subject.dear", "pdfdocs.breach.subject.what", "pdfdocs.breach.subject.measures", "pdfdocs.breach.subject.complaint"},
	"cover":       {"pdfdocs.cover.title", "pdfdocs.cover.passphrase", "pdfdocs.cover.open", "pdfdocs.cover.contents", "pdfdocs.cover.rights", "pdfdocs.cover.request.access"},
	"receipt":     {"printdoc.receipt.title", "printdoc.receipt.evidence"},
}

// Each document rendered in German (read back with pdftotext) carries its
// German headings and footer and none of the English ones, and holds no
// ids or data it should not: no user or patient UUIDs, nothing of a
// patient on the authority notice, no internal risk reasoning in the
// letter to patients.
func TestDocumentsInGerman(t *testing.T) {
	cat := i18n.MustLoad()
	de, en := cat.Localizer("de"), cat.Localizer("en")
	cert, b := sampleCertificate(t), sampleBreach()
	for _, d := range samplesIn(t, de) {
		t.Run(d.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := d.page.output(&buf); err != nil {
				t.Fatal(err)
			}
			text := strings.Join(strings.Fields(pdfText(t, buf.Bytes())), " ")
			has := func(s string) bool { return strings.Contains(text, strings.Join(strings.Fields(s), " ")) }
			ids, ok := headings[d.name]
			if !ok {
				t.Fatalf("no headings listed for %s", d.name)
			}
			for _, id := range ids {
				if !has(de.T(id)) {
					t.Errorf("lacks the German %s %q", id, de.T(id))
				}
				if has(en.T(id)) {
					t.Errorf("shows the English %s %q", id, en.T(id))
				}
			}
			if !has("Seite 1 von") || strings.Contains(text, "page 1 of") {
				t.Errorf("footer not German: %q", text[max(0, len(text)-200):])
			}
			for _, english := range []string{"Dear ", "Date:", "To:", "born ", "Kind regards", "unknown", "Controller"} {
				if strings.Contains(text, english) {
					t.Errorf("shows English %q", english)
				}
			}
			for _, id := range []string{cert.SubjectID, cert.ApprovedBy, cert.IssuedBy, b.RecordedBy} {
				if id != "" && strings.Contains(text, id) {
					t.Errorf("shows the internal id %s", id)
				}
			}
			switch d.name {
			case "authority", "recovery":
				if strings.Contains(text, patient.Family) || strings.Contains(text, de.Date(patient.BirthDate)) {
					t.Error("names a patient")
				}
			case "subject":
				if strings.Contains(text, b.DecisionReason) || has(de.T("pdfdocs.breach.risk")) {
					t.Error("the letter to patients shows the internal risk reasoning")
				}
			case "cover":
				for _, health := range []string{"Asthma", "J45", "Diagnose", "Befund"} {
					if strings.Contains(text, health) {
						t.Errorf("the cover letter mentions %q", health)
					}
				}
			}
		})
	}
}

// The plain-text notices (what custodiactl writes and the desktop app
// saves as .txt) speak German the same way, and the letter to patients is
// refused, writing nothing, unless the decision is to tell them.
func TestTextNoticesInGerman(t *testing.T) {
	cat := i18n.MustLoad()
	de, en := cat.Localizer("de"), cat.Localizer("en")
	b := sampleBreach()
	var auth, letter bytes.Buffer
	if err := AuthorityNoticeText(&auth, de, b, ctrl, now); err != nil {
		t.Fatal(err)
	}
	if err := SubjectLetterText(&letter, de, b, ctrl, Person{}, now); err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]struct {
		text string
		ids  []string
	}{"authority": {auth.String(), headings["authority"]}, "subject": {letter.String(), headings["subject"]}} {
		for _, id := range c.ids {
			if !strings.Contains(c.text, de.T(id)) || strings.Contains(c.text, en.T(id)) {
				t.Errorf("%s: %s not in German", name, id)
			}
		}
		if !strings.Contains(c.text, b.Measures) {
			t.Errorf("%s: lacks the measures", name)
		}
	}
	if strings.Contains(letter.String(), b.DecisionReason) {
		t.Error("the letter to patients shows the internal reasoning")
	}
	b.SubjectsDecision = ""
	var none bytes.Buffer
	if err := SubjectLetterText(&none, de, b, ctrl, Person{}, now); err == nil || none.Len() > 0 {
		t.Errorf("undecided: %v, %d bytes", err, none.Len())
	}
}

// The access report's consultation log words the audit action and the
// role in the reader's language.
func TestConsultationsInGerman(t *testing.T) {
	de := i18n.MustLoad().Localizer("de")
	r := sampleReport()
	r.Consultations[0].ActionCode, r.Consultations[0].RoleCode = "patient.read", "clinician"
	text := pageText(accessReportPage(de, r, now))
	for _, want := range []string{de.AuditAction("patient.read"), "(" + de.Label("role", "clinician", "") + ")"} {
		if !strings.Contains(text, want) {
			t.Errorf("lacks %q", want)
		}
	}
	if strings.Contains(text, "read the record") || strings.Contains(text, "(clinician)") {
		t.Error("shows the English consultation")
	}
}
