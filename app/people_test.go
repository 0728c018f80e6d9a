package app_test

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"custodia/app"
	"custodia/consent"
	"custodia/i18n"
	"custodia/printdoc"
	"custodia/vault"
)

// uuidOutsideCode finds a UUID in a page's text once the ids it prints
// apart for copy-paste (<code>…</code>) are taken out.
func uuidOutsideCode(page string) string {
	return regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-`).FindString(regexp.MustCompile(`<code>[^<]*</code>`).ReplaceAllString(page, ""))
}

// Both front ends name a patient by name and birth date where the role
// may read identities, and by the short reference where it may not or
// once the patient is erased; the certificate page names the person
// read before the erasure and the request by type and date, never by id
// (issue 10).
func TestPeopleByNameOrShortReference(t *testing.T) {
	v, s, vs := newVault(t)
	de := i18n.MustLoad().Localizer("de")
	p := addPatient(t, vs, "Erase")
	r := openVerified(t, s, p.ID, consent.ReqErasure)
	name := "Testperson, Erase (geb. 02.01.1980)"
	ref := app.RefPerson(de, p.ID).Ref
	if !strings.Contains(ref, app.ShortRef(p.ID)) || strings.Contains(ref, p.ID) {
		t.Fatalf("short reference %q", ref)
	}
	if got, err := s.PatientText(de, p.ID); err != nil || got != name {
		t.Fatalf("administrator reads %q (%v), want %q", got, err, name)
	}

	if _, err := vs.AddUser("rita", vault.RoleResearcher, []byte("researcher-passphrase-1")); err != nil {
		t.Fatal(err)
	}
	rs, rvs, err := app.Unlock(context.Background(), v, "rita", []byte("researcher-passphrase-1"), app.Options{Now: func() time.Time { return t0 }})
	if err != nil {
		t.Fatal(err)
	}
	defer rvs.Lock()
	if got, err := rs.PatientText(de, p.ID); err != nil || got != ref {
		t.Fatalf("researcher reads %q (%v), want the short reference %q", got, err, ref)
	}
	hidden, err := rs.CertificateNames(de, r)
	if err != nil || hidden.Patient.Family != "" || hidden.Patient.Given != "" {
		t.Fatalf("researcher's certificate names: %+v, %v", hidden, err)
	}

	names, err := s.CertificateNames(de, r)
	if err != nil || app.PersonText(de, names.Patient) != name || names.Request != "Löschung vom 30.10.2026" {
		t.Fatalf("certificate names %q / %q (%v)", app.PersonText(de, names.Patient), names.Request, err)
	}
	plan, err := s.PlanErasure(r, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	cert, _, err := s.ExecuteErasure(r, plan.ErasurePlan)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := s.PatientText(de, p.ID); err != nil || got != ref {
		t.Errorf("after the erasure: %q (%v), want the short reference", got, err)
	}
	for who, n := range map[string]app.CertificateNames{"dpo": names, "researcher": hidden, "none": {}} {
		var page bytes.Buffer
		if err := app.CertificateHTMLFor(cert, de, n)(&page); err != nil {
			t.Fatal(err)
		}
		want := "Testperson Erase (geb. 02.01.1980)"
		if who != "dpo" {
			want = ref
		}
		if !strings.Contains(page.String(), want) || uuidOutsideCode(page.String()) != "" || !strings.Contains(page.String(), "<code>"+cert.ID+"</code>") {
			t.Errorf("%s: certificate page wants %q, no UUID outside <code>, its id in <code>:\n%s", who, want, page.String())
		}
	}
}

// The receipt page names the person it is given, never the stored id.
func TestReceiptPageNamesThePerson(t *testing.T) {
	de := i18n.MustLoad().Localizer("de")
	id := "01a245a9-ca7d-75b8-9729-5d462e32d650"
	rc := consent.Receipt{PIIPrincipalID: id, ConsentReceiptID: "4781017e-6280-4b37-ae1e-39cee8009d18", Version: "KI-CR-v1.1.0", Language: "de"}
	for _, who := range []printdoc.Person{app.RefPerson(de, id), {Family: "Testperson", Given: "Quittung", Ref: app.RefPerson(de, id).Ref}} {
		var page bytes.Buffer
		if err := printdoc.ReceiptHTML(&page, de, printdoc.ReceiptPage{Receipt: rc, Patient: who}); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(page.String(), who.Name()) || uuidOutsideCode(page.String()) != "" {
			t.Errorf("receipt page wants %q and no UUID outside <code>:\n%s", who.Name(), page.String())
		}
	}
}
