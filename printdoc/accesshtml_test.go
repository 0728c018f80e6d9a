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

// htmlSample is a synthetic access report; the controller's name carries
// markup that must come out escaped.
func htmlSample() consent.AccessReport {
	at := time.Date(2026, 3, 14, 10, 30, 0, 0, time.UTC)
	return consent.AccessReport{RequestType: consent.ReqAccess, SubjectID: "p-1", RequestID: "r-1", GeneratedAt: at,
		Controller: consent.Controller{Name: "Praxis <b>Muster</b>", Address: "Hauptstr. 1", DPOContact: "dpo@example.test"},
		Purposes: []consent.AccessPurpose{{PurposeID: "treatment", Name: "Medical treatment", Basis: "GDPR Art. 6(1)(c), Art. 9(2)(h)",
			Categories: []string{"health"}, RecipientIDs: []string{}, Recipients: []string{}, Retention: []string{"10 years"}},
			{PurposeID: "recall", Name: "Recall reminders", Basis: "GDPR Art. 6(1)(a)", Categories: []string{"contact"},
				RecipientIDs: []string{}, Recipients: []string{}, Consent: "withdrawn"}},
		Consents:    []consent.GrantStatus{{GrantID: "g-1", PurposeID: "recall", Status: "withdrawn", Since: at.AddDate(0, -2, 0)}},
		Disclosures: []consent.Disclosure{{ID: "d-1", Recipient: "Labor", PurposeID: "treatment", Categories: []string{"health"}, At: at.AddDate(0, -1, 0)}},
		Requests:    []consent.AccessRequestSummary{{ID: "r-1", Type: consent.ReqAccess, State: consent.State("in-progress"), ReceivedAt: at.AddDate(0, 0, -3)}},
		Sources:     []string{"the patient"},
		Transfers:   []consent.Transfer{}, Consultations: []consent.Consultation{},
	}
}

// oldEnglish are phrases of consent's English templates that a German
// page must not show.
var oldEnglish = []string{"Why we process your data", "Lawful basis", "Kept for", "Your consent", "nobody outside the practice",
	"Automated decisions", "Transfers outside the EEA", "Your consents", "Who received your data", "Your requests",
	"Who consulted your record", "Your rights", "Controller", "Data protection officer", "answered", "not needed",
	"no consultations recorded", "withdrawn", "Data you provided", "Your consent decisions", "none recorded",
	"Section", "Field", "Value", "Decision", "Valid until", "machine-readable", "Recall reminders", "GDPR"}

func germanOK(t *testing.T, page string, de *i18n.Localizer, ids []string, dates ...time.Time) {
	t.Helper()
	if !strings.Contains(page, `<html lang="de">`) {
		t.Errorf("page is not marked German: %.80q", page)
	}
	for _, id := range ids {
		if w := html.EscapeString(de.T(id)); !strings.Contains(page, w) {
			t.Errorf("German page lacks %s %q", id, w)
		}
	}
	for _, d := range dates {
		if !strings.Contains(page, d.Format("02.01.2006")) {
			t.Errorf("German page lacks the date %s", d.Format("02.01.2006"))
		}
		if strings.Contains(page, d.Format(time.DateOnly)) {
			t.Errorf("German page shows the ISO date %s", d.Format(time.DateOnly))
		}
	}
	for _, en := range oldEnglish {
		if strings.Contains(page, en) {
			t.Errorf("German page still says %q", en)
		}
	}
	if strings.Contains(page, "<b>Muster</b>") || !strings.Contains(page, "Praxis &lt;b&gt;Muster&lt;/b&gt;") {
		t.Error("controller name is not escaped")
	}
}

func TestAccessPageGerman(t *testing.T) {
	cat := i18n.MustLoad()
	de := cat.Localizer("de")
	r := htmlSample()
	var b bytes.Buffer
	if err := (AccessPages{Loc: de}).Access(&b, r); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	germanOK(t, page, de, []string{"accesspdf.title", "accesspdf.purposes", "accesspdf.basis", "htmlb.keptFor",
		"accesspdf.consentState", "htmlb.nobody", "accesspdf.consent.withdrawn", "accesspdf.notNeeded", "accesspdf.consents",
		"accesspdf.disclosures", "accesspdf.requests", "accesspdf.consultations", "htmlb.noConsultations", "accesspdf.rights",
		"accesspdf.right.7", "htmlb.controller", "htmlb.dpo", "accesspdf.automated.none", "accesspdf.transfers.none"},
		r.GeneratedAt, r.Consents[0].Since, r.Disclosures[0].At, r.Requests[0].ReceivedAt)
	for _, w := range []string{de.Label("purpose", "recall", ""), de.Label("category", "health", ""), de.LawfulBasis("a", ""),
		de.LawfulBasis("c", "h"),
		de.Label("request", "access", ""), de.Label("state", "in-progress", "")} {
		if !strings.Contains(page, html.EscapeString(w)) {
			t.Errorf("German page lacks the label %q", w)
		}
	}
	var en bytes.Buffer
	if err := (AccessPages{Loc: cat.Localizer("en")}).Access(&en, r); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(en.String(), `<html lang="en">`) || !strings.Contains(en.String(), "14 Mar 2026") ||
		!strings.Contains(en.String(), "Recall reminders") {
		t.Errorf("English page is not worded in English:\n%s", en.String())
	}
}

func TestPortablePageGerman(t *testing.T) {
	cat := i18n.MustLoad()
	de := cat.Localizer("de")
	r := htmlSample()
	at := r.GeneratedAt.AddDate(0, -5, 0)
	d := consent.PortableData{Title: "Your data in a portable format (GDPR Art. 20)", SubjectID: "p-1", RequestID: "r-1",
		GeneratedAt: r.GeneratedAt, Controller: r.Controller, Record: []consent.PortableField{{Section: "S", Field: "F", Value: "<i>x</i>"}},
		Consents: []consent.PortableConsent{{EventID: "e-1", Type: consent.EventType("granted"), PurposeID: "recall", Purpose: "Recall reminders", Time: at}}}
	var b bytes.Buffer
	if err := (AccessPages{Loc: de}).Portable(&b, d); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	germanOK(t, page, de, []string{"accesspdf.title.portability", "htmlb.portable.provided", "htmlb.portable.decisions",
		"htmlb.section", "accesspdf.field", "accesspdf.value", "htmlb.decision", "accesspdf.until", "htmlb.controller"}, r.GeneratedAt, at)
	for _, w := range []string{de.Label("purpose", "recall", ""), de.Label("event", "granted", ""), "&lt;i&gt;x&lt;/i&gt;"} {
		if !strings.Contains(page, w) {
			t.Errorf("German portability page lacks %q", w)
		}
	}
	if strings.Contains(page, d.Title) {
		t.Error("German portability page shows the English title")
	}
}

// basisWords words consent's citations and leaves other texts as stored.
func TestBasisWords(t *testing.T) {
	de := i18n.MustLoad().Localizer("de")
	for stored, want := range map[string]string{
		"GDPR Art. 6(1)(a)":                  de.LawfulBasis("a", ""),
		"GDPR Art. 6(1)(b), Art. 9(2)(h)":    de.LawfulBasis("b", "h"),
		"GDPR Art. 6(1)(b), Art. 9(2)(h) ok": "GDPR Art. 6(1)(b), Art. 9(2)(h) ok",
		"GDPR Art. 6(1)(b); 9(2)(h))":        "GDPR Art. 6(1)(b); 9(2)(h))",
		"§ 630f BGB":                         "§ 630f BGB",
	} {
		if got := basisWords(de, stored); got != want {
			t.Errorf("basisWords(%q) = %q, want %q", stored, got, want)
		}
	}
}
