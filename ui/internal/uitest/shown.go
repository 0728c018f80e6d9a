package uitest

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"custodia/ui/kit"
)

// ShownTexts are the words drawn in obj (every canvas.Text of the laid-out
// tree, entries' placeholders included).
func ShownTexts(obj fyne.CanvasObject) []string {
	var out []string
	for _, o := range test.LaidOutObjects(obj) {
		switch x := o.(type) {
		case *canvas.Text:
			if s := strings.TrimSpace(x.Text); s != "" {
				out = append(out, s)
			}
		case *widget.Entry:
			out = appendPlaceholder(out, x)
		case *kit.EscEntry:
			out = appendPlaceholder(out, &x.Entry)
		case *kit.PrivateEntry:
			out = appendPlaceholder(out, &x.Entry)
		}
	}
	return out
}

func appendPlaceholder(out []string, e *widget.Entry) []string {
	if e.PlaceHolder != "" {
		out = append(out, e.PlaceHolder)
	}
	return out
}

// CheckShown fails when a wanted text is not drawn, an unwanted one is, or
// a message is missing from the catalogue (drawn as ⟦id⟧).
func CheckShown(t *testing.T, where string, obj fyne.CanvasObject, want, notWant []string) {
	t.Helper()
	shown := ShownTexts(obj)
	all := strings.Join(shown, "\n")
	for _, w := range want {
		if !slices.ContainsFunc(shown, func(s string) bool { return strings.Contains(s, w) }) {
			t.Errorf("%s: %q not shown; shown:\n%s", where, w, all)
		}
	}
	for _, w := range notWant {
		if slices.Contains(shown, w) {
			t.Errorf("%s: %q shown", where, w)
		}
	}
	if strings.Contains(all, "⟦") {
		t.Errorf("%s: a message is missing from the catalogue:\n%s", where, all)
	}
}

// TextTop is the top, on the canvas, of the first drawn text of c's content
// and overlays that starts with prefix; false when none is drawn.
func TextTop(c fyne.Canvas, prefix string) (float32, bool) {
	Settle(c)
	objs := append([]fyne.CanvasObject{c.Content()}, c.Overlays().List()...)
	for _, o := range objs {
		if y, ok := textTop(o, o.Position(), prefix); ok {
			return y, true
		}
	}
	return 0, false
}

func textTop(o fyne.CanvasObject, pos fyne.Position, prefix string) (float32, bool) {
	if o == nil || !o.Visible() {
		return 0, false
	}
	if t, ok := o.(*canvas.Text); ok {
		return pos.Y, t.Text != "" && strings.HasPrefix(t.Text, prefix)
	}
	for _, child := range Children(o) {
		if y, ok := textTop(child, pos.Add(child.Position()), prefix); ok {
			return y, true
		}
	}
	return 0, false
}
