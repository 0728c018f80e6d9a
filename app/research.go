package app

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"filippo.io/age"

	"custodia/consent"
	"custodia/deid"
	"custodia/research"
	"custodia/vault"
)

// ResearchVault is what the research-export use cases need of the vault
// besides Vault: studies and their keys, the clinical extract, the export
// history with its disclosures, and the researcher's own package key.
// VaultSession has it; the vault checks every permission and audits.
type ResearchVault interface {
	SaveStudy(d vault.StudyDraft) (vault.StudyVersion, bool, error)
	Studies() ([]vault.StudyVersion, error)
	StudyVersions(id string) ([]vault.StudyVersion, error)
	StudyKey(id string) ([]byte, error)
	DestroyStudyKey(id, reason string) error
	Reidentify(id, reason string, match func(key []byte, ids []string) (string, error)) (vault.PatientSummary, error)
	ClinicalExtract(fn func(vault.ExtractRecord) error) error
	NextExportID(id string, version int) (string, error)
	RecordExport(e vault.ExportEntry, ds []consent.Disclosure) error
	Exports(id string) ([]vault.ExportEntry, error)
	Researchers() ([]vault.User, error)
	ResearcherRecipient(userID string) (string, error)
	PackageIdentity() (age.Identity, error)
}

var _ ResearchVault = VaultSession{}

// ErrNoResearch: the session's vault does not store research studies.
var ErrNoResearch = errors.New("app: this vault does not hold research studies")

// ErrPackageExists: the output file of an export is already there.
var ErrPackageExists = errors.New("app: the package file exists")

// StudyRecord is one stored version of a study.
type StudyRecord struct {
	Study        research.Study // the definition; Study.ID and Study.Version identify it
	SavedAt      time.Time
	SavedBy      string // staff display name, never an id
	KeyDestroyed bool   // the study's pseudonym key was destroyed (no re-identification)
	Exports      int    // runs of this study, all versions
}

// ExportRecord is one entry of the export history.
type ExportRecord struct {
	ExportID   string           `json:"export_id"`
	StudyID    string           `json:"study_id"`
	StudyName  string           `json:"study_name"`
	Version    int              `json:"version"`
	At         time.Time        `json:"at"`
	By         string           `json:"by"`       // staff display name
	Included   int              `json:"included"` // patients in the package
	Excluded   map[string]int   `json:"excluded"` // gate reason code → patients
	Rows       int              `json:"rows"`
	Suppressed int              `json:"suppressed"`
	SHA256     string           `json:"sha256"`    // of the encrypted package file
	FileName   string           `json:"file_name"` // base name only
	Report     *research.Report `json:"report"`    // the report as packaged
}

// ExportOptions are a run's inputs that are not part of the study.
type ExportOptions struct {
	Passphrase string        // for a study whose recipient has no age key
	Progress   deid.Progress // optional
	Language   string        // of report.html, codebook.html and the charts ("en", "de"; "": English)
}

// ResearchData is the decrypted clinical extract and consent index, read
// once and held in memory so that wizard previews recompute in well under
// a second. It holds no names, contact details or identifiers.
type ResearchData struct {
	patients []*research.Patient
	index    *consent.Index
	keys     map[string][]byte // study id → key, fetched once per study
}

// Patients is the number of patients read.
func (d *ResearchData) Patients() int {
	if d == nil {
		return 0
	}
	return len(d.patients)
}

// Close drops the data and wipes the keys.
func (d *ResearchData) Close() {
	if d == nil {
		return
	}
	for _, k := range d.keys {
		clear(k)
	}
	d.patients, d.index, d.keys = nil, nil, nil
}

func (s *Session) research() (ResearchVault, error) {
	rv, ok := s.v.(ResearchVault)
	if !ok {
		return nil, ErrNoResearch
	}
	return rv, nil
}

// catalogue is the stored purpose catalogue (studies name its research purposes).
func (s *Session) catalogue() (*consent.Catalogue, error) {
	ps, err := s.Store().ListPurposes(s.ctx)
	if err != nil {
		return nil, err
	}
	return consent.NewCatalogue(ps, nil)
}

func studyRecord(v vault.StudyVersion) (StudyRecord, error) {
	var st research.Study
	if err := json.Unmarshal(v.Definition, &st); err != nil {
		return StudyRecord{}, fmt.Errorf("%w: study %s version %d does not decode", vault.ErrIntegrity, v.ID, v.Version)
	}
	return StudyRecord{Study: st, SavedAt: v.SavedAt, SavedBy: v.SavedByName, KeyDestroyed: v.KeyDestroyed, Exports: v.Exports}, nil
}

func studyRecords(vs []vault.StudyVersion) ([]StudyRecord, error) {
	out := make([]StudyRecord, 0, len(vs))
	for _, v := range vs {
		r, err := studyRecord(v)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// Studies returns the latest version of each study; a researcher sees
// only studies addressed to them.
func (s *Session) Studies() ([]StudyRecord, error) {
	rv, err := s.research()
	if err != nil {
		return nil, err
	}
	vs, err := rv.Studies()
	if err != nil {
		return nil, err
	}
	return studyRecords(vs)
}

// StudyVersions returns every version of a study, oldest first.
func (s *Session) StudyVersions(id string) ([]StudyRecord, error) {
	rv, err := s.research()
	if err != nil {
		return nil, err
	}
	vs, err := rv.StudyVersions(id)
	if err != nil {
		return nil, err
	}
	return studyRecords(vs)
}

// latestStudy is the latest stored version of a study.
func (s *Session) latestStudy(id string) (StudyRecord, error) {
	vs, err := s.StudyVersions(id)
	if err != nil {
		return StudyRecord{}, err
	}
	return vs[len(vs)-1], nil
}

// Researchers lists the researcher accounts a study can be addressed to.
func (s *Session) Researchers() ([]vault.User, error) {
	rv, err := s.research()
	if err != nil {
		return nil, err
	}
	return rv.Researchers()
}

// SaveStudy validates a study against the catalogue and stores it: a new
// id is version 1 (with a fresh pseudonym key); an existing id with a
// changed definition becomes the next version; an unchanged definition
// returns the stored version. The version given is ignored.
func (s *Session) SaveStudy(st research.Study) (StudyRecord, error) {
	rv, err := s.research()
	if err != nil {
		return StudyRecord{}, err
	}
	cat, err := s.catalogue()
	if err != nil {
		return StudyRecord{}, err
	}
	st.Version = 1
	if err := st.Validate(cat); err != nil {
		return StudyRecord{}, err
	}
	st.Version = 0
	hash, err := st.Hash()
	if err != nil {
		return StudyRecord{}, err
	}
	d := vault.StudyDraft{ID: st.ID, DefinitionSHA256: hash, RecipientUser: st.Recipient.User,
		Build: func(v int) ([]byte, error) {
			c := st
			c.Version = v
			return c.Canonical()
		}}
	v, _, err := rv.SaveStudy(d)
	if err != nil {
		return StudyRecord{}, err
	}
	return studyRecord(v)
}

// LoadResearchData decrypts the clinical extract (administrator, DPO) and
// loads the consent index. progress, if set, is called as patients are
// read (total 0 when unknown). A cancelled ctx stops the read.
func (s *Session) LoadResearchData(ctx context.Context, progress func(done, total int)) (*ResearchData, error) {
	rv, err := s.research()
	if err != nil {
		return nil, err
	}
	d := &ResearchData{keys: map[string][]byte{}}
	err = rv.ClinicalExtract(func(r vault.ExtractRecord) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		d.patients = append(d.patients, patientOf(r))
		if progress != nil && len(d.patients)%1000 == 0 {
			progress(len(d.patients), 0)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if d.index, err = consent.LoadIndex(ctx, s.Store()); err != nil {
		return nil, err
	}
	if progress != nil {
		progress(len(d.patients), len(d.patients))
	}
	return d, nil
}

func patientOf(r vault.ExtractRecord) *research.Patient {
	p := &research.Patient{ID: r.PatientID, BirthDate: r.BirthDate, Sex: r.Sex, Postcode: r.Postcode, Restricted: r.Restricted,
		Encounters: make([]research.Encounter, 0, len(r.Encounters)), Observations: make([]research.Observation, 0, len(r.Observations))}
	for _, e := range r.Encounters {
		enc := research.Encounter{ID: e.ID, Date: e.Date, Kind: string(e.Kind), Codes: make([]string, 0, len(e.Diagnoses))}
		for _, dg := range e.Diagnoses {
			enc.Codes = append(enc.Codes, dg.Code)
		}
		p.Encounters = append(p.Encounters, enc)
	}
	for _, o := range r.Observations {
		p.Observations = append(p.Observations, research.Observation{EncounterID: o.EncounterID, Date: o.Date, Code: o.Code, Value: o.Value, Unit: o.Unit})
	}
	return p
}

// needsKey reports whether a study's output depends on its key:
// pseudonyms or date shifts.
func needsKey(st *research.Study) bool {
	if st.DateShiftDays > 0 {
		return true
	}
	for _, c := range st.Columns {
		if c.Name == research.SrcPatient && c.Role == research.RoleIdentifying && c.Treatment == research.IdentPseudonymise {
			return true
		}
	}
	return false
}

// runKey is the study's stored key when its output depends on it (an
// unsaved study in the wizard gets a throwaway key), else a fresh random
// key used for nothing that leaves the run.
func (s *Session) runKey(rv ResearchVault, st *research.Study, cache map[string][]byte) ([]byte, error) {
	if !needsKey(st) {
		return randomKey(), nil
	}
	if k, ok := cache[st.ID]; ok {
		return k, nil
	}
	k, err := rv.StudyKey(st.ID)
	switch {
	case errors.Is(err, vault.ErrNotFound) && cache != nil:
		k = randomKey() // a study not saved yet: previews only
	case errors.Is(err, vault.ErrKeyDestroyed):
		return nil, errorf(ErrStudyKeyDestroyed, err, "study %s: its pseudonym key was destroyed, so it can no longer produce pseudonyms or date shifts; define a new study (a new id) to export pseudonymised data again", st.ID)
	case err != nil:
		return nil, err
	}
	if cache != nil {
		cache[st.ID] = k
	}
	return k, nil
}

// ErrStudyKeyDestroyed: the study's pseudonym key was destroyed (wraps
// vault.ErrKeyDestroyed).
var ErrStudyKeyDestroyed = errors.New("app: the study's pseudonym key was destroyed")

func randomKey() []byte {
	k := make([]byte, 32)
	if _, err := rand.Read(k); err != nil {
		panic("app: crypto/rand failed: " + err.Error())
	}
	return k
}

// PreviewStudy runs the study on loaded data: cohort, gate,
// de-identification and the report's figures, nothing written and nothing
// recorded (the study's key is read once per study and data set).
func (s *Session) PreviewStudy(ctx context.Context, d *ResearchData, st research.Study, progress deid.Progress) (*research.Report, error) {
	rv, err := s.research()
	if err != nil {
		return nil, err
	}
	if d == nil || d.index == nil {
		return nil, fmt.Errorf("%w: no research data loaded", consent.ErrInvalid)
	}
	if st.Version == 0 {
		st.Version = 1
	}
	key, err := s.runKey(rv, &st, d.keys)
	if err != nil {
		return nil, err
	}
	res, err := research.Run(ctx, research.RunInput{Study: &st, Patients: d.patients, Consent: d.index, Key: key, At: s.Now(), Progress: progress, Now: s.opts.Now})
	if err != nil {
		return nil, err
	}
	return research.Preview(res, s.Now())
}
