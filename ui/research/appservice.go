package research

import (
	"context"
	"errors"

	usecase "custodia/app"
	"custodia/consent"
	"custodia/deid"
	core "custodia/research"
	"custodia/vault"
)

// FromApp is the Service of the research use cases of package app
// (docs/research-app-api.md). Its records convert one to one: the types
// of this package mirror the app's so that ui/research depends on the
// method set only.
func FromApp(s *usecase.Session) Service { return appService{s} }

// ResearchersFromApp lists the vault's researcher accounts for the
// recipient step (the app checks who may list them).
func ResearchersFromApp(s *usecase.Session) func() ([]Researcher, error) {
	return func() ([]Researcher, error) {
		us, err := s.Researchers()
		if err != nil {
			return nil, err
		}
		out := make([]Researcher, len(us))
		for i, u := range us {
			out[i] = Researcher{ID: u.ID, Name: u.Name}
		}
		return out, nil
	}
}

type appService struct{ s *usecase.Session }

// errForeignData: a Data that did not come from LoadResearchData.
var errForeignData = errors.New("research ui: preview data not loaded by this service")

func (a appService) Catalogue() (*consent.Catalogue, error) { return a.s.Catalogue() }

func (a appService) Studies() ([]StudyRecord, error) {
	rs, err := a.s.Studies()
	return studyRecords(rs), err
}

func (a appService) StudyVersions(id string) ([]StudyRecord, error) {
	rs, err := a.s.StudyVersions(id)
	return studyRecords(rs), err
}

func (a appService) SaveStudy(st core.Study) (StudyRecord, error) {
	r, err := a.s.SaveStudy(st)
	return StudyRecord(r), err
}

func (a appService) LoadResearchData(ctx context.Context, progress func(done, total int)) (Data, error) {
	d, err := a.s.LoadResearchData(ctx, progress)
	if err != nil {
		return nil, err // never a typed nil in the interface
	}
	return d, nil
}

func (a appService) PreviewStudy(ctx context.Context, d Data, st core.Study, progress deid.Progress) (*core.Report, error) {
	rd, ok := d.(*usecase.ResearchData)
	if !ok {
		return nil, errForeignData
	}
	return a.s.PreviewStudy(ctx, rd, st, progress)
}

func (a appService) RunExport(ctx context.Context, studyID, outPath string, opts ExportOptions) (ExportRecord, error) {
	e, err := a.s.RunExport(ctx, studyID, outPath, usecase.ExportOptions(opts))
	return ExportRecord(e), err
}

func (a appService) ExportHistory(studyID string) ([]ExportRecord, error) {
	es, err := a.s.ExportHistory(studyID)
	out := make([]ExportRecord, len(es))
	for i, e := range es {
		out[i] = ExportRecord(e)
	}
	return out, err
}

func (a appService) OpenPackage(ctx context.Context, pkgPath, dir, passphrase string) (*core.Opened, error) {
	return a.s.OpenPackage(ctx, pkgPath, dir, passphrase)
}

func (a appService) Reidentify(studyID, pseudonym, reason string) (vault.PatientSummary, error) {
	return a.s.Reidentify(studyID, pseudonym, reason)
}

func (a appService) CanReidentify() bool { return a.s.CanReidentify() }

func (a appService) DestroyStudyKey(studyID, reason string) error {
	return a.s.DestroyStudyKey(studyID, reason)
}

func studyRecords(rs []usecase.StudyRecord) []StudyRecord {
	out := make([]StudyRecord, len(rs))
	for i, r := range rs {
		out[i] = StudyRecord(r)
	}
	return out
}
