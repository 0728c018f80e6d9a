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
// The stored certificate and its seal are not touched.
func CertificateHTML(c consent.Certificate, loc *i18n.Localizer) func(io.Writer) error {
	d := printdoc.CertificatePage{Cert: c,
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
