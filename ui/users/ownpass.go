package users

import (
	"context"
	"errors"

	usecase "custodia/app"
	"custodia/ui/kit"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// PassphraseChange is the dialog in which the signed-in user replaces
// their own passphrase (one key slot is rewritten, never the data). The
// key derivations show progress and, where the vault can stop them, offer
// Cancel; a cancelled change leaves the passphrase as it was.
type PassphraseChange struct {
	env     *kit.Env
	session kit.Session
	old     *kit.EscEntry
	next    *kit.PassphraseInput
	message *widget.Label
	form    *widget.Form
	body    *fyne.Container // the form and the refusal below it
	dialog  *dialog.ConfirmDialog
	// Progress is the progress dialog of a running change (nil before).
	Progress *kit.ProgressDialog
	// Done is true after the vault accepted the change.
	Done bool
}

// NewPassphraseChange makes the dialog for the signed-in user of s; Show
// opens it.
func NewPassphraseChange(env *kit.Env, s kit.Session) *PassphraseChange {
	c := &PassphraseChange{env: env, session: s}
	c.old = kit.NewEscPasswordEntry()
	c.next = kit.NewPassphraseInput(env.Loc, s.User().Name)
	c.message = widget.NewLabel("")
	c.message.Importance = widget.DangerImportance
	c.message.Wrapping = fyne.TextWrapWord
	c.message.Hide() // shown with a refusal, when the dialog reopens (fail)
	items := append([]*widget.FormItem{widget.NewFormItem(env.T("users.own.current"), c.old)}, c.next.FormItems(env.T("unlock.reset.newpass"))...)
	c.form = widget.NewForm(items...)
	// below the form, not a row of it: a form keeps the height of a row
	// whose widget is hidden
	c.body = container.NewVBox(c.form, c.message)
	c.dialog = dialog.NewCustomConfirm(env.T("users.own.title"), env.T("users.own.ok"), env.T("common.cancel"), container.NewVScroll(c.body), func(ok bool) {
		if ok {
			c.Submit()
		}
	}, env.Win)
	kit.ConfirmOnEnter(c.dialog, c.body)
	c.fit()
	return c
}

// fit sizes the dialog to its form, which keeps room for the strength
// hints (they come and go as one types) and for a refusal once there is
// one: a refusal reopens the dialog, so it grows between two showings,
// never under the person's cursor. The form is measured at the width the
// dialog gives it, where the hints and the refusal wrap.
func (c *PassphraseChange) fit() {
	least := fyne.NewSize(520, 0)
	size := kit.FitDialogTo(c.env.Win, c.body.MinSize(), least)
	c.body.Resize(fyne.NewSize(size.Width-kit.DialogFrame(c.env.Win).Width, c.body.MinSize().Height))
	c.dialog.Resize(kit.FitDialogTo(c.env.Win, c.body.MinSize(), least))
}

// Fill types the current and the new passphrase, as a person would (the
// screenshot tour).
func (c *PassphraseChange) Fill(old, next string) {
	c.old.SetText(old)
	c.next.Set(next, "")
}

// Show opens the dialog with the cursor in the current passphrase.
func (c *PassphraseChange) Show() {
	c.dialog.Show()
	c.env.Win.Canvas().Focus(c.old)
}

// Submit sends the change off the UI goroutine with progress (and Cancel
// where the vault can stop it); a problem or a cancel reopens the dialog
// with the message.
func (c *PassphraseChange) Submit() {
	if !c.next.Ready() {
		c.fail(c.env.Loc.T("users.own.weak"))
		return
	}
	old, next := []byte(c.old.Text), c.next.Value()
	var err error
	c.Progress = kit.NewProgressDialog(c.env, c.env.T("users.own.title"), c.env.T("users.own.working"))
	c.env.RunSlow(func(ctx context.Context) { err = usecase.ChangePassphraseContext(ctx, c.session, old, next) },
		c.Progress.SlowWork(usecase.CanCancelKeyWork(c.session), func() {
			clear(old)
			clear(next)
			switch {
			case errors.Is(err, context.Canceled):
				c.fail(c.env.T("users.own.cancelled"))
			case err != nil:
				p := c.env.Describe(err)
				c.fail(p.Title + ". " + p.Message)
			default:
				c.Done = true
				c.old.SetText("")
				c.next.Clear()
				dialog.ShowInformation(c.env.T("users.own.done.title"), c.env.T("users.own.done"), c.env.Win)
			}
		}))
}

func (c *PassphraseChange) fail(msg string) {
	c.message.SetText(msg)
	c.message.Show()
	c.fit()
	c.old.SetText("")
	c.unfocusEntries()
	c.dialog.Show()
	c.env.Win.Canvas().Focus(c.old)
}

// unfocusEntries takes the focus look off every entry of the form. The
// dialog closed when it was confirmed, and a closing dialog drops its
// focus without telling the entry that had it (Fyne), so the new
// passphrase field would still draw its cursor and focus border next to
// the current passphrase field, which has the focus once it reopens.
func (c *PassphraseChange) unfocusEntries() {
	for _, it := range c.form.Items {
		for _, e := range entriesIn(it.Widget) {
			e.FocusLost()
		}
	}
}

// entriesIn lists the entries in o (an entry, or a container of them).
func entriesIn(o fyne.CanvasObject) []*kit.EscEntry {
	switch x := o.(type) {
	case *kit.EscEntry:
		return []*kit.EscEntry{x}
	case *fyne.Container:
		var out []*kit.EscEntry
		for _, child := range x.Objects {
			out = append(out, entriesIn(child)...)
		}
		return out
	}
	return nil
}
