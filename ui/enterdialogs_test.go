package ui

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"custodia/consent"
	"custodia/ui/kit"
	"custodia/vault"
	"custodia/vault/demo"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// enterForm is a form of the desktop app: open shows it afresh, primary
// is its primary button's label.
type enterForm struct {
	name    string
	open    func()
	primary string
}

// dialogState is what a person sees of the dialogs: how many are open
// and every visible text in them.
func dialogState(win fyne.Window) []string {
	var b strings.Builder
	for range win.Canvas().Overlays().List() {
		b.WriteString("a dialog|")
	}
	for _, o := range win.Canvas().Overlays().List() {
		walkShown(o, &b)
	}
	return strings.Split(b.String(), "|")
}

// change is what went and what came between two states: the words that
// differ between two openings of a form (a new second-factor secret)
// cancel out.
func change(before, after []string) string {
	count := map[string]int{}
	for _, s := range before {
		count[s]--
	}
	for _, s := range after {
		count[s]++
	}
	var out []string
	for s, n := range count {
		if n != 0 {
			out = append(out, fmt.Sprintf("%+d %q", n, s))
		}
	}
	slices.Sort(out)
	return strings.Join(out, "\n")
}

func walkShown(o fyne.CanvasObject, b *strings.Builder) {
	if o == nil || !o.Visible() {
		return
	}
	switch x := o.(type) {
	case *canvas.Text:
		b.WriteString(x.Text + "|")
		return
	case *fyne.Container:
		for _, c := range x.Objects {
			walkShown(c, b)
		}
		return
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(x).Objects() {
			walkShown(c, b)
		}
	}
}

// visibleButton is the shown, enabled-or-not button labelled text in the
// top dialog, or on the screen when none is open.
func visibleButton(win fyne.Window, text string) *widget.Button {
	root := win.Canvas().Overlays().Top()
	if root == nil {
		root = win.Content()
	}
	var found *widget.Button
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if found != nil || o == nil || !o.Visible() {
			return
		}
		switch x := o.(type) {
		case *widget.Button:
			if x.Text == text {
				found = x
			}
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(x).Objects() {
				walk(c)
			}
		}
	}
	walk(root)
	return found
}

// shownField is a single-line text field a person can type in: the
// widget that takes the focus and its entry.
type shownField struct {
	w fyne.Focusable
	e *widget.Entry
}

// shownFields are the visible, enabled single-line entries of the top
// dialog (or of the screen).
func shownFields(win fyne.Window) []shownField {
	root := win.Canvas().Overlays().Top()
	if root == nil {
		root = win.Content()
	}
	var out []shownField
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() {
			return
		}
		if e := entryIn(o); e != nil {
			if !e.MultiLine && !e.Disabled() {
				out = append(out, shownField{o.(fyne.Focusable), e})
			}
			return
		}
		switch x := o.(type) {
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(x).Objects() {
				walk(c)
			}
		}
	}
	walk(root)
	return out
}

// entryIn is o's own entry when o is a text field.
func entryIn(o fyne.CanvasObject) *widget.Entry {
	switch x := o.(type) {
	case *widget.Entry:
		return x
	case *kit.EscEntry:
		return &x.Entry
	case *kit.PrivateEntry:
		return &x.Entry
	case *widget.SelectEntry:
		return &x.Entry
	}
	return nil
}

// checkEnter opens the form afresh for each single-line field, presses
// Enter in it and asserts that Enter did what a click on the primary
// button does (the same validation path, issue 10): the button's action
// ran once, or, for a confirm dialog (whose Enter confirms the dialog
// rather than tapping the button), the dialogs changed as a click changes
// them. A disabled button is not pressed. ownEnter are the placeholders
// of fields whose Enter does something of its own (a search).
func (f *layoutFixture) checkEnter(t *testing.T, form enterForm, ownEnter ...string) {
	t.Helper()
	f.app.closeOverlays()
	form.open()
	fields := shownFields(f.win)
	if len(fields) == 0 {
		t.Errorf("%s: no single-line field shown", form.name)
		return
	}
	before := dialogState(f.win)
	b := visibleButton(f.win, form.primary)
	if b == nil {
		t.Errorf("%s: no button %q", form.name, form.primary)
		return
	}
	test.Tap(b)
	clicked := change(before, dialogState(f.win))
	for i := range fields {
		f.app.closeOverlays()
		form.open()
		fs := shownFields(f.win)
		if len(fs) != len(fields) {
			t.Errorf("%s: %d fields shown, then %d", form.name, len(fields), len(fs))
			break
		}
		e := fs[i].e
		if e.OnSubmitted == nil {
			t.Errorf("%s: field %d (%q) does nothing on Enter", form.name, i, e.PlaceHolder)
			continue
		}
		if slices.Contains(ownEnter, e.PlaceHolder) {
			continue
		}
		b := visibleButton(f.win, form.primary)
		taps, tapped := 0, b.OnTapped
		b.OnTapped = func() {
			taps++
			tapped()
		}
		before := dialogState(f.win)
		f.win.Canvas().Focus(fs[i].w)
		fs[i].w.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
		b.OnTapped = tapped
		got := change(before, dialogState(f.win))
		switch {
		case b.Disabled():
			if taps != 0 || got != "" {
				t.Errorf("%s: Enter in field %d (%q) acted while %q is disabled:\n%s", form.name, i, e.PlaceHolder, form.primary, got)
			}
		case taps == 1:
		case taps == 0 && clicked != "" && got == clicked:
		default:
			t.Errorf("%s: Enter in field %d (%q) did not do what %q does (pressed %d times):\n%s\nwant\n%s", form.name, i, e.PlaceHolder, form.primary, taps, got, clicked)
		}
	}
	f.app.closeOverlays()
}

// TestEnterPressesThePrimaryButton walks every form of the desktop app
// with single-line fields, in English and German, and presses Enter in
// each field (checkEnter). Destructive confirmations (the erasure's final
// confirmation, destroying a study key, purging) have no such field and
// are not wired: they need the click.
func TestEnterPressesThePrimaryButton(t *testing.T) {
	for _, lang := range layoutLanguages {
		t.Run(lang, func(t *testing.T) {
			t.Run("start", func(t *testing.T) { enterBeforeUnlock(t, lang) })
			t.Run("administrator", func(t *testing.T) { enterAsAdmin(t, lang) })
			t.Run("DPO", func(t *testing.T) { enterAsDPO(t, lang) })
		})
	}
}

func enterBeforeUnlock(t *testing.T, lang string) {
	f := newLayoutFixture(t, dialogSizes[0], lang)
	T := f.app.env.Loc.T
	f.checkEnter(t, enterForm{"create", f.app.showCreate, T("start.create.submit")})
	f.checkEnter(t, enterForm{"restore", func() {
		f.app.showStart()
		test.Tap(f.app.start.restore)
	}, T("start.restore.ok")})
	f.checkEnter(t, enterForm{"start", f.app.showStart, T("start.open")})
}

func enterAsAdmin(t *testing.T, lang string) {
	f := newLayoutFixture(t, dialogSizes[0], lang)
	f.unlockAs(t, vault.RoleAdmin)
	m := f.app.main
	T := f.app.env.Loc.T
	f.checkEnter(t, enterForm{"change passphrase", m.ChangePassphrase, T("users.own.ok")})
	f.checkEnter(t, enterForm{"backup", m.BackupDialog, T("start.backup.ok")})
	f.checkEnter(t, enterForm{"second factor", m.SecondFactorDialog, T("users.totp.confirm")})
	f.checkEnter(t, enterForm{"new patient", func() { m.Show(sectionPatients); m.Patients.NewPatient() }, T("common.save")}, T("patients.search.placeholder"))
	f.checkEnter(t, enterForm{"grant consent", func() {
		m.Show(sectionPatients)
		m.Patients.Select(2)
		m.openPatientConsents().OpenGrant()
	}, T("consent.grant.record")})
	f.checkEnter(t, enterForm{"add user", func() { m.Show(sectionUsers) }, T("users.add")})
	other := -1
	for i, u := range m.Users.Users() {
		if u.Name != demo.AdminName && !u.Disabled {
			other = i
		}
	}
	f.checkEnter(t, enterForm{"reset passphrase", func() {
		m.Show(sectionUsers)
		m.Users.Select(other)
		test.Tap(visibleButton(f.win, T("users.reset")))
	}, T("users.reset.ok")})
}

func enterAsDPO(t *testing.T, lang string) {
	f := newLayoutFixture(t, dialogSizes[0], lang)
	f.unlockAs(t, vault.RoleDPO)
	m := f.app.main
	T := f.app.env.Loc.T
	m.Show(sectionGovernance)
	g := m.Governance()
	f.checkEnter(t, enterForm{"new retention rule", func() { g.ShowRetention(); g.Retention.NewRule() }, T("governance.retention.save")})
	f.checkEnter(t, enterForm{"retention rule", func() { g.ShowRetention(); g.Retention.EditRule(0) }, T("governance.retention.save")})
	f.checkEnter(t, enterForm{"breach form", func() { g.ShowBreaches(); g.Breaches.OpenForm() }, T("governance.breach.record")})
	f.checkEnter(t, enterForm{"practice details", g.ShowPractice, T("governance.practice.save")})
	g.ShowBreaches()
	if g.Breaches.Rows() > 0 {
		g.Breaches.SelectRow(0)
		if visibleButton(f.win, T("governance.breach.notify")) != nil {
			f.checkEnter(t, enterForm{"breach notification", func() {
				g.ShowBreaches()
				g.Breaches.SelectRow(0)
				test.Tap(visibleButton(f.win, T("governance.breach.notify")))
			}, T("requests.record")})
		}
	}
	m.Show(sectionRequests)
	q := m.Requests()
	f.checkEnter(t, enterForm{"new request", q.OpenIntake, T("requests.intake.submit")}, T("forms9.intake.find.placeholder"))
	extended, packaged := false, false
	for row, r := range q.Shown() {
		q.Select(row)
		if !extended && visibleButton(f.win, T("requests.extend")) != nil {
			extended = true
			f.checkEnter(t, enterForm{"extension", func() {
				m.Show(sectionRequests)
				q.Select(row)
				test.Tap(visibleButton(f.win, T("requests.extend")))
			}, T("requests.extend.ok")})
		}
		if !packaged && r.Type == consent.ReqAccess && r.State == consent.StateInProgress {
			packaged = true
			f.checkEnter(t, enterForm{"access package", func() {
				m.Show(sectionRequests)
				q.Select(row)
				q.Detail.OpenPackage()
			}, T("requests.package.save")})
		}
	}
	if !extended || !packaged {
		t.Errorf("the demo vault offers no extension (%v) or no access package (%v)", extended, packaged)
	}
	for row, r := range q.Shown() {
		if r.Type == consent.ReqErasure && r.State != consent.StateCompleted {
			f.checkEnter(t, enterForm{"erasure (Enter plans again)", func() {
				q.Select(row)
				q.Detail.OpenErasure()
			}, T("erasure.replan")})
			break
		}
	}
}
