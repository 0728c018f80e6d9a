package vault

import (
	"bytes"
	"errors"
	"slices"
	"testing"

	"filippo.io/age"

	"custodia/consent"
	"custodia/i18n"
	"custodia/printdoc"
)

// readerPages are the package pages as the front ends pass them:
// printdoc's, in the reader's language (German here; Loc words the
// tests' expectations).
func readerPages() printdoc.AccessPages {
	return printdoc.AccessPages{Loc: i18n.MustLoad().Localizer("de")}
}

// A package without its pages (AccessRecipient.Pages) is refused as a bad
// recipient is: a *ValidationError naming the field with its rule (both
// fields when the recipient is bad too), before anything is written to w
// and, like a bad recipient, before anything reaches the audit trail.
func TestAccessPackageNeedsPages(t *testing.T) {
	f := newDSRFixture(t)
	r := f.request(t, f.admin, consent.ReqAccess, true)
	id, err := age.GenerateX25519Identity()
	must(t, err)
	pages := readerPages()
	object := "request:" + r.ID

	var buf bytes.Buffer
	badRecipient := f.admin.AccessPackage(f.p.ID, r.ID, &buf, AccessRecipient{X25519: "age1nope", Pages: pages})
	if !errors.Is(badRecipient, ErrValidation) || buf.Len() != 0 {
		t.Fatalf("bad recipient: %v, %d bytes written", badRecipient, buf.Len())
	}
	afterBadRecipient := packageEntries(t, f.admin, object)

	for name, c := range map[string]struct {
		to     AccessRecipient
		fields []string
	}{
		"no pages":                   {AccessRecipient{X25519: id.Recipient().String()}, []string{"recipient.Pages"}},
		"no pages, no recipient":     {AccessRecipient{}, []string{"recipient", "recipient.Pages"}},
		"no pages, short passphrase": {AccessRecipient{Passphrase: "short"}, []string{"recipient.Passphrase", "recipient.Pages"}},
	} {
		err := f.admin.AccessPackage(f.p.ID, r.ID, &buf, c.to)
		var ve *ValidationError
		if !errors.As(err, &ve) || !errors.Is(err, ErrValidation) {
			t.Fatalf("%s: %v, want a *ValidationError", name, err)
		}
		var fields []string
		for _, fe := range ve.Fields {
			fields = append(fields, fe.Field)
			if fe.Field == "recipient.Pages" && (fe.Rule != RuleAccessPages || fe.Message == "") {
				t.Errorf("%s: pages field %+v, want rule %s", name, fe, RuleAccessPages)
			}
		}
		if !slices.Equal(fields, c.fields) {
			t.Errorf("%s: fields %v, want %v", name, fields, c.fields)
		}
		if buf.Len() != 0 {
			t.Errorf("%s: %d bytes written", name, buf.Len())
		}
	}
	if got := packageEntries(t, f.admin, object); !slices.Equal(got, afterBadRecipient) || len(got) != 0 {
		t.Errorf("audit entries of the package: %v after a bad recipient, %v after missing pages", afterBadRecipient, got)
	}

	// With its pages the package is written and audited.
	must(t, f.admin.AccessPackage(f.p.ID, r.ID, &buf, AccessRecipient{X25519: id.Recipient().String(), Pages: pages}))
	if got := packageEntries(t, f.admin, object); buf.Len() == 0 || !slices.Equal(got, []string{outcomeOK}) {
		t.Errorf("package: %d bytes, audit %v", buf.Len(), got)
	}
}

// packageEntries are the outcomes of the audit entries of access packages
// for object, oldest first.
func packageEntries(t *testing.T, s *Session, object string) []string {
	t.Helper()
	es, err := s.AuditEntries(0, 10000)
	must(t, err)
	var out []string
	for _, e := range es {
		if e.Action == "request.access-package" && e.Object == object {
			out = append(out, e.Outcome)
		}
	}
	return out
}
