package printdoc

import (
	"bytes"
	"strings"
	"testing"

	"custodia/consent"
	"custodia/i18n"
)

// TestCertificateWordsLegalSourceThroughSource: the certificate PDF prints
// each category's legal source as CertificateDoc.Source words it (the
// German of a shipped rule), not the stored English; without Source it
// prints the stored text.
func TestCertificateWordsLegalSourceThroughSource(t *testing.T) {
	de := i18n.MustLoad().Localizer("de")
	var rule consent.RetentionRule
	for _, r := range consent.DefaultRetentionRules() {
		if r.ID == "clinical-10y" {
			rule = r
		}
	}
	cert := sampleCertificateWithSource(t, rule.LegalSource)
	german := de.LegalSource(rule.ID, rule.LegalSource)
	for _, c := range []struct {
		source func(string) string
		want   string
	}{{func(s string) string { return de.LegalSource(rule.ID, s) }, german}, {nil, rule.LegalSource}} {
		p, err := certificatePage(CertificateDoc{Cert: cert, Patient: Person{Family: "Weiß", Given: "Jürgen"}, Loc: de, Source: c.source})
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := p.output(&buf); err != nil {
			t.Fatal(err)
		}
		text := squeeze(pdfText(t, buf.Bytes()))
		if !strings.Contains(text, squeeze(c.want)) {
			t.Errorf("certificate lacks the source %q", c.want)
		}
	}
	if german == rule.LegalSource {
		t.Fatal("no German source for clinical-10y")
	}
}

func sampleCertificateWithSource(t *testing.T, source string) consent.Certificate {
	t.Helper()
	a := consent.Actor{UserID: consent.NewID(), Role: consent.RoleDPO}
	plan := consent.ErasurePlan{ID: consent.NewID(), RequestID: consent.NewID(), SubjectID: consent.NewID(), CreatedAt: now,
		Items: []consent.PlanItem{{Category: consent.RecClinical, Action: consent.ActKeep, Basis: "b", LegalSource: source, KeepUntil: now.AddDate(10, 0, 0), RuleID: "clinical-10y"}}}
	plan, err := plan.Approve(a, now)
	if err != nil {
		t.Fatal(err)
	}
	c, err := consent.ErasureCertificate(plan, []consent.ExecutionResult{{Category: consent.RecClinical, Action: consent.ActKeep, Records: 3}}, a, now)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
