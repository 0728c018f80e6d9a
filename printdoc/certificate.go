package printdoc

import (
	"fmt"
	"io"

	"custodia/consent"
)

// CertificateDoc is an erasure (or retention deletion) certificate with
// the names to print: the patient and the users who approved and issued.
type CertificateDoc struct {
	Cert       consent.Certificate
	Controller consent.Controller
	Patient    Person // zero for a retention batch
	ApprovedBy string // user name shown for Cert.ApprovedBy
	IssuedBy   string // user name shown for Cert.IssuedBy
	// Category gives a category's label; nil prints the code.
	Category func(consent.RecordCategory) string
}

// ErasureCertificate writes the certificate: what was erased, what is
// kept (with the Art. 17(3) basis and until when) and what was anonymised,
// per record category, with the seal that detects later changes.
func ErasureCertificate(w io.Writer, d CertificateDoc) error {
	p, err := certificatePage(d)
	if err != nil {
		return err
	}
	return p.output(w)
}

func certificatePage(d CertificateDoc) (*page, error) {
	c := d.Cert
	if err := c.Verify(); err != nil {
		return nil, fmt.Errorf("printdoc: %w", err)
	}
	title := "Erasure certificate (GDPR Art. 17)"
	if c.Kind == "retention" {
		title = "Deletion certificate (retention schedule)"
	}
	p := newPage(title, "Erasure certificate – "+d.Patient.Name()+" – "+dateText(c.IssuedAt), c.IssuedAt)
	p.title(title)
	pairs := [][2]string{{"Controller", joinNonEmpty(", ", d.Controller.Name, d.Controller.Address, d.Controller.Country)}}
	if c.SubjectID != "" {
		pairs = append(pairs, [2]string{"Patient", d.Patient.Label()})
	}
	pairs = append(pairs,
		[2]string{"Approved by", joinNonEmpty(", ", orDash(d.ApprovedBy), timeText(c.ApprovedAt))},
		[2]string{"Issued by", joinNonEmpty(", ", orDash(d.IssuedBy), timeText(c.IssuedAt))},
		[2]string{"Result", fmt.Sprintf("%d record(s) erased, %d kept, %d anonymised",
			c.Count(consent.ActErase), c.Count(consent.ActKeep), c.Count(consent.ActAnonymise))})
	p.fields(pairs)
	rows := make([][]string, len(c.Items))
	for i, it := range c.Items {
		rows[i] = []string{d.label(it.Category), actionText(it.Action), fmt.Sprint(it.Records), orDash(it.Basis), orDash(dateText(it.KeepUntil)), orDash(it.LegalSource)}
	}
	p.table([]float64{17, 11, 11, 21, 15, 25}, []string{"Record category", "Action", "Records", "Basis", "Kept until", "Legal source"}, rows)
	p.para("Erased records were removed from the vault and cannot be restored from it. Kept records stay under the stated legal " +
		"obligation and are erased when their period ends. Anonymised records no longer relate to the patient.")
	p.small("Certificate " + c.ID + " · SHA-256 seal " + c.SHA256)
	return p, nil
}

func (d CertificateDoc) label(c consent.RecordCategory) string {
	if d.Category != nil {
		if l := d.Category(c); l != "" {
			return l
		}
	}
	return string(c)
}

func actionText(a consent.Action) string {
	switch a {
	case consent.ActErase:
		return "erased"
	case consent.ActKeep:
		return "kept"
	case consent.ActAnonymise:
		return "anonymised"
	}
	return string(a)
}
