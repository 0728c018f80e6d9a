package printdoc

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"custodia/consent"
	"custodia/i18n"
)

// These tests carry over what consent's English pages (the WriteHTML
// methods, removed) were tested for: markup in stored values comes out
// escaped, the pages print, the receipt shows its evidence and only what
// the patient chose, the certificate names people, not user ids.

// evil is a stored value with markup; n tells the values apart.
func evil(n int) string { return fmt.Sprintf("<script>alert(%d)</script>", n) }

// escapedEvil is evil(n) as an escaped page shows it.
func escapedEvil(n int) string { return fmt.Sprintf("&lt;script&gt;alert(%d)&lt;/script&gt;", n) }

// evilController is a practice whose every detail carries markup
// (values 1 to 5).
func evilController() consent.Controller {
	return consent.Controller{Name: evil(1), Address: evil(2), Country: "DE", Email: evil(3), Phone: "+49 30 1",
		DPOContact: evil(4), URL: evil(5)}
}

// markupPages renders each printable page in loc's language from stored
// values that all carry markup, with the numbers of the values the page
// must show (escaped).
func markupPages(t *testing.T, loc *i18n.Localizer) map[string]struct {
	page  string
	shown []int
} {
	t.Helper()
	out := map[string]struct {
		page  string
		shown []int
	}{}
	add := func(name string, shown []int, write func(*bytes.Buffer) error) {
		t.Helper()
		var b bytes.Buffer
		if err := write(&b); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out[name] = struct {
			page  string
			shown []int
		}{b.String(), shown}
	}
	cat := shippedCatalogue(t)
	p := cat.Purposes()[0]
	e := consent.Event{ID: evil(10), Type: consent.Granted, PatientID: evil(11), PurposeID: p.ID, Method: consent.MethodPaper,
		Time: now, TextSHA256: evil(12)}
	rc, err := consent.NewReceipt(cat, consent.ReceiptInput{Controller: evilController(), Jurisdiction: "DE", PolicyURL: "javascript:alert(13)",
		Language: "en", Service: evil(14), Events: []consent.Event{e}})
	if err != nil {
		t.Fatal(err)
	}
	add("receipt", []int{1, 2, 3, 4, 11, 12, 14}, func(b *bytes.Buffer) error {
		return ReceiptHTML(b, loc, ReceiptPage{Receipt: rc, Grants: []consent.Event{e}, Catalogue: cat})
	})

	ctl := evilController()
	cert := consent.Certificate{ID: evil(20), Kind: "erasure", RequestID: evil(21), SubjectID: evil(22), ApprovedBy: "u-1",
		ApprovedAt: now, IssuedBy: "u-2", IssuedAt: now, ApproverName: evil(23), ApproverRole: consent.RoleDPO,
		IssuerName: evil(24), IssuerRole: consent.RoleAdmin, Controller: &ctl, SHA256: evil(25),
		Items: []consent.CertificateItem{{Category: consent.RecClinical, Action: consent.ActKeep, Records: 2, Basis: evil(26),
			LegalSource: evil(27), Note: evil(28), KeepUntil: now.AddDate(10, 0, 0)}}}
	// The page names the request and the person as the caller words them (21, 22), never by the stored ids.
	add("certificate", []int{1, 2, 3, 4, 20, 21, 22, 23, 24, 25, 26, 27, 28}, func(b *bytes.Buffer) error {
		return CertificateHTML(b, loc, CertificatePage{Cert: cert, Request: evil(21), Patient: Person{Family: evil(22)}})
	})
	cert.Kind, cert.BatchID, cert.Items[0].RecordID = "retention", evil(29), evil(30)
	add("retention certificate", []int{29, 30}, func(b *bytes.Buffer) error {
		return CertificateHTML(b, loc, CertificatePage{Cert: cert})
	})

	r := consent.AccessReport{RequestType: consent.ReqAccess, SubjectID: evil(40), RequestID: evil(41), GeneratedAt: now,
		Controller: evilController(),
		Sections:   []consent.RecordSection{{Title: evil(42), Rows: [][2]string{{evil(43), evil(44)}}}},
		Purposes: []consent.AccessPurpose{{PurposeID: "x-unknown", Name: evil(45), Basis: evil(46), Categories: []string{}, Retention: []string{evil(47)},
			Recipients: []string{evil(48)}, MayReceive: []string{evil(49)}, Stopped: evil(50), Consent: evil(51)}},
		Sources:       []string{evil(52)},
		Transfers:     []consent.Transfer{{Recipient: evil(53), Country: "US", Safeguard: evil(54)}},
		Disclosures:   []consent.Disclosure{{ID: "d-1", Recipient: evil(55), PurposeID: "x-unknown", At: now}},
		Consultations: []consent.Consultation{{At: now, By: evil(56), Role: evil(57), Action: evil(58)}},
	}
	add("access", []int{1, 2, 4, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58}, func(b *bytes.Buffer) error {
		return AccessPages{Loc: loc}.Access(b, r)
	})
	d := consent.PortableData{Title: evil(60), SubjectID: evil(61), RequestID: evil(62), GeneratedAt: now, Controller: evilController(),
		Record:   []consent.PortableField{{Section: evil(63), Field: evil(64), Value: evil(65)}},
		Consents: []consent.PortableConsent{{EventID: evil(66), Type: consent.Granted, PurposeID: "x-unknown", Purpose: evil(67), Time: now}}}
	add("portable", []int{1, 2, 63, 64, 65, 67}, func(b *bytes.Buffer) error {
		return AccessPages{Loc: loc}.Portable(b, d)
	})
	return out
}

// Every printable page, in both languages, escapes markup in every stored
// value it shows (the value reaches the page, as text), links nowhere,
// and carries the print style sheet.
func TestEveryPageEscapesStoredMarkup(t *testing.T) {
	cat := i18n.MustLoad()
	for _, lang := range []string{"de", "en"} {
		for name, p := range markupPages(t, cat.Localizer(lang)) {
			if strings.Contains(strings.ToLower(p.page), "<script") {
				t.Errorf("%s %s page: unescaped markup", lang, name)
			}
			for _, n := range p.shown {
				if !strings.Contains(p.page, escapedEvil(n)) {
					t.Errorf("%s %s page: value %d is not shown (escaped)", lang, name, n)
				}
			}
			if strings.Contains(p.page, "href=") || strings.Contains(p.page, "javascript:alert(13)\"") {
				t.Errorf("%s %s page: a stored value became a link", lang, name)
			}
			if !strings.Contains(p.page, "@media print") {
				t.Errorf("%s %s page: no print style", lang, name)
			}
		}
	}
}

// The certificate names the approver and the issuer by name and role;
// their user ids stay off the page.
func TestCertificatePageShowsNamesNotUserIDs(t *testing.T) {
	approver, issuer := consent.NewID(), consent.NewID()
	c := consent.Certificate{ID: "cert-1", Kind: "erasure", ApprovedBy: approver, ApprovedAt: now, IssuedBy: issuer, IssuedAt: now,
		ApproverName: "dr-synthetic", ApproverRole: consent.RoleDPO, IssuerName: "desk-synthetic", IssuerRole: consent.RoleFrontDesk,
		Items: []consent.CertificateItem{{Category: consent.RecConsents, Action: consent.ActKeep, Records: 3, Note: "ledger events stay"}}}
	for _, lang := range []string{"de", "en"} {
		loc := i18n.MustLoad().Localizer(lang)
		var b bytes.Buffer
		if err := CertificateHTML(&b, loc, CertificatePage{Cert: c}); err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"dr-synthetic (" + loc.Role(consent.RoleDPO) + ")", "desk-synthetic (" + loc.Role(consent.RoleFrontDesk) + ")",
			"ledger events stay"} {
			if !strings.Contains(b.String(), want) {
				t.Errorf("%s page lacks %q", lang, want)
			}
		}
		if strings.Contains(b.String(), approver) || strings.Contains(b.String(), issuer) {
			t.Errorf("%s page shows a user id", lang)
		}
	}
}

// The receipt page shows the SHA-256 of every consent text shown, in its
// evidence table.
func TestReceiptPageShowsEvidence(t *testing.T) {
	cat := shippedCatalogue(t)
	var events []consent.Event
	for i, p := range cat.Purposes()[:3] {
		events = append(events, consent.Event{ID: consent.NewID(), Type: consent.Granted, PatientID: "p-1", PurposeID: p.ID,
			Method: consent.MethodScreen, Time: now, TextLanguage: "de", TextVersion: 1, TextSHA256: fmt.Sprintf("%064x", i+1)})
	}
	rc, err := consent.NewReceipt(cat, consent.ReceiptInput{Controller: ctrl, Jurisdiction: "DE", PolicyURL: ctrl.URL,
		Language: "de", Service: "Behandlung", Events: events})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := ReceiptHTML(&b, i18n.MustLoad().Localizer("de"), ReceiptPage{Receipt: rc, Grants: events, Catalogue: cat}); err != nil {
		t.Fatal(err)
	}
	for _, e := range events {
		if !strings.Contains(b.String(), "<code>"+e.TextSHA256+"</code>") {
			t.Errorf("page lacks the text hash of %s", e.PurposeID)
		}
	}
}

// On random grants (categories, recipients, deny exceptions) of the
// shipped purposes, the receipt page names, in both languages, exactly
// the data categories and recipients the consent index allows for the
// grant (the oracle: consent.Index.Allowed). The first two cases are
// issue 9's: research without genetic data, sharing with one recipient
// without psychotherapy notes.
func TestReceiptPageNamesOnlyWhatThePatientChose(t *testing.T) {
	cat := shippedCatalogue(t)
	langs := []*i18n.Localizer{i18n.MustLoad().Localizer("de"), i18n.MustLoad().Localizer("en")}
	r := rand.New(rand.NewPCG(9, 21))
	grants := choiceGrants(t, cat)
	for i := range 200 {
		grants = append(grants, randomGrant(r, cat, fmt.Sprintf("p-%d", i)))
	}
	for i, g := range grants {
		p, _ := cat.Purpose(g.PurposeID)
		txt, ok := cat.LatestText(p.ID, "de", g.Time)
		if !ok {
			t.Fatalf("no German text for %s", p.ID)
		}
		g.TextLanguage, g.TextVersion, g.TextSHA256 = txt.Language, txt.Version, txt.SHA256
		ix, err := consent.BuildIndex(cat, []consent.Event{g}, nil)
		if err != nil {
			t.Fatalf("grant %d: %v", i, err)
		}
		rc, err := consent.NewReceipt(cat, consent.ReceiptInput{Controller: ctrl, Jurisdiction: "DE", PolicyURL: ctrl.URL,
			Language: "en", Service: "Care", Events: []consent.Event{g}})
		if err != nil {
			t.Fatalf("grant %d: %v", i, err)
		}
		for _, loc := range langs {
			var b bytes.Buffer
			if err := ReceiptHTML(&b, loc, ReceiptPage{Receipt: rc, Grants: []consent.Event{g}, Catalogue: cat}); err != nil {
				t.Fatal(err)
			}
			for _, c := range p.DataCategories {
				allowed := ix.Allowed(g.PatientID, p.ID, "", c, now).Allowed
				if allowed != listed(b.String(), loc.Label("category", c, "")) {
					t.Fatalf("%s page of grant %d (%s, categories %v, deny %+v): category %s allowed %v, named %v", loc.Lang(), i, p.ID, g.Categories, g.Deny, c, allowed, !allowed)
				}
			}
			for _, rr := range p.Recipients {
				allowed := mayReceive(ix, g, p, rr.ID)
				if allowed != listed(b.String(), loc.Translate("recipient", rr.ID, rr.Name)) {
					t.Fatalf("%s page of grant %d (%s, recipients %v, deny %+v): recipient %s allowed %v, named %v", loc.Lang(), i, p.ID, g.Recipients, g.Deny, rr.ID, allowed, !allowed)
				}
			}
		}
	}
}

// mayReceive: the index allows recipient some category of the grant's
// purpose.
func mayReceive(ix *consent.Index, g consent.Event, p consent.Purpose, recipient string) bool {
	for _, c := range p.DataCategories {
		if ix.Allowed(g.PatientID, p.ID, recipient, c, now).Allowed {
			return true
		}
	}
	return false
}

// listed reports whether a page names word as an entry of a list or a
// cell (after ">", ", " or ": ", before "<", "," or ".").
func listed(page, word string) bool {
	w := strings.ReplaceAll(strings.ReplaceAll(word, "&", "&amp;"), "'", "&#39;")
	for _, before := range []string{">", ", ", ": "} {
		for _, after := range []string{"<", ",", "."} {
			if strings.Contains(page, before+w+after) {
				return true
			}
		}
	}
	return false
}

// choiceGrants are issue 9's grants: research excluding genetic data, and
// sharing with the cardiology practice only, excluding psychotherapy
// notes.
func choiceGrants(t *testing.T, cat *consent.Catalogue) []consent.Event {
	t.Helper()
	var research, sharing consent.Purpose
	for _, p := range cat.Purposes() {
		switch {
		case p.ConsentRequired && strings.HasPrefix(p.ID, "research:") && strings.Contains(strings.Join(p.DataCategories, " ")+" ", consent.CatGenetics+" ") && research.ID == "":
			research = p
		case p.ID == "sharing:specialist-network":
			sharing = p
		}
	}
	if research.ID == "" || sharing.ID == "" {
		t.Fatal("the shipped catalogue lacks a research purpose with genetic data or the specialist network")
	}
	res := consent.Event{ID: "g-research", Type: consent.Granted, PatientID: "p-choices", PurposeID: research.ID, Time: now.Add(-time.Hour),
		Method: consent.MethodScreen, RecordedBy: "u-1", Deny: []consent.Deny{{Categories: []string{consent.CatGenetics}}}}
	sh := consent.Event{ID: "g-sharing", Type: consent.Granted, PatientID: "p-choices", PurposeID: sharing.ID, Time: now.Add(-time.Hour),
		Method: consent.MethodScreen, RecordedBy: "u-1", Recipients: []string{"cardiology-practice"},
		Categories: []string{consent.CatDiagnoses, consent.CatMedications, consent.CatPsychNotes},
		Deny:       []consent.Deny{{Categories: []string{consent.CatPsychNotes}}}}
	return []consent.Event{res, sh}
}

// randomGrant grants a random consent-based purpose with random
// categories, recipients and deny exceptions.
func randomGrant(r *rand.Rand, cat *consent.Catalogue, patient string) consent.Event {
	var ps []consent.Purpose
	for _, p := range cat.Purposes() {
		if p.ConsentRequired && !p.Retired {
			ps = append(ps, p)
		}
	}
	p := ps[r.IntN(len(ps))]
	var ids []string
	for _, rc := range p.Recipients {
		ids = append(ids, rc.ID)
	}
	g := consent.Event{ID: "g-" + patient, Type: consent.Granted, PatientID: patient, PurposeID: p.ID, Time: now.Add(-time.Hour),
		Method: consent.MethodScreen, RecordedBy: "u-1", Categories: subset(r, p.DataCategories), Recipients: subset(r, ids)}
	for range r.IntN(3) {
		d := consent.Deny{Categories: subset(r, p.DataCategories), Recipients: subset(r, ids)}
		if len(d.Categories) == 0 {
			d.Categories = []string{p.DataCategories[r.IntN(len(p.DataCategories))]}
		}
		g.Deny = append(g.Deny, d)
	}
	return g
}

func subset[T any](r *rand.Rand, xs []T) []T {
	var out []T
	for _, x := range xs {
		if r.IntN(3) == 0 {
			out = append(out, x)
		}
	}
	return out
}
