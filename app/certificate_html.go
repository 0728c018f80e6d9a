package app

import (
	"io"

	"custodia/consent"
	"custodia/i18n"
	"custodia/printdoc"
)

// CertificateHTML writes an erasure or deletion certificate's printable
// page for both front ends in loc's language (the desktop's or the
// command line's): headings, labels, record categories, actions, the
// Art. 17(3) basis and legal sources in words, the approver's and
// issuer's roles by loc.Role from the role code a certificate stores or
// the English name an older one stored, dates in the reader's format.
// The stored certificate and its seal are not touched. The patient and
// the request appear by short references; CertificateHTMLFor names them.
func CertificateHTML(c consent.Certificate, loc *i18n.Localizer) func(io.Writer) error {
	return CertificateHTMLFor(c, loc, CertificateNames{})
}

// CertificateNames is how a certificate page names whom and what it is
// about. A zero field gives the short reference of the certificate's id.
type CertificateNames struct {
	Patient printdoc.Person // from Session.PatientPerson, read before the erasure
	Request string          // RequestText of the request
}

// CertificateNames reads the names a certificate for r is to print: the
// patient by name where the role may read identities (else the short
// reference) and the request by type and date. Call it before the
// erasure runs: afterwards the name is gone.
func (s *Session) CertificateNames(loc *i18n.Localizer, r consent.Request) (CertificateNames, error) {
	p, err := s.PatientPerson(loc, r.SubjectID)
	return CertificateNames{Patient: p, Request: RequestText(loc, r)}, err
}

// CertificateHTMLFor is CertificateHTML naming the patient and the
// request by n.
func CertificateHTMLFor(c consent.Certificate, loc *i18n.Localizer, n CertificateNames) func(io.Writer) error {
	if n.Patient == (printdoc.Person{}) && c.SubjectID != "" {
		n.Patient = RefPerson(loc, c.SubjectID)
	}
	if n.Request == "" && c.RequestID != "" {
		n.Request = loc.T("cliuuid.requestref", "Ref", ShortRef(c.RequestID))
	}
	d := printdoc.CertificatePage{Cert: c, Patient: n.Patient, Request: n.Request,
		Category: func(rc consent.RecordCategory) string { return CertificateCategoryText(loc, rc) },
		Source:   func(s string) string { return LegalSourceText(loc, "", s) }}
	return func(w io.Writer) error { return printdoc.CertificateHTML(w, loc, d) }
}

// CertificateCategoryText names a record category on an erasure plan or
// a deletion certificate: as the erasure plan says it, else as the
// retention schedule does (a purge of kept data names "kept" records),
// never as the bare code. The desktop and the CLI both use it.
func CertificateCategoryText(loc *i18n.Localizer, c consent.RecordCategory) string {
	if id := "erasure.category." + string(c); loc.Has(id) {
		return loc.T(id)
	}
	return RecordCategoryText(loc, c)
}
