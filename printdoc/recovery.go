package printdoc

import (
	"errors"
	"io"
	"strings"
	"time"

	"custodia/i18n"
)

// Recovery is what the recovery sheet of a new vault shows.
type Recovery struct {
	VaultName string // the vault file's name, e.g. practice.vault
	VaultPath string // where it was created
	Admin     string // the first administrator's user name
	Code      string // the recovery code, printed once
	Created   time.Time
	// Loc words the sheet in the user's language; nil: English.
	Loc *i18n.Localizer
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
	loc := english(r.Loc)
	p := newPage(loc, loc.T("pdfdocs.recovery.meta"), loc.T("pdfdocs.recovery.footer", "Vault", r.VaultName), r.Created)
	p.title(loc.T("pdfdocs.recovery.title", "Vault", r.VaultName))
	p.para(loc.T("pdfdocs.recovery.confidential"))
	created := createdText(loc, r.Created)
	p.fields([][2]string{
		{loc.T("pdfdocs.recovery.vault"), r.VaultName},
		{loc.T("pdfdocs.recovery.file"), orDash(r.VaultPath)},
		{loc.T("pdfdocs.recovery.admin"), orDash(r.Admin)},
		{loc.T("pdfdocs.recovery.created"), created},
	})
	p.code(loc.T("pdfdocs.recovery.code"), r.Code)
	p.heading(loc.T("pdfdocs.recovery.keep"))
	p.para(loc.T("pdfdocs.recovery.keep.text"))
	p.heading(loc.T("pdfdocs.recovery.when"))
	// the steps quote the start and unlock screens' own words, so the
	// sheet never names a button the screen does not show
	p.para(loc.T("pdfdocs.recovery.when.text", "OpenCard", loc.T("start.opencard.title"), "Browse", loc.T("start.browse"),
		"Open", loc.T("start.open"), "UseCode", loc.T("unlock.userecovery")))
	p.heading(loc.T("pdfdocs.recovery.lost"))
	p.para(loc.T("pdfdocs.recovery.lost.text"))
	return p, nil
}

// code prints the recovery code large in a monospaced box under label.
func (p *page) code(label, code string) {
	w := p.contentWidth()
	p.pdf.Ln(2)
	p.pdf.SetFont(sans, "B", bodySize)
	p.pdf.CellFormat(w, lineHeight, label, "", 1, "L", false, 0, "")
	p.record([]string{label}, w)
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

// createdText is when a secret sheet was made, with its time zone
// ("05.12.2026 14:30 CET"); "" when unknown.
func createdText(loc *i18n.Localizer, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return loc.DateTime(t) + " " + t.Format("MST")
}
