package consents

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"

	"custodia/i18n"
	"custodia/ui/kit"

	usecase "custodia/app"
	"custodia/consent"
	"custodia/vault"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// errScanType: the chosen file is not a PDF, PNG or JPEG.
var errScanType = errors.New("ui: scan is not a PDF, PNG or JPEG")

// errScanSize: the chosen file is larger than vault.MaxScanSize.
var errScanSize = errors.New("ui: scan too large")

// pickedScan is a signed form chosen in the grant dialog, held in memory
// until the grant is recorded.
type pickedScan struct {
	name        string // file name, shown in the dialog only
	contentType string
	data        []byte
}

// scanType recognises PDF, PNG and JPEG by their first bytes (the file
// name may lie).
func scanType(data []byte) (string, bool) {
	switch {
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return "application/pdf", true
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return "image/png", true
	case bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}):
		return "image/jpeg", true
	}
	return "", false
}

// checkScanFile returns the scan or an error saying what is wrong with it.
func checkScanFile(name string, data []byte) (*pickedScan, error) {
	if len(data) > vault.MaxScanSize {
		return nil, fmt.Errorf("%w: the file is larger than %d MiB; scan the form at a lower resolution", errScanSize, vault.MaxScanSize>>20)
	}
	ct, ok := scanType(data)
	if !ok {
		return nil, fmt.Errorf("%w: choose the signed form as a PDF, PNG or JPEG file", errScanType)
	}
	return &pickedScan{name: name, contentType: ct, data: data}, nil
}

func sizeText(n int) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d KiB", (n+1023)/1024)
}

// newScanButtons makes the grant dialog's "Attach signed form…" and
// "Remove" buttons.
func (g *GrantForm) newScanButtons() {
	g.scanInfo = kit.WrapLabel(g.panel.env.Loc.T("consent.scan.none"))
	g.scanPick = widget.NewButtonWithIcon(g.panel.env.Loc.T("consent.scan.attach"), theme.FileIcon(), g.chooseScan)
	g.scanDrop = widget.NewButtonWithIcon("", theme.DeleteIcon(), g.removeScan)
	g.scanDrop.Hide()
}

func (g *GrantForm) chooseScan() {
	env := g.panel.env
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			env.ShowError(err)
			return
		}
		if r == nil {
			return
		}
		data, err := io.ReadAll(io.LimitReader(r, vault.MaxScanSize+1))
		_ = r.Close()
		if err != nil {
			env.ShowError(err)
			return
		}
		g.AttachScan(r.URI().Name(), data)
	}, env.Win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".pdf", ".PDF", ".png", ".PNG", ".jpg", ".JPG", ".jpeg", ".JPEG"}))
	d.Resize(kit.FitDialogTo(env.Win, fyne.Size{}, fyne.NewSize(800, 560))) // at most the window
	kit.TitleFileDialog(d, env.Loc, kit.FileOpen)
	d.Show()
}

// AttachScan checks a chosen file and keeps it for the grant; a file that
// is too large or of another type is refused with a message.
func (g *GrantForm) AttachScan(name string, data []byte) {
	s, err := checkScanFile(name, data)
	if err != nil {
		g.setProblem(scanProblem(g.panel.env.Loc, err))
		return
	}
	g.setProblem("")
	g.scan = s
	g.scanInfo.SetText(g.panel.env.Loc.T("consent.scan.attached", "Name", name, "Type", s.contentType, "Size", sizeText(len(data))))
	g.scanDrop.Show()
}

// removeScan drops the attached file.
func (g *GrantForm) removeScan() {
	g.scan = nil
	g.scanInfo.SetText(g.panel.env.T("consent.scan.none"))
	g.scanDrop.Hide()
}

// scanAttached reports whether a signed form is attached.
func (g *GrantForm) scanAttached() bool { return g.scan != nil }

// recordGrant records the grant through the use case (package app),
// which checks it, stores the scan (if any) encrypted in the vault and
// appends the grant.
func (p *Panel) recordGrant(e consent.Event, scan *pickedScan) {
	g := usecase.Grant{Event: e}
	if scan != nil {
		g.Scan = &usecase.Scan{ContentType: scan.contentType, Data: scan.data}
	}
	var err error
	p.env.RunBusy(p.bar, func() { _, err = p.uc.GrantConsent(g) }, func() {
		if err != nil {
			p.setStatus(p.env.Loc.T("consent.notrecorded"))
			p.env.ShowError(err)
			return
		}
		if scan != nil {
			p.setStatus(p.env.Loc.T("consent.recorded.scan"))
		} else {
			p.setStatus(p.env.Loc.T("consent.recorded"))
		}
		p.Reload()
	})
}

// selectEvent is called when a timeline row is selected.
func (p *Panel) selectEvent(row int) {
	p.env.Touch()
	p.selectedEvent = -1
	if i := len(p.ledger.Events) - 1 - row; i >= 0 && i < len(p.ledger.Events) {
		p.selectedEvent = i
	}
	p.apply()
}

// SelectEvent selects a timeline row (newest first); for tests and the tour.
func (p *Panel) SelectEvent(row int) { p.timeline.Select(widget.TableCellID{Row: row, Col: 0}) }

// selectedScan returns the scan of the selected ledger event.
func (p *Panel) selectedScan() (*consent.Attachment, bool) {
	if p.selectedEvent < 0 || p.selectedEvent >= len(p.ledger.Events) {
		return nil, false
	}
	s := p.ledger.Events[p.selectedEvent].Scan
	return s, s != nil
}

// scanSavable reports whether "Save scan…" is enabled.
func (p *Panel) scanSavable() bool { return !p.saveScan.Disabled() }

// writeScan decrypts the selected event's scan through the vault (which
// audits the read), checks it against the ledger's hash and writes it to w.
func (p *Panel) writeScan(w io.Writer) error {
	a, ok := p.selectedScan()
	if !ok {
		return fmt.Errorf("no ledger event with a scan selected: %w", consent.ErrNotFound)
	}
	_, data, err := p.uc.Vault().Scan(a.Ref)
	if err != nil {
		return err
	}
	if sum := sha256.Sum256(data); a.SHA256 != "" && hex.EncodeToString(sum[:]) != a.SHA256 {
		return fmt.Errorf("scan %s does not match the ledger's hash: %w", a.Ref, vault.ErrIntegrity)
	}
	_, err = w.Write(data)
	return err
}

// scanExtension is the file name extension of a scan's content type.
func scanExtension(contentType string) string {
	switch contentType {
	case "image/png":
		return ".png"
	case "image/jpeg":
		return ".jpg"
	}
	return ".pdf"
}

// SaveScan asks where to write the selected event's scan and writes the
// decrypted file there only.
func (p *Panel) SaveScan() {
	p.env.Touch()
	a, ok := p.selectedScan()
	if !ok {
		return
	}
	name := strings.TrimSuffix(kit.PDFFileName(p.env.T("consent.scan.file"), "", p.uc.Now()), ".pdf") + scanExtension(a.ContentType)
	kit.SaveDocument(p.env, name, scanExtension(a.ContentType), p.writeScan, func(path string) {
		p.setStatus(p.env.Loc.T("consent.scan.saved", "Path", path))
	})
}

// scanProblem words why a chosen scan was refused.
func scanProblem(loc *i18n.Localizer, err error) string {
	switch {
	case errors.Is(err, errScanSize):
		return loc.T("consent.scan.toolarge", "MiB", vault.MaxScanSize>>20)
	case errors.Is(err, errScanType):
		return loc.T("consent.scan.wrongtype")
	}
	return kit.Describe(loc, err).Message
}

// SelectScanEvent selects the newest ledger event with a signed scan;
// false when there is none. For the tour.
func (p *Panel) SelectScanEvent() bool {
	for row := range len(p.ledger.Events) {
		if p.ledger.Events[len(p.ledger.Events)-1-row].Scan != nil {
			p.SelectEvent(row)
			return true
		}
	}
	return false
}
