package vault

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"custodia/consent"
)

// ExportEntry is one entry of the export history. Record is the app
// layer's description of the export (counts, package hash, report), kept
// sealed under the research key; the vault does not parse it.
type ExportEntry struct {
	ID      string
	StudyID string
	Version int
	At      time.Time
	By      string // user id
	ByName  string // the user's name, filled when read
	Record  []byte
}

// disclosureBatch is how many disclosures go into one INSERT statement.
const disclosureBatch = 200

// NextExportID returns the id the next export of a study version will
// get: "<study>-v<version>-<n>" with n counting the study's exports from
// 0001. Two runs racing for one id: the second's RecordExport fails with
// ErrExists and writes nothing.
func (s *Session) NextExportID(studyID string, version int) (string, error) {
	if err := checkStudyID(studyID); err != nil {
		return "", err
	}
	var id string
	err := s.runRead(PermResearchExport, "research.export-id", "study:"+studyID, func(tx *txn, k *keys) error {
		if err := s.requireStudyAdmin(); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRow("SELECT count(*) FROM research_exports WHERE study_id = ?", studyID).Scan(&n); err != nil {
			return fmt.Errorf("vault: count exports: %w", err)
		}
		id = fmt.Sprintf("%s-v%d-%04d", studyID, version, n+1)
		return nil
	})
	return id, err
}

func exportAD(vaultID, id string) []byte {
	return associatedData(vaultID, "research_exports", "body", id)
}

// RecordExport stores an export history entry and one disclosure per
// exported patient in one transaction: both or neither. The study version
// must exist and its key must not be destroyed. Needs the administrator's
// or DPO's rights; audited once ("research.export", with the export id,
// study version and number of disclosures). ErrExists when the export id
// or a disclosure id is taken.
func (s *Session) RecordExport(e ExportEntry, ds []consent.Disclosure) error {
	if err := checkStudyID(e.StudyID); err != nil {
		return err
	}
	if !consent.ValidID(e.ID) || !strings.HasPrefix(e.ID, e.StudyID+"-") {
		return invalidRule("export", RuleExportID)
	}
	for i, d := range ds {
		if err := d.Validate(); err != nil {
			return fmt.Errorf("disclosures[%d] %s: %w", i, d.ID, err)
		}
		if d.ExportID != e.ID {
			return invalidRule(fmt.Sprintf("disclosures[%d].exportId", i), RuleOtherExport)
		}
	}
	return s.run(PermResearchExport, "research.export", "study:"+e.StudyID, func(tx *txn, k *keys) error {
		if err := s.requireStudyAdmin(); err != nil {
			return err
		}
		if !hasRow(tx, "SELECT 1 FROM research_studies WHERE id = ? AND version = ?", e.StudyID, e.Version) {
			return fmt.Errorf("%w: study %s version %d", ErrNotFound, e.StudyID, e.Version)
		}
		if sk, err := studyKey(tx, k, e.StudyID); err != nil {
			return err
		} else {
			clear(sk)
		}
		if err := insertExport(tx, k, e, s.User().ID); err != nil {
			return err
		}
		if err := insertDisclosures(tx, ds); err != nil {
			return err
		}
		return s.audit(tx, k, "research.export", "study:"+e.StudyID, outcomeOK,
			fmt.Sprintf("export=%s version=%d disclosures=%d", e.ID, e.Version, len(ds)))
	})
}

func insertExport(tx *txn, k *keys, e ExportEntry, by string) error {
	if hasRow(tx, "SELECT 1 FROM research_exports WHERE id = ?", e.ID) {
		return fmt.Errorf("%w: export %s", ErrExists, e.ID)
	}
	key, err := k.vaultCategoryKey(catResearch)
	if err != nil {
		return err
	}
	defer clear(key)
	ct, err := seal(key, pad(e.Record), exportAD(k.vaultID, e.ID))
	if err != nil {
		return err
	}
	_, err = tx.Exec("INSERT INTO research_exports (id, study_id, version, at, by_user, body) VALUES (?, ?, ?, ?, ?, ?)",
		e.ID, e.StudyID, e.Version, e.At.UnixNano(), by, ct)
	if err != nil {
		return fmt.Errorf("vault: store export %s: %w", e.ID, err)
	}
	return nil
}

// insertDisclosures writes disclosures disclosureBatch rows per statement
// (an export records one per patient: 100,000 single inserts would
// dominate the run). Their ids derive from the export id, which
// insertExport checked is free.
func insertDisclosures(tx *txn, ds []consent.Disclosure) error {
	var full *sql.Stmt
	defer func() {
		if full != nil {
			full.Close()
		}
	}()
	for start := 0; start < len(ds); start += disclosureBatch {
		batch := ds[start:min(start+disclosureBatch, len(ds))]
		args := make([]any, 0, 4*len(batch))
		for _, d := range batch {
			body, err := encodeBody(d)
			if err != nil {
				return err
			}
			args = append(args, d.ID, d.PatientID, d.At.UnixNano(), body)
		}
		q := "INSERT INTO disclosures (id, patient_id, at, body) VALUES (?, ?, ?, ?)" + strings.Repeat(", (?, ?, ?, ?)", len(batch)-1)
		var err error
		if len(batch) == disclosureBatch {
			if full == nil {
				if full, err = tx.Tx.Prepare(q); err != nil {
					return fmt.Errorf("vault: store disclosures: %w", err)
				}
			}
			_, err = full.Exec(args...)
		} else {
			_, err = tx.Tx.Exec(q, args...)
		}
		if err != nil {
			return fmt.Errorf("vault: store disclosures %d to %d: %w", start+1, start+len(batch), err)
		}
	}
	return nil
}

// Exports returns the export history, oldest first: of one study, or of
// every study for "". A researcher sees only exports of study versions
// addressed to them. Needs PermResearchExport; audited
// "research.export-list".
func (s *Session) Exports(studyID string) ([]ExportEntry, error) {
	if studyID != "" {
		if err := checkStudyID(studyID); err != nil {
			return nil, err
		}
	}
	var out []ExportEntry
	object := ""
	if studyID != "" {
		object = "study:" + studyID
	}
	err := s.runRead(PermResearchExport, "research.export-list", object, func(tx *txn, k *keys) error {
		where, args := "WHERE 1 = 1", []any{}
		if studyID != "" {
			where, args = where+" AND e.study_id = ?", append(args, studyID)
		}
		if s.requireStudyAdmin() != nil {
			where += " AND EXISTS (SELECT 1 FROM research_studies s WHERE s.id = e.study_id AND s.version = e.version AND s.recipient_user = ?)"
			args = append(args, s.User().ID)
		}
		var err error
		if out, err = scanExports(tx, k, where, args); err != nil {
			return err
		}
		return s.audit(tx, k, "research.export-list", object, outcomeOK, fmt.Sprintf("count=%d", len(out)))
	})
	names := map[string]string{}
	for i := range out {
		if _, ok := names[out[i].By]; !ok {
			names[out[i].By] = s.userName(out[i].By)
		}
		out[i].ByName = names[out[i].By]
	}
	return out, err
}

func scanExports(tx *txn, k *keys, where string, args []any) ([]ExportEntry, error) {
	rows, err := tx.Query("SELECT e.id, e.study_id, e.version, e.at, e.by_user, e.body FROM research_exports e "+where+" ORDER BY e.seq", args...)
	if err != nil {
		return nil, fmt.Errorf("vault: read exports: %w", err)
	}
	defer rows.Close()
	key, err := k.vaultCategoryKey(catResearch)
	if err != nil {
		return nil, err
	}
	defer clear(key)
	var out []ExportEntry
	for rows.Next() {
		var e ExportEntry
		var at int64
		var ct []byte
		if err := rows.Scan(&e.ID, &e.StudyID, &e.Version, &at, &e.By, &ct); err != nil {
			return nil, fmt.Errorf("vault: read exports: %w", err)
		}
		pt, err := open(key, ct, exportAD(k.vaultID, e.ID))
		if err == nil {
			e.Record, err = unpad(pt)
		}
		if err != nil {
			return nil, fmt.Errorf("%w: export %s", ErrIntegrity, e.ID)
		}
		e.At = time.Unix(0, at).UTC()
		out = append(out, e)
	}
	if err := rows.Err(); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	return out, nil
}
