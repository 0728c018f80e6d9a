package printdoc

import (
	"io"
	"time"

	"custodia/consent"
	"custodia/i18n"
)

// PackageLetter is the cover letter of an access package delivered as a
// passphrase-protected PDF (and, if also sent, the encrypted data
// archive). It names the patient as the addressee and says nothing about
// their health: it travels unprotected.
type PackageLetter struct {
	Controller consent.Controller
	Patient    Person
	Received   time.Time
	Issued     time.Time
	// PDFName is the protected PDF's file name as handed over.
	PDFName string
	// ArchiveName is the age archive's file name, "" when none is sent.
	ArchiveName string
}

// AccessPackageLetter writes the cover letter in the reader's language:
// what the files are, that the passphrase comes separately, and how to
// open the PDF (any PDF reader) and the archive (age).
func AccessPackageLetter(w io.Writer, loc *i18n.Localizer, l PackageLetter) error {
	return packageLetterPage(loc, l).output(w)
}

func packageLetterPage(loc *i18n.Localizer, l PackageLetter) *page {
	c := l.Controller
	p := newLocPage(loc, loc.T("accesspdf.letter.title"), "accesspdf.letterFooter", c.Name, l.Issued)
	p.sender(c)
	p.para(loc.T("accesspdf.letter.to", "Name", addressee(loc, l.Patient)))
	p.para(loc.T("accesspdf.letter.date", "Date", loc.Date(l.Issued)))
	p.title(loc.T("accesspdf.letter.title"))
	p.para(loc.T("accesspdf.letter.dear", "Name", l.Patient.Salutation()) + "\n\n" +
		loc.T("accesspdf.letter.intro", "Received", loc.Date(l.Received), "PDF", l.PDFName))
	p.heading(loc.T("accesspdf.letter.passphrase"))
	p.para(loc.T("accesspdf.letter.passphrase.text"))
	p.heading(loc.T("accesspdf.letter.pdf"))
	p.para(loc.T("accesspdf.letter.pdf.text", "PDF", l.PDFName))
	if l.ArchiveName != "" {
		p.heading(loc.T("accesspdf.letter.archive"))
		p.para(loc.T("accesspdf.letter.archive.text", "Archive", l.ArchiveName))
	}
	p.para(loc.T("accesspdf.letter.help"))
	p.heading(loc.T("accesspdf.rights"))
	p.para(loc.T("pdfdocs.cover.rights.text"))
	p.para(loc.T("accesspdf.contact", "Contact", joinNonEmpty(", ", orDash(c.DPOContact), c.Email, c.Phone)))
	p.para(loc.T("accesspdf.letter.regards", "Practice", c.Name))
	return p
}
