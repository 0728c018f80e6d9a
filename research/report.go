package research

import (
	"time"

	"custodia/deid"
	"custodia/deid/verify"
)

// FormatVersion names the package layout.
const FormatVersion = "custodia-research-package/1"

// Report is report.json: what was exported, under which model, with which
// result. It holds counts and parameters only, never an identity.
type Report struct {
	Format   string       `json:"format"`
	ExportID string       `json:"export_id"`
	Created  time.Time    `json:"created"`
	Study    ReportStudy  `json:"study"`
	Cohort   ReportCohort `json:"cohort"`
	Model    ReportModel  `json:"model"`
	// Transformation is the generalisation level per quasi-identifier.
	Transformation []deid.QITransform `json:"transformation"`
	Rows           ReportRows         `json:"rows"`
	Classes        int                `json:"classes"`
	// ClassSizes is the class-size distribution in patients (distinct
	// pseudonyms per class at encounter level, rows at patient level).
	ClassSizes []deid.Bin   `json:"class_size_histogram"`
	Risk       ReportRisk   `json:"risk"`
	Utility    ReportUtil   `json:"utility"`
	Pseudonyms ReportPseudo `json:"pseudonyms"`
	// Verification is the independent re-check of data.csv made before
	// the package was sealed (deid/verify).
	Verification *verify.Report   `json:"verification"`
	TimingsMS    map[string]int64 `json:"timings_ms"`
}

// ReportStudy identifies the study version.
type ReportStudy struct {
	ID            string `json:"id"`
	Version       int    `json:"version"`
	Name          string `json:"name"`
	Purpose       string `json:"purpose"`
	PurposeName   string `json:"purpose_name,omitempty"` // as the catalogue names it
	RecipientOrg  string `json:"recipient_org"`
	Contact       string `json:"recipient_contact"`
	Level         string `json:"level"`
	ReferenceDate string `json:"reference_date"`
	Hash          string `json:"definition_sha256"`
	Definition    *Study `json:"definition"`
}

// ReportCohort counts patients through the criteria and the gate.
type ReportCohort struct {
	Candidates    int            `json:"candidates"`
	NotInCohort   int            `json:"not_in_cohort"`
	Included      int            `json:"included"`
	Excluded      map[string]int `json:"excluded"`
	ExcludedTotal int            `json:"excluded_total"`
	Categories    []string       `json:"categories"`
	ConsentAt     time.Time      `json:"consent_judged_at"`
}

// ReportModel is the privacy model and search.
type ReportModel struct {
	Privacy          Privacy  `json:"parameters"`
	Models           []string `json:"models"`
	Metric           string   `json:"metric"`
	Algorithm        string   `json:"algorithm"`
	Entity           string   `json:"entity,omitempty"`
	SuppressionLimit float64  `json:"suppression_limit"`
}

// ReportRows counts rows and patients.
type ReportRows struct {
	Input              int `json:"input"`
	Output             int `json:"output"`
	Suppressed         int `json:"suppressed"`
	PatientsOutput     int `json:"patients_output"`
	PatientsSuppressed int `json:"patients_suppressed"`
}

// ReportRisk is the risk before and after; at encounter level Before and
// After count rows (the engine's view) and AfterPatients counts patients.
type ReportRisk struct {
	Before        deid.Risk `json:"before"`
	After         deid.Risk `json:"after"`
	AfterPatients deid.Risk `json:"after_patients"`
}

// ReportUtil is the utility of the output.
type ReportUtil struct {
	deid.MetricValues
	Score      float64 `json:"score"`
	LossDomain string  `json:"loss_domain"`
}

// ReportPseudo says how identifiers and dates were treated.
type ReportPseudo struct {
	Pseudonymised bool   `json:"pseudonymised"`
	KeyID         string `json:"key_id"`
	DateShiftDays int    `json:"date_shift_max_days"`
}

func buildReport(res *Result, rel *released, exportID string, now time.Time, at time.Time, v *verify.Report) (*Report, error) {
	s := res.Study
	hash, err := s.Hash()
	if err != nil {
		return nil, err
	}
	d := res.Deid
	sizes := rel.patientClasses()
	after := patientRisk(sizes)
	outPatients := rel.patients()
	r := &Report{
		Format: FormatVersion, ExportID: exportID, Created: now.UTC(),
		Study: ReportStudy{ID: s.ID, Version: s.Version, Name: s.Name, Purpose: s.Purpose, PurposeName: res.PurposeName, RecipientOrg: s.Recipient.Org,
			Contact: s.Recipient.Contact, Level: s.Level, ReferenceDate: s.ReferenceDate, Hash: hash, Definition: s},
		Cohort: ReportCohort{Candidates: res.Candidates, NotInCohort: res.NotInCohort, Included: len(res.Gate.Included),
			Excluded: res.Gate.Excluded, ExcludedTotal: res.Gate.ExcludedTotal(), Categories: s.Categories(), ConsentAt: at.UTC()},
		Model: ReportModel{Privacy: s.Privacy, Models: d.Models, Metric: string(d.Metric), Algorithm: d.Algorithm,
			SuppressionLimit: d.SuppressionLimit},
		Transformation: d.Transformation,
		Rows: ReportRows{Input: d.Records, Output: len(rel.rows), Suppressed: d.Suppressed,
			PatientsOutput: outPatients, PatientsSuppressed: len(res.Gate.Included) - outPatients},
		Classes:      d.Classes,
		ClassSizes:   after.ClassSizeHistogram,
		Risk:         ReportRisk{Before: d.RiskBefore, After: d.RiskAfter, AfterPatients: after},
		Utility:      ReportUtil{MetricValues: d.Metrics, Score: d.Score, LossDomain: "hierarchy values (as ARX)"},
		Pseudonyms:   ReportPseudo{Pseudonymised: s.pseudonymised(), KeyID: res.KeyID, DateShiftDays: s.DateShiftDays},
		Verification: v,
		TimingsMS: map[string]int64{"prepare": d.Timings.Prepare.Milliseconds(), "search": d.Timings.Search.Milliseconds(),
			"output": d.Timings.Output.Milliseconds(), "total": d.Timings.Total.Milliseconds()},
	}
	if s.Level == LevelEncounter {
		r.Model.Entity = PseudonymColumn
	}
	return r, nil
}
