package kit

import (
	"image/color"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Fyne's RadioGroup and CheckGroup focus one of their internal items on a
// click, and those items ignore Esc, so a dialog stayed open when Esc was
// pressed after a choice. A wrapper cannot reach the internal items, so
// EscRadioGroup and EscCheckGroup are built from EscCheck items (Esc goes
// to the window; Tab moves between items, Space picks, as in Fyne's
// groups), the radio items drawn with Fyne's radio-button icons. Their
// fields are those of widget.RadioGroup and widget.CheckGroup that the
// screens use, so converting a call site is a change of constructor.

// EscRadioGroup is a widget.RadioGroup whose Esc closes the dialog it is in.
type EscRadioGroup struct {
	widget.DisableableWidget
	Options    []string
	Selected   string
	Horizontal bool
	// Required: a click on the chosen option keeps it (else clears it).
	Required  bool
	OnChanged func(string)

	group escGroup
}

// NewEscRadioGroup makes an EscRadioGroup with options and a change callback.
func NewEscRadioGroup(options []string, changed func(string)) *EscRadioGroup {
	r := &EscRadioGroup{Options: options, OnChanged: changed}
	r.group.radio = true
	r.ExtendBaseWidget(r)
	return r
}

// SetSelected picks option ("" clears) and calls OnChanged when it changed,
// as widget.RadioGroup does.
func (r *EscRadioGroup) SetSelected(option string) {
	if r.Selected == option {
		return
	}
	r.Selected = option
	if r.OnChanged != nil {
		r.OnChanged(option)
	}
	r.Refresh()
}

// Refresh redraws the items from Options, Selected and Horizontal.
func (r *EscRadioGroup) Refresh() {
	r.group.sync(r.Options, []string{r.Selected}, r.Horizontal, r.Disabled(), r.tapped)
	r.DisableableWidget.Refresh()
}

// Enable and Disable also enable and disable every item.
func (r *EscRadioGroup) Enable()  { r.DisableableWidget.Enable(); r.Refresh() }
func (r *EscRadioGroup) Disable() { r.DisableableWidget.Disable(); r.Refresh() }

// Items are the group's check boxes, one per option (for tests).
func (r *EscRadioGroup) Items() []*EscCheck { r.Refresh(); return r.group.items }

func (r *EscRadioGroup) tapped(option string, on bool) {
	switch {
	case on:
		r.Selected = option
	case r.Required:
		r.group.sync(r.Options, []string{r.Selected}, r.Horizontal, r.Disabled(), r.tapped) // keep it ticked
		return
	default:
		r.Selected = ""
	}
	r.group.sync(r.Options, []string{r.Selected}, r.Horizontal, r.Disabled(), r.tapped)
	if r.OnChanged != nil {
		r.OnChanged(r.Selected)
	}
}

func (r *EscRadioGroup) CreateRenderer() fyne.WidgetRenderer {
	r.group.sync(r.Options, []string{r.Selected}, r.Horizontal, r.Disabled(), r.tapped)
	return widget.NewSimpleRenderer(r.group.box)
}

// EscCheckGroup is a widget.CheckGroup whose Esc closes the dialog it is in.
type EscCheckGroup struct {
	widget.DisableableWidget
	Options    []string
	Selected   []string
	Horizontal bool
	OnChanged  func([]string)

	group escGroup
}

// NewEscCheckGroup makes an EscCheckGroup with options and a change callback.
func NewEscCheckGroup(options []string, changed func([]string)) *EscCheckGroup {
	c := &EscCheckGroup{Options: options, OnChanged: changed}
	c.ExtendBaseWidget(c)
	return c
}

// SetSelected ticks exactly options and calls OnChanged, as
// widget.CheckGroup does.
func (c *EscCheckGroup) SetSelected(options []string) {
	c.Selected = slices.Clone(options)
	if c.OnChanged != nil {
		c.OnChanged(c.Selected)
	}
	c.Refresh()
}

// Refresh redraws the items from Options, Selected and Horizontal.
func (c *EscCheckGroup) Refresh() {
	c.group.sync(c.Options, c.Selected, c.Horizontal, c.Disabled(), c.tapped)
	c.DisableableWidget.Refresh()
}

// Enable and Disable also enable and disable every item.
func (c *EscCheckGroup) Enable()  { c.DisableableWidget.Enable(); c.Refresh() }
func (c *EscCheckGroup) Disable() { c.DisableableWidget.Disable(); c.Refresh() }

// Items are the group's check boxes, one per option (for tests).
func (c *EscCheckGroup) Items() []*EscCheck { c.Refresh(); return c.group.items }

func (c *EscCheckGroup) tapped(option string, on bool) {
	var sel []string
	for _, o := range c.Options { // keep the options' order
		if (o == option && on) || (o != option && slices.Contains(c.Selected, o)) {
			sel = append(sel, o)
		}
	}
	c.Selected = sel
	if c.OnChanged != nil {
		c.OnChanged(sel)
	}
}

func (c *EscCheckGroup) CreateRenderer() fyne.WidgetRenderer {
	c.group.sync(c.Options, c.Selected, c.Horizontal, c.Disabled(), c.tapped)
	return widget.NewSimpleRenderer(c.group.box)
}

// escGroup holds a group's items and the box that lays them out.
type escGroup struct {
	radio   bool
	options []string
	items   []*EscCheck
	box     *fyne.Container
	syncing bool // setting items from the group, not from a click
}

// sync makes one item per option, ticked when selected, laid out in a row
// or a column; a click on an item calls tapped (never while syncing).
func (g *escGroup) sync(options, selected []string, horizontal, disabled bool, tapped func(string, bool)) {
	if g.box == nil {
		g.box = container.NewVBox()
	}
	if !slices.Equal(g.options, options) {
		g.options = slices.Clone(options)
		g.items = make([]*EscCheck, len(options))
		for i, o := range options {
			g.items[i] = NewEscCheck(o, func(on bool) {
				if !g.syncing {
					tapped(o, on)
				}
			})
		}
	}
	g.syncing = true
	objs := make([]fyne.CanvasObject, len(g.items))
	for i, it := range g.items {
		on := slices.Contains(selected, g.options[i])
		it.SetChecked(on)
		if disabled {
			it.Disable()
		} else {
			it.Enable()
		}
		if g.radio && disabled && on {
			// A disabled, ticked Check draws the app theme's check mark,
			// past the override; its "partial" icon is the override's
			// (a radio dot), so the chosen option shows as one, greyed.
			it.SetChecked(false)
			it.Partial = true
			it.Refresh()
		}
		objs[i] = it
		if g.radio {
			objs[i] = container.NewThemeOverride(it, radioIcons{})
		}
	}
	g.syncing = false
	if horizontal {
		g.box.Layout = container.NewHBox().Layout
	} else {
		g.box.Layout = container.NewVBox().Layout
	}
	g.box.Objects = objs
	g.box.Refresh()
}

// radioIcons is the app's theme with the check box icons swapped for
// radio buttons, so a check drawn under it looks like a radio item.
type radioIcons struct{}

func (radioIcons) current() fyne.Theme {
	if a := fyne.CurrentApp(); a != nil && a.Settings().Theme() != nil {
		return a.Settings().Theme()
	}
	return theme.DefaultTheme()
}

func (t radioIcons) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	return t.current().Color(n, v)
}
func (t radioIcons) Font(s fyne.TextStyle) fyne.Resource { return t.current().Font(s) }
func (t radioIcons) Size(n fyne.ThemeSizeName) float32   { return t.current().Size(n) }

func (t radioIcons) Icon(n fyne.ThemeIconName) fyne.Resource {
	switch n {
	case theme.IconNameCheckButton:
		n = theme.IconNameRadioButton
	case theme.IconNameCheckButtonChecked, theme.IconNameCheckButtonPartial:
		n = theme.IconNameRadioButtonChecked
	case theme.IconNameCheckButtonFill:
		n = theme.IconNameRadioButtonFill
	}
	return t.current().Icon(n)
}
