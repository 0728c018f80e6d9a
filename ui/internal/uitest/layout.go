package uitest

import (
	"custodia/ui/kit"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// The layout checker walks what the Fyne test driver rendered and reports
// every text a person would see cut or spilling: a text drawn wider or
// taller than a widget that holds it, a text or control reaching past the
// window's edge (or a vertical scroller's width), and an ellipsis where the
// widget's own text has none. It also reports content whose minimum size
// exceeds the window: a real driver then grows the window by itself.

// ScreenSizes are the window sizes every screen must fit: the size
// cmd/custodia opens at, and the two screen sizes of issue 10.
var ScreenSizes = []fyne.Size{{Width: 1200, Height: 760}, {Width: 1280, Height: 800}, {Width: 1920, Height: 1080}}

// UUIDPattern finds an internal id in a text people read.
var UUIDPattern = regexp.MustCompile(`[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}`)

// Slack absorbs float rounding in layouts (a fraction of a pixel).
const Slack = 1.5

type rect struct{ x0, y0, x1, y1 float32 }

func rectOf(pos fyne.Position, size fyne.Size) rect {
	return rect{pos.X, pos.Y, pos.X + size.Width, pos.Y + size.Height}
}

func (r rect) empty() bool { return r.x1 <= r.x0 || r.y1 <= r.y0 }

func (r rect) intersect(o rect) rect {
	return rect{max(r.x0, o.x0), max(r.y0, o.y0), min(r.x1, o.x1), min(r.y1, o.y1)}
}

// holder is an ancestor widget a text must stay inside.
type holder struct {
	name string
	r    rect
}

// walker collects problems on one canvas; it also reports internal ids
// (UUIDs) shown as text, since people read names and labels.
type walker struct {
	problems []string
	seen     map[string]bool
	inDialog bool // walking an overlay: a plain entry there swallows Esc
	// wideTables are the tables whose columns are wider than their pane.
	wideTables []string
}

func (w *walker) report(format string, args ...any) {
	p := fmt.Sprintf(format, args...)
	if !w.seen[p] {
		w.seen[p] = true
		w.problems = append(w.problems, p)
	}
}

// LayoutProblems renders c's content and overlays and lists what does not fit.
func LayoutProblems(c fyne.Canvas) []string { return walkCanvas(c).problems }

// TableProblems lists the tables on c whose columns are wider than their
// pane: a column is cut at the pane's edge and the ones after it are out
// of view until scrolled sideways.
func TableProblems(c fyne.Canvas) []string { return walkCanvas(c).wideTables }

func walkCanvas(c fyne.Canvas) *walker {
	w := &walker{seen: map[string]bool{}}
	size := c.Size()
	win := rect{0, 0, size.Width, size.Height}
	if content := c.Content(); content != nil {
		min := content.MinSize().Add(fyne.NewSquareSize(2 * theme.Padding()))
		if min.Width > size.Width+Slack || min.Height > size.Height+Slack {
			w.report("window would grow: content needs %.0f×%.0f in %.0f×%.0f", min.Width, min.Height, size.Width, size.Height)
		}
		w.walk(content, content.Position(), win, nil)
	}
	for _, o := range c.Overlays().List() {
		if min := o.MinSize(); min.Width > size.Width+Slack || min.Height > size.Height+Slack {
			w.report("overlay needs %.0f×%.0f in %.0f×%.0f", min.Width, min.Height, size.Width, size.Height)
		}
		w.inDialog = true
		w.walk(o, o.Position(), win, nil)
		w.inDialog = false
	}
	return w
}

// walk visits o at absolute position pos; clip is the horizontal band a
// text may use (the window, narrowed by vertical scrollers), holders the
// text-bearing widgets above it.
func (w *walker) walk(o fyne.CanvasObject, pos fyne.Position, clip rect, holders []holder) {
	if o == nil || !o.Visible() {
		return
	}
	if _, ok := o.(fyne.Widget); ok && o.Size().IsZero() {
		return // never laid out: not on screen
	}
	r := rectOf(pos, o.Size())
	switch x := o.(type) {
	case *canvas.Text:
		w.checkText(x, pos, clip, holders)
		return
	case *widget.RichText:
		w.checkTruncation(x, holders)
		w.checkLetterColumn(x)
	case *widget.Entry:
		w.checkPlaceholder(x, holders)
		if w.inDialog {
			w.report("plain entry %q in a dialog: Esc typed into it does not close the dialog (use kit.EscEntry)", x.PlaceHolder)
		}
	case *kit.PrivateEntry:
		w.checkPlaceholder(&x.Entry, holders)
	case *kit.EscEntry:
		w.checkPlaceholder(&x.Entry, holders)
	case *container.Scroll:
		clip = scrollClip(x.Direction, r, clip)
	case *widget.Table, *kit.TextTable:
		w.checkTableWidth(o)
		clip = scrollClip(fyne.ScrollBoth, r, clip) // its cells scroll sideways
	}
	if name := ControlName(o); name != "" {
		if _, label := o.(*widget.Label); !label && (r.x1 > clip.x1+Slack || r.x0 < clip.x0-Slack) {
			w.report("%s reaches past the visible edge (x %.0f–%.0f, visible %.0f–%.0f)", name, r.x0, r.x1, clip.x0, clip.x1)
		}
		if !scrollsText(o) {
			holders = append(holders, holder{name, r})
		}
	}
	for _, child := range Children(o) {
		w.walk(child, pos.Add(child.Position()), clip, holders)
	}
}

// checkTableWidth: a table's columns fit its pane, so no column is cut
// at the pane's edge or out of view until scrolled sideways (issue 10).
func (w *walker) checkTableWidth(o fyne.CanvasObject) {
	for _, child := range Children(o) {
		s, ok := child.(*container.Scroll)
		if !ok || s.Content == nil {
			continue
		}
		if need, have := s.Content.MinSize().Width, s.Size().Width; need > have+Slack {
			p := fmt.Sprintf("table %s needs %.0f px, its pane has %.0f: columns are cut or scroll sideways", tableName(o), need, have)
			if !w.seen[p] {
				w.seen[p] = true
				w.wideTables = append(w.wideTables, p)
			}
		}
	}
}

// tableName names a table by its headers where it has them.
func tableName(o fyne.CanvasObject) string {
	if t, ok := o.(*kit.TextTable); ok {
		return fmt.Sprintf("%q", strings.Join(t.Headers(), " | "))
	}
	return "(no headers)"
}

// scrollClip narrows the band to a scroller that does not scroll sideways.
func scrollClip(d fyne.ScrollDirection, r, clip rect) rect {
	if d == fyne.ScrollVerticalOnly || d == fyne.ScrollNone {
		return clip.intersect(r)
	}
	return rect{-1e9, clip.y0, 1e9, clip.y1} // sideways: the holders still apply
}

// Children are the objects o lays out: a container's, or what a widget's
// renderer draws.
func Children(o fyne.CanvasObject) []fyne.CanvasObject {
	switch x := o.(type) {
	case *fyne.Container:
		return x.Objects
	case fyne.Widget:
		return test.WidgetRenderer(x).Objects()
	}
	return nil
}

// ControlName names widgets whose text must fit them, "" for others.
func ControlName(o fyne.CanvasObject) string {
	switch x := o.(type) {
	case *widget.Label:
		return fmt.Sprintf("label %q", x.Text)
	case *widget.Button:
		return fmt.Sprintf("button %q", x.Text)
	case *widget.Check:
		return fmt.Sprintf("check %q", x.Text)
	case *kit.EscCheck:
		return fmt.Sprintf("check %q", x.Text)
	case *widget.Select:
		return fmt.Sprintf("select %q", x.Selected)
	case *kit.EscSelect:
		return fmt.Sprintf("select %q", x.Selected)
	case *widget.Entry:
		return fmt.Sprintf("entry %q", x.PlaceHolder)
	case *kit.PrivateEntry:
		return fmt.Sprintf("entry %q", x.PlaceHolder)
	case *kit.EscEntry:
		return fmt.Sprintf("entry %q", x.PlaceHolder)
	case *widget.RadioGroup:
		return fmt.Sprintf("radio %q", strings.Join(x.Options, "/"))
	case *kit.EscRadioGroup:
		return fmt.Sprintf("radio %q", strings.Join(x.Options, "/"))
	case *widget.Hyperlink:
		return fmt.Sprintf("link %q", x.Text)
	case *widget.Card:
		return fmt.Sprintf("card %q", x.Title)
	}
	return ""
}

// scrollsText: an entry holding text scrolls it sideways, as people
// expect of a long path or note; only its placeholder must fit.
func scrollsText(o fyne.CanvasObject) bool {
	switch x := o.(type) {
	case *widget.Entry:
		return x.Text != ""
	case *kit.PrivateEntry:
		return x.Text != ""
	case *kit.EscEntry:
		return x.Text != ""
	}
	return false
}

// checkText: a drawn text stays inside its holders and the visible band,
// unless it is scrolled out of view entirely.
func (w *walker) checkText(t *canvas.Text, pos fyne.Position, clip rect, holders []holder) {
	text := strings.TrimSpace(t.Text)
	if text == "" {
		return
	}
	if UUIDPattern.MatchString(text) {
		w.report("a UUID is shown to people: %q", text)
	}
	m := fyne.MeasureText(t.Text, t.TextSize, t.TextStyle)
	x0 := pos.X
	switch t.Alignment {
	case fyne.TextAlignCenter:
		x0 = pos.X + (t.Size().Width-m.Width)/2
	case fyne.TextAlignTrailing:
		x0 = pos.X + t.Size().Width - m.Width
	}
	r := rect{x0, pos.Y, x0 + m.Width, pos.Y + m.Height}
	if r.intersect(clip).empty() && (r.y1 <= clip.y0 || r.y0 >= clip.y1) {
		return // scrolled out of view
	}
	if r.x1 > clip.x1+Slack || r.x0 < clip.x0-Slack {
		w.report("text %q cut at the visible edge (x %.0f–%.0f, visible %.0f–%.0f)", text, r.x0, r.x1, clip.x0, clip.x1)
	}
	for _, h := range holders {
		if r.x1 > h.r.x1+Slack || r.x0 < h.r.x0-Slack || r.y1 > h.r.y1+Slack || r.y0 < h.r.y0-Slack {
			w.report("text %q spills out of %s (text %.0f wide, %s %.0f×%.0f)", text, h.name, m.Width, h.name,
				h.r.x1-h.r.x0, h.r.y1-h.r.y0)
		}
	}
}

// checkTruncation: a truncating, non-wrapping text must have room for all of it.
func (w *walker) checkTruncation(rt *widget.RichText, holders []holder) {
	if rt.Truncation == fyne.TextTruncateOff || rt.Wrapping != fyne.TextWrapOff {
		return
	}
	full := widget.NewRichText(rt.Segments...)
	full.Truncation = fyne.TextTruncateOff
	if rt.Size().Width+2*theme.InnerPadding() >= kit.TextColumnMax-Slack {
		return // a long free text in a full-width table column; shown whole where its row opens
	}
	if need := full.MinSize().Width; need > rt.Size().Width+Slack {
		name := "text"
		if len(holders) > 0 {
			name = holders[len(holders)-1].name
		}
		w.report("%s truncated: %q needs %.0f, has %.0f", name, rt.String(), need, rt.Size().Width)
	}
}

// checkLetterColumn: a wrapped text is never broken one letter per line
// (Fyne's rich text does that to a styled run at some widths).
func (w *walker) checkLetterColumn(rt *widget.RichText) {
	if rt.Wrapping == fyne.TextWrapOff {
		return
	}
	run, letters := 0, ""
	for _, o := range test.LaidOutObjects(rt) {
		t, ok := o.(*canvas.Text)
		if !ok || t.Text == "" {
			continue
		}
		if utf8.RuneCountInString(t.Text) != 1 {
			run, letters = 0, ""
			continue
		}
		run++
		letters += t.Text
		if run == 4 {
			w.report("text broken one letter per line: %q…", letters)
		}
	}
}

// checkPlaceholder: the placeholder of an empty entry is shown whole.
func (w *walker) checkPlaceholder(e *widget.Entry, _ []holder) {
	if e.Text != "" || e.PlaceHolder == "" {
		return
	}
	th := theme.Current()
	pad := th.Size(theme.SizeNameInnerPadding)*2 + th.Size(theme.SizeNameInputBorder)*2
	need := fyne.MeasureText(e.PlaceHolder, th.Size(theme.SizeNameText), e.TextStyle).Width + pad
	if e.ActionItem != nil {
		need += e.ActionItem.MinSize().Width + th.Size(theme.SizeNamePadding)
	} else if e.Password {
		need += th.Size(theme.SizeNameInlineIcon) + th.Size(theme.SizeNamePadding)
	}
	if need > e.Size().Width+Slack {
		w.report("placeholder %q cut: needs %.0f, entry is %.0f wide", e.PlaceHolder, need, e.Size().Width)
	}
}

// AssertFits fails t with every layout problem on the window, naming the screen.
func AssertFits(t *testing.T, win fyne.Window, screen string) {
	t.Helper()
	Settle(win.Canvas())
	for _, p := range LayoutProblems(win.Canvas()) {
		t.Errorf("%s at %.0f×%.0f: %s", screen, win.Canvas().Size().Width, win.Canvas().Size().Height, p)
	}
}

// AssertTablesFit fails t with every table on the window that is wider
// than its pane (TableProblems), naming the screen.
func AssertTablesFit(t *testing.T, win fyne.Window, screen string) {
	t.Helper()
	Settle(win.Canvas())
	for _, p := range TableProblems(win.Canvas()) {
		t.Errorf("%s at %.0f×%.0f: %s", screen, win.Canvas().Size().Width, win.Canvas().Size().Height, p)
	}
}

// Settle lays out every container and widget at its current size, top
// down, as the desktop driver does before it paints a refreshed frame.
func Settle(c fyne.Canvas) {
	if content := c.Content(); content != nil {
		relayout(content)
	}
	for _, o := range c.Overlays().List() {
		relayout(o)
	}
}

func relayout(o fyne.CanvasObject) {
	switch x := o.(type) {
	case *fyne.Container:
		if x.Layout != nil {
			x.Layout.Layout(x.Objects, x.Size())
		}
	case fyne.Widget:
		test.WidgetRenderer(x).Layout(x.Size())
	}
	for _, child := range Children(o) {
		relayout(child)
	}
}
