package printdoc

import (
	"errors"
	"io"
	"strings"
	"time"
)

// Recovery is what the recovery sheet of a new vault shows.
type Recovery struct {
	VaultName string // the vault file's name, e.g. practice.vault
	VaultPath string // where it was created
	Admin     string // the first administrator's user name
	Code      string // the recovery code, printed once
	Created   time.Time
}

// ErrNoCode is returned when a recovery sheet has no code to print.
var ErrNoCode = errors.New("printdoc: recovery sheet without a recovery code")

// RecoverySheet writes the recovery sheet: the code (exactly once) with
// the vault's name, the date and what to do with it. The sheet is a
// secret: whoever holds it can open the vault as administrator.
func RecoverySheet(w io.Writer, r Recovery) error {
	p, err := recoveryPage(r)
	if err != nil {
		return err
	}
	return p.output(w)
}

func recoveryPage(r Recovery) (*page, error) {
	if strings.TrimSpace(r.Code) == "" {
		return nil, ErrNoCode
	}
	p := newPage("Custodia recovery sheet", "Custodia recovery sheet – "+r.VaultName+" – CONFIDENTIAL", r.Created)
	p.title("Recovery sheet – " + r.VaultName)
	p.para("CONFIDENTIAL. This code opens the vault as administrator if every passphrase is lost. " +
		"Whoever holds it can read every record in the vault.")
	p.fields([][2]string{
		{"Vault", r.VaultName},
		{"File", orDash(r.VaultPath)},
		{"Administrator", orDash(r.Admin)},
		{"Created", timeText(r.Created)},
	})
	p.code(r.Code)
	p.heading("Keep it safe")
	p.para("Keep this sheet in the practice safe or another locked place, separate from the computer and from backups of the vault file. " +
		"Do not photograph, scan or e-mail it, and do not keep a copy on this computer. " +
		"Delete the PDF file once it is printed.")
	p.heading("When you need it")
	p.para("1. Start Custodia, enter the file named above under \"Open a vault\" (or find it with \"Browse…\") and click \"Open\".\n" +
		"2. On the unlock screen, click \"Use the recovery code instead\" and type the code. Dashes, spaces and letter case do not matter.\n" +
		"3. Custodia then asks for a new administrator passphrase. Choose one and store it as your practice's policy requires.")
	p.heading("If the sheet is lost or may have been seen")
	p.para("An administrator issues a new recovery code in Custodia; the old code stops working at once. " +
		"Destroy the old sheet (shred it) and record the event as your data-protection procedures require.")
	return p, nil
}

// code prints the recovery code large in a monospaced box.
func (p *page) code(code string) {
	w := p.contentWidth()
	p.pdf.Ln(2)
	p.pdf.SetFont(sans, "B", bodySize)
	p.pdf.CellFormat(w, lineHeight, "Recovery code", "", 1, "L", false, 0, "")
	p.record([]string{"Recovery code"}, w)
	size := 20.0
	p.pdf.SetFont(mono, "", size)
	for size > 9 && p.pdf.GetStringWidth(code) > w-8 {
		size--
		p.pdf.SetFont(mono, "", size)
	}
	lines := p.split(code, w-8)
	p.record(lines, w-8)
	h := float64(len(lines))*size*0.5 + 8
	x, y := p.pdf.GetXY()
	p.pdf.SetLineWidth(0.6)
	p.pdf.Rect(x, y, w, h, "D")
	p.pdf.SetLineWidth(0.2)
	for i, l := range lines {
		p.pdf.SetXY(x+4, y+4+float64(i)*size*0.5)
		p.pdf.CellFormat(w-8, size*0.5, l, "", 0, "C", false, 0, "")
	}
	p.pdf.SetXY(x, y+h+3)
}
