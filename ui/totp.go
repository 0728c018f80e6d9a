package ui

import (
	"errors"
	"strings"

	usecase "custodia/app"
	"custodia/vault"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	qrcode "github.com/skip2/go-qrcode"
)

// CodeUnlocker is a Vault that takes a second-factor code with the
// passphrase (*vault.Vault through cmd/custodia). The unlock screen uses it
// when the vault offers it.
type CodeUnlocker interface {
	UnlockWithCode(username string, passphrase []byte, code string) (Session, error)
}

// SecondFactor is the part of *vault.Session that manages TOTP. Views use
// it when the session offers it.
type SecondFactor interface {
	BeginTOTP() (vault.TOTPEnrolment, error)
	ConfirmTOTP(code string) error
	DisableTOTP(name string) error
	TOTPStatus(name string) (vault.TOTPStatus, error)
	EnrolmentRequired() bool
	RequireTOTP() (bool, error)
	SetRequireTOTP(on bool) error
}

// QRCode renders an otpauth URI as a PNG resource for an authenticator app.
func QRCode(uri string) (fyne.Resource, error) {
	png, err := qrcode.Encode(uri, qrcode.Medium, 256)
	if err != nil {
		return nil, err
	}
	return fyne.NewStaticResource("totp-qr.png", png), nil
}

// TOTPEnrolView shows the QR code, the secret and the backup codes of a new
// enrolment and confirms it with a code from the app.
type TOTPEnrolView struct {
	app     *App
	sf      SecondFactor
	content fyne.CanvasObject

	code    *EscEntry
	confirm *widget.Button
	message *widget.Label
	// Enrolment is what BeginTOTP returned (shown once).
	Enrolment vault.TOTPEnrolment
	// Done is set once the vault accepted the code.
	Done   bool
	onDone func()
}

func newTOTPEnrolView(a *App, sf SecondFactor, forced bool, onDone func()) *TOTPEnrolView {
	v := &TOTPEnrolView{app: a, sf: sf, onDone: onDone}
	v.code = NewEscEntry()
	v.code.SetPlaceHolder(a.loc.T("users.totp.code.placeholder"))
	v.code.OnSubmitted = func(string) { v.Submit() }
	v.confirm = widget.NewButtonWithIcon(a.loc.T("users.totp.confirm"), theme.ConfirmIcon(), v.Submit)
	v.confirm.Importance = widget.HighImportance
	v.message = widget.NewLabel("")
	v.message.Wrapping = fyne.TextWrapWord
	v.message.Importance = widget.DangerImportance
	intro := a.T("users.totp.intro")
	if forced {
		intro = a.T("users.totp.forced") + " " + intro
	}
	explain := widget.NewLabel(intro + " " + a.T("users.totp.codes"))
	explain.Wrapping = fyne.TextWrapWord
	body := container.NewVBox(heading(a.loc.T("users.totp.title")), explain)
	e, err := usecase.BeginTOTP(sf)
	if err != nil {
		p := a.describe(err)
		v.message.SetText(p.Title + ". " + p.Message)
		v.confirm.Disable()
	} else {
		v.Enrolment = e
		body.Add(v.qr(e))
	}
	body.Add(widget.NewForm(widget.NewFormItem(a.loc.T("users.totp.code"), v.code)))
	buttons := container.NewHBox(layoutSpacer(), v.confirm)
	if forced {
		buttons = container.NewHBox(widget.NewButton(a.T("unlock.reset.cancel"), a.Lock), layoutSpacer(), v.confirm)
	}
	body.Add(buttons)
	body.Add(v.message)
	v.content = centered(body, 640)
	return v
}

func (v *TOTPEnrolView) qr(e vault.TOTPEnrolment) fyne.CanvasObject {
	secret := widget.NewLabel(v.app.loc.T("users.totp.secret", "Secret", e.Secret))
	secret.TextStyle.Monospace = true
	secret.Wrapping = fyne.TextWrapBreak
	codes := widget.NewLabel(v.app.T("users.totp.backupcodes") + "\n" + strings.Join(e.BackupCodes, "   "))
	codes.TextStyle.Monospace = true
	codes.Wrapping = fyne.TextWrapWord
	res, err := QRCode(e.URI)
	if err != nil {
		return container.NewVBox(secret, codes)
	}
	img := canvas.NewImageFromResource(res)
	img.FillMode = canvas.ImageFillContain
	img.SetMinSize(fyne.NewSize(200, 200))
	return container.NewVBox(container.NewCenter(img), secret, codes)
}

// Submit confirms the enrolment with the typed code.
func (v *TOTPEnrolView) Submit() {
	code := strings.TrimSpace(v.code.Text)
	if code == "" {
		v.message.SetText(v.app.loc.T("users.totp.nocode"))
		return
	}
	v.confirm.Disable()
	var err error
	v.app.opts.Run(func() { err = usecase.ConfirmTOTP(v.sf, code) }, func() {
		v.code.SetText("")
		v.confirm.Enable()
		if err != nil {
			msg := v.app.loc.T("users.totp.wrong")
			if !errors.Is(err, vault.ErrWrongTOTP) {
				p := v.app.describe(err)
				msg = p.Title + ". " + p.Message
			}
			v.message.SetText(msg)
			return
		}
		v.Done = true
		if v.onDone != nil {
			v.onDone()
		}
	})
}

// showEnrolment replaces the window with the forced enrolment screen.
func (a *App) showEnrolment(sf SecondFactor) {
	v := newTOTPEnrolView(a, sf, true, a.showMain)
	a.Enrol = v
	a.setContent(v.content)
}

// SecondFactorDialog opens the signed-in user's own enrolment (or, when
// enrolled, offers to remove it) in a dialog.
func (m *MainView) SecondFactorDialog() {
	m.app.Touch()
	sf, ok := m.session.(SecondFactor)
	if !ok {
		return
	}
	st, err := usecase.TOTPStatus(sf, m.session.User().Name)
	if err != nil {
		p := m.app.describe(err)
		dialog.ShowInformation(p.Title, p.Message, m.app.win)
		return
	}
	if st.Enrolled {
		msg := m.app.loc.T("users.totp.status", "Left", st.BackupCodesLeft)
		dialog.ShowConfirm(m.app.T("users.totp.title"), msg, func(ok bool) {
			if ok {
				m.disableOwnTOTP(sf)
			}
		}, m.app.win)
		return
	}
	var d dialog.Dialog
	v := newTOTPEnrolView(m.app, sf, false, func() {
		d.Hide()
		dialog.ShowInformation(m.app.T("users.totp.enrolled"), m.app.T("users.totp.enrolled.msg"), m.app.win)
	})
	m.Enrol = v
	d = dialog.NewCustom(m.app.T("users.totp.title"), m.app.T("common.close"), v.content, m.app.win)
	d.Resize(fyne.NewSize(680, 640))
	d.Show()
}

func (m *MainView) disableOwnTOTP(sf SecondFactor) {
	var err error
	m.app.opts.Run(func() { err = usecase.DisableTOTP(sf, m.session.User().Name) }, func() {
		if err != nil {
			p := m.app.describe(err)
			dialog.ShowInformation(p.Title, p.Message, m.app.win)
		}
	})
}

// requireTOTPCheck is the administrators' practice setting on the users
// screen; nil when the session cannot manage second factors.
func requireTOTPCheck(a *App, s Session) *widget.Check {
	sf, ok := s.(SecondFactor)
	if !ok {
		return nil
	}
	var c *widget.Check
	loading := true
	c = widget.NewCheck(a.loc.T("users.totp.require"), func(on bool) {
		if loading {
			return
		}
		a.Touch()
		var err error
		a.opts.Run(func() { err = usecase.SetRequireTOTP(sf, on) }, func() {
			if err != nil {
				p := a.describe(err)
				dialog.ShowInformation(p.Title, p.Message, a.win)
				loading = true
				c.SetChecked(!on)
				loading = false
			}
		})
	})
	var on bool
	var err error
	a.opts.Run(func() { on, err = usecase.RequireTOTP(sf) }, func() {
		if err == nil {
			c.SetChecked(on)
		}
		loading = false
	})
	return c
}
