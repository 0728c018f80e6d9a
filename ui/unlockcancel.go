package ui

import (
	"context"
	"errors"

	"custodia/ui/kit"

	"fyne.io/fyne/v2/widget"
)

// ContextUnlocker is a Vault whose unlock can be cancelled while the key is
// derived: context.Canceled, nothing written, the vault still locked and
// the attempt not counted as a failure (cmd/custodia: app.UnlockWithCode).
// The unlock screen offers Cancel only for such a vault.
type ContextUnlocker interface {
	UnlockWithCodeContext(ctx context.Context, user string, passphrase []byte, code string) (kit.Session, error)
	UnlockWithRecoveryContext(ctx context.Context, code string) (kit.Session, error)
}

// unlockWith unlocks with what was typed, through ctx when the vault can
// be cancelled.
func (u *unlockView) unlockWith(ctx context.Context, user string, pass []byte, totp, code string, recovery bool) (kit.Session, error) {
	if cv, ok := u.vault.(ContextUnlocker); ok {
		if recovery {
			return cv.UnlockWithRecoveryContext(ctx, code)
		}
		return cv.UnlockWithCodeContext(ctx, user, pass, totp)
	}
	cu, withCode := u.vault.(kit.CodeUnlocker)
	switch {
	case recovery:
		return u.vault.UnlockWithRecovery(code)
	case withCode:
		return cu.UnlockWithCode(user, pass, totp)
	default:
		return u.vault.Unlock(user, pass)
	}
}

// cancellable offers Cancel after kit.OfferCancelAfter when the vault's unlock
// can be cancelled; nil when it cannot.
func (u *unlockView) cancellable() func(cancel func()) {
	if _, ok := u.vault.(ContextUnlocker); !ok {
		return nil
	}
	return u.cancel.Arm
}

// showWorking shows that the key is being derived (after kit.ShowProgressAfter).
func (u *unlockView) showWorking() {
	u.message.Importance = widget.MediumImportance
	u.message.SetText(u.app.env.Loc.T("cancel.unlock.working"))
	u.activity.Show()
	u.activity.Start()
}

// showFailure says why the vault stayed locked: that the person cancelled,
// or the error.
func (u *unlockView) showFailure(err error) {
	if errors.Is(err, context.Canceled) {
		u.message.Importance = widget.MediumImportance
		u.message.SetText(u.app.env.Loc.T("cancel.unlock.cancelled"))
		return
	}
	p := u.app.env.Describe(err)
	u.message.Importance = widget.DangerImportance
	u.message.SetText(p.Title + ". " + p.Message)
}
