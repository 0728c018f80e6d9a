package research

import (
	"image/color"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"custodia/deid"
	core "custodia/research"
	"custodia/ui/kit"
)

// columnsStep is step 3: which columns go out, each one's role, and the
// hierarchies of the quasi-identifiers; picking a value shows its
// generalisation levels.
type columnsStep struct {
	w       *Wizard
	content fyne.CanvasObject

	rows     *fyne.Container
	obsPick  *widget.SelectEntry
	explorer *hierarchyExplorer
}

// baseColumns are the extract's columns offered at each level.
func baseColumns(level string) []string {
	cols := []string{core.SrcPatient, core.SrcAge, core.SrcBirthYear, core.SrcSex, core.SrcPostcode, core.SrcDiagnosis}
	if level == core.LevelEncounter {
		cols = append(cols, core.SrcDate, core.SrcKind)
	}
	return cols
}

func newColumnsStep(w *Wizard) *columnsStep {
	loc := w.v.loc
	c := &columnsStep{w: w}
	c.rows = container.NewVBox()
	c.obsPick = widget.NewSelectEntry(labelsOf(knownLOINC, func(code string) string { return core.ColumnText(w.v.loc, core.SrcObsPrefix+code) }))
	c.obsPick.SetPlaceHolder(loc.T("research.columns.obsPlaceholder"))
	add := widget.NewButtonWithIcon(loc.T("research.columns.obsAdd"), theme.ContentAddIcon(), c.addObservation)
	kit.SubmitOnEnter(add, c.obsPick) // Enter adds the observation typed or picked
	obsRow := container.NewBorder(nil, nil, widget.NewLabel(loc.T("research.columns.obs")), add, c.obsPick)
	c.explorer = newHierarchyExplorer(w)
	left := container.NewBorder(hint(loc.T("research.columns.intro")), obsRow, nil, nil, container.NewVScroll(c.rows))
	split := container.NewHSplit(left, c.explorer.content)
	split.SetOffset(0.58)
	c.content = split
	return c
}

// reload rebuilds the rows from the draft (the level may have changed).
func (c *columnsStep) reload() {
	c.rows.Objects = nil
	names := baseColumns(c.w.draft.Level)
	for _, col := range c.w.draft.Columns {
		if !slices.Contains(names, col.Name) {
			names = append(names, col.Name)
		}
	}
	for _, n := range names {
		c.rows.Add(c.row(n))
	}
	c.rows.Refresh()
	c.explorer.reload()
}

// row is one column: included or not, its role, and for the patient id
// whether it is dropped or pseudonymised.
func (c *columnsStep) row(name string) fyne.CanvasObject {
	w, lab := c.w, c.w.v.lab
	i := c.index(name)
	include := kit.NewEscCheck(core.ColumnText(w.v.loc, name), nil)
	include.SetChecked(i >= 0)
	role := kit.NewEscSelect(labelsOf(roles(name), lab.role), nil)
	extra := fyne.CanvasObject(widget.NewLabel(""))
	if i >= 0 {
		role.SetSelected(lab.role(w.draft.Columns[i].Role))
	} else {
		role.SetSelected(lab.role(roles(name)[0]))
		role.Disable()
	}
	if name == core.SrcPatient {
		treat := kit.NewEscSelect(labelsOf([]string{core.IdentPseudonymise, core.IdentDrop}, lab.treatment), nil)
		t := core.IdentDrop
		if i >= 0 && w.draft.Columns[i].Treatment != "" {
			t = w.draft.Columns[i].Treatment
		}
		treat.SetSelected(lab.treatment(t))
		treat.OnChanged = func(s string) {
			if j := c.index(name); j >= 0 {
				w.draft.Columns[j].Treatment = pick([]string{core.IdentPseudonymise, core.IdentDrop}, lab.treatment, s)
			}
		}
		extra = treat
		role.Disable()
	}
	role.OnChanged = func(s string) {
		if j := c.index(name); j >= 0 {
			w.draft.Columns[j].Role = pick(roles(name), lab.role, s)
			c.explorer.reload()
		}
	}
	include.OnChanged = func(on bool) {
		j := c.index(name)
		switch {
		case on && j < 0:
			col := core.Column{Name: name, Role: pick(roles(name), lab.role, role.Selected)}
			if name == core.SrcPatient {
				col.Treatment = core.IdentPseudonymise
			}
			w.draft.Columns = append(w.draft.Columns, col)
			role.Enable()
			if name == core.SrcPatient {
				role.Disable()
			}
		case !on && j >= 0:
			w.draft.Columns = slices.Delete(w.draft.Columns, j, j+1)
			role.Disable()
		}
		c.explorer.reload()
	}
	levels := fyne.CanvasObject(widget.NewButtonWithIcon("", theme.VisibilityIcon(), func() { c.explorer.show(name) }))
	if name == core.SrcPatient {
		levels = canvas.NewRectangle(color.Transparent) // keeps the rows aligned
	}
	h := role.MinSize().Height
	return container.NewBorder(nil, nil, include, container.NewHBox(
		container.NewGridWrap(fyne.NewSize(190, h), role), container.NewGridWrap(fyne.NewSize(190, h), extra),
		container.NewGridWrap(fyne.NewSize(h, h), levels)))
}

// index is the draft's column named name, or -1.
func (c *columnsStep) index(name string) int {
	return slices.IndexFunc(c.w.draft.Columns, func(col core.Column) bool { return col.Name == name })
}

// addObservation adds an observation column by its label or LOINC code.
func (c *columnsStep) addObservation() {
	text := strings.TrimSpace(c.obsPick.Text)
	code := text
	for _, k := range knownLOINC {
		if core.ColumnText(c.w.v.loc, core.SrcObsPrefix+k) == text {
			code = k
		}
	}
	name := core.SrcObsPrefix + code
	if c.index(name) >= 0 {
		return
	}
	c.w.draft.Columns = append(c.w.draft.Columns, core.Column{Name: name, Role: core.RoleQuasi})
	if fs := c.w.stepProblems(StepColumns); slices.ContainsFunc(fs, func(f core.Field) bool {
		return f.Path == "columns["+strconv.Itoa(len(c.w.draft.Columns)-1)+"].name"
	}) {
		c.w.draft.Columns = c.w.draft.Columns[:len(c.w.draft.Columns)-1]
		dialog.ShowInformation(c.w.v.loc.T("research.columns.obs"), c.w.v.loc.T("research.columns.obsInvalid"), c.w.v.win)
		return
	}
	c.obsPick.SetText("")
	c.reload()
}

// levelChanged keeps the columns consistent with the row level: an
// encounter-level study pseudonymises the patient (k counts patients), a
// patient-level one has no encounter columns.
func (w *Wizard) levelChanged() {
	d := &w.draft
	if d.Level == core.LevelEncounter {
		if i := slices.IndexFunc(d.Columns, func(c core.Column) bool { return c.Name == core.SrcPatient }); i >= 0 {
			d.Columns[i].Treatment = core.IdentPseudonymise
		} else {
			d.Columns = append([]core.Column{{Name: core.SrcPatient, Role: core.RoleIdentifying, Treatment: core.IdentPseudonymise}}, d.Columns...)
		}
		return
	}
	d.Columns = slices.DeleteFunc(d.Columns, func(c core.Column) bool { return c.Name == core.SrcDate || c.Name == core.SrcKind })
}

// hierarchyExplorer shows a column's hierarchy: pick or type a value and
// see it at every level. An ARX hierarchy file can replace the built-in one.
type hierarchyExplorer struct {
	w       *Wizard
	content fyne.CanvasObject

	column *kit.EscSelect
	value  *widget.SelectEntry
	levels *fyne.Container
	source *widget.Label
	load   *widget.Button
	reset  *widget.Button
	names  []string // column codes in column's options
}

func newHierarchyExplorer(w *Wizard) *hierarchyExplorer {
	loc := w.v.loc
	h := &hierarchyExplorer{w: w}
	h.column = kit.NewEscSelect(nil, func(string) { h.columnChosen() })
	h.column.PlaceHolder = loc.T("research.hierarchy.columnPlaceholder")
	h.value = widget.NewSelectEntry(nil)
	h.value.OnChanged = func(string) { h.redraw() }
	h.levels = container.NewVBox()
	h.source = hint("")
	h.load = widget.NewButtonWithIcon(loc.T("research.hierarchy.load"), theme.FolderOpenIcon(), h.loadFile)
	h.reset = widget.NewButtonWithIcon(loc.T("research.hierarchy.reset"), theme.ContentUndoIcon(), h.builtin)
	form := widget.NewForm(
		widget.NewFormItem(loc.T("research.hierarchy.column"), h.column),
		widget.NewFormItem(loc.T("research.hierarchy.value"), h.value))
	top := container.NewVBox(heading(loc.T("research.hierarchy.title")), hint(loc.T("research.hierarchy.intro")), form)
	bottom := container.NewVBox(h.source, container.NewHBox(h.load, h.reset))
	h.content = container.NewBorder(top, bottom, nil, nil, container.NewVScroll(h.levels))
	return h
}

// reload offers the draft's quasi-identifying and sensitive columns.
func (h *hierarchyExplorer) reload() {
	h.names = nil
	for _, c := range h.w.draft.Columns {
		if c.Role == core.RoleQuasi || c.Role == core.RoleSensitive {
			h.names = append(h.names, c.Name)
		}
	}
	keep := h.column.Selected
	h.column.Options = labelsOf(h.names, h.columnText)
	if !slices.Contains(h.column.Options, keep) {
		keep = ""
		if len(h.column.Options) > 0 {
			keep = h.column.Options[0]
		}
	}
	h.column.SetSelected(keep)
	h.column.Refresh()
	h.redraw()
}

// show picks a column (the eye button of a row).
func (h *hierarchyExplorer) show(name string) {
	if !slices.Contains(h.names, name) {
		return
	}
	h.column.SetSelected(h.columnText(name))
}

func (h *hierarchyExplorer) chosen() string {
	return pick(h.names, h.columnText, h.column.Selected)
}

// columnText names a column as the codebook, the report and the CLI do.
func (h *hierarchyExplorer) columnText(name string) string { return core.ColumnText(h.w.v.loc, name) }

func (h *hierarchyExplorer) columnChosen() {
	name := h.chosen()
	ex := examples(name)
	h.value.SetOptions(ex)
	if len(ex) > 0 {
		h.value.SetText(ex[0])
	} else {
		h.value.SetText("")
	}
	h.redraw()
}

// redraw lists the value at every level of the column's hierarchy.
func (h *hierarchyExplorer) redraw() {
	loc := h.w.v.loc
	name := h.chosen()
	h.levels.Objects = nil
	h.load.Disable()
	h.reset.Disable()
	h.source.SetText("")
	if name == "" {
		h.levels.Refresh()
		return
	}
	h.load.Enable()
	i := slices.IndexFunc(h.w.draft.Columns, func(c core.Column) bool { return c.Name == name })
	col := h.w.draft.Columns[i]
	if len(col.Hierarchy) > 0 {
		h.source.SetText(loc.T("research.hierarchy.fromFile", "Rows", len(col.Hierarchy)))
		h.reset.Enable()
	} else {
		h.source.SetText(loc.T("research.hierarchy.builtin"))
	}
	levels, err := Levels(col, strings.TrimSpace(h.value.Text))
	switch {
	case strings.HasPrefix(name, core.SrcObsPrefix) && len(col.Hierarchy) == 0:
		h.levels.Add(hint(loc.T("research.hierarchy.quantiles", "Bins", max(col.Bins, 4))))
	case err != nil:
		h.levels.Add(problemLabel(loc.T("research.hierarchy.unknownValue")))
	default:
		var pairs []string
		for l, val := range levels {
			pairs = append(pairs, h.levelName(name, l, len(levels)), val)
		}
		h.levels.Add(keyValues(pairs...))
	}
	h.levels.Refresh()
}

// levelName names level l of a column's hierarchy ("10-year bands").
func (h *hierarchyExplorer) levelName(name string, l, n int) string {
	loc := h.w.v.loc
	switch {
	case l == 0:
		return loc.T("research.hierarchy.level0")
	case l == n-1:
		return loc.T("research.hierarchy.levelTop", "Level", l)
	}
	if slices.Contains([]string{core.SrcAge, core.SrcBirthYear, core.SrcPostcode, core.SrcDiagnosis, core.SrcDate}, name) {
		col := h.w.draft.Columns[slices.IndexFunc(h.w.draft.Columns, func(c core.Column) bool { return c.Name == name })]
		if len(col.Hierarchy) == 0 {
			return loc.T("research.hierarchy.levelN", "Level", l) + " · " + loc.T("research.hlevel."+name+"."+strconv.Itoa(l))
		}
	}
	return loc.T("research.hierarchy.levelN", "Level", l)
}

// loadFile replaces the column's hierarchy by an ARX hierarchy file.
func (h *hierarchyExplorer) loadFile() {
	name := h.chosen()
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		defer r.Close()
		hier, err := deid.ReadHierarchy(r, r.URI().Name(), 0)
		if err != nil {
			h.w.showProblem(err)
			return
		}
		h.SetHierarchy(name, hier.Rows())
	}, h.w.v.win)
	d.Resize(kit.FileDialogSize(h.w.v.win))
	kit.TitleFileDialog(d, h.w.v.loc, kit.FileOpen)
	d.Show()
}

// SetHierarchy makes rows (ARX CSV, level 0 first) the hierarchy of column name.
func (h *hierarchyExplorer) SetHierarchy(name string, rows [][]string) {
	if i := slices.IndexFunc(h.w.draft.Columns, func(c core.Column) bool { return c.Name == name }); i >= 0 {
		h.w.draft.Columns[i].Hierarchy = rows
	}
	h.redraw()
}

func (h *hierarchyExplorer) builtin() { h.SetHierarchy(h.chosen(), nil) }

// examples are values to try for a column.
func examples(name string) []string {
	switch name {
	case core.SrcAge:
		return []string{"47", "8", "67", "93"}
	case core.SrcBirthYear:
		return []string{"1979", "1958", "2016"}
	case core.SrcSex:
		return []string{"female", "male", "other"}
	case core.SrcPostcode:
		return []string{"10115", "80331", "50667"}
	case core.SrcDiagnosis:
		return []string{"E11.9", "I10", "J45.0", "F32.1"}
	case core.SrcDate:
		return []string{"2025-03-14", "2024-11-02"}
	case core.SrcKind:
		return []string{"visit", "home-visit", "telephone", "video"}
	}
	return nil
}

// Levels returns value at every level of column's hierarchy (its ARX
// override, else the built-in one of research), level 0 first.
func Levels(col core.Column, value string) ([]string, error) {
	var h *deid.Hierarchy
	var err error
	vals := []string{value}
	switch {
	case len(col.Hierarchy) > 0:
		h, err = deid.NewHierarchy(col.Hierarchy)
	case col.Name == core.SrcAge:
		h = core.AgeHierarchy()
	case col.Name == core.SrcBirthYear:
		h, err = core.BirthYearHierarchy(vals)
	case col.Name == core.SrcSex || col.Name == core.SrcKind:
		h = core.SexHierarchy(vals)
	case col.Name == core.SrcPostcode:
		h = core.PostcodeHierarchy(vals)
	case col.Name == core.SrcDiagnosis:
		h = core.ICDHierarchy(vals)
	case col.Name == core.SrcDate:
		h, err = core.DateHierarchy(vals)
	default:
		h = deid.FlatHierarchy(vals)
	}
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, h.Levels())
	for l := range h.Levels() {
		g, ok := h.Generalize(value, l)
		if !ok {
			return nil, deid.ErrInvalidHierarchy
		}
		out = append(out, g)
	}
	return out, nil
}
