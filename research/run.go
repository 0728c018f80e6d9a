package research

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"custodia/consent"
	"custodia/deid"
)

// PseudonymColumn is the name of the patient column in a package.
const PseudonymColumn = "pseudonym"

// ErrEmptyCohort is returned when no patient is left after the gate.
var ErrEmptyCohort = errors.New("research: no patient left to export")

// RunInput is everything a run needs; the caller (the app layer) reads the
// extract, the consent index and the study key from the vault.
type RunInput struct {
	Study    *Study
	Patients []*Patient
	Consent  *consent.Index
	// Key is the per-study pseudonymisation key (at least 32 bytes).
	Key []byte
	// At is when consent is judged (the run's time).
	At       time.Time
	Progress deid.Progress
	Now      func() time.Time // clock of the engine's timings
}

// Result is a run's outcome before packaging.
type Result struct {
	Study       *Study
	Candidates  int // patients meeting the cohort criteria
	NotInCohort int // patients of the extract outside the criteria
	Gate        *Gate
	Table       *deid.Table // rows at the study's level, before de-identification
	Deid        *deid.Result
	Hierarchies map[string]*deid.Hierarchy
	KeyID       string
	// PurposeName is the study purpose's name in the catalogue ("" when
	// the catalogue lacks it), for the report to word the purpose.
	PurposeName string
	// pseudonyms of the included patients (tests: stability, unlinkability)
	pseudonyms map[string]string
}

// Run applies the cohort criteria, the consent gate, pseudonyms and date
// shifts, and the deid engine. It writes nothing.
func Run(ctx context.Context, in RunInput) (*Result, error) {
	s := in.Study
	if err := s.Validate(nil); err != nil {
		return nil, err
	}
	ps, err := deid.NewPseudonymizer(in.Key, "P-", 0)
	if err != nil {
		return nil, err
	}
	res := &Result{Study: s, KeyID: ps.KeyID(), pseudonyms: map[string]string{}}
	if in.Consent != nil {
		if p, ok := in.Consent.Catalogue().Purpose(s.Purpose); ok {
			res.PurposeName = p.Name
		}
	}
	cands := cohort(s, in.Patients)
	res.Candidates, res.NotInCohort = len(cands), len(in.Patients)-len(cands)
	res.Gate = RunGate(in.Consent, s, cands, in.At)
	if len(res.Gate.Included) == 0 {
		return res, ErrEmptyCohort
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	res.Table, err = buildTable(s, cands, res.Gate.Included, ps, res.pseudonyms)
	if err != nil {
		return nil, err
	}
	res.Hierarchies, err = hierarchies(s, res.Table)
	if err != nil {
		return nil, err
	}
	res.Deid, err = anonymize(ctx, s, res.Table, res.Hierarchies, in)
	if err != nil {
		return nil, err
	}
	return res, nil
}

// cohort keeps the patients meeting the study's criteria (first of
// duplicate ids only).
func cohort(s *Study, all []*Patient) []*Patient {
	seen := map[string]bool{}
	var out []*Patient
	for _, p := range all {
		if seen[p.ID] {
			continue
		}
		seen[p.ID] = true
		if inCohort(s, p) {
			out = append(out, p)
		}
	}
	return out
}

func inCohort(s *Study, p *Patient) bool {
	c := s.Cohort
	age := ageAt(p.BirthDate, s.reference())
	if (c.AgeMin > 0 && age < c.AgeMin) || (c.AgeMax > 0 && age > c.AgeMax) {
		return false
	}
	if c.ICDPrefix == "" && c.From == "" && c.To == "" && s.Level == LevelPatient {
		return true
	}
	return len(matching(s, p)) > 0
}

// matching returns the patient's encounters within the criteria, by date.
func matching(s *Study, p *Patient) []Encounter {
	c := s.Cohort
	var out []Encounter
	for _, e := range p.Encounters {
		d := e.Date.Format(time.DateOnly)
		if (c.From != "" && d < c.From) || (c.To != "" && d > c.To) {
			continue
		}
		if c.ICDPrefix != "" && mainCode(e, c.ICDPrefix) == "" {
			continue
		}
		out = append(out, e)
	}
	slices.SortStableFunc(out, func(a, b Encounter) int { return a.Date.Compare(b.Date) })
	return out
}

// mainCode is the encounter's first code under prefix (any: the first).
func mainCode(e Encounter, prefix string) string {
	for _, c := range e.Codes {
		if strings.HasPrefix(strings.ToUpper(c), prefix) {
			return strings.ToUpper(c)
		}
	}
	return ""
}

func ageAt(birth, ref time.Time) int {
	a := ref.Year() - birth.Year()
	if ref.Month() < birth.Month() || (ref.Month() == birth.Month() && ref.Day() < birth.Day()) {
		a--
	}
	return max(a, 0)
}

// buildTable makes one row per included patient or encounter, ordered by
// pseudonym then date, so the table does not depend on input order.
func buildTable(s *Study, cands []*Patient, included []string, ps *deid.Pseudonymizer, pseudo map[string]string) (*deid.Table, error) {
	byID := make(map[string]*Patient, len(cands))
	for _, p := range cands {
		byID[p.ID] = p
	}
	var rows [][]string
	for _, id := range included {
		p := byID[id]
		pn := ps.Pseudonym(p.ID)
		pseudo[p.ID] = pn
		shift := ps.DateShiftDays(pn, s.DateShiftDays)
		rows = append(rows, patientRows(s, p, pn, shift)...)
	}
	slices.SortFunc(rows, func(a, b []string) int { return slices.Compare(a, b) })
	names := make([]string, 0, len(s.Columns)+1)
	names = append(names, PseudonymColumn)
	for _, c := range s.Columns {
		if c.Name != SrcPatient {
			names = append(names, c.Name)
		}
	}
	t, err := deid.NewTable(names)
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		if err := t.AppendRow(r); err != nil {
			return nil, err
		}
	}
	return t, setRoles(s, t)
}

// patientRows renders a patient's rows: the pseudonym first, then the
// study's columns (patient_id skipped) in order.
func patientRows(s *Study, p *Patient, pn string, shift int) [][]string {
	encs := matching(s, p)
	if s.Level == LevelPatient {
		var first *Encounter
		if len(encs) > 0 {
			first = &encs[0]
		}
		return [][]string{rowOf(s, p, pn, shift, first)}
	}
	out := make([][]string, 0, len(encs))
	for i := range encs {
		out = append(out, rowOf(s, p, pn, shift, &encs[i]))
	}
	return out
}

func rowOf(s *Study, p *Patient, pn string, shift int, e *Encounter) []string {
	row := []string{pn}
	for _, c := range s.Columns {
		if c.Name == SrcPatient {
			continue
		}
		row = append(row, cell(s, p, shift, e, c.Name))
	}
	return row
}

func cell(s *Study, p *Patient, shift int, e *Encounter, name string) string {
	switch name {
	case SrcAge:
		return strconv.Itoa(min(ageAt(p.BirthDate, s.reference()), MaxAge))
	case SrcBirthYear:
		return strconv.Itoa(p.BirthDate.Year())
	case SrcSex:
		return p.Sex
	case SrcPostcode:
		return p.Postcode
	}
	if e == nil {
		return ""
	}
	switch name {
	case SrcDiagnosis:
		return mainCode(*e, s.Cohort.ICDPrefix)
	case SrcDate:
		return e.Date.AddDate(0, 0, shift).Format(time.DateOnly)
	case SrcKind:
		return e.Kind
	}
	code := strings.TrimPrefix(name, SrcObsPrefix)
	return observation(p, e, code, s.Level)
}

// observation: at encounter level the value taken at the encounter (or on
// its day); at patient level the latest value up to the encounter's day.
func observation(p *Patient, e *Encounter, code, level string) string {
	best := -1
	for i, o := range p.Observations {
		if o.Code != code {
			continue
		}
		switch {
		case level == LevelEncounter && (o.EncounterID == e.ID || o.Date.Equal(e.Date)):
		case level == LevelPatient && !o.Date.After(e.Date):
		default:
			continue
		}
		if best < 0 || !o.Date.Before(p.Observations[best].Date) {
			best = i
		}
	}
	if best < 0 {
		return ""
	}
	return p.Observations[best].Value
}

func setRoles(s *Study, t *deid.Table) error {
	for _, c := range s.Columns {
		if c.Name == SrcPatient {
			continue
		}
		role := deid.RoleInsensitive
		switch c.Role {
		case RoleQuasi:
			role = deid.RoleQuasiIdentifying
		case RoleSensitive:
			role = deid.RoleSensitive
		}
		if err := t.SetRole(c.Name, role); err != nil {
			return err
		}
	}
	role := deid.RoleIdentifying // dropped from the output
	if s.pseudonymised() {
		role = deid.RoleInsensitive
	}
	return t.SetRole(PseudonymColumn, role)
}

func hierarchies(s *Study, t *deid.Table) (map[string]*deid.Hierarchy, error) {
	out := map[string]*deid.Hierarchy{}
	for _, c := range s.Columns {
		if c.Role != RoleQuasi {
			continue
		}
		h, err := builtinHierarchy(c, t.Column(c.Name))
		if err != nil {
			return nil, fmt.Errorf("column %s: %w", c.Name, err)
		}
		out[c.Name] = h
	}
	return out, nil
}

func models(s *Study) []deid.Model {
	p := s.Privacy
	ms := []deid.Model{deid.KAnonymity{K: p.K}}
	sc, hasS := s.sensitive()
	if p.L > 0 && hasS {
		switch p.LVariant {
		case LEntropy:
			ms = append(ms, deid.EntropyLDiversity{Attribute: sc.Name, L: p.L})
		case LRecursive:
			ms = append(ms, deid.RecursiveCLDiversity{Attribute: sc.Name, C: p.C, L: int(p.L)})
		default:
			ms = append(ms, deid.DistinctLDiversity{Attribute: sc.Name, L: int(p.L)})
		}
	}
	if p.T > 0 && hasS {
		d := deid.EqualDistance
		if strings.HasPrefix(sc.Name, SrcObsPrefix) {
			d = deid.OrderedDistance
		}
		ms = append(ms, deid.TCloseness{Attribute: sc.Name, T: p.T, Distance: d})
	}
	if p.AverageRisk > 0 {
		ms = append(ms, deid.AverageRisk{Threshold: p.AverageRisk})
	}
	return ms
}

func anonymize(ctx context.Context, s *Study, t *deid.Table, hs map[string]*deid.Hierarchy, in RunInput) (*deid.Result, error) {
	metric, _ := deid.ParseMetric(s.Metric)
	cfg := deid.Config{Models: models(s), SuppressionLimit: s.Privacy.Suppression, Metric: metric,
		Hierarchies: hs, Progress: in.Progress, Now: in.Now}
	if s.Level == LevelEncounter {
		cfg.Entity = PseudonymColumn
	}
	if sc, ok := s.sensitive(); ok && strings.HasPrefix(sc.Name, SrcObsPrefix) && s.Privacy.T > 0 {
		if err := t.SetType(sc.Name, deid.TypeDecimal); err != nil {
			return nil, fmt.Errorf("column %s: %w", sc.Name, err)
		}
	}
	if s.Algorithm == AlgorithmMondrian {
		return deid.Mondrian(ctx, t, cfg)
	}
	return deid.Anonymize(ctx, t, cfg)
}

// Pseudonym returns the pseudonym Run gave a patient (tests, re-identification).
func (r *Result) Pseudonym(patientID string) (string, bool) {
	p, ok := r.pseudonyms[patientID]
	return p, ok
}

// ExcludedIDs are the patients the gate left out (never written anywhere;
// for the caller's own checks and tests).
func (r *Result) ExcludedIDs() []string { return slices.Clone(r.Gate.excludedIDs) }

// ExportedPatients are the included patients with at least one released
// row (suppressed patients left out), in the order of Gate.Included: the
// patients a disclosure is recorded for.
func (r *Result) ExportedPatients() []string {
	kept := map[string]bool{}
	for _, row := range r.Deid.RowIndex {
		kept[r.Table.Value(row, 0)] = true
	}
	var out []string
	for _, id := range r.Gate.Included {
		if kept[r.pseudonyms[id]] {
			out = append(out, id)
		}
	}
	return out
}
