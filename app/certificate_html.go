package app

import (
	"io"

	"custodia/consent"
	"custodia/i18n"
)

// CertificateHTML writes an erasure or deletion certificate's printable
// page for both front ends: the page is English (its headings are), so
// the approver's and issuer's roles are named by the catalogue's English
// role labels (i18n.Localizer.Role, the one role lookup), from the role
// code a certificate stores or the English name an older one stored.
// The stored certificate and its seal are not touched.
func CertificateHTML(c consent.Certificate) func(io.Writer) error {
	role := i18n.MustLoad().Localizer("en").Role
	return func(w io.Writer) error { return c.WriteHTML(w, role) }
}
