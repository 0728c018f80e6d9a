// Package printdoc renders Custodia's printable documents as PDF: the
// recovery sheet of a new vault, the consent receipt, the erasure
// certificate, the breach notices (to the supervisory authority, Art. 33,
// and the letter to patients, Art. 34) and the cover letter of an access
// package.
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
