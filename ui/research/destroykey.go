package research

import (
	"custodia/ui/kit"

	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// KeyDestroyer is the final confirmation before a study's pseudonym key
// is destroyed: it names the study, says what becomes impossible
// afterwards (re-identification, runs with pseudonyms or shifted dates)
// and asks for the reason; only "Destroy the key" with a reason destroys
// it. The vault checks who may (administrator, DPO) and audits it.
type KeyDestroyer struct {
	v      *View
	study  StudyRecord
	dlg    *dialog.CustomDialog
	text   string
	reason *kit.PrivateEntry
	ok     *widget.Button
	status *widget.Label
	busy   bool
}

// DestroyKey asks to destroy the selected study's pseudonym key; nothing
// when no study is selected or its key is gone already.
func (v *View) DestroyKey() {
	v.opts.Touch()
	if v.selected < 0 || v.selected >= len(v.studies) || v.studies[v.selected].KeyDestroyed {
		return
	}
	d := v.newKeyDestroyer(v.studies[v.selected])
	v.Destroyer = d
	if v.opts.ShowDialog != nil {
		v.opts.ShowDialog(d.dlg) // Esc closes it through d.dlg.Hide, so closed runs
	} else {
		d.dlg.Show()
	}
	v.win.Canvas().Focus(d.reason)
}

func (v *View) newKeyDestroyer(st StudyRecord) *KeyDestroyer {
	loc := v.loc
	d := &KeyDestroyer{v: v, study: st}
	name := st.Study.Name
	d.text = loc.T("research.destroy.text", "Study", name)
	question := wrapped(loc.T("research.destroy.question", "Study", name))
	question.TextStyle.Bold = true
	d.reason = kit.NewPrivateMultiLineEntry()
	d.reason.SetMinRowsVisible(3)
	d.reason.SetPlaceHolder(loc.T("research.destroy.reasonPlaceholder"))
	d.status = widget.NewLabel("")
	d.status.Wrapping = fyne.TextWrapWord
	d.status.Importance = widget.DangerImportance
	d.status.Hide()
	body := container.NewVBox(question, wrapped(d.text),
		heading(loc.T("research.destroy.reason")), d.reason, hint(loc.T("research.destroy.reasonHint")), d.status)
	cancel := widget.NewButtonWithIcon(loc.T("research.destroy.cancel"), theme.CancelIcon(), d.Cancel)
	d.ok = widget.NewButtonWithIcon(loc.T("research.destroy.ok"), theme.DeleteIcon(), d.Confirm)
	d.ok.Importance = widget.DangerImportance
	d.ok.Disable()
	d.reason.OnChanged = func(s string) {
		if strings.TrimSpace(s) == "" || d.busy {
			d.ok.Disable()
		} else {
			d.ok.Enable()
		}
	}
	d.dlg = dialog.NewCustomWithoutButtons(loc.T("research.destroy.title"), container.New(fixedWidth(560), body), v.win)
	d.dlg.SetButtons([]fyne.CanvasObject{cancel, d.ok})
	d.dlg.SetOnClosed(d.closed)
	return d
}

// Fill types the reason (as a person would).
func (d *KeyDestroyer) Fill(reason string) { d.reason.SetText(reason) }

// Text is the confirmation's wording of what becomes impossible.
func (d *KeyDestroyer) Text() string { return d.text }

// Status is the error shown in the dialog, or "".
func (d *KeyDestroyer) Status() string {
	if !d.status.Visible() {
		return ""
	}
	return d.status.Text
}

// CanConfirm reports whether "Destroy the key" may be pressed.
func (d *KeyDestroyer) CanConfirm() bool { return !d.ok.Disabled() }

// Confirm destroys the key with the reason given; the dialog stays open
// with the error when the vault refuses.
func (d *KeyDestroyer) Confirm() {
	v := d.v
	reason := strings.TrimSpace(d.reason.Text)
	if reason == "" || d.busy {
		return
	}
	d.busy = true
	d.ok.Disable()
	var err error
	id, name := d.study.Study.ID, d.study.Study.Name
	v.opts.Run(func() { err = v.svc.DestroyStudyKey(id, reason) }, func() {
		d.busy = false
		if err != nil {
			d.ok.Enable()
			d.status.SetText(v.destroyKeyError(err))
			d.status.Show()
			return
		}
		d.close()
		v.notify(v.loc.T("research.destroy.done", "Study", name))
		v.Refresh()
	})
}

// Cancel closes the dialog; nothing is destroyed.
func (d *KeyDestroyer) Cancel() { d.close() }

// close hides the dialog; however it closes (Cancel, a destroyed key,
// Esc through the shell), closed clears the typed reason.
func (d *KeyDestroyer) close() { d.dlg.Hide() }

// closed forgets the reason (it may name a person) and the dialog.
func (d *KeyDestroyer) closed() {
	d.reason.SetText("")
	if d.v.Destroyer == d {
		d.v.Destroyer = nil
	}
}

// fixedWidth lays its objects out stacked at a fixed width (and their
// height at that width), so that wrapping texts size a dialog.
type fixedWidth float32

func (w fixedWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	h := float32(0)
	for _, o := range objs {
		o.Resize(fyne.NewSize(float32(w), o.MinSize().Height))
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(float32(w), h)
}

func (w fixedWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}
