package consents

import (
	"slices"
	"strings"
	"time"

	"custodia/consent"
	"custodia/ui/kit"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// grantInput is what the grant dialog collects.
type grantInput struct {
	PurposeID  string
	Language   string
	Recipients []string // ids; all of the purpose's means "every recipient"
	Categories []string // all of the purpose's means "every category"
	// Deny lists categories excluded for every recipient (deny exception).
	Deny   []string
	Method consent.Method
	// Representative, when not empty, acted for the patient with Relation.
	Representative string
	Relation       string
}

// buildGrant makes the grant event for a patient from the dialog's input:
// the text version in effect now in the chosen language, the scope (empty
// lists when everything is covered) and the evidence. The event is checked
// against the catalogue.
func buildGrant(cat *consent.Catalogue, in grantInput, patientID string, a consent.Actor, now time.Time) (consent.Event, error) {
	p, ok := cat.Purpose(in.PurposeID)
	if !ok {
		return consent.Event{}, &consent.ValidationError{Fields: []consent.FieldError{{Field: "purpose", Message: "choose a purpose", Rule: consent.RuleRequired}}}
	}
	e := consent.Event{ID: consent.NewID(), Type: consent.Granted, PatientID: patientID, PurposeID: p.ID,
		Time: now, RecordedBy: a.UserID, Method: in.Method}
	if len(in.Recipients) < len(p.Recipients) {
		e.Recipients = slices.Clone(in.Recipients)
	}
	if len(in.Categories) == 0 {
		return e, &consent.ValidationError{Fields: []consent.FieldError{{Field: "categories", Message: "tick at least one data category", Rule: consent.RuleCategoryNeeded}}}
	}
	if len(in.Categories) < len(p.DataCategories) {
		e.Categories = slices.Clone(in.Categories)
	}
	if len(in.Deny) > 0 {
		e.Deny = []consent.Deny{{Categories: slices.Clone(in.Deny)}}
	}
	if strings.TrimSpace(in.Representative) != "" || in.Relation != "" {
		e.Representative = &consent.Representative{Name: strings.TrimSpace(in.Representative), Relation: in.Relation}
	}
	if t, ok := cat.LatestText(p.ID, in.Language, now); ok {
		e.TextLanguage, e.TextVersion, e.TextSHA256 = t.Language, t.Version, t.SHA256
	}
	return e, cat.CheckEvent(e)
}

// grantablePurposes are the purposes a consent can be given for.
func grantablePurposes(cat *consent.Catalogue) []consent.Purpose {
	var out []consent.Purpose
	for _, p := range cat.Purposes() {
		if p.ConsentRequired && !p.Retired {
			out = append(out, p)
		}
	}
	return out
}

// textLanguages lists the languages a purpose has a text in, "en" first.
func textLanguages(cat *consent.Catalogue, purposeID string, now time.Time) []string {
	var out []string
	for _, lang := range []string{"en", "de", "fr", "it", "nl", "es"} {
		if _, ok := cat.LatestText(purposeID, lang, now); ok {
			out = append(out, lang)
		}
	}
	return out
}

var relationChoices = []string{consent.RelParent, consent.RelLegalGuardian, consent.RelHealthcareProxy, consent.RelCourtAppointed, consent.RelOther}

// GrantForm is the dialog that records a consent in one step.
type GrantForm struct {
	panel    *Panel
	purposes []consent.Purpose
	dlg      dialog.Dialog

	purpose    *kit.EscSelect
	language   *kit.CodeSelect
	recipients *kit.CheckGrid // by name
	categories *kit.CheckGrid
	deny       *kit.CheckGrid
	// noRecipients and noDeny say "none" in the rows of a purpose without
	// recipients or without special categories to except
	noRecipients *widget.Label
	noDeny       *widget.Label
	method       *kit.EscRadioGroup
	repName      *kit.PrivateEntry
	relation     *kit.CodeSelect
	textInfo     *widget.Label
	textBody     *widget.Label
	problem      *widget.Label
	record       *widget.Button
	scanInfo     *widget.Label
	scanPick     *widget.Button
	scanDrop     *widget.Button
	scan         *pickedScan // the signed form to store with the grant
	// form and left are the dialog's form and its left column, measured
	// to size the dialog (fit)
	form *widget.Form
	left fyne.CanvasObject
}

func newGrantForm(p *Panel, purposeID string) *GrantForm {
	g := &GrantForm{panel: p, purposes: grantablePurposes(p.ledger.Catalogue)}
	loc := p.env.Loc
	names := make([]string, len(g.purposes))
	for i, pu := range g.purposes {
		names[i] = kit.PurposeName(loc, pu)
	}
	// the select and the boxes pass Esc on, so Esc closes the dialog
	// after a click in them (a clicked widget keeps the focus)
	g.purpose = kit.NewEscSelect(names, func(string) { g.purposeChanged() })
	g.language = kit.NewCodeSelect(nil, func(c string) string { return kit.LanguageLabel(loc, c) }, func(string) { g.showText() })
	g.recipients = kit.NewCheckGrid(nil, 1, func(name string) string { return name })
	catLabel := func(c string) string { return kit.CategoryLabel(loc, c) }
	g.categories = kit.NewCheckGrid(nil, 3, catLabel)
	g.deny = kit.NewCheckGrid(nil, 3, catLabel)
	g.noRecipients = widget.NewLabel(loc.T("polish.grant.none"))
	g.noDeny = widget.NewLabel(loc.T("polish.grant.none"))
	g.method = kit.NewEscRadioGroup(kit.LabelsOf(grantMethods, g.methodLabel), nil)
	g.method.Horizontal = true
	g.method.SetSelected(g.methodLabel(consent.MethodPaper))
	g.repName = kit.NewPrivateEntry()
	g.repName.SetPlaceHolder(loc.T("consent.grant.rep.placeholder"))
	g.relation = kit.NewCodeSelect(relationChoices, func(r string) string { return kit.RelationLabel(loc, r) }, nil)
	g.relation.PlaceHolder = loc.T("consent.grant.relation")
	g.textInfo = kit.WrapLabel("")
	g.textInfo.TextStyle.Bold = true
	g.textBody = kit.WrapLabel("")
	g.problem = kit.WrapLabel("")
	g.problem.Importance = widget.DangerImportance
	g.problem.Hide()
	g.record = widget.NewButtonWithIcon(loc.T("consent.grant.record"), theme.ConfirmIcon(), g.Submit)
	g.record.Importance = widget.HighImportance
	g.newScanButtons()
	for i, pu := range g.purposes {
		if pu.ID == purposeID {
			g.purpose.SetSelectedIndex(i)
		}
	}
	if g.purpose.SelectedIndex() < 0 && len(g.purposes) > 0 {
		g.purpose.SetSelectedIndex(0)
	}
	return g
}

func (g *GrantForm) show() {
	loc := g.panel.env.Loc
	g.form = widget.NewForm(
		widget.NewFormItem(loc.T("consent.col.purpose"), g.purpose),
		widget.NewFormItem(loc.T("consent.grant.language"), g.language.EscSelect),
		widget.NewFormItem(loc.T("consent.grant.recipients"), container.NewStack(g.recipients.Box, g.noRecipients)),
		widget.NewFormItem(loc.T("consent.grant.categories"), g.categories.Box),
		widget.NewFormItem(loc.T("consent.grant.except"), container.NewStack(g.deny.Box, g.noDeny)),
		widget.NewFormItem(loc.T("consent.grant.given"), g.method),
		widget.NewFormItem(loc.T("consent.grant.representative"), container.NewBorder(nil, nil, nil, g.relation.EscSelect, kit.FitPlaceholder(g.repName))),
		widget.NewFormItem(loc.T("consent.grant.scan"), container.NewVBox(container.NewHBox(g.scanPick, g.scanDrop), g.scanInfo)),
	)
	kit.SubmitOnEnter(g.record, g.form)
	text := container.NewBorder(g.textInfo, nil, nil, nil, container.NewVScroll(g.textBody))
	// a problem shows below the form (hidden while there is none); the
	// Record button sits beside Cancel in the dialog's button row
	g.left = container.NewBorder(nil, g.problem, nil, nil, container.NewVScroll(g.form))
	split := container.NewHSplit(g.left, text)
	split.Offset = 0.55
	cancel := widget.NewButtonWithIcon(loc.T("common.cancel"), theme.CancelIcon(), nil)
	d := dialog.NewCustomWithoutButtons(loc.T("consent.grant.record"), split, g.panel.env.Win)
	cancel.OnTapped = d.Hide
	d.SetButtons([]fyne.CanvasObject{cancel, g.record})
	g.dlg = d
	g.fit()
	g.dlg.Show()
}

// fit sizes the dialog to the whole form beside a readable column of the
// consent text, each as tall as it is (the taller one sets the height),
// at least 900 wide and at most the window (both sides scroll beyond
// that); again when another purpose brings more boxes or another text,
// and when a problem shows. When three columns of data categories and the
// text do not fit side by side in the window, the categories take two
// columns, so the text keeps its width. The wrapping text knows its
// height only once laid out at the dialog's width: it is measured again
// then.
func (g *GrantForm) fit() {
	if g.dlg == nil {
		return
	}
	win := g.panel.env.Win
	g.setColumns(3)
	if !kit.DialogFitsWidth(win, g.need()) {
		g.setColumns(2)
	}
	least := fyne.NewSize(900, 0)
	g.dlg.Resize(kit.FitDialogTo(win, g.need(), least))
	g.dlg.Resize(kit.FitDialogTo(win, g.need(), least))
}

// need is what the form (with a problem below it) and a readable column
// of the text take whole.
func (g *GrantForm) need() fyne.Size {
	left := g.form.MinSize().Height
	if g.problem.Visible() {
		left += g.problem.MinSize().Height + theme.Padding()
	}
	text := g.textInfo.MinSize().Height + theme.Padding() + g.textBody.MinSize().Height
	return fyne.NewSize(g.form.MinSize().Width+grantTextWidth+theme.Padding()*4, max(left, text)+theme.Padding())
}

// setProblem shows msg below the form, or nothing when msg is empty, and
// refits the dialog so the form keeps its room.
func (g *GrantForm) setProblem(msg string) {
	g.problem.SetText(msg)
	if msg == "" {
		g.problem.Hide()
	} else {
		g.problem.Show()
	}
	g.fit()
}

// setColumns lays the category and exception boxes out in n columns.
func (g *GrantForm) setColumns(n int) {
	for _, b := range []*fyne.Container{g.categories.Box, g.deny.Box} {
		b.Layout = layout.NewGridLayoutWithColumns(n)
		b.Refresh()
	}
}

// grantTextWidth is the width the consent text column asks for: about 60
// characters a line.
const grantTextWidth = 440

// selectedPurpose returns the purpose chosen.
func (g *GrantForm) selectedPurpose() (consent.Purpose, bool) {
	i := g.purpose.SelectedIndex()
	if i < 0 || i >= len(g.purposes) {
		return consent.Purpose{}, false
	}
	return g.purposes[i], true
}

func (g *GrantForm) purposeChanged() {
	p, ok := g.selectedPurpose()
	if !ok {
		return
	}
	var recips []string
	for _, r := range p.Recipients {
		recips = append(recips, kit.RecipientName(g.panel.env.Loc, r))
	}
	g.recipients.SetOptions(recips)
	g.recipients.SetSelected(recips)
	g.categories.SetOptions(slices.Clone(p.DataCategories))
	g.categories.SetSelected(p.DataCategories)
	var special []string
	for _, c := range p.DataCategories {
		if consent.SpecialCategory(c) && c != consent.CatClinical {
			special = append(special, c)
		}
	}
	g.deny.SetOptions(special)
	showNone(g.noRecipients, g.recipients.Box, len(recips) == 0)
	showNone(g.noDeny, g.deny.Box, len(special) == 0)
	g.fit()
	langs := textLanguages(g.panel.ledger.Catalogue, p.ID, g.panel.uc.Now())
	g.language.SetCodes(langs)
	if slices.Contains(langs, g.panel.env.Loc.Lang()) {
		g.language.SetSelected(g.panel.env.Loc.Lang()) // the text in the language spoken at the desk
	} else if len(langs) > 0 {
		g.language.SetSelectedIndex(0)
	}
	g.showText()
}

// showNone shows none instead of choices when there are none to tick.
func showNone(none *widget.Label, choices fyne.CanvasObject, empty bool) {
	if empty {
		choices.Hide()
		none.Show()
		return
	}
	none.Hide()
	choices.Show()
}

// NoneShown says whether the Recipients and the Except rows read "none".
func (g *GrantForm) NoneShown() (recipients, except bool) {
	return g.noRecipients.Visible(), g.noDeny.Visible()
}

// showText shows the exact wording the patient is shown: version,
// effective date and hash are recorded with the grant.
func (g *GrantForm) showText() {
	p, ok := g.selectedPurpose()
	if !ok {
		return
	}
	t, ok := g.panel.ledger.Catalogue.LatestText(p.ID, g.language.Code(), g.panel.uc.Now())
	if !ok {
		g.textInfo.SetText(g.panel.env.Loc.T("consent.grant.notext"))
		g.textBody.SetText("")
		g.fit()
		return
	}
	loc := g.panel.env.Loc
	// "Deutsch v1" as in the purposes table: "Version" and its number
	// came apart when the line wrapped (Fyne breaks at any space)
	version := loc.T("consent.textversion", "Language", kit.LanguageLabel(loc, t.Language), "Version", t.Version)
	g.textInfo.SetText(loc.T("uifix.grant.textinfo", "Purpose", kit.PurposeName(loc, p), "Text", version,
		"Date", kit.DateText(loc, t.EffectiveFrom), "Hash", t.SHA256[:12]))
	g.textBody.SetText(kit.Reflow(t.Body)) // the stored text breaks lines at a fixed width; the label wraps
	g.fit()
}

// Input returns what the dialog holds.
func (g *GrantForm) Input() grantInput {
	method, _ := kit.CodeOf(grantMethods, g.methodLabel, g.method.Selected)
	in := grantInput{Language: g.language.Code(), Method: method,
		Representative: g.repName.Text, Relation: g.relation.Code()}
	p, ok := g.selectedPurpose()
	if !ok {
		return in
	}
	in.PurposeID = p.ID
	for _, r := range p.Recipients {
		if slices.Contains(g.recipients.Selected(), kit.RecipientName(g.panel.env.Loc, r)) {
			in.Recipients = append(in.Recipients, r.ID)
		}
	}
	for _, c := range p.DataCategories {
		if slices.Contains(g.categories.Selected(), c) {
			in.Categories = append(in.Categories, c)
		}
	}
	in.Deny = g.deny.Selected()
	return in
}

// Problem is the message shown below the form.
func (g *GrantForm) Problem() string { return g.problem.Text }

// Submit checks the input and records the grant.
func (g *GrantForm) Submit() {
	uc := g.panel.uc
	e, err := buildGrant(g.panel.ledger.Catalogue, g.Input(), g.panel.patientID, uc.Actor(), uc.Now())
	if err != nil {
		g.setProblem(kit.Describe(g.panel.env.Loc, err).Message)
		return
	}
	g.setProblem("")
	if g.dlg != nil {
		g.dlg.Hide()
	}
	g.panel.recordGrant(e, g.scan)
}

// grantMethods are the ways a consent is given, in the order offered.
var grantMethods = []consent.Method{consent.MethodPaper, consent.MethodScreen, consent.MethodVerbal}

func (g *GrantForm) methodLabel(m consent.Method) string {
	return kit.MethodLabel(g.panel.env.Loc, m)
}

// SetCategories ticks the data categories by code; for tests and the tour.
func (g *GrantForm) SetCategories(codes []string) { g.categories.SetSelected(codes) }

// RepresentativeEntry is the representative's name field; for the layout
// test (Esc from a field closes the dialog).
func (g *GrantForm) RepresentativeEntry() fyne.Focusable { return g.repName }
