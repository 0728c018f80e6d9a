package patients

import (
	"bytes"
	"context"
	"errors"
	"io"

	"custodia/ui/kit"

	usecase "custodia/app"
	"custodia/vault/clinicalcsv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// clinicalImportSession is what the clinical import calls (a vault
// session): the patient lookups of the check and the one transaction
// that stores the files. The vault checks the role and audits both.
type clinicalImportSession interface {
	clinicalcsv.Patients
	clinicalcsv.Store
}

// The two files of a clinical import.
const (
	encountersFile = iota
	observationsFile
)

// chosenFile is a file picked for the import: its name (no folder) and
// its bytes, cleared once checked.
type chosenFile struct {
	name string
	data []byte
}

// ClinicalImporter walks through one clinical import: pick the encounters
// file, the observations file or both, check every line against the vault,
// list the problems or confirm, store all in one transaction, report.
type ClinicalImporter struct {
	env     *kit.Env
	session clinicalImportSession
	done    func()

	files   [2]chosenFile
	names   [2]*widget.Label
	checkBt *widget.Button
	form    *dialog.CustomDialog

	// progress is the dialog of the running check or import.
	progress *kit.ProgressDialog
	// last and problems are the most recent check's outcome, for tests.
	last     clinicalcsv.Result
	problems *clinicalcsv.Error
}

func newClinicalImporter(env *kit.Env, s clinicalImportSession, done func()) *ClinicalImporter {
	return &ClinicalImporter{env: env, session: s, done: done}
}

// Busy reports whether a check or an import is running.
func (ci *ClinicalImporter) Busy() bool { return ci.progress != nil }

// Open shows the dialog that picks the files.
func (ci *ClinicalImporter) Open() {
	ci.files = [2]chosenFile{}
	loc := ci.env.Loc
	grid := container.New(layout2Cols{})
	for i, id := range []string{"clinical.import.encounters", "clinical.import.observations"} {
		ci.names[i] = widget.NewLabel(loc.T("clinical.import.nofile"))
		ci.names[i].Truncation = fyne.TextTruncateEllipsis
		choose := widget.NewButtonWithIcon(loc.T("clinical.import.choose"), theme.FolderOpenIcon(), func() { ci.choose(i) })
		grid.Add(widget.NewLabelWithStyle(loc.T(id), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		grid.Add(container.NewBorder(nil, nil, nil, choose, ci.names[i]))
	}
	ci.checkBt = widget.NewButtonWithIcon(loc.T("clinical.import.check"), theme.ConfirmIcon(), ci.Check)
	ci.checkBt.Importance = widget.HighImportance
	ci.checkBt.Disable()
	cancel := widget.NewButtonWithIcon(loc.T("common.cancel"), theme.CancelIcon(), func() { ci.form.Hide() })
	body := container.NewVBox(kit.WrapLabel(loc.T("clinical.import.intro")), grid)
	ci.form = dialog.NewCustomWithoutButtons(loc.T("clinical.import.title"), body, ci.env.Win)
	ci.form.SetButtons([]fyne.CanvasObject{cancel, ci.checkBt})
	ci.form.Resize(kit.FitDialog(ci.env.Win, body, fyne.NewSize(620, 0)))
	ci.env.ShowTracked(ci.form)
}

// layout2Cols is a two-column form grid whose first column is as wide as
// its widest label and whose second takes the rest.
type layout2Cols struct{}

func (layout2Cols) MinSize(objs []fyne.CanvasObject) fyne.Size {
	w0, w1, h := float32(0), float32(0), float32(0)
	for i := 0; i+1 < len(objs); i += 2 {
		w0, w1 = max(w0, objs[i].MinSize().Width), max(w1, objs[i+1].MinSize().Width)
		h += max(objs[i].MinSize().Height, objs[i+1].MinSize().Height) + theme.Padding()
	}
	return fyne.NewSize(w0+w1+theme.Padding(), max(0, h-theme.Padding()))
}

func (l layout2Cols) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	w0 := float32(0)
	for i := 0; i < len(objs); i += 2 {
		w0 = max(w0, objs[i].MinSize().Width)
	}
	y := float32(0)
	for i := 0; i+1 < len(objs); i += 2 {
		h := max(objs[i].MinSize().Height, objs[i+1].MinSize().Height)
		objs[i].Move(fyne.NewPos(0, y))
		objs[i].Resize(fyne.NewSize(w0, h))
		objs[i+1].Move(fyne.NewPos(w0+theme.Padding(), y))
		objs[i+1].Resize(fyne.NewSize(size.Width-w0-theme.Padding(), h))
		y += h + theme.Padding()
	}
}

// choose opens the file dialog for one of the two files.
func (ci *ClinicalImporter) choose(which int) {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			ci.env.ShowError(err)
			return
		}
		if r == nil {
			return
		}
		data, err := io.ReadAll(io.LimitReader(r, clinicalcsv.MaxFileBytes+1)) // the check refuses a larger file
		_ = r.Close()
		if err != nil {
			ci.env.ShowError(err)
			return
		}
		ci.SetFile(which, r.URI().Name(), data)
	}, ci.env.Win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".csv", ".CSV", ".txt"}))
	d.Resize(kit.FileDialogSize(ci.env.Win))
	kit.TitleFileDialog(d, ci.env.Loc, kit.FileOpen)
	d.Show()
}

// SetFile picks one of the two files (encountersFile, observationsFile).
func (ci *ClinicalImporter) SetFile(which int, name string, data []byte) {
	clear(ci.files[which].data)
	ci.files[which] = chosenFile{name: name, data: data}
	if ci.names[which] != nil {
		ci.names[which].SetText(name)
	}
	if ci.checkBt != nil {
		ci.checkBt.Enable()
	}
}

// input is the import's input over the chosen files.
func (ci *ClinicalImporter) input() clinicalcsv.Input {
	var in clinicalcsv.Input
	if f := ci.files[encountersFile]; f.name != "" {
		in.EncountersName, in.Encounters = f.name, bytes.NewReader(f.data)
	}
	if f := ci.files[observationsFile]; f.name != "" {
		in.ObservationsName, in.Observations = f.name, bytes.NewReader(f.data)
	}
	return in
}

// Check checks the chosen files off the UI goroutine, then lists the
// problems or asks to confirm. Progress shows after kit.ShowProgressAfter;
// checking stores nothing, so after kit.OfferCancelAfter it can be
// cancelled (each patient is looked up in the vault: a long file takes
// seconds).
func (ci *ClinicalImporter) Check() {
	if ci.form != nil {
		ci.form.Hide()
	}
	in := ci.input()
	if in.Encounters == nil && in.Observations == nil {
		return
	}
	ci.progress = kit.NewProgressDialog(ci.env, ci.env.T("clinical.import.title"), ci.env.T("clinical.import.checking"))
	var res clinicalcsv.Result
	var err error
	ci.env.RunSlow(func(ctx context.Context) { res, err = usecase.CheckClinicalCSV(ctx, ci.session, in) }, ci.progress.SlowWork(true, func() {
		for i := range ci.files {
			clear(ci.files[i].data)
		}
		ci.files = [2]chosenFile{}
		ci.progress = nil
		ci.last, ci.problems = res, nil
		var ce *clinicalcsv.Error
		switch {
		case errors.Is(err, context.Canceled):
			dialog.ShowInformation(ci.env.T("cancel.import.cancelled.title"), ci.env.T("clinical.import.cancelled"), ci.env.Win)
		case errors.As(err, &ce):
			ci.problems = ce
			ci.showProblems(ce)
		case err != nil:
			ci.env.ShowError(err)
		default:
			ci.confirm(res)
		}
	}))
}

func (ci *ClinicalImporter) confirm(res clinicalcsv.Result) {
	loc := ci.env.Loc
	e, o := usecase.ClinicalCounts(loc, res)
	n := res.Patients()
	msg := kit.WrapLabel(loc.T("clinical.import.confirm", "Encounters", e, "Observations", o,
		"Patients", loc.N("clinical.count.patients", n, "N", loc.Int(n))))
	d := dialog.NewCustomConfirm(ci.env.T("clinical.import.title"), ci.env.T("clinical.import.ok"), ci.env.T("common.cancel"), msg, func(ok bool) {
		if ok {
			ci.store(res)
		}
	}, ci.env.Win)
	d.Resize(kit.FitDialog(ci.env.Win, msg, fyne.NewSize(460, 0)))
	d.Show()
}

// store saves the checked rows off the UI goroutine in one transaction.
// The vault cannot stop it half-way without a partial result, so it
// offers no Cancel; the progress dialog shows after
// kit.ShowProgressAfter.
func (ci *ClinicalImporter) store(res clinicalcsv.Result) {
	loc := ci.env.Loc
	e, o := usecase.ClinicalCounts(loc, res)
	ci.progress = kit.NewProgressDialog(ci.env, ci.env.T("clinical.import.title"), loc.T("clinical.import.storing", "Encounters", e, "Observations", o))
	var stored clinicalcsv.Result
	var err error
	ci.env.RunSlow(func(ctx context.Context) { stored, err = usecase.ImportClinical(ctx, ci.session, res) }, ci.progress.SlowWork(false, func() {
		ci.progress = nil
		if err != nil {
			ci.env.ShowError(err)
			return
		}
		dialog.ShowInformation(ci.env.T("clinical.import.finished"), usecase.ClinicalImported(loc, stored), ci.env.Win)
		if ci.done != nil {
			ci.done()
		}
	}))
}

// showProblems lists every problem by file, line and column, worded as
// the command line words it (usecase.ClinicalCSVProblem).
func (ci *ClinicalImporter) showProblems(e *clinicalcsv.Error) {
	loc := ci.env.Loc
	lines := ci.problemLines(e)
	list := widget.NewList(func() int { return len(lines) },
		func() fyne.CanvasObject { return widget.NewLabel(loc.T("clinical.import.sample")) },
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(lines[i]) })
	head := loc.N("clinical.import.problems", len(e.Problems)+e.More)
	if e.More > 0 {
		head += " " + loc.N("clinical.import.first", len(e.Problems))
	}
	body := container.NewBorder(kit.WrapLabel(head), nil, nil, nil, list)
	d := dialog.NewCustom(loc.T("clinical.import.notimported"), loc.T("common.close"), body, ci.env.Win)
	d.Resize(kit.FitDialog(ci.env.Win, problemsWhole(head, lines), fyne.NewSize(480, 0)))
	d.Show()
}

// problemLines are the rows of the problem list of a refused import, in
// the window's language.
func (ci *ClinicalImporter) problemLines(e *clinicalcsv.Error) []string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = usecase.ClinicalCSVProblem(ci.env.Loc, p)
	}
	return lines
}
