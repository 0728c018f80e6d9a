package governance

import (
	"io"

	"custodia/consent"
	"custodia/printdoc"
	"custodia/ui/kit"
)

// SaveAuthorityPDF saves the notification to the supervisory authority
// (Art. 33) of the selected breach as PDF.
func (v *BreachView) SaveAuthorityPDF() {
	b, ok := v.Breach(v.selected)
	if !ok {
		return
	}
	ctrl, err := v.uc.Controller()
	if err != nil {
		v.env.ShowError(err)
		return
	}
	now := v.uc.Now()
	v.LastPDFName = kit.PDFFileName(v.env.T("governance.breach.notice.file"), kit.BreachDay(v.env.Loc, b), now)
	kit.SavePDF(v.env, v.LastPDFName, func(w io.Writer) error { return printdoc.AuthorityNotice(w, v.env.Loc, b, ctrl, now) }, func(path string) {
		v.status.SetText(v.env.Loc.T("erasure.savedto", "Path", path))
	})
}

// SaveSubjectLetterPDF saves the letter to affected patients (Art. 34) of
// the selected breach as PDF; only when the decision is to notify them.
func (v *BreachView) SaveSubjectLetterPDF() {
	b, ok := v.Breach(v.selected)
	if !ok || b.SubjectsDecision != consent.SubjNotify {
		return
	}
	ctrl, err := v.uc.Controller()
	if err != nil {
		v.env.ShowError(err)
		return
	}
	now := v.uc.Now()
	v.LastPDFName = kit.PDFFileName(v.env.T("governance.breach.letter.file"), kit.BreachDay(v.env.Loc, b), now)
	kit.SavePDF(v.env, v.LastPDFName, func(w io.Writer) error {
		return printdoc.SubjectLetter(w, v.env.Loc, b, ctrl, printdoc.Person{}, now)
	}, func(path string) {
		v.status.SetText(v.env.Loc.T("erasure.savedto", "Path", path))
	})
}
