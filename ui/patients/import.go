package patients

import (
	"bytes"
	"context"
	"custodia/i18n"
	"custodia/ui/kit"
	"errors"
	"fmt"
	"image/color"
	"io"

	usecase "custodia/app"
	"custodia/vault"
	"custodia/vault/patientcsv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// maxImportBytes caps the size of a CSV file read into memory.
const maxImportBytes = 256 << 20

// importProblem is one line of a rejected import, as shown to people.
type importProblem struct {
	Line    int
	Field   string
	Message string // English, shown only for a problem without a rule
	Rule    vault.FieldRule
	Args    []any // the rule message's name/value pairs
}

// importResult is the outcome of checking a CSV file.
type importResult struct {
	Patients []vault.Patient
	Problems []importProblem
	More     int // problems beyond those listed
}

// checkCSV parses a patient CSV file and checks that no record number is
// already in the vault. Problems are listed by line and field; the file is
// imported only when there are none.
func checkCSV(s kit.Session, r io.Reader) (importResult, error) {
	ps, err := usecase.CheckPatientCSV(s, r, patientcsv.Options{})
	var pe *patientcsv.Error
	if errors.As(err, &pe) {
		return importResult{Problems: problemsOf(pe.Lines), More: pe.More}, nil
	}
	if err != nil {
		return importResult{}, err
	}
	return importResult{Patients: ps}, nil
}

func problemsOf(lines []*patientcsv.LineError) []importProblem {
	out := make([]importProblem, len(lines))
	for i, l := range lines {
		out[i] = importProblem{Line: l.Line, Field: l.Field, Message: l.Message, Rule: l.Rule, Args: l.Args}
	}
	return out
}

// Importer walks through one CSV import: pick the file, check it, confirm,
// store all patients in one transaction, report.
type Importer struct {
	env     *kit.Env
	session kit.Session
	done    func(added int)

	// progress is the dialog of the running check or import (kit.SlowWork).
	progress *kit.ProgressDialog
	// last is the most recent check result, for tests.
	last importResult
}

func newImporter(env *kit.Env, s kit.Session, done func(int)) *Importer {
	return &Importer{env: env, session: s, done: done}
}

// Busy reports whether a check or an import is running.
func (im *Importer) Busy() bool { return im.progress != nil }

// choose opens the file dialog.
func (im *Importer) choose() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			im.env.ShowError(err)
			return
		}
		if r == nil {
			return
		}
		data, err := io.ReadAll(io.LimitReader(r, maxImportBytes+1))
		_ = r.Close()
		if err == nil && len(data) > maxImportBytes {
			err = fmt.Errorf("file larger than %d MiB: %w", maxImportBytes>>20, vault.ErrValidation)
		}
		if err != nil {
			im.env.ShowError(err)
			return
		}
		im.Check(data)
	}, im.env.Win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".csv", ".CSV", ".txt"}))
	d.Resize(kit.FileDialogSize(im.env.Win)) // the folder tree and the file list, at most the window
	kit.TitleFileDialog(d, im.env.Loc, kit.FileOpen)
	d.Show()
}

// Check parses data off the UI goroutine and then asks to confirm or lists
// the problems. Progress shows after kit.ShowProgressAfter; checking
// stores nothing and is short next to the import, so it offers no Cancel.
func (im *Importer) Check(data []byte) {
	im.progress = kit.NewProgressDialog(im.env, im.env.T("patients.import.title"), im.env.Loc.T("patients.import.checking"))
	var res importResult
	var err error
	im.env.RunSlow(func(context.Context) { res, err = checkCSV(im.session, bytes.NewReader(data)) }, im.progress.SlowWork(false, func() {
		clear(data)
		im.progress = nil
		im.last = res
		switch {
		case err != nil:
			im.env.ShowError(err)
		case len(res.Problems) > 0:
			im.showProblems(res)
		case len(res.Patients) == 0:
			dialog.ShowInformation(im.env.T("patients.import.nothing"), im.env.T("patients.import.nothing.msg"), im.env.Win)
		default:
			im.confirm(res.Patients)
		}
	}))
}

func (im *Importer) confirm(ps []vault.Patient) {
	msg := widget.NewLabel(im.env.Loc.N("patients.import.confirm", len(ps), "N", im.env.Loc.Int(len(ps))))
	msg.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustomConfirm(im.env.T("patients.import.title"), im.env.T("patients.import.ok"), im.env.T("common.cancel"), msg, func(ok bool) {
		if ok {
			im.store(ps)
		}
	}, im.env.Win)
	d.Resize(kit.FitDialog(im.env.Win, msg, fyne.NewSize(460, 0))) // the whole question, in any language
	d.Show()
}

// store adds the patients off the UI goroutine in one transaction. After
// kit.OfferCancelAfter the progress dialog offers Cancel: the vault then
// rolls the import back, so no patient of the file is stored.
func (im *Importer) store(ps []vault.Patient) {
	loc := im.env.Loc
	im.progress = kit.NewProgressDialog(im.env, im.env.T("patients.import.title"), loc.N("patients.import.storing", len(ps), "N", loc.Int(len(ps))))
	var added []vault.Patient
	var err error
	im.env.RunSlow(func(ctx context.Context) { added, err = usecase.ImportPatients(ctx, im.session, ps) }, im.progress.SlowWork(true, func() {
		im.progress = nil
		switch {
		case errors.Is(err, context.Canceled):
			dialog.ShowInformation(im.env.T("cancel.import.cancelled.title"), im.env.T("cancel.import.cancelled"), im.env.Win)
		case err != nil:
			im.env.ShowError(err)
		default:
			dialog.ShowInformation(im.env.T("patients.import.finished"), loc.N("patients.import.added", len(added), "N", loc.Int(len(added))), im.env.Win)
			if im.done != nil {
				im.done(len(added))
			}
		}
	}))
}

func (im *Importer) showProblems(res importResult) {
	lines := make([]string, len(res.Problems))
	for i, p := range res.Problems {
		lines[i] = problemLine(im.env.Loc, p)
	}
	list := widget.NewList(func() int { return len(lines) },
		func() fyne.CanvasObject { return widget.NewLabel(im.env.T("patients.import.sample")) },
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(lines[i]) })
	head := im.env.Loc.N("patients.import.problems", len(res.Problems)+res.More)
	if res.More > 0 {
		head += " " + im.env.Loc.N("patients.import.first", len(res.Problems))
	}
	label := widget.NewLabel(head)
	label.Wrapping = fyne.TextWrapWord
	body := container.NewBorder(label, nil, nil, nil, list)
	d := dialog.NewCustom(im.env.T("patients.import.notimported"), im.env.T("common.close"), body, im.env.Win)
	d.Resize(kit.FitDialog(im.env.Win, problemsWhole(head, lines), fyne.NewSize(480, 0))) // every problem whole; the list scrolls only in a small window
	d.Show()
}

// problemsWhole is what the problems dialog needs to show its heading and
// every line whole, for kit.FitDialog: the heading wrapped at the dialog's
// width above the widest line and every row with the list's spacing.
func problemsWhole(head string, lines []string) fyne.CanvasObject {
	label := widget.NewLabel(head)
	label.Wrapping = fyne.TextWrapWord
	probe := widget.NewLabel("")
	w := float32(0)
	for _, s := range lines {
		probe.SetText(s)
		w = max(w, probe.MinSize().Width)
	}
	h := probe.MinSize().Height
	pad := theme.Padding() // the list's gap between rows
	rows := canvas.NewRectangle(color.Transparent)
	rows.SetMinSize(fyne.NewSize(w, max(h, float32(len(lines))*(h+pad)-pad)))
	return container.NewBorder(label, nil, nil, nil, rows)
}

// problemLine writes one import problem for the list, worded as the
// command line words it (usecase.CSVProblem).
func problemLine(loc *i18n.Localizer, p importProblem) string {
	return usecase.CSVProblem(loc, &patientcsv.LineError{Line: p.Line, Field: p.Field, Message: p.Message, Rule: p.Rule, Args: p.Args})
}
