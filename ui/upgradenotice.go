package ui

import (
	"fmt"
	"strings"

	usecase "custodia/app"
	"custodia/vault"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// pendingKeysSession is what the notice needs of a session beyond Session:
// *vault.Session has it; a session without it shows no notice.
type pendingKeysSession interface {
	Upgraded() *vault.UpgradeReport
	PendingKeys() (vault.PendingKeys, error)
	NewRecoveryCode() (string, error)
}

// noticePendingKeys tells an administrator, after an upgrade of a vault
// made by an earlier version, which accounts need a new passphrase (by
// name) and offers to make the recovery code the vault no longer has.
func (a *App) noticePendingKeys() {
	s, ok := a.session.(pendingKeysSession)
	if !ok || !a.session.User().Role.Can(vault.PermUserManage) {
		return
	}
	var need vault.PendingKeys
	var err error
	a.opts.Run(func() { need, err = s.PendingKeys() }, func() {
		if err != nil || need.Empty() {
			return
		}
		text := pendingKeysText(s.Upgraded(), need)
		if !need.RecoveryCode {
			dialog.ShowInformation("Accounts waiting for a new passphrase", text, a.win)
			return
		}
		dialog.ShowConfirm("The vault needs a new recovery code", text+"\n\nMake the recovery code now?", func(ok bool) {
			if ok {
				a.makeRecoveryCode(s)
			}
		}, a.win)
	})
}

// pendingKeysText puts what is pending in words, naming the accounts.
func pendingKeysText(rep *vault.UpgradeReport, need vault.PendingKeys) string {
	var b strings.Builder
	if rep != nil {
		fmt.Fprintf(&b, "This vault was made by an earlier version of Custodia and has just been brought up to date: "+
			"the audit trail was checked (%d entries) and %d patient records were re-encrypted under the new keys.\n\n", rep.AuditEntries, rep.Patients)
	}
	if len(need.Users) > 0 {
		names := make([]string, len(need.Users))
		for i, u := range need.Users {
			names[i] = u.Name
		}
		fmt.Fprintf(&b, "These accounts cannot sign in until you set them a new passphrase (Users → Reset passphrase): %s.", strings.Join(names, ", "))
	}
	if need.RecoveryCode {
		if len(need.Users) > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString("The vault has no recovery code: the old one no longer opens it. Make a new one, print it and store it safely.")
	}
	return b.String()
}

// makeRecoveryCode makes a new recovery code and shows it once.
func (a *App) makeRecoveryCode(s pendingKeysSession) {
	var code string
	var err error
	a.opts.Run(func() { code, err = usecase.NewRecoveryCode(s) }, func() {
		if err != nil {
			a.showError(err)
			return
		}
		shown := widget.NewLabel(code)
		shown.TextStyle.Monospace = true
		note := widget.NewLabel("This recovery code opens the vault as administrator if every passphrase is lost. It is shown only now: print it or write it down and store it safely.")
		note.Wrapping = fyne.TextWrapWord
		dialog.ShowCustom("Recovery code", "I have stored it", container.NewVBox(shown, note), a.win)
	})
}
