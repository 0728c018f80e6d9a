package printdoc

import (
	"fmt"
	"io"
	"time"

	"custodia/consent"
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
	// Request is a label of the request, e.g. "access (GDPR Art. 15)".
	Request  string
	Received time.Time
	Issued   time.Time
	// FileName is the package's file name as handed over.
	FileName string
	Files    []PackageFile
}

// AccessCoverLetter writes the cover letter of an access package.
func AccessCoverLetter(w io.Writer, l CoverLetter) error {
	p, err := coverPage(l)
	if err != nil {
		return err
	}
	return p.output(w)
}

func coverPage(l CoverLetter) (*page, error) {
	c := l.Controller
	p := newPage("Your personal data – how to open the package", "Access package – "+l.Patient.Name()+" – "+dateText(l.Issued), l.Issued)
	p.sender(c)
	p.para("To: " + l.Patient.Label())
	p.para("Date: " + dateText(l.Issued))
	p.title("Your personal data – how to open the package")
	p.para(fmt.Sprintf("Dear %s,\n\nWith this letter you receive the copy of your personal data you asked for in your request for %s "+
		"received on %s. The data is in the file \"%s\". It is encrypted so that nobody else can read it on its way to you.",
		l.Patient.Salutation(), orDash(l.Request), dateText(l.Received), l.FileName))
	p.heading("The passphrase")
	p.para("The file opens with a passphrase. We tell it to you separately, for example by telephone, never together with the file. " +
		"If you have not received it, please call us.")
	p.heading("How to open the file")
	p.para("The file is encrypted with age, a free and open encryption tool (https://age-encryption.org).\n" +
		"1. Install age. On Windows and macOS the download page of age lists installers; on Linux use the package \"age\".\n" +
		"2. Decrypt: open a terminal in the folder of the file and run\n" +
		"      age --decrypt -o access.tar \"" + l.FileName + "\"\n" +
		"   and type the passphrase when asked.\n" +
		"3. Unpack: run  tar -xf access.tar  (Windows 10 and later, macOS and Linux include tar), or open access.tar with an archive program such as 7-Zip.\n" +
		"4. Open the page access/index.html with your web browser. It shows all your data in readable form and can be printed.")
	p.para("If this is difficult for you, you are welcome to view the data with us at the practice, or to ask for a printed copy.")
	if len(l.Files) > 0 {
		p.heading("What the package contains")
		rows := make([][]string, len(l.Files))
		for i, f := range l.Files {
			rows[i] = []string{f.Name, f.What}
		}
		p.table([]float64{35, 65}, []string{"File", "Contents"}, rows)
	}
	p.heading("Your rights")
	p.para("You may ask us to correct wrong data (GDPR Art. 16), to erase data (Art. 17) or to restrict its use (Art. 18), " +
		"and you may object to processing (Art. 21). You also have the right to lodge a complaint with a supervisory authority.")
	p.para("For questions please contact our data protection officer: " + joinNonEmpty(", ", orDash(c.DPOContact), c.Email, c.Phone) + ".")
	p.para("Kind regards\n" + c.Name)
	return p, nil
}
