package app

import (
	"bytes"
	"strings"
	"testing"

	"custodia/consent"
	"custodia/i18n"
)

// The certificate page names the approver's and issuer's roles by the
// catalogue's role labels (the one role lookup), for a certificate that
// stores role codes and for an older one that stored English names alike;
// neither certificate changes (issue 10).
func TestCertificateHTMLNamesRolesByTheCatalogue(t *testing.T) {
	en := i18n.MustLoad().Localizer("en")
	for _, stored := range []string{consent.RoleDPO, "data protection officer"} {
		c := consent.Certificate{ID: "cert-1", Kind: "erasure", ApprovedBy: "u-1", IssuedBy: "u-2",
			ApproverName: "dr-synthetic", ApproverRole: stored, IssuerName: "desk-synthetic", IssuerRole: stored}
		before, _ := c.JSON()
		var page bytes.Buffer
		if err := CertificateHTML(c, en)(&page); err != nil {
			t.Fatal(err)
		}
		want := "dr-synthetic (" + en.Role(consent.RoleDPO) + ")"
		if en.Role(consent.RoleDPO) == consent.RoleDPO || !strings.Contains(page.String(), want) {
			t.Errorf("stored %q: page lacks %q", stored, want)
		}
		if after, _ := c.JSON(); !bytes.Equal(before, after) {
			t.Errorf("stored %q: writing the page changed the certificate", stored)
		}
	}
}
