package governance

import (
	"custodia/i18n"
	"custodia/ui/kit"
	"errors"
	"slices"
	"strings"

	usecase "custodia/app"
	"custodia/consent"
	"custodia/vault"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// practiceFields are the form's fields in order: the JSON name of the
// consent.Controller field (as the vault names it in validation errors);
// the label is governance.practice.<key> and the hint
// governance.practice.<key>.hint.
var practiceFields = []string{"name", "address", "country", "region", "email", "phone", "url", "dpoName", "dpoEmail"}

// PracticeView is the "Practice details" form of the Governance section:
// the practice's details as controller, printed on consent receipts,
// access packages and breach notices. Roles with the governance permission
// edit them; the others see them read-only. The vault checks the
// permission and audits the change.
type PracticeView struct {
	env      *kit.Env
	uc       *usecase.Session
	content  fyne.CanvasObject
	entries  map[string]*kit.EscEntry
	values   map[string]*widget.Label // what read-only roles see instead of the entries
	save     *widget.Button
	problem  *widget.Label
	status   *widget.Label
	holidays *widget.Label // whose public holidays move request deadlines
	bar      *widget.ProgressBarInfinite
	editable bool
	loaded   bool
}

// NewPracticeView builds the practice details tab; it reads nothing until Activate.
func NewPracticeView(a *kit.Env, uc *usecase.Session) *PracticeView {
	v := &PracticeView{env: a, uc: uc, entries: map[string]*kit.EscEntry{}, values: map[string]*widget.Label{},
		editable: uc.Can(consent.PermGovernance)}
	form := widget.NewForm()
	for _, key := range practiceFields {
		e := kit.NewEscEntry()
		if key == "address" {
			e = kit.NewEscMultiLineEntry()
			e.SetMinRowsVisible(2)
		}
		e.SetPlaceHolder(a.T("governance.practice." + key + ".hint"))
		e.OnChanged = func(string) { v.env.Touch(); v.showHolidays() }
		v.entries[key] = e
		label := a.T("governance.practice." + key)
		if v.editable {
			form.Append(label, e)
			continue
		}
		e.Disable()
		v.values[key] = widget.NewLabel("—")
		v.values[key].Selectable = true
		form.Append(label, v.values[key])
	}
	v.problem = kit.WrapLabel("")
	v.problem.Importance = widget.DangerImportance
	v.status = kit.WrapLabel("")
	v.holidays = kit.WrapLabel("")
	form.Append(a.Loc.T("governance.practice.deadlines"), v.holidays)
	v.bar = kit.NewBusyBar()
	v.save = widget.NewButton(a.Loc.T("governance.practice.save"), v.Submit)
	v.save.Importance = widget.HighImportance
	intro := kit.WrapLabel(a.Loc.T("governance.practice.intro"))
	// the problem and status lines share room kept beside the save
	// button, so a problem coming or going never moves the form nor
	// pushes its last line ("Deadlines count") out of view (issue 10)
	v.problem.Hide()
	v.status.Hide()
	messages := kit.AtLeastLines(practiceMessageLines, container.NewVBox(v.problem, v.status))
	var bottom fyne.CanvasObject
	if v.editable {
		bottom = container.NewVBox(v.bar, container.NewBorder(nil, nil, nil, container.NewVBox(v.save), messages))
	} else {
		bottom = container.NewVBox(v.bar, messages)
		v.setStatus(a.Loc.T("governance.practice.readonly"))
	}
	kit.SubmitOnEnter(v.save, form)
	v.content = container.NewBorder(intro, bottom, nil, nil, container.NewVScroll(form))
	return v
}

// Activate reads the data the first time the tab is shown.
func (v *PracticeView) Activate() {
	if !v.loaded {
		v.Reload()
	}
}

// Reload reads the stored details into the form.
func (v *PracticeView) Reload() {
	var c consent.Controller
	var err error
	v.env.RunBusy(v.bar, func() { c, err = v.uc.Practice() }, func() {
		v.loaded = true
		switch {
		case errors.Is(err, vault.ErrNotFound):
			v.Fill(consent.Controller{})
			if v.editable {
				v.setStatus(v.env.Loc.T("governance.practice.none.edit"))
			} else {
				v.setStatus(v.env.Loc.T("governance.practice.none.ask"))
			}
		case err != nil:
			v.env.ShowError(err)
		default:
			v.Fill(c)
		}
	})
}

// Fill puts details into the form.
func (v *PracticeView) Fill(c consent.Controller) {
	name, email := vault.SplitDPOContact(c.DPOContact)
	for k, s := range map[string]string{"name": c.Name, "address": c.Address, "country": c.Country, "region": c.Region, "email": c.Email,
		"phone": c.Phone, "url": c.URL, "dpoName": name, "dpoEmail": email} {
		v.entries[k].SetText(s)
		if l := v.values[k]; l != nil {
			l.SetText(kit.OrDash(s))
		}
	}
	// read-only, the country and the region read by their names
	loc := v.env.Loc
	if l := v.values["country"]; l != nil && c.Country != "" {
		l.SetText(loc.Country(c.Country))
	}
	if l := v.values["region"]; l != nil && c.Region != "" {
		l.SetText(loc.Region(c.Country, c.Region))
	}
}

// Set types one field (a key of practiceFields); for tests and the tour.
func (v *PracticeView) Set(key, text string) { v.entries[key].SetText(text) }

// Controller is the form's content.
func (v *PracticeView) Controller() consent.Controller {
	t := func(k string) string { return v.entries[k].Text }
	return vault.TrimPractice(consent.Controller{Name: t("name"), Address: t("address"), Country: t("country"),
		Region: t("region"), Email: t("email"), Phone: t("phone"), URL: t("url"), DPOContact: vault.DPOContact(t("dpoName"), t("dpoEmail"))})
}

// Submit checks the form and stores the details.
func (v *PracticeView) Submit() {
	v.env.Touch()
	if !v.editable {
		return
	}
	c := v.Controller()
	if err := vault.CheckPractice(c); err != nil {
		v.setProblem(practiceProblem(v.env.Loc, err))
		return
	}
	v.setProblem("")
	var err error
	var schedule string
	v.env.RunBusy(v.bar, func() {
		var res vault.ScheduleResult
		if res, err = v.uc.SetPractice(c); err == nil {
			schedule = scheduleText(v.env.Loc, res)
		}
	}, func() {
		if err != nil {
			v.setProblem(practiceProblem(v.env.Loc, err))
			return
		}
		v.Fill(c)
		v.setStatus(strings.TrimSpace(v.env.T("governance.practice.saved") + " " + schedule))
	})
}

// practiceMessageLines is how many lines of room the problem and status
// keep: a problem per missing field of a new practice (name, address,
// e-mail or phone).
const practiceMessageLines = 3

// setProblem shows a problem (one line per field) where the status was,
// or takes it away.
func (v *PracticeView) setProblem(text string) {
	v.problem.SetText(text)
	v.problem.Hidden = text == ""
	if text != "" {
		v.setStatus("")
	}
	v.problem.Refresh()
}

// setStatus shows what happened, or nothing.
func (v *PracticeView) setStatus(text string) {
	v.status.SetText(text)
	v.status.Hidden = text == ""
	v.status.Refresh()
}

// practiceProblem names invalid fields by their form labels.
func practiceProblem(loc *i18n.Localizer, err error) string {
	var ve *vault.ValidationError
	if !errors.As(err, &ve) {
		return kit.Describe(loc, err).Message
	}
	lines := make([]string, 0, len(ve.Fields))
	for _, f := range ve.Fields {
		label := f.Field
		if slices.Contains(practiceFields, f.Field) {
			label = loc.T("governance.practice." + f.Field)
		}
		if f.Field == "dpoContact" {
			label = loc.T("governance.practice.dpoEmail")
		}
		lines = append(lines, label+": "+loc.FieldRule(string(f.Rule), f.Message, usecase.AllowedWords(loc, f.Field, f.Allowed, true)...)) // the region is typed as its code
	}
	return strings.Join(lines, "\n")
}

// Editable reports whether the signed-in role may change the details.
func (v *PracticeView) Editable() bool { return v.editable }

// EntryDisabled reports whether a field is read-only (shown as text, its
// entry disabled); for tests.
func (v *PracticeView) EntryDisabled(key string) bool {
	return v.entries[key].Disabled() && v.values[key] != nil
}

// Shown is the text a read-only field shows; for tests.
func (v *PracticeView) Shown(key string) string {
	if l := v.values[key]; l != nil {
		return l.Text
	}
	return v.entries[key].Text
}

// Problem is the validation message shown, "" when none.
func (v *PracticeView) Problem() string { return v.problem.Text }

// Status is the status line.
func (v *PracticeView) Status() string { return v.status.Text }

// SaveVisible reports whether the save button is offered.
func (v *PracticeView) SaveVisible() bool { return v.editable }

// showHolidays says whose public holidays move request deadlines.
func (v *PracticeView) showHolidays() {
	if v.holidays == nil {
		return
	}
	c := v.Controller()
	j := c.Jurisdiction()
	loc := v.env.Loc
	switch {
	case c.Country == "":
		v.holidays.SetText(loc.T("governance.practice.h.nocountry"))
	case consent.CheckJurisdiction(j) != nil:
		v.holidays.SetText(loc.T("governance.practice.h.badregion", "Choices", regionChoices(loc, c.Country)))
	case !j.HolidaysKnown():
		v.holidays.SetText(loc.T("governance.practice.h.unknown"))
	case j.Region == "" && len(consent.RegionCodes(c.Country)) > 0:
		v.holidays.SetText(loc.T("governance.practice.h.national", "Place", loc.Jurisdiction(j.Country, j.Region), "Choices", regionChoices(loc, c.Country)))
	default:
		v.holidays.SetText(loc.T("governance.practice.h.regional", "Place", loc.Jurisdiction(j.Country, j.Region)))
	}
}

// regionChoices lists a country's regions in the reader's language with
// the code to type: "Baden-Württemberg (BW), Bayern (BY), …".
func regionChoices(loc *i18n.Localizer, country string) string {
	return strings.Join(usecase.AllowedWords(loc, "region", consent.RegionCodes(country), true), ", ")
}

// HolidaysText is the "Deadlines count" line; for tests.
func (v *PracticeView) HolidaysText() string { return v.holidays.Text }

// scheduleText says what saving the details did to the retention
// schedule ("" when nothing changed).
func scheduleText(loc *i18n.Localizer, res vault.ScheduleResult) string {
	switch {
	case !res.Shipped:
		return loc.T("governance.practice.schedule.none")
	case res.Removed+res.Added > 0:
		return loc.T("governance.practice.schedule.follows", "Country", loc.Country(res.Country))
	}
	return ""
}

// Loaded reports whether the practice details were read once.
func (v *PracticeView) Loaded() bool { return v.loaded }

// Busy reports whether the practice details are being read or saved.
func (v *PracticeView) Busy() bool { return v.bar.Visible() }

// Entry is the input for a practice detail (name, street, country…).
func (v *PracticeView) Entry(key string) *kit.EscEntry { return v.entries[key] }

// Fields are the keys of the form's fields, in order.
func (v *PracticeView) Fields() []string { return slices.Clone(practiceFields) }
