package users

import (
	usecase "custodia/app"
	"custodia/ui/kit"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// PassphraseChange is the dialog in which the signed-in user replaces
// their own passphrase (one key slot is rewritten, never the data).
type PassphraseChange struct {
	env     *kit.Env
	session kit.Session
	old     *kit.EscEntry
	next    *kit.PassphraseInput
	message *widget.Label
	dialog  *dialog.FormDialog
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
	items := append([]*widget.FormItem{widget.NewFormItem(env.T("users.own.current"), c.old)}, c.next.FormItems(env.T("unlock.reset.newpass"))...)
	items = append(items, widget.NewFormItem("", c.message))
	c.dialog = dialog.NewForm(env.T("users.own.title"), env.T("users.own.ok"), env.T("common.cancel"), items, func(ok bool) {
		if ok {
			c.Submit()
		}
	}, env.Win)
	c.dialog.Resize(fyne.NewSize(600, 420))
	return c
}

// Fill types the current and the new passphrase, as a person would (the
// screenshot tour).
func (c *PassphraseChange) Fill(old, next string) {
	c.old.SetText(old)
	c.next.Set(next, "")
}

// Show opens the dialog.
func (c *PassphraseChange) Show() { c.dialog.Show() }

// Submit sends the change off the UI goroutine; a problem reopens the
// dialog with the message.
func (c *PassphraseChange) Submit() {
	if !c.next.Ready() {
		c.fail(c.env.Loc.T("users.own.weak"))
		return
	}
	old, next := []byte(c.old.Text), c.next.Value()
	var err error
	c.env.Run(func() { err = usecase.ChangePassphrase(c.session, old, next) }, func() {
		clear(old)
		clear(next)
		if err != nil {
			p := c.env.Describe(err)
			c.fail(p.Title + ". " + p.Message)
			return
		}
		c.Done = true
		c.old.SetText("")
		c.next.Clear()
		dialog.ShowInformation(c.env.T("users.own.done.title"), c.env.T("users.own.done"), c.env.Win)
	})
}

func (c *PassphraseChange) fail(msg string) {
	c.message.SetText(msg)
	c.old.SetText("")
	c.dialog.Show()
}
