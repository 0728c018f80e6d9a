// Package printdoc renders Custodia's printable documents in the reader's
// language (words from package i18n, dates and numbers per locale): as
// PDF, the recovery sheet of a new vault, the backup codes, the consent
// receipt, the erasure and retention deletion certificates, the breach
// notices (to the supervisory authority, Art. 33, and the letter to
// patients, Art. 34), the ROPA, and the protected access report with the
// cover letter of an access package; as printable HTML pages, the consent
// receipt (ReceiptHTML), the certificates (CertificateHTML) and the access
// and portability pages inside an access package (AccessPages, which the
// vault calls while it writes the encrypted package).
//
// It takes the domain structs (package consent) plus the names the caller
// may show, and writes A4 pages with fpdf (codeberg.org/go-pdf/fpdf). The
// Go fonts (golang.org/x/image/font/gofont) are embedded as UTF-8 TrueType
// fonts, so umlauts and other Latin, Greek and Cyrillic letters print as
// typed. Long values wrap inside their column; nothing is cut.
//
// printdoc never imports fyne, the vault or a database: the desktop app and
// the CLI hand it what to print. It keeps nothing: every function writes
// one document to an io.Writer.
package printdoc
