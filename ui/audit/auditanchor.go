package audit

import (
	"context"
	"custodia/i18n"
	"custodia/ui/kit"
	"fmt"
	"io"
	"strings"
	"time"

	usecase "custodia/app"
	"custodia/vault"

	"fyne.io/fyne/v2/widget"
)

// anchorStale is the age after which the audit screen asks for a new anchor.
const anchorStale = 7 * 24 * time.Hour

// anchorAge words how old the newest signed anchor is.
func anchorAge(loc *i18n.Localizer, at time.Time, seq int64, now time.Time) string {
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
func (v *View) showAnchorAge() {
	var at time.Time
	var seq int64
	var err error
	var onLock string
	v.env.Run(func() { at, seq, err = usecase.LastAnchor(v.session); onLock = lockAnchorNote(v.env.Loc, v.session) }, func() {
		if err != nil {
			v.anchorAge.SetText("")
			return
		}
		v.anchorAge.SetText(strings.TrimSpace(anchorAge(v.env.Loc, at, seq, v.env.Now()) + " " + onLock))
	})
}

// writeAnchor verifies the trail and saves a signed anchor file.
func (v *View) writeAnchor() {
	v.env.Touch()
	var a vault.Anchor
	var err error
	v.anchor.Disable()
	// the anchor verifies the whole trail first: over 300 ms that shows,
	// as Verify does; it is not cancelled (the anchor is recorded)
	v.env.RunSlow(func(context.Context) { a, _, err = usecase.AnchorAudit(v.session) }, kit.SlowWork{Progress: func() {
		v.result.SetText(v.env.T("audit.verifying"))
		v.result.Importance = widget.MediumImportance
		v.result.Refresh()
		v.activity.Show()
		v.activity.Start()
	}, Done: func() {
		v.anchor.Enable()
		if !v.Verifying() {
			v.activity.Stop()
			v.activity.Hide()
		}
		if err != nil {
			v.result.SetText(verifyMessage(v.env.Loc, 0, err))
			v.result.Importance = widget.DangerImportance
			v.result.Refresh()
			return
		}
		v.saveAnchor(a)
	}})
}

// AnchorBusy reports whether writing the anchor shows that it is working.
func (v *View) AnchorBusy() bool { return v.anchor.Disabled() && v.activity.Visible() }

func (v *View) saveAnchor(a vault.Anchor) {
	data, err := a.Marshal()
	if err != nil {
		v.env.ShowError(err)
		return
	}
	name := fmt.Sprintf("custodia-anchor-%s.json", v.env.Now().Format(kit.DateLayout))
	kit.SaveDocument(v.env, name, ".json", func(out io.Writer) error { _, e := out.Write(data); return e }, func(path string) {
		v.result.SetText(v.env.Loc.T("audit.anchor.saved", "Seq", v.env.Loc.Int(int(a.Seq)), "Path", path))
		v.result.Importance = widget.SuccessImportance
		v.result.Refresh()
		v.showAnchorAge()
	})
}

// lockAnchorNote is the line the audit screen adds under the anchor's age
// when anchors are written on every lock ("" when not, or unknown).
func lockAnchorNote(loc *i18n.Localizer, s any) string {
	f, ok := s.(interface{ AnchorFile() (string, error) })
	if !ok {
		return ""
	}
	path, err := f.AnchorFile()
	if err != nil || path == "" {
		return ""
	}
	return loc.T("anchor.lock.file", "Path", path)
}
