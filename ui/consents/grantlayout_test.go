package consents

import (
	"fmt"
	"strings"
	"testing"

	"custodia/i18n"
	"custodia/ui/internal/uitest"
	"custodia/ui/kit"
	"custodia/vault"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// TestGrantDialogButtonsInOneRow: the grant dialog's Record button sits
// beside Cancel in the dialog's button row (it sat in the form, above an
// empty band, with Cancel below it), for every purpose, in English and
// German at both sizes; the dialog ends below the taller of the form and
// the consent text, and a problem shows whole below the form.
func TestGrantDialogButtonsInOneRow(t *testing.T) {
	for _, lang := range []string{"en", "de"} {
		for _, size := range dialogSizes {
			t.Run(fmt.Sprintf("%s-%.0fx%.0f", lang, size.Width, size.Height), func(t *testing.T) {
				f, p := newTestPanel(t, vault.RoleAdmin)
				f.env.Loc = i18n.MustLoad().Localizer(lang)
				fyne.CurrentApp().Settings().SetTheme(theme.DefaultTheme())
				f.env.Win.Resize(size)
				p.Select("recall")
				p.OpenGrant()
				g := p.GrantForm
				win := f.env.Win
				cancel := buttonLabelled(t, win, f.env.Loc.T("common.cancel"))
				drv := fyne.CurrentApp().Driver()
				if ry, cy := drv.AbsolutePositionForObject(g.record).Y, drv.AbsolutePositionForObject(cancel).Y; ry != cy {
					t.Errorf("Record at y %.0f, Cancel at y %.0f: not one row", ry, cy)
				}
				for i := range g.purposes {
					g.purpose.SetSelectedIndex(i)
					what := "grant dialog: " + g.purpose.Selected
					uitest.AssertShowsWhole(t, win, what)
					uitest.AssertFits(t, win, what)
					if bottom, end := g.lowestEdge(), g.left.Size().Height; end-bottom > uitest.GapAllowed() {
						t.Errorf("%s: %.0f px empty below the form and the text", what, end-bottom)
					}
				}
				g.SetCategories(nil)
				g.Submit()
				if g.Problem() == "" || !g.problem.Visible() {
					t.Fatal("no categories ticked, and no problem shown")
				}
				if want := f.env.Loc.T("domaintext.fieldrule.category-required"); !strings.Contains(g.Problem(), want) {
					t.Errorf("the problem reads %q, want the worded rule %q", g.Problem(), want)
				}
				uitest.AssertShowsWhole(t, win, "grant dialog with a problem")
				uitest.AssertFits(t, win, "grant dialog with a problem")
			})
		}
	}
}

// lowestEdge is how far down the left column the form (or the text
// beside it, if longer) reaches.
func (g *GrantForm) lowestEdge() float32 {
	text := g.textInfo.MinSize().Height + theme.Padding() + g.textBody.MinSize().Height
	return max(g.form.MinSize().Height, text)
}

// buttonLabelled is the visible button of the top dialog labelled text.
func buttonLabelled(t *testing.T, win fyne.Window, text string) *widget.Button {
	t.Helper()
	for _, b := range uitest.ButtonsIn(win.Canvas().Overlays().Top()) {
		if b.Text == text && b.Visible() {
			return b
		}
	}
	t.Fatalf("no button %q in the dialog", text)
	return nil
}

// TestGrantDialogClosesOnEscAfterAChoice: a select or box keeps the focus
// once clicked; Esc typed then still closes the grant dialog (the window's
// key handler, as the app's, hides the top dialog). Before, the purpose
// select and the recipients' and categories' boxes swallowed Esc.
func TestGrantDialogClosesOnEscAfterAChoice(t *testing.T) {
	_, p := newTestPanel(t, vault.RoleAdmin)
	c := p.env.Win.Canvas()
	c.SetOnTypedKey(func(ev *fyne.KeyEvent) {
		if pop, ok := c.Overlays().Top().(*widget.PopUp); ok && ev.Name == fyne.KeyEscape {
			pop.Hide()
		}
	})
	fields := map[string]func(g *GrantForm) fyne.Focusable{
		"purpose":   func(g *GrantForm) fyne.Focusable { return g.purpose },
		"recipient": func(g *GrantForm) fyne.Focusable { return firstBox(g.recipients) },
		"category":  func(g *GrantForm) fyne.Focusable { return firstBox(g.categories) },
	}
	for name, field := range fields {
		p.Select("research:registry")
		p.OpenGrant()
		n := len(c.Overlays().List())
		f := field(p.GrantForm)
		c.Focus(f)
		if c.Focused() != f {
			t.Fatalf("%s: took no focus", name)
		}
		f.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
		if got := len(c.Overlays().List()); got >= n {
			t.Errorf("Esc after a choice in the %s left the grant dialog open", name)
			c.Overlays().Top().Hide()
		}
	}
}

// firstBox is the first box of a check grid.
func firstBox(g *kit.CheckGrid) fyne.Focusable {
	return g.Box.Objects[0].(fyne.Focusable)
}
