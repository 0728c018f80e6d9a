package ui

import (
	"custodia/i18n"
	"fmt"
	"io"
	"strings"
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
func AnchorAge(loc *i18n.Localizer, at time.Time, seq int64, now time.Time) string {
	if at.IsZero() {
		return loc.T("audit.anchor.none")
	}
	days := int(now.Sub(at).Hours() / 24)
	age := loc.T("audit.anchor.today")
	switch {
	case days == 1:
		age = loc.T("audit.anchor.yesterday")
	case days > 1:
		age = loc.N("audit.anchor.daysago", days)
	}
	msg := loc.T("audit.anchor.last", "Age", age, "Seq", loc.Int(int(seq)))
	if now.Sub(at) > anchorStale {
		msg += " " + loc.T("audit.anchor.stale")
	}
	return msg
}

// showAnchorAge fills the anchor label (administrators and DPOs only see
// the audit screen).
func (v *AuditView) showAnchorAge() {
	var at time.Time
	var seq int64
	var err error
	var onLock string
	v.app.opts.Run(func() { at, seq, err = usecase.LastAnchor(v.session); onLock = v.app.lockAnchorNote(v.session) }, func() {
		if err != nil {
			v.anchorAge.SetText("")
			return
		}
		v.anchorAge.SetText(strings.TrimSpace(AnchorAge(v.app.loc, at, seq, time.Now()) + " " + onLock))
	})
}

// WriteAnchor verifies the trail and saves a signed anchor file.
func (v *AuditView) WriteAnchor() {
	v.app.Touch()
	var a vault.Anchor
	var err error
	v.app.opts.Run(func() { a, _, err = usecase.AnchorAudit(v.session) }, func() {
		if err != nil {
			v.result.SetText(VerifyMessage(v.app.loc, 0, err))
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
		v.result.SetText(v.app.loc.T("audit.anchor.saved", "Seq", v.app.loc.Int(int(a.Seq)), "Path", w.URI().Path()))
		v.result.Importance = widget.SuccessImportance
		v.result.Refresh()
		v.showAnchorAge()
	}, v.app.win)
	d.SetFileName(fmt.Sprintf("custodia-anchor-%s.json", time.Now().Format("2006-01-02")))
	d.SetFilter(storage.NewExtensionFileFilter([]string{".json"}))
	d.Resize(fyne.NewSize(820, 560))
	d.Show()
}
