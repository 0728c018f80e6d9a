package printdoc

import (
	"bytes"
	"strings"
	"testing"

	"custodia/consent"
	"custodia/i18n"
)

// A German certificate words the Art. 17(3) basis of a kept category in
// German ("DSGVO Art. 17 Abs. 3 lit. b"), not as the domain stores it.
func TestCertificateWordsKeptBasisInReadersLanguage(t *testing.T) {
	de := i18n.MustLoad().Localizer("de")
	a := consent.Actor{UserID: consent.NewID(), Role: consent.RoleDPO}
	stored := consent.RetentionRule{Exception: "b"}.ExceptionText()
	plan := consent.ErasurePlan{ID: consent.NewID(), RequestID: consent.NewID(), SubjectID: consent.NewID(), CreatedAt: now,
		Items: []consent.PlanItem{{Category: consent.RecClinical, Action: consent.ActKeep, Basis: stored, KeepUntil: now.AddDate(10, 0, 0)}}}
	plan, err := plan.Approve(a, now)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := consent.ErasureCertificate(plan, []consent.ExecutionResult{{Category: consent.RecClinical, Action: consent.ActKeep, Records: 3}}, a, now)
	if err != nil {
		t.Fatal(err)
	}
	p, err := certificatePage(CertificateDoc{Cert: cert, Patient: Person{Family: "Weiß", Given: "Jürgen"}, Loc: de})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := p.output(&buf); err != nil {
		t.Fatal(err)
	}
	text := squeeze(pdfText(t, buf.Bytes()))
	if want := de.T("retentiontext.art173", "Point", "b"); !strings.Contains(text, squeeze(want)) {
		t.Errorf("German certificate lacks the basis %q", want)
	}
	if strings.Contains(text, squeeze(stored)) {
		t.Errorf("German certificate prints the stored basis %q", stored)
	}
}
