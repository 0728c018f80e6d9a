package ui

import (
	usecase "custodia/app"
	"custodia/ui/kit"
	"custodia/ui/users"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// showEnrolment replaces the window with the forced enrolment screen.
func (a *App) showEnrolment(sf kit.SecondFactor) {
	v := users.NewEnrolView(a.env, sf, a.lock, a.showMain)
	a.enrol = v
	a.setContent(v.Content())
}

// SecondFactorDialog opens the signed-in user's own enrolment (or, when
// enrolled, offers to remove it) in a dialog.
func (m *mainView) SecondFactorDialog() {
	m.app.touch()
	sf, ok := m.session.(kit.SecondFactor)
	if !ok {
		return
	}
	st, err := usecase.TOTPStatus(sf, m.session.User().Name)
	if err != nil {
		p := m.app.env.Describe(err)
		dialog.ShowInformation(p.Title, p.Message, m.app.env.Win)
		return
	}
	if st.Enrolled {
		msg := m.app.env.Loc.T("users.totp.status", "Left", st.BackupCodesLeft)
		dialog.ShowConfirm(m.app.env.Loc.T("users.totp.title"), msg, func(ok bool) {
			if ok {
				m.disableOwnTOTP(sf)
			}
		}, m.app.env.Win)
		return
	}
	var d dialog.Dialog
	v := users.NewEnrolView(m.app.env, sf, nil, func() {
		d.Hide()
		dialog.ShowInformation(m.app.env.Loc.T("users.totp.enrolled"), m.app.env.Loc.T("users.totp.enrolled.msg"), m.app.env.Win)
	})
	m.Enrol = v
	cd := dialog.NewCustomWithoutButtons(m.app.env.Loc.T("users.totp.title"), container.NewVScroll(v.Content()), m.app.env.Win)
	cd.SetButtons([]fyne.CanvasObject{widget.NewButton(m.app.env.Loc.T("common.close"), cd.Hide), v.ConfirmButton()}) // Confirm beside Close
	d = cd
	fit := func() { d.Resize(kit.FitDialog(m.app.env.Win, v.Content(), fyne.Size{})) } // the QR code and the codes whole; scrolls in a small window
	v.OnMessage = fit
	fit()
	d.Show()
}

func (m *mainView) disableOwnTOTP(sf kit.SecondFactor) {
	var err error
	m.app.env.Run(func() { err = usecase.DisableTOTP(sf, m.session.User().Name) }, func() {
		if err != nil {
			p := m.app.env.Describe(err)
			dialog.ShowInformation(p.Title, p.Message, m.app.env.Win)
		}
	})
}

// ChangePassphrase opens the dialog for the signed-in user.
func (m *mainView) ChangePassphrase() {
	m.app.touch()
	m.PassChange = users.NewPassphraseChange(m.app.env, m.session)
	m.PassChange.Show()
}
