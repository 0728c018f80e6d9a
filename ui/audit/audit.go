package audit

import (
	"context"
	"custodia/i18n"
	"custodia/ui/kit"
	"errors"
	"fmt"

	usecase "custodia/app"
	"custodia/vault"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// auditPage is how many entries one page of the reading fetches.
const auditPage = 500

// auditColumns are the table's columns and their least widths.
var auditColumns = []struct {
	title string
	width float32
}{{"audit.col.seq", 40}, {"audit.col.time", 120}, {"audit.col.user", 80}, {"audit.col.action", 160}, {"audit.col.object", 120}, {"audit.col.outcome", 60}}

// View shows the audit trail page by page and verifies its chain.
type View struct {
	env     *kit.Env
	session kit.Session
	content fyne.CanvasObject

	table     *widget.Table
	verify    *widget.Button
	refresh   *widget.Button
	latest    *widget.Button
	result    *widget.Label
	anchor    *widget.Button
	anchorAge *widget.Label
	count     *widget.Label
	activity  *widget.Activity
	// latestBusy turns while "Latest entries" reads over 300 ms;
	// stopLatest stops that reading once it has run 2 s.
	latestBusy *widget.Activity
	stopLatest *kit.CancelButton
	// stopVerify stops waiting for a check that has run 2 s; verifyGen
	// tells a check's answer from one the screen stopped waiting for.
	stopVerify *kit.CancelButton
	verifyGen  int
	// detail shows the selected entry's detail in words (usecase.AuditDetail).
	detail *widget.Label

	// reading is this view's reading of the trail, from its opening or
	// last reload on: the vault records it once, not once a page.
	reading   *usecase.AuditReading
	entries   []vault.AuditEntry
	names     map[string]string
	exhausted bool
	loading   bool
	// widths are the columns' widths: each grows to its header and the
	// widest cell loaded (auditfit.go); paneWidth is the table's width.
	widths    []float32
	paneWidth float32
	loaded    bool
	gen       int
}

// NewView makes the audit screen over session s.
func NewView(env *kit.Env, s kit.Session) *View {
	v := &View{env: env, session: s, names: map[string]string{}}
	v.table = widget.NewTableWithHeaders(v.size, func() fyne.CanvasObject {
		l := widget.NewLabel("")
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}, v.updateCell)
	v.table.ShowHeaderColumn = false
	v.table.CreateHeader = func() fyne.CanvasObject { l := widget.NewLabel(""); l.TextStyle.Bold = true; return l }
	v.table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Col >= 0 {
			o.(*widget.Label).SetText(env.T(auditColumns[id.Col].title))
		}
	}
	v.fitHeaders()
	v.verify = widget.NewButtonWithIcon(env.Loc.T("audit.verify"), theme.ConfirmIcon(), v.Verify)
	v.verify.Importance = widget.HighImportance
	v.refresh = widget.NewButtonWithIcon(env.Loc.T("audit.refresh"), theme.ViewRefreshIcon(), v.Reload)
	v.latest = widget.NewButtonWithIcon(env.Loc.T("audit.latest"), theme.MoveDownIcon(), v.ShowLatest)
	v.anchor = widget.NewButtonWithIcon(env.Loc.T("audit.anchor"), theme.DocumentSaveIcon(), v.writeAnchor)
	v.anchorAge = widget.NewLabel("")
	v.anchorAge.Wrapping = fyne.TextWrapWord
	v.result = widget.NewLabel(env.Loc.T("audit.notverified"))
	v.result.Wrapping = fyne.TextWrapWord
	v.count = widget.NewLabel("")
	v.activity = widget.NewActivity()
	v.activity.Hide()
	v.latestBusy = widget.NewActivity()
	v.latestBusy.Hide()
	v.stopLatest = kit.NewCancelButton(env)
	v.stopVerify = kit.NewCancelButton(env)
	top := container.NewVBox(
		container.NewHBox(v.verify, v.anchor, v.refresh, v.latest, v.latestBusy, v.stopLatest.Button, v.activity, v.stopVerify.Button, v.count),
		v.result,
		v.anchorAge,
	)
	v.detail = widget.NewLabel(env.Loc.T("auditdetail.hint"))
	v.detail.Wrapping = fyne.TextWrapWord
	v.table.OnSelected = v.showDetail
	v.content = container.NewBorder(top, v.detail, nil, nil, &fyne.Container{Layout: fillObject{v}, Objects: []fyne.CanvasObject{v.table}})
	return v
}

// showDetail shows the selected entry's detail in words, the same
// wording as "custodiactl audit list".
func (v *View) showDetail(id widget.TableCellID) {
	if id.Row < 0 || id.Row >= len(v.entries) {
		return
	}
	v.detail.SetText(v.selectedText(v.entries[id.Row]))
}

// selectedText is the line under the table for the selected entry: its
// detail in words and its object whole (the object column may be too
// narrow for a long one).
func (v *View) selectedText(e vault.AuditEntry) string {
	return detailText(v.env.Loc, e) + "\n" + v.env.T("audit.objectof", "Object", auditObject(v.env.Loc, e.Object, v.names))
}

// detailText is the detail line of an entry: its number, action and
// detail in words, or that it records no detail.
func detailText(loc *i18n.Localizer, e vault.AuditEntry) string {
	d := usecase.AuditDetail(loc, e)
	if d == "" {
		return loc.T("auditdetail.none", "Seq", e.Seq, "Action", loc.AuditAction(e.Action))
	}
	return loc.T("auditdetail.selected", "Seq", e.Seq, "Action", loc.AuditAction(e.Action), "Detail", d)
}

func (v *View) size() (int, int) { return len(v.entries), len(auditColumns) }

func (v *View) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	l := o.(*widget.Label)
	if id.Row >= len(v.entries) {
		l.SetText("")
		return
	}
	if id.Row >= len(v.entries)-50 {
		v.loadMore()
	}
	if id.Col == 4 {
		l.SetText(auditObject(v.env.Loc, v.entries[id.Row].Object, v.names)) // names.go
		return
	}
	l.SetText(auditCell(v.env.Loc, v.entries[id.Row], id.Col, v.names))
}

// auditCell is the text of one cell: seq, time, user, action, object, outcome.
func auditCell(loc *i18n.Localizer, e vault.AuditEntry, col int, names map[string]string) string {
	switch col {
	case 0:
		return fmt.Sprint(e.Seq)
	case 1:
		return loc.DateTime(e.Time.Local()) + e.Time.Local().Format(":05")
	case 2:
		if e.UserID == "" {
			return "—"
		}
		if n, ok := names[e.UserID]; ok {
			return n
		}
		return kit.ShortID(e.UserID)
	case 3:
		return loc.AuditAction(e.Action)
	case 4:
		return e.Object
	case 5:
		return loc.Label("outcome", e.Outcome, "")
	}
	return ""
}

// Verifying reports whether a verification is running.
func (v *View) Verifying() bool { return v.verify.Disabled() }

// AllLoaded reports whether every entry of the trail is loaded.
func (v *View) AllLoaded() bool { return v.exhausted }

// Content is the screen, for the shell's tab.
func (v *View) Content() fyne.CanvasObject { return v.content }

// Activate loads the screen the first time its tab is shown.
func (v *View) Activate() {
	if !v.loaded {
		v.Reload()
	}
}

// Reload starts again from the first entry and refreshes user names.
func (v *View) Reload() {
	v.showAnchorAge()
	v.loaded = true
	v.gen++
	v.reading = usecase.ReadAudit(v.session)
	v.entries, v.exhausted, v.loading = nil, false, false
	v.table.Refresh()
	var us []vault.User
	var err error
	v.env.Run(func() { us, err = usecase.ListUsers(v.session) }, func() {
		if err == nil {
			for _, u := range us {
				v.names[u.ID] = u.Name
			}
		}
		v.loadMore()
	})
}

// ShowLatest loads the remaining entries off the UI goroutine and scrolls
// to the newest one. A long trail shows progress after 300 ms and offers
// Cancel after 2 s: reading is safe to stop between pages, and the
// entries read so far stay.
func (v *View) ShowLatest() {
	v.env.Touch()
	if v.loading {
		return
	}
	if v.exhausted {
		v.table.ScrollToBottom()
		return
	}
	v.loading = true
	v.latest.Disable()
	gen := v.gen
	after := int64(0)
	if n := len(v.entries); n > 0 {
		after = v.entries[n-1].Seq
	}
	var more []vault.AuditEntry
	var err error
	r := v.reading
	v.env.RunSlow(func(ctx context.Context) { more, err = readAllAudit(ctx, r, after) }, kit.SlowWork{
		Progress: func() {
			v.count.SetText(v.env.T("sweeproles.audit.readingall"))
			v.latestBusy.Show()
			v.latestBusy.Start()
		},
		Cancellable: v.stopLatest.Arm,
		Done: func() {
			v.latestBusy.Stop()
			v.latestBusy.Hide()
			v.stopLatest.Disarm()
			v.latest.Enable()
			if gen != v.gen {
				return
			}
			v.latestLoaded(more, err)
		},
	})
}

// latestLoaded shows what "Latest entries" read: every entry, or those
// read before Cancel (the rest load on scrolling or on asking again).
func (v *View) latestLoaded(more []vault.AuditEntry, err error) {
	v.loading = false
	v.entries = append(v.entries, more...)
	v.fitCells(more)
	v.exhausted = err == nil
	if err != nil && !errors.Is(err, context.Canceled) {
		v.env.ShowError(err)
	}
	v.showCount()
	v.table.Refresh()
	v.table.ScrollToBottom()
}

// LatestBusy reports whether "Latest entries" shows that it is working,
// and whether it offers Cancel.
func (v *View) LatestBusy() (working, cancel bool) {
	return v.latestBusy.Visible(), v.stopLatest.Button.Visible()
}

// readAllAudit reads every entry after seq, page by page, as pages of the
// reading r; a cancelled ctx stops it between pages with what it read and
// context.Canceled.
func readAllAudit(ctx context.Context, r *usecase.AuditReading, after int64) ([]vault.AuditEntry, error) {
	var out []vault.AuditEntry
	for {
		if err := ctx.Err(); err != nil {
			return out, err
		}
		es, err := r.Entries(after, auditPage)
		out = append(out, es...)
		if err != nil || len(es) < auditPage {
			return out, err
		}
		after = es[len(es)-1].Seq
	}
}

// Entries is what the table holds so far.
func (v *View) Entries() []vault.AuditEntry { return v.entries }

func (v *View) loadMore() {
	if v.loading || v.exhausted {
		return
	}
	v.loading = true
	gen := v.gen
	after := int64(0)
	if n := len(v.entries); n > 0 {
		after = v.entries[n-1].Seq
	}
	var es []vault.AuditEntry
	var err error
	r := v.reading
	v.env.Run(func() { es, err = r.Entries(after, auditPage) }, func() {
		if gen != v.gen {
			return
		}
		v.loading = false
		if err != nil {
			v.exhausted = true
			v.env.ShowError(err)
			return
		}
		v.entries = append(v.entries, es...)
		v.fitCells(es)
		v.exhausted = len(es) < auditPage
		v.showCount()
		v.table.Refresh()
	})
}

func (v *View) showCount() {
	more := ""
	if !v.exhausted {
		more = " " + v.env.T("audit.scrollmore")
	}
	v.count.SetText(v.env.Loc.N("audit.loaded", len(v.entries), "N", v.env.Loc.Int(len(v.entries))) + more)
}

// Verify checks the whole hash chain off the UI goroutine, with the
// indicator at once. A check still running after kit.OfferCancelAfter (a
// long trail) offers Cancel: the check only reads, so the screen stops
// waiting for it and says the chain was not checked; the check itself
// ends in the background (the vault's VerifyAudit takes no context) and
// its answer is dropped.
func (v *View) Verify() {
	v.env.Touch()
	v.verify.Disable()
	v.activity.Show()
	v.activity.Start()
	v.result.SetText(v.env.Loc.T("audit.verifying"))
	v.result.Importance = widget.MediumImportance
	v.verifyGen++
	gen := v.verifyGen
	offer := v.env.After(kit.OfferCancelAfter, func() {
		if gen == v.verifyGen && v.Verifying() {
			v.stopVerify.Arm(func() { v.verifyStopped(gen) })
		}
	})
	var n int64
	var err error
	v.env.Run(func() { n, err = usecase.VerifyAudit(v.session) }, func() {
		offer()
		if gen != v.verifyGen { // stopped: the screen has moved on
			return
		}
		v.verifyIdle()
		v.result.SetText(verifyMessage(v.env.Loc, n, err))
		v.result.Importance = widget.SuccessImportance
		if err != nil {
			v.result.Importance = widget.DangerImportance
		}
		v.result.Refresh()
	})
}

// verifyStopped is Cancel on a running check: the verdict says the chain
// was not checked.
func (v *View) verifyStopped(gen int) {
	if gen != v.verifyGen {
		return
	}
	v.verifyGen++
	v.verifyIdle()
	v.result.SetText(v.env.T("sweeproles.audit.verifystopped"))
	v.result.Importance = widget.WarningImportance
	v.result.Refresh()
}

// verifyIdle puts the verify controls back.
func (v *View) verifyIdle() {
	v.verify.Enable()
	v.stopVerify.Disarm()
	if !v.anchor.Disabled() {
		v.activity.Stop()
		v.activity.Hide()
	}
}

// VerifyCancel reports whether a running check offers Cancel.
func (v *View) VerifyCancel() bool { return v.stopVerify.Button.Visible() }

// resultText is the verification verdict shown.
func (v *View) resultText() string { return v.result.Text }

// verifyMessage words the outcome of VerifyAudit.
func verifyMessage(loc *i18n.Localizer, checked int64, err error) string {
	var ae *vault.AuditError
	switch {
	case err == nil:
		return loc.N("audit.verify.intact", int(checked), "N", loc.Int(int(checked)))
	case errors.As(err, &ae):
		return loc.T("audit.verify.broken", "Seq", ae.Seq, "Reason", ae.Reason)
	}
	return loc.T("audit.verify.failed", "Message", kit.Describe(loc, err).Message)
}
