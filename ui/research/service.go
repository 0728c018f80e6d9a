package research

import (
	"context"
	"time"

	"custodia/consent"
	"custodia/deid"
	core "custodia/research"
	"custodia/vault"
)

// Service is what the Research tab needs of an unlocked vault: the use
// cases of docs/research-app-api.md (package app) plus the purpose
// catalogue. The app layer checks permissions, audits, and gives a
// researcher only the studies and exports addressed to them.
type Service interface {
	Catalogue() (*consent.Catalogue, error)
	Studies() ([]StudyRecord, error)
	StudyVersions(id string) ([]StudyRecord, error)
	SaveStudy(st core.Study) (StudyRecord, error)
	LoadResearchData(ctx context.Context, progress func(done, total int)) (Data, error)
	PreviewStudy(ctx context.Context, d Data, st core.Study, progress deid.Progress) (*core.Report, error)
	RunExport(ctx context.Context, studyID, outPath string, opts ExportOptions) (ExportRecord, error)
	ExportHistory(studyID string) ([]ExportRecord, error)
	OpenPackage(ctx context.Context, pkgPath, dir, passphrase string) (*core.Opened, error)
	// Reidentify finds the patient behind a pseudonym of a study (DPO
	// only; the reason is stored sealed and every attempt audited).
	Reidentify(studyID, pseudonym, reason string) (vault.PatientSummary, error)
	// CanReidentify reports whether the signed-in user may re-identify;
	// the tab offers the step only then.
	CanReidentify() bool
	// DestroyStudyKey destroys a study's pseudonym key (administrator or
	// DPO, audited with the reason).
	DestroyStudyKey(studyID, reason string) error
}

// Data is the decrypted research extract held in memory for previews
// (app.ResearchData).
type Data interface {
	Patients() int
	Close()
}

// StudyRecord is one stored version of a study (app.StudyRecord).
type StudyRecord struct {
	Study        core.Study
	SavedAt      time.Time
	SavedBy      string
	KeyDestroyed bool
	Exports      int
}

// ExportRecord is one entry of the export history (app.ExportRecord).
type ExportRecord struct {
	ExportID   string
	StudyID    string
	StudyName  string
	Version    int
	At         time.Time
	By         string
	Included   int
	Excluded   map[string]int
	Rows       int
	Suppressed int
	SHA256     string
	FileName   string
	Report     *core.Report
}

// ExportOptions are a run's inputs that are not part of the study
// (app.ExportOptions).
type ExportOptions struct {
	Passphrase string
	Progress   deid.Progress
	Language   string
}

// Runner runs work off the UI goroutine and then done on it (the shape of
// kit.Runner, which the shell converts to it).
type Runner func(work func(), done func())
