package users

import (
	"errors"
	"io"
	"strings"

	usecase "custodia/app"
	"custodia/printdoc"
	"custodia/ui/kit"
	"custodia/vault"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/pquerna/otp"
	qrcode "github.com/skip2/go-qrcode"
)

// qrCode renders an otpauth URI as a PNG resource for an authenticator app.
func qrCode(uri string) (fyne.Resource, error) {
	png, err := qrcode.Encode(uri, qrcode.Medium, 256)
	if err != nil {
		return nil, err
	}
	return fyne.NewStaticResource("totp-qr.png", png), nil
}

// EnrolView shows the QR code, the secret and the backup codes of a new
// enrolment and confirms it with a code from the app.
type EnrolView struct {
	env     *kit.Env
	sf      kit.SecondFactor
	content fyne.CanvasObject

	code    *kit.EscEntry
	confirm *widget.Button
	message *widget.Label
	// Enrolment is what BeginTOTP returned (shown once).
	Enrolment vault.TOTPEnrolment
	// Done is set once the vault accepted the code.
	Done   bool
	onDone func()
	// OnMessage, if set, runs after the message beside the confirm button
	// changed (a dialog refits to a message that wraps).
	OnMessage func()
}

// NewEnrolView enrols sf's user in a second factor; onDone runs once the
// vault accepted the code. With cancel the enrolment is forced (the vault
// asks for it before anything else): a screen with its own heading, whose
// Cancel button runs cancel. Without, it is the body of a dialog whose
// title names it, so it has no heading, and whose button row holds
// ConfirmButton.
func NewEnrolView(env *kit.Env, sf kit.SecondFactor, cancel func(), onDone func()) *EnrolView {
	forced := cancel != nil
	v := &EnrolView{env: env, sf: sf, onDone: onDone}
	v.code = kit.NewEscEntry()
	v.code.SetPlaceHolder(env.Loc.T("users.totp.code.placeholder"))
	v.confirm = widget.NewButtonWithIcon(env.Loc.T("users.totp.confirm"), theme.ConfirmIcon(), v.Submit)
	v.confirm.Importance = widget.HighImportance
	kit.SubmitOnEnter(v.confirm, v.code)
	v.message = widget.NewLabel("")
	v.message.Wrapping = fyne.TextWrapWord
	v.message.Importance = widget.DangerImportance
	intro := env.T("users.totp.intro")
	if forced {
		intro = env.T("users.totp.forced") + " " + intro
	}
	explain := widget.NewLabel(intro + " " + env.T("users.totp.codes"))
	explain.Wrapping = fyne.TextWrapWord
	body := container.NewVBox(explain)
	if forced { // a screen of its own; in a dialog the dialog's title says it
		body = container.NewVBox(kit.Heading(env.Loc.T("users.totp.title")), explain)
	}
	e, err := usecase.BeginTOTP(sf)
	if err != nil {
		p := env.Describe(err)
		v.say(p.Title+". "+p.Message, widget.DangerImportance)
		v.confirm.Disable()
	} else {
		v.Enrolment = e
		body.Add(v.qr(e))
	}
	body.Add(widget.NewForm(widget.NewFormItem(env.Loc.T("users.totp.code"), v.code)))
	if forced { // the message beside the buttons: no empty row kept for it
		body.Add(container.NewBorder(nil, nil, widget.NewButton(env.T("unlock.reset.cancel"), cancel), v.confirm, v.message))
		v.content = kit.Centered(body, 640)
		return v
	}
	// in a dialog the confirm button sits in the dialog's button row
	// (ConfirmButton) and a message below the code, shown when there is one
	v.message.Hide()
	body.Add(v.message)
	v.content = container.New(&kit.FixedWidth{Width: 640}, body) // top-aligned: centred, a dialog's spare height showed as a gap above the text
	return v
}

// ConfirmButton is the button that confirms the code, for the button row
// of the dialog the enrolment is shown in.
func (v *EnrolView) ConfirmButton() *widget.Button { return v.confirm }

// Content is the enrolment screen.
func (v *EnrolView) Content() fyne.CanvasObject { return v.content }

func (v *EnrolView) qr(e vault.TOTPEnrolment) fyne.CanvasObject {
	secret := widget.NewLabel(v.env.Loc.T("users.totp.secret", "Secret", e.Secret))
	secret.TextStyle.Monospace = true
	secret.Wrapping = fyne.TextWrapBreak
	codes := widget.NewLabel(v.env.T("users.totp.backupcodes") + "\n" + strings.Join(e.BackupCodes, "   "))
	codes.TextStyle.Monospace = true
	codes.Wrapping = fyne.TextWrapWord
	save := widget.NewButtonWithIcon(v.env.Loc.T("erasure.savepdf"), theme.DocumentSaveIcon(), v.SaveCodes)
	res, err := qrCode(e.URI)
	if err != nil {
		return container.NewVBox(secret, codes, container.NewHBox(save))
	}
	img := canvas.NewImageFromResource(res)
	img.FillMode = canvas.ImageFillContain
	img.SetMinSize(fyne.NewSize(200, 200))
	return container.NewVBox(container.NewCenter(img), secret, codes, container.NewHBox(save))
}

// SaveCodes saves the backup codes as a PDF sheet to print and keep
// (printdoc.BackupCodesSheet), named after the account and the day.
func (v *EnrolView) SaveCodes() {
	sheet := printdoc.BackupCodes{User: accountName(v.Enrolment.URI), Codes: v.Enrolment.BackupCodes, Created: v.env.Now(), Loc: v.env.Loc}
	name := kit.PDFFileName(v.env.Loc.T("users.totp.codes.file"), sheet.User, sheet.Created)
	kit.SavePDF(v.env, name, func(w io.Writer) error { return printdoc.BackupCodesSheet(w, sheet) }, func(path string) {
		v.say(v.env.Loc.T("users.totp.codes.saved", "Path", path), widget.SuccessImportance)
	})
}

// accountName is the user an otpauth:// URI names ("" if it names none).
func accountName(uri string) string {
	k, err := otp.NewKeyFromURL(uri)
	if err != nil {
		return ""
	}
	return k.AccountName()
}

// Enter types code and confirms it, as a person would.
func (v *EnrolView) Enter(code string) {
	v.code.SetText(code)
	v.Submit()
}

// say shows msg beside the confirm button: a problem, or (success) where
// the codes were saved.
func (v *EnrolView) say(msg string, importance widget.Importance) {
	v.message.Importance = importance
	v.message.SetText(msg)
	v.message.Show()
	if v.OnMessage != nil {
		v.OnMessage()
	}
}

// Message is what the screen says went wrong, if anything.
func (v *EnrolView) Message() string { return v.message.Text }

// Submit confirms the enrolment with the typed code.
func (v *EnrolView) Submit() {
	code := strings.TrimSpace(v.code.Text)
	if code == "" {
		v.say(v.env.Loc.T("users.totp.nocode"), widget.DangerImportance)
		return
	}
	v.confirm.Disable()
	var err error
	v.env.Run(func() { err = usecase.ConfirmTOTP(v.sf, code) }, func() {
		v.code.SetText("")
		v.confirm.Enable()
		if err != nil {
			msg := v.env.Loc.T("users.totp.wrong")
			if !errors.Is(err, vault.ErrWrongTOTP) {
				p := v.env.Describe(err)
				msg = p.Title + ". " + p.Message
			}
			v.say(msg, widget.DangerImportance)
			return
		}
		v.Done = true
		if v.onDone != nil {
			v.onDone()
		}
	})
}

// requireTOTPCheck is the administrators' practice setting on the users
// screen; nil when the session cannot manage second factors.
func requireTOTPCheck(env *kit.Env, s kit.Session) *kit.EscCheck {
	sf, ok := s.(kit.SecondFactor)
	if !ok {
		return nil
	}
	var c *kit.EscCheck
	loading := true
	c = kit.NewEscCheck(env.Loc.T("users.totp.require"), func(on bool) {
		if loading {
			return
		}
		env.Touch()
		var err error
		env.Run(func() { err = usecase.SetRequireTOTP(sf, on) }, func() {
			if err != nil {
				p := env.Describe(err)
				dialog.ShowInformation(p.Title, p.Message, env.Win)
				loading = true
				c.SetChecked(!on)
				loading = false
			}
		})
	})
	var on bool
	var err error
	env.Run(func() { on, err = usecase.RequireTOTP(sf) }, func() {
		if err == nil {
			c.SetChecked(on)
		}
		loading = false
	})
	return c
}
