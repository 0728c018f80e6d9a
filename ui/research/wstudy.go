package research

import (
	"custodia/ui/kit"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"custodia/consent"
	core "custodia/research"
)

// studyStep is step 1: name, purpose (by catalogue name), recipient (a
// researcher of the practice, an organisation the purpose names, or
// another organisation) and how the package is encrypted.
type studyStep struct {
	w       *Wizard
	content fyne.CanvasObject

	name       *widget.Entry
	purpose    *kit.EscSelect
	recipient  *kit.EscSelect
	recipHint  *widget.Label
	basis      *widget.Label
	org        *widget.Entry
	contact    *widget.Entry
	keyKind    *kit.EscRadioGroup
	ageKey     *widget.Entry
	refDate    *widget.Entry
	dateShift  *widget.Entry
	purposes   []consent.Purpose
	people     []Researcher // researcher accounts of the vault
	orgItem    *widget.FormItem
	ageKeyItem *widget.FormItem
}

func newStudyStep(w *Wizard) *studyStep {
	loc := w.v.loc
	s := &studyStep{w: w}
	s.purposes = researchPurposes(w.v.cat)
	if f := w.v.opts.Researchers; f != nil {
		if rs, err := f(); err == nil {
			s.people = rs
		}
	}
	s.name = widget.NewEntry()
	s.name.SetPlaceHolder(loc.T("research.study.namePlaceholder"))
	s.basis = hint("")
	s.basis.Hide()
	s.purpose = kit.NewEscSelect(nil, func(string) { s.purposeChosen(); s.edited() })
	s.purpose.PlaceHolder = loc.T("research.study.purposePlaceholder")
	s.recipient = kit.NewEscSelect(nil, func(string) { s.recipientChosen(); s.edited() })
	s.recipient.PlaceHolder = loc.T("research.study.recipientPlaceholder")
	s.recipHint = hint("")
	s.recipHint.Hide()
	s.org = widget.NewEntry()
	s.contact = widget.NewEntry()
	s.contact.SetPlaceHolder(loc.T("research.study.contactPlaceholder"))
	s.keyKind = kit.NewEscRadioGroup([]string{loc.T("research.study.keyAge"), loc.T("research.study.keyPassphrase")}, func(string) { s.keyChosen(); s.edited() })
	s.keyKind.Required = true
	s.ageKey = widget.NewEntry()
	s.ageKey.SetPlaceHolder("age1…")
	s.refDate = widget.NewEntry()
	s.refDate.SetPlaceHolder(kit.DateFieldHint(loc))
	s.dateShift = widget.NewEntry()
	s.dateShift.SetPlaceHolder("0")

	s.orgItem = widget.NewFormItem(loc.T("research.study.org"), s.org)
	s.ageKeyItem = widget.NewFormItem(loc.T("research.study.ageKey"), s.ageKey)
	s.ageKeyItem.HintText = loc.T("research.study.ageKeyHint")
	purposeItem := widget.NewFormItem(loc.T("research.study.purpose"), container.NewVBox(s.purpose, s.basis))
	if len(s.purposes) == 0 {
		purposeItem.HintText = loc.T("research.study.noPurposes")
	}
	refItem := widget.NewFormItem(loc.T("research.study.refDate"), s.refDate)
	refItem.HintText = loc.T("research.study.refDateHint")
	shiftItem := widget.NewFormItem(loc.T("research.study.dateShift"), s.dateShift)
	shiftItem.HintText = loc.T("research.study.dateShiftHint")
	form := widget.NewForm(
		widget.NewFormItem(loc.T("research.study.name"), s.name),
		purposeItem,
		widget.NewFormItem(loc.T("research.study.recipient"), container.NewVBox(s.recipient, s.recipHint)),
		s.orgItem,
		widget.NewFormItem(loc.T("research.study.contact"), s.contact),
		widget.NewFormItem(loc.T("research.study.key"), s.keyKind),
		s.ageKeyItem,
		refItem,
		shiftItem,
	)
	intro := hint(loc.T("research.study.intro"))
	s.content = container.NewBorder(nil, container.NewPadded(w.previewStatusFor(StepStudy)), nil, nil,
		container.NewVScroll(container.NewPadded(container.NewVBox(intro, form))))
	s.load()
	for _, e := range []*widget.Entry{s.name, s.org, s.contact, s.ageKey, s.refDate, s.dateShift} {
		e.OnChanged = func(string) { s.edited() }
	}
	return s
}

// edited keeps a problem shown for this step current while the fields
// are corrected (Wizard.recheck).
func (s *studyStep) edited() {
	if !s.w.fieldProblem {
		return
	}
	s.apply()
	s.w.recheck()
}

// reword names the widget a person can act on: the organisation comes
// from the recipient choice until "another organisation" is chosen, so a
// missing one is a missing recipient; with the public key chosen as the
// way to encrypt, a missing way is the empty key.
func (s *studyStep) reword(fs []core.Field) []core.Field {
	out := make([]core.Field, 0, len(fs))
	for _, f := range fs {
		switch {
		case f.Path == "recipient.org" && s.recipient.Selected == "":
			f = core.Field{Path: "recipient", Rule: consent.RuleRequired, Message: "required"}
		case f.Path == "recipient" && f.Rule == core.RuleRecipientNone && s.person() == nil &&
			s.keyKind.Selected == s.keyKind.Options[0]:
			f = core.Field{Path: "recipient.ageRecipient", Rule: consent.RuleRequired, Message: "required"}
		}
		if !slices.ContainsFunc(out, func(o core.Field) bool { return o.Path == f.Path && o.Rule == f.Rule }) {
			out = append(out, f)
		}
	}
	return out
}

// load fills the widgets from the draft.
func (s *studyStep) load() {
	d := s.w.draft
	s.name.SetText(d.Name)
	s.purpose.Options = s.purposeNames()
	if d.Purpose != "" {
		s.purpose.SetSelected(s.w.v.purposeName(d.Purpose))
	}
	s.fillRecipients()
	r := d.Recipient
	switch {
	case r.User != "":
		if i := slices.IndexFunc(s.people, func(p Researcher) bool { return p.ID == r.User }); i >= 0 {
			s.recipient.SetSelected(s.personLabel(s.people[i].Name))
		}
	case r.ID != "":
		s.recipient.SetSelected(s.recipientLabelByID(r.ID))
	case r.Org != "":
		s.recipient.SetSelected(s.w.v.loc.T("research.study.recipientOther"))
	}
	s.org.SetText(r.Org)
	s.contact.SetText(r.Contact)
	switch {
	case r.Passphrase:
		s.keyKind.SetSelected(s.keyKind.Options[1])
	case r.AgeRecipient != "" || s.w.based == nil:
		s.keyKind.SetSelected(s.keyKind.Options[0])
	}
	s.ageKey.SetText(r.AgeRecipient)
	s.refDate.SetText(shownDate(s.w.v.loc, d.ReferenceDate))
	if d.DateShiftDays > 0 {
		s.dateShift.SetText(strconv.Itoa(d.DateShiftDays))
	}
	s.recipientChosen()
}

func (s *studyStep) purposeNames() []string {
	out := make([]string, len(s.purposes))
	for i, p := range s.purposes {
		out[i] = s.w.v.loc.Translate("purpose", p.ID, p.Name)
	}
	return out
}

// recipientName is a catalogue recipient's name in the screen's language.
func (s *studyStep) recipientName(r consent.Recipient) string {
	return s.w.v.loc.Translate("recipient", r.ID, r.Name)
}

func (s *studyStep) chosenPurpose() (consent.Purpose, bool) {
	i := slices.IndexFunc(s.purposes, func(p consent.Purpose) bool {
		return s.w.v.loc.Translate("purpose", p.ID, p.Name) == s.purpose.Selected
	})
	if i < 0 {
		return consent.Purpose{}, false
	}
	return s.purposes[i], true
}

// purposeChosen says on which basis the purpose's data may be exported
// and offers its recipients.
func (s *studyStep) purposeChosen() {
	if p, ok := s.chosenPurpose(); ok {
		id := "research.study.basisNoConsent"
		if p.ConsentRequired {
			id = "research.study.basisConsent"
		}
		s.basis.SetText(s.w.v.loc.T(id, "Basis", s.w.v.loc.LawfulBasis(p.Art6, p.Art9))) // "Art. 6 Abs. 1 lit. a DSGVO – …" in German
		s.basis.Show()
	}
	s.fillRecipients()
}

// fillRecipients offers the practice's researchers, the organisations the
// chosen purpose names, and "another organisation".
func (s *studyStep) fillRecipients() {
	var opts []string
	for _, p := range s.people {
		opts = append(opts, s.personLabel(p.Name))
	}
	if p, ok := s.chosenPurpose(); ok {
		for _, r := range p.Recipients {
			opts = append(opts, s.recipientName(r))
		}
	}
	opts = append(opts, s.w.v.loc.T("research.study.recipientOther"))
	keep := s.recipient.Selected
	s.recipient.Options = opts
	if !slices.Contains(opts, keep) {
		s.recipient.ClearSelected()
	}
	s.recipient.Refresh()
}

func (s *studyStep) personLabel(name string) string {
	return s.w.v.loc.T("research.study.recipientPerson", "Name", name)
}

func (s *studyStep) recipientLabelByID(id string) string {
	for _, p := range s.purposes {
		for _, r := range p.Recipients {
			if r.ID == id {
				return s.recipientName(r)
			}
		}
	}
	return s.w.v.loc.T("research.study.recipientOther")
}

// recipientChosen fills the organisation from the choice. A researcher
// of the practice receives the package under their own vault key, so
// the encryption choice is theirs.
func (s *studyStep) recipientChosen() {
	sel := s.recipient.Selected
	practice := s.w.v.loc.T("research.study.practiceOrg")
	s.recipHint.Hide()
	s.keyKind.Enable()
	s.keyChosen()
	switch {
	case sel == s.w.v.loc.T("research.study.recipientOther"):
		s.org.Enable()
		if s.org.Text == practice {
			s.org.SetText("")
		}
	case s.person() != nil:
		s.org.SetText(practice)
		s.org.Disable()
		s.contact.SetText(s.person().Name)
		s.recipHint.SetText(s.w.v.loc.T("research.study.personKey", "Name", s.person().Name))
		s.recipHint.Show()
		s.keyKind.Disable()
		s.ageKey.Disable()
	case sel != "":
		s.org.SetText(sel)
		s.org.Disable()
	default:
		s.org.Disable()
	}
}

// person is the chosen researcher of the practice, or nil.
func (s *studyStep) person() *Researcher {
	for i, p := range s.people {
		if s.personLabel(p.Name) == s.recipient.Selected {
			return &s.people[i]
		}
	}
	return nil
}

func (s *studyStep) keyChosen() {
	if s.keyKind.Selected == s.keyKind.Options[0] && !s.keyKind.Disabled() {
		s.ageKey.Enable()
	} else {
		s.ageKey.Disable()
	}
}

// apply writes the widgets into the draft.
func (s *studyStep) apply() {
	d := &s.w.draft
	d.Name = strings.TrimSpace(s.name.Text)
	if s.w.based == nil {
		d.ID = s.w.v.uniqueID(d.Name, s.w.v.opts.Now().Format("2006"))
	}
	d.Purpose = ""
	if p, ok := s.chosenPurpose(); ok {
		d.Purpose = p.ID
	}
	r := core.Recipient{Org: strings.TrimSpace(s.org.Text), Contact: strings.TrimSpace(s.contact.Text)}
	if p, ok := s.chosenPurpose(); ok {
		for _, pr := range p.Recipients {
			if s.recipientName(pr) == s.recipient.Selected {
				r.ID = pr.ID
				r.Org = pr.Name // the catalogue's name, as stored
			}
		}
	}
	switch {
	case s.person() != nil:
		r.User = s.person().ID
	case s.keyKind.Selected == s.keyKind.Options[0]:
		r.AgeRecipient = strings.TrimSpace(s.ageKey.Text)
	case s.keyKind.Selected == s.keyKind.Options[1]:
		r.Passphrase = true
	}
	d.Recipient = r
	d.ReferenceDate = studyDate(s.w.v.loc, s.refDate.Text)
	d.DateShiftDays = 0
	if t := strings.TrimSpace(s.dateShift.Text); t != "" {
		n, err := strconv.Atoi(t)
		if err != nil {
			n = -1 // reported by Validate as out of range
		}
		d.DateShiftDays = n
	}
}

var notIDChar = regexp.MustCompile(`[^a-z0-9]+`)

// slug turns a study name into the short code a study id and a file name
// use ("Diabetes & HbA1c 2026" → "diabetes-hba1c-2026").
func slug(name string) string {
	s := strings.ToLower(name)
	for from, to := range map[string]string{"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "é": "e", "è": "e"} {
		s = strings.ReplaceAll(s, from, to)
	}
	s = strings.Trim(notIDChar.ReplaceAllString(s, "-"), "-")
	if len(s) > 28 { // study ids are at most 32 characters, "-NN" included
		s = strings.TrimRight(s[:28], "-")
	}
	return s
}

// uniqueID derives a new study's id from its name, unique among the
// listed studies.
func (v *View) uniqueID(name, year string) string {
	base := slug(name)
	if base == "" {
		base = "study-" + year
	}
	id := base
	for n := 2; slices.ContainsFunc(v.studies, func(r StudyRecord) bool { return r.Study.ID == id }); n++ {
		id = base + "-" + strconv.Itoa(n)
	}
	return id
}
