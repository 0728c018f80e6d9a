package kit

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
)

// escWindow is a test window with groups, counting the Esc keys that reach
// its key handler (which closes the top dialog in the app).
func escWindow(t *testing.T, objs ...fyne.CanvasObject) (fyne.Window, *int) {
	t.Helper()
	w := test.NewTempWindow(t, container.NewVBox(objs...))
	escs := 0
	w.Canvas().SetOnTypedKey(func(ev *fyne.KeyEvent) {
		if ev.Name == fyne.KeyEscape {
			escs++
		}
	})
	return w, &escs
}

// pressEsc types Esc into whatever has the focus and says whether it
// reached the window and left nothing focused.
func pressEsc(t *testing.T, w fyne.Window, escs *int) {
	t.Helper()
	f := w.Canvas().Focused()
	if f == nil {
		t.Fatal("nothing has the focus after a click")
	}
	before := *escs
	f.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if *escs != before+1 {
		t.Errorf("Esc on %T did not reach the window", f)
	}
	if w.Canvas().Focused() != nil {
		t.Errorf("%T keeps the focus after Esc", f)
	}
}

// A click on a radio item picks it (and only it) and focuses it; Esc then
// reaches the window; Tab moves to the next item and Space picks it;
// a required group keeps its choice on a second click (issue 10).
func TestEscRadioGroupPicksAndPassesEsc(t *testing.T) {
	test.NewTempApp(t)
	var changes []string
	r := NewEscRadioGroup([]string{"paper", "verbal", "digital"}, func(s string) { changes = append(changes, s) })
	r.Required = true
	r.Horizontal = true
	w, escs := escWindow(t, r)
	items := r.Items()
	test.Tap(items[1])
	if r.Selected != "verbal" || !slices.Equal(changes, []string{"verbal"}) {
		t.Fatalf("after a click: Selected %q, changes %q", r.Selected, changes)
	}
	pressEsc(t, w, escs)

	w.Canvas().Focus(items[0])
	w.Canvas().FocusNext()
	if w.Canvas().Focused() != items[1] {
		t.Fatalf("Tab from the first item focuses %v, want the second", w.Canvas().Focused())
	}
	w.Canvas().FocusNext()
	items[2].TypedRune(' ')
	if r.Selected != "digital" || items[1].Checked || !items[2].Checked {
		t.Fatalf("Space on the third item: Selected %q, ticks %v %v", r.Selected, items[1].Checked, items[2].Checked)
	}
	test.Tap(items[2])
	if r.Selected != "digital" || !items[2].Checked {
		t.Errorf("a required group lost its choice on a second click: %q", r.Selected)
	}
	r.Required = false
	test.Tap(items[2])
	if r.Selected != "" {
		t.Errorf("an optional group kept %q on a second click", r.Selected)
	}
	r.SetSelected("paper")
	if !items[0].Checked || items[2].Checked || changes[len(changes)-1] != "paper" {
		t.Errorf("SetSelected: ticks %v %v, last change %q", items[0].Checked, items[2].Checked, changes[len(changes)-1])
	}
	r.Disable()
	test.Tap(items[1])
	if r.Selected != "paper" {
		t.Errorf("a disabled group changed to %q", r.Selected)
	}
	if name := checkedIconName(items[0]); !strings.Contains(name, "radio") {
		t.Errorf("the chosen item of a disabled radio group drawn with %q, want a radio button", name)
	}
	r.Enable()
	if !items[0].Checked || items[0].Partial || r.Selected != "paper" {
		t.Errorf("enabled again: ticked %v, partial %v, Selected %q", items[0].Checked, items[0].Partial, r.Selected)
	}
	if name := iconName(items[0]); !strings.Contains(name, "radio") {
		t.Errorf("radio item drawn with %q, want Fyne's radio button", name)
	}
}

// A check group ticks what is clicked or spaced, in the options' order,
// and passes Esc on to the window.
func TestEscCheckGroupTicksAndPassesEsc(t *testing.T) {
	test.NewTempApp(t)
	var last []string
	c := NewEscCheckGroup([]string{"a", "b", "c"}, func(s []string) { last = s })
	w, escs := escWindow(t, c)
	items := c.Items()
	test.Tap(items[2])
	test.Tap(items[0])
	if !slices.Equal(c.Selected, []string{"a", "c"}) || !slices.Equal(last, c.Selected) {
		t.Fatalf("Selected %q, OnChanged got %q, want [a c]", c.Selected, last)
	}
	pressEsc(t, w, escs)
	w.Canvas().Focus(items[1])
	items[1].TypedRune(' ')
	if !slices.Equal(c.Selected, []string{"a", "b", "c"}) {
		t.Errorf("Space: Selected %q", c.Selected)
	}
	c.SetSelected([]string{"b"})
	if items[0].Checked || !items[1].Checked || items[2].Checked {
		t.Errorf("SetSelected([b]) ticks %v %v %v", items[0].Checked, items[1].Checked, items[2].Checked)
	}
	if name := iconName(items[0]); strings.Contains(name, "radio") {
		t.Errorf("check item drawn with %q", name)
	}
}

// iconName is the name of the first icon an item draws.
func iconName(c *EscCheck) string {
	for _, o := range test.WidgetRenderer(c).Objects() {
		if img, ok := o.(*canvas.Image); ok && img.Resource != nil {
			return img.Resource.Name()
		}
	}
	return ""
}

// checkedIconName is the name of the icon an item draws over its
// background (the box or button itself).
func checkedIconName(c *EscCheck) string {
	name := ""
	for _, o := range test.WidgetRenderer(c).Objects() {
		if img, ok := o.(*canvas.Image); ok && img.Resource != nil && name == "" && !strings.Contains(img.Resource.Name(), "fill") {
			name = img.Resource.Name()
		}
	}
	return name
}
