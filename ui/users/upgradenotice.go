package users

import (
	"custodia/i18n"
	"strings"

	usecase "custodia/app"
	"custodia/ui/kit"
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

// NoticePendingKeys tells an administrator signed in as session, after
// an upgrade of a vault made by an earlier version, which accounts need a
// new passphrase (by name) and offers to make the recovery code the vault
// no longer has. Other roles, and sessions that were not upgraded, see
// nothing.
func NoticePendingKeys(env *kit.Env, session kit.Session) {
	s, ok := session.(pendingKeysSession)
	if !ok || !session.User().Role.Can(vault.PermUserManage) {
		return
	}
	var need vault.PendingKeys
	var err error
	env.Run(func() { need, err = s.PendingKeys() }, func() {
		if err != nil || need.Empty() {
			return
		}
		text := pendingKeysText(env.Loc, s.Upgraded(), need)
		if !need.RecoveryCode {
			dialog.ShowInformation(env.Loc.T("users.pending.title"), text, env.Win)
			return
		}
		dialog.ShowConfirm(env.Loc.T("users.pending.recovery.title"), text+"\n\n"+env.Loc.T("users.pending.recovery.ask"), func(ok bool) {
			if ok {
				makeRecoveryCode(env, s)
			}
		}, env.Win)
	})
}

// pendingKeysText puts what is pending in words, naming the accounts.
func pendingKeysText(loc *i18n.Localizer, rep *vault.UpgradeReport, need vault.PendingKeys) string {
	var b strings.Builder
	if rep != nil {
		b.WriteString(loc.T("users.pending.upgraded", "Entries", loc.Int(int(rep.AuditEntries)), "Patients", loc.Int(rep.Patients)) + "\n\n")
	}
	if len(need.Users) > 0 {
		names := make([]string, len(need.Users))
		for i, u := range need.Users {
			names[i] = u.Name
		}
		b.WriteString(loc.T("users.pending.accounts", "Names", strings.Join(names, ", ")))
	}
	if need.RecoveryCode {
		if len(need.Users) > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(loc.T("users.pending.norecovery"))
	}
	return b.String()
}

// makeRecoveryCode makes a new recovery code and shows it once.
func makeRecoveryCode(env *kit.Env, s pendingKeysSession) {
	var code string
	var err error
	env.Run(func() { code, err = usecase.NewRecoveryCode(s) }, func() {
		if err != nil {
			env.ShowError(err)
			return
		}
		shown := widget.NewLabel(code)
		shown.TextStyle.Monospace = true
		note := widget.NewLabel(env.Loc.T("users.pending.recovery.note"))
		note.Wrapping = fyne.TextWrapWord
		dialog.ShowCustom(env.Loc.T("unlock.code"), env.Loc.T("users.pending.stored"), container.NewVBox(shown, note), env.Win)
	})
}
