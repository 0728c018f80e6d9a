package ui

import (
	"fmt"
	"io"
	"time"

	usecase "custodia/app"
	"custodia/vault"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"
)

// anchorStale is the age after which the audit screen asks for a new anchor.
const anchorStale = 7 * 24 * time.Hour

// AnchorAge words how old the newest signed anchor is.
func AnchorAge(at time.Time, seq int64, now time.Time) string {
	if at.IsZero() {
		return "No anchor has been written yet. Write one and keep it away from this computer: it reveals a vault rolled back to an older copy or a trail cut short."
	}
	days := int(now.Sub(at).Hours() / 24)
	age := "today"
	switch {
	case days == 1:
		age = "yesterday"
	case days > 1:
		age = fmt.Sprintf("%d days ago", days)
	}
	msg := fmt.Sprintf("Last anchor written %s (entry %s).", age, thousands(int(seq)))
	if now.Sub(at) > anchorStale {
		msg += " Write a new one."
	}
	return msg
}

// showAnchorAge fills the anchor label (administrators and DPOs only see
// the audit screen).
func (v *AuditView) showAnchorAge() {
	var at time.Time
	var seq int64
	var err error
	v.app.opts.Run(func() { at, seq, err = usecase.LastAnchor(v.session) }, func() {
		if err != nil {
			v.anchorAge.SetText("")
			return
		}
		v.anchorAge.SetText(AnchorAge(at, seq, time.Now()))
	})
}

// WriteAnchor verifies the trail and saves a signed anchor file.
func (v *AuditView) WriteAnchor() {
	v.app.Touch()
	var a vault.Anchor
	var err error
	v.app.opts.Run(func() { a, _, err = usecase.AnchorAudit(v.session) }, func() {
		if err != nil {
			v.result.SetText(VerifyMessage(0, err))
			v.result.Importance = widget.DangerImportance
			v.result.Refresh()
			return
		}
		v.saveAnchor(a)
	})
}

func (v *AuditView) saveAnchor(a vault.Anchor) {
	data, err := a.Marshal()
	if err != nil {
		v.app.showError(err)
		return
	}
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			v.app.showError(err)
			return
		}
		if w == nil {
			return
		}
		if err := writeToURI(w, func(out io.Writer) error { _, e := out.Write(data); return e }); err != nil {
			v.app.showError(err)
			return
		}
		v.result.SetText(fmt.Sprintf("Anchor of entry %s saved to %s. Keep it away from this computer.", thousands(int(a.Seq)), w.URI().Path()))
		v.result.Importance = widget.SuccessImportance
		v.result.Refresh()
		v.showAnchorAge()
	}, v.app.win)
	d.SetFileName(fmt.Sprintf("custodia-anchor-%s.json", time.Now().Format("2006-01-02")))
	d.SetFilter(storage.NewExtensionFileFilter([]string{".json"}))
	d.Resize(fyne.NewSize(820, 560))
	d.Show()
}
