package ui

import (
	usecase "custodia/app"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// PassphraseChange is the dialog in which the signed-in user replaces
// their own passphrase (one key slot is rewritten, never the data).
type PassphraseChange struct {
	app     *App
	session Session
	old     *EscEntry
	next    *PassphraseInput
	message *widget.Label
	dialog  *dialog.FormDialog
	// Done is true after the vault accepted the change.
	Done bool
}

// ChangePassphrase opens the dialog for the signed-in user.
func (m *MainView) ChangePassphrase() {
	m.app.Touch()
	m.PassChange = newPassphraseChange(m.app, m.session)
	m.PassChange.dialog.Show()
}

func newPassphraseChange(a *App, s Session) *PassphraseChange {
	c := &PassphraseChange{app: a, session: s}
	c.old = NewEscPasswordEntry()
	c.next = NewPassphraseInput(a.loc, s.User().Name)
	c.message = widget.NewLabel("")
	c.message.Importance = widget.DangerImportance
	c.message.Wrapping = fyne.TextWrapWord
	items := append([]*widget.FormItem{widget.NewFormItem(a.T("users.own.current"), c.old)}, c.next.FormItems(a.T("unlock.reset.newpass"))...)
	items = append(items, widget.NewFormItem("", c.message))
	c.dialog = dialog.NewForm(a.T("users.own.title"), a.T("users.own.ok"), a.T("common.cancel"), items, func(ok bool) {
		if ok {
			c.Submit()
		}
	}, a.win)
	c.dialog.Resize(fyne.NewSize(600, 420))
	return c
}

// Submit sends the change off the UI goroutine; a problem reopens the
// dialog with the message.
func (c *PassphraseChange) Submit() {
	if !c.next.Ready() {
		c.fail(c.app.loc.T("users.own.weak"))
		return
	}
	old, next := []byte(c.old.Text), c.next.Value()
	var err error
	c.app.opts.Run(func() { err = usecase.ChangePassphrase(c.session, old, next) }, func() {
		clear(old)
		clear(next)
		if err != nil {
			p := c.app.describe(err)
			c.fail(p.Title + ". " + p.Message)
			return
		}
		c.Done = true
		c.old.SetText("")
		c.next.Clear()
		dialog.ShowInformation(c.app.T("users.own.done.title"), c.app.T("users.own.done"), c.app.win)
	})
}

func (c *PassphraseChange) fail(msg string) {
	c.message.SetText(msg)
	c.old.SetText("")
	c.dialog.Show()
}
