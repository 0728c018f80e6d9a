package app_test

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	"filippo.io/age"

	"custodia/app"
	"custodia/consent"
	"custodia/i18n"
	"custodia/printdoc"
	"custodia/vault"
)

// TestPackagePagesInReadersLanguage: a package completed with worded
// pages holds the German page (access and portability); without pages it
// is in the language of the protected documents that go with it, and
// without either it is refused (no English fallback): the vault's
// validation error names the pages, and no package is written.
func TestPackagePagesInReadersLanguage(t *testing.T) {
	_, s, vs := newVault(t)
	de := i18n.MustLoad().Localizer("de")
	cases := []struct {
		typ   consent.RequestType
		file  string
		pages vault.AccessPages
		docs  *i18n.Localizer
		want  []string
		not   string
	}{
		{consent.ReqAccess, vault.AccessFileHTML, printdoc.AccessPages{Loc: de}, nil,
			[]string{`<html lang="de">`, de.T("accesspdf.purposes"), de.T("accesspdf.rights")}, "Why we process your data"},
		{consent.ReqPortability, vault.PortabilityFileHTML, printdoc.AccessPages{Loc: de}, nil,
			[]string{`<html lang="de">`, de.T("htmlb.portable.provided"), de.T("htmlb.portable.decisions"),
				"<td>" + de.T("accesssec.section.identity") + "</td><td>" + de.T("labels.field.GivenName") + "</td>"}, "Data you provided"},
		{consent.ReqAccess, vault.AccessFileHTML, nil, de, []string{`<html lang="de">`, de.T("accesspdf.purposes")}, "Why we process your data"},
	}
	for i, c := range cases {
		p := addPatient(t, vs, "Pages"+string(rune('A'+i)))
		r := openVerified(t, s, p.ID, c.typ)
		var buf bytes.Buffer
		w := packageWork(&buf, c.pages)
		if c.docs != nil {
			discard := func(write func(io.Writer) error) error { return write(io.Discard) }
			w.Documents = &app.AccessDocs{Localizer: c.docs, Controller: consent.Controller{Name: "Synthetic Practice"}, PDF: discard, Letter: discard, PDFName: "data.pdf", ArchiveName: "data.age"}
		}
		if _, _, err := s.CompleteRequest(r, w); err != nil {
			t.Fatal(err)
		}
		files := packageFiles(t, &buf)
		page := string(files[c.file])
		if data := files[vault.PortabilityFileJSON]; c.typ == consent.ReqPortability && !strings.Contains(string(data), `"sectionKind": "identity"`) {
			t.Errorf("data.json lacks the section codes")
		}
		for _, s := range c.want {
			if !strings.Contains(page, s) {
				t.Errorf("%s %s: page lacks %q", c.typ, c.file, s)
			}
		}
		if strings.Contains(page, c.not) {
			t.Errorf("%s %s: page says %q", c.typ, c.file, c.not)
		}
	}

	p := addPatient(t, vs, "PagesNone")
	r := openVerified(t, s, p.ID, consent.ReqAccess)
	var buf bytes.Buffer
	_, _, err := s.CompleteRequest(r, packageWork(&buf, nil))
	var ve *vault.ValidationError
	if !errors.As(err, &ve) || len(ve.Fields) != 1 || ve.Fields[0].Field != "recipient.Pages" || ve.Fields[0].Rule != vault.RuleAccessPages {
		t.Fatalf("package without pages: %v", err)
	}
	if ps, ok := app.FieldProblems(de, err); !ok || len(ps) != 1 || ps[0].Label != de.T("domaintext.field.recipient.Pages") ||
		ps[0].Problem != de.T("domaintext.fieldrule.access-pages") {
		t.Errorf("worded for people: %+v", ps)
	}
	if after, err := s.Request(r.ID); err != nil || after.State == consent.StateCompleted || buf.Len() != 0 {
		t.Errorf("a refused package: request %s, %d bytes written, %v", after.State, buf.Len(), err)
	}
}

// packageWork completes an access or portability request into buf: a
// package under a fixed test passphrase, with the given pages.
func packageWork(buf *bytes.Buffer, pages vault.AccessPages) app.Work {
	return app.Work{PackageTo: vault.AccessRecipient{Passphrase: "package-passphrase", ScryptWorkFactor: 10,
		Controller: consent.Controller{Name: "Synthetic Practice"}, Pages: pages},
		Package: func(write func(io.Writer) error) error { return write(buf) }}
}

// packageFiles decrypts a package packageWork wrote and returns its files.
func packageFiles(t *testing.T, buf *bytes.Buffer) map[string][]byte {
	t.Helper()
	id, err := age.NewScryptIdentity("package-passphrase")
	if err != nil {
		t.Fatal(err)
	}
	plain, err := age.Decrypt(buf, id)
	if err != nil {
		t.Fatal(err)
	}
	return untarAll(t, plain)
}
