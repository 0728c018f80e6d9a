package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"filippo.io/age"

	"custodia/consent"
	"custodia/research"
	"custodia/vault"
)

// DisclosureRecipient is the recipient code a research export's
// disclosures name: "research:<study id>" (Art. 19 notices and access
// packages show the study's recipient for it).
func DisclosureRecipient(studyID string) string { return "research:" + studyID }

// RunExport runs the latest version of a study on the vault as it is now
// and writes the package: the package is built in a temporary file next
// to outPath, then the export history entry and one disclosure per
// exported patient are committed in one vault transaction, then the file
// is renamed into place. A cancelled ctx or any error before the commit
// leaves no file, no disclosure and no history entry. outPath must not
// exist (ErrPackageExists).
func (s *Session) RunExport(ctx context.Context, studyID, outPath string, opts ExportOptions) (ExportRecord, error) {
	rv, err := s.research()
	if err != nil {
		return ExportRecord{}, err
	}
	if _, err := os.Lstat(outPath); err == nil {
		return ExportRecord{}, errorf(ErrPackageExists, nil, "%s exists; choose another file name", filepath.Base(outPath))
	}
	rec, err := s.latestStudy(studyID)
	if err != nil {
		return ExportRecord{}, err
	}
	st := rec.Study
	popts := research.PackageOptions{Passphrase: opts.Passphrase, Now: s.opts.Now, Language: opts.Language}
	if st.Recipient.User != "" {
		if popts.AgeRecipient, err = rv.ResearcherRecipient(st.Recipient.User); err != nil {
			return ExportRecord{}, fmt.Errorf("study %s: recipient account: %w", st.ID, err)
		}
	}
	key, err := s.runKey(rv, &st, nil)
	if err != nil {
		return ExportRecord{}, err
	}
	data, err := s.LoadResearchData(ctx, nil)
	if err != nil {
		return ExportRecord{}, err
	}
	defer data.Close()
	if popts.ExportID, err = rv.NextExportID(st.ID, st.Version); err != nil {
		return ExportRecord{}, err
	}
	now := s.Now()
	popts.ConsentAt = now
	res, err := research.Run(ctx, research.RunInput{Study: &st, Patients: data.patients, Consent: data.index, Key: key, At: now, Progress: opts.Progress, Now: s.opts.Now})
	if err != nil {
		return ExportRecord{}, err
	}
	pending, err := research.BuildPackage(ctx, filepath.Dir(outPath), res, popts)
	if err != nil {
		return ExportRecord{}, err
	}
	out, err := s.commitExport(ctx, rv, res, pending, outPath)
	if err != nil {
		pending.Discard()
		return ExportRecord{}, err
	}
	// The disclosures are recorded: the file must be there too, even if
	// ctx is cancelled now.
	if _, err := pending.Commit(context.Background(), outPath); err != nil {
		return out, fmt.Errorf("export %s is recorded but %s could not be written: %w", out.ExportID, filepath.Base(outPath), err)
	}
	return out, nil
}

// commitExport records the history entry and the disclosures.
func (s *Session) commitExport(ctx context.Context, rv ResearchVault, res *research.Result, p *research.Pending, outPath string) (ExportRecord, error) {
	if err := ctx.Err(); err != nil {
		return ExportRecord{}, err
	}
	st, sum := res.Study, p.Summary()
	rep := sum.Report
	out := ExportRecord{ExportID: sum.ExportID, StudyID: st.ID, StudyName: st.Name, Version: st.Version, At: s.Now().UTC(),
		By: s.User().Name, Excluded: rep.Cohort.Excluded, Rows: rep.Rows.Output, Suppressed: rep.Rows.Suppressed,
		SHA256: sum.SHA256, FileName: filepath.Base(outPath), Report: rep}
	var ds []consent.Disclosure
	for i, id := range res.ExportedPatients() {
		ds = append(ds, consent.Disclosure{ID: fmt.Sprintf("%s-%06d", out.ExportID, i+1), PatientID: id,
			Recipient: DisclosureRecipient(st.ID), PurposeID: st.Purpose, Categories: st.Categories(), At: out.At,
			ExportID: out.ExportID, RecordedBy: s.User().ID})
	}
	out.Included = len(ds)
	body, err := json.Marshal(out)
	if err != nil {
		return ExportRecord{}, err
	}
	e := vault.ExportEntry{ID: out.ExportID, StudyID: st.ID, Version: st.Version, At: out.At, Record: body}
	if err := rv.RecordExport(e, ds); err != nil {
		return ExportRecord{}, err
	}
	return out, nil
}

// ExportHistory lists the exports of a study ("" = every study), oldest
// first; a researcher sees only exports addressed to them.
func (s *Session) ExportHistory(studyID string) ([]ExportRecord, error) {
	rv, err := s.research()
	if err != nil {
		return nil, err
	}
	es, err := rv.Exports(studyID)
	if err != nil {
		return nil, err
	}
	out := make([]ExportRecord, 0, len(es))
	for _, e := range es {
		var r ExportRecord
		if err := json.Unmarshal(e.Record, &r); err != nil {
			return nil, fmt.Errorf("%w: export %s does not decode", vault.ErrIntegrity, e.ID)
		}
		r.ExportID, r.StudyID, r.Version, r.At = e.ID, e.StudyID, e.Version, e.At
		if e.ByName != "" {
			r.By = e.ByName
		}
		out = append(out, r)
	}
	return out, nil
}

// OpenPackage decrypts a research package into dir (absent or empty),
// checks its manifest and re-verifies k, l and t on its data file. A
// package addressed to the signed-in researcher's account opens with
// their own vault key; a passphrase package needs passphrase.
func (s *Session) OpenPackage(ctx context.Context, pkgPath, dir, passphrase string) (*research.Opened, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var ids []age.Identity
	if passphrase != "" {
		id, err := research.PassphraseIdentity(passphrase)
		if err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	if rv, err := s.research(); err == nil {
		if id, err := rv.PackageIdentity(); err == nil {
			ids = append(ids, id)
		} else if !errors.Is(err, vault.ErrPermission) {
			return nil, err
		}
	}
	if len(ids) == 0 {
		return nil, research.NoKeyError()
	}
	f, err := os.Open(pkgPath)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	o, err := research.Open(f, dir, ids...)
	if err != nil {
		return nil, err
	}
	return o, ctx.Err()
}

// Reidentify finds the patient behind a pseudonym of a study (the DPO
// only, for a safety finding; the reason is stored sealed and the step
// audited). research.ErrUnknownPseudonym when no patient has it.
func (s *Session) Reidentify(studyID, pseudonym, reason string) (vault.PatientSummary, error) {
	rv, err := s.research()
	if err != nil {
		return vault.PatientSummary{}, err
	}
	pseudonym = strings.TrimSpace(pseudonym)
	if pseudonym == "" {
		return vault.PatientSummary{}, errorf(consent.ErrInvalid, nil, "no pseudonym given")
	}
	p, err := rv.Reidentify(studyID, reason, func(key []byte, ids []string) (string, error) {
		return research.Reidentify(key, pseudonym, ids)
	})
	if errors.Is(err, vault.ErrKeyDestroyed) {
		return p, errorf(ErrStudyKeyDestroyed, err, "study %s: its pseudonym key was destroyed; its pseudonyms can no longer be traced to patients", studyID)
	}
	return p, err
}

// CanReidentify reports whether the signed-in user may re-identify
// (vault.MayReidentify), so that front ends offer the step only to them.
func (s *Session) CanReidentify() bool { return vault.MayReidentify(s.User().Role) }

// DestroyStudyKey destroys a study's pseudonym key (administrator or DPO,
// audited with the reason): its past packages can no longer be
// re-identified from the vault, and it cannot run with pseudonyms or date
// shifts again.
func (s *Session) DestroyStudyKey(studyID, reason string) error {
	rv, err := s.research()
	if err != nil {
		return err
	}
	return rv.DestroyStudyKey(studyID, reason)
}
