package printdoc

import (
	"io"
	"time"

	"custodia/consent"
	"custodia/i18n"
)

// PackageFile names one file inside an access package and what it holds.
type PackageFile struct {
	Name string
	What string
}

// CoverLetter is the letter that goes with an access package: it tells the
// patient what the file is and how to open it.
type CoverLetter struct {
	Controller consent.Controller
	Patient    Person
	// RequestType is the request answered; the letter names it with its
	// article (GDPR Art. 15, 20, HIPAA access).
	RequestType consent.RequestType
	Received    time.Time
	Issued      time.Time
	// FileName is the package's file name as handed over.
	FileName string
	Files    []PackageFile
	// Loc words the letter in the patient's language; nil: English.
	Loc *i18n.Localizer
}

// AccessCoverLetter writes the cover letter of an access package.
func AccessCoverLetter(w io.Writer, l CoverLetter) error {
	return coverPage(l).output(w)
}

func coverPage(l CoverLetter) *page {
	c := l.Controller
	loc := english(l.Loc)
	title := loc.T("pdfdocs.cover.title")
	p := newPage(loc, title, loc.T("pdfdocs.cover.footer", "Name", l.Patient.Name(), "Date", loc.Date(l.Issued)), l.Issued)
	p.sender(c)
	p.para(loc.T("pdfdocs.to", "Name", addressee(loc, l.Patient)))
	p.para(loc.T("pdfdocs.date", "Date", loc.Date(l.Issued)))
	p.title(title)
	p.para(loc.T("pdfdocs.cover.intro", "Name", l.Patient.Salutation(), "Request", requestText(loc, l.RequestType),
		"Received", loc.Date(l.Received), "File", l.FileName))
	p.heading(loc.T("pdfdocs.cover.passphrase"))
	p.para(loc.T("pdfdocs.cover.passphrase.text"))
	p.heading(loc.T("pdfdocs.cover.open"))
	p.para(loc.T("pdfdocs.cover.open.text", "File", l.FileName))
	p.para(loc.T("pdfdocs.cover.help"))
	if len(l.Files) > 0 {
		p.heading(loc.T("pdfdocs.cover.contents"))
		rows := make([][]string, len(l.Files))
		for i, f := range l.Files {
			rows[i] = []string{f.Name, f.What}
		}
		p.table([]float64{35, 65}, []string{loc.T("pdfdocs.cover.col.file"), loc.T("pdfdocs.cover.col.contents")}, rows)
	}
	p.heading(loc.T("pdfdocs.cover.rights"))
	p.para(loc.T("pdfdocs.cover.rights.text"))
	p.para(loc.T("pdfdocs.cover.dpo", "Contact", joinNonEmpty(", ", orDash(c.DPOContact), c.Email, c.Phone)))
	p.para(loc.T("pdfdocs.regards", "Practice", c.Name))
	return p
}

// requestText names the request answered, with its article.
func requestText(loc *i18n.Localizer, t consent.RequestType) string {
	if id := "pdfdocs.cover.request." + string(t); loc.Has(id) {
		return loc.T(id)
	}
	return string(t) + " (" + t.Article() + ")"
}

// CoverFileText describes a file of the access package for the cover
// letter: kind is "html", "json", "csv" or "disclosures".
func CoverFileText(loc *i18n.Localizer, kind string) string {
	return english(loc).T("pdfdocs.cover.file." + kind)
}
