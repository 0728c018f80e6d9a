package vault

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"custodia/consent"
)

// ErrKeyDestroyed is returned for a study whose pseudonym key was
// destroyed: its pseudonyms can no longer be computed (no re-identification,
// no pseudonymised rerun).
var ErrKeyDestroyed = errors.New("vault: the study's pseudonym key was destroyed")

// MayReidentify reports whether role may trace a study's pseudonym back
// to a patient (Reidentify): the DPO only. Front ends ask it to offer the
// step; Reidentify enforces it.
func MayReidentify(role Role) bool { return role == RoleDPO }

// studyIDPattern is a study's id: the code research studies use.
var studyIDPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,31}$`)

// StudyDraft is a study definition the app layer wants stored. The vault
// keeps the definition opaque (canonical JSON it does not parse).
type StudyDraft struct {
	ID string
	// DefinitionSHA256 identifies the definition without its version
	// number: equal to the latest stored version's means "unchanged".
	DefinitionSHA256 string
	// RecipientUser is the id of the researcher account the study is
	// addressed to ("" for an outside recipient).
	RecipientUser string
	// Build returns the definition as stored for a version number.
	Build func(version int) ([]byte, error)
}

// StudyVersion is one stored version of a study.
type StudyVersion struct {
	ID               string
	Version          int
	Definition       []byte // as Build returned it
	DefinitionSHA256 string
	RecipientUser    string
	SavedAt          time.Time
	SavedBy          string // user id
	SavedByName      string // the user's name ("" if unknown)
	KeyDestroyed     bool
	KeyDestroyedAt   time.Time
	Exports          int // exports of the study, every version
}

// checkStudyID validates a study id (field "study").
func checkStudyID(id string) error {
	if !studyIDPattern.MatchString(id) {
		return invalidRule("study", RuleStudyID)
	}
	return nil
}

// requireStudyAdmin is the right to define, run and manage studies: the
// research-export permission together with clinical read (administrator,
// DPO). A researcher only reads what is addressed to them.
func (s *Session) requireStudyAdmin() error {
	return s.requireFor(PermResearchExport, PermPatientClinical)
}

// SaveStudy stores a study definition: a new study gets version 1 and a
// random pseudonym key sealed under the research key; an existing study
// whose definition changed gets the next version; an unchanged definition
// stores nothing and returns the latest version (created false). Needs
// the administrator's or DPO's rights; audited "research.study-save".
func (s *Session) SaveStudy(d StudyDraft) (StudyVersion, bool, error) {
	if err := checkStudyID(d.ID); err != nil {
		return StudyVersion{}, false, err
	}
	if d.Build == nil || len(d.DefinitionSHA256) != 64 {
		return StudyVersion{}, false, invalidRule("definition", RuleRequired)
	}
	var out StudyVersion
	created := false
	err := s.run(PermResearchExport, "research.study-save", "study:"+d.ID, func(tx *txn, k *keys) error {
		if err := s.requireStudyAdmin(); err != nil {
			return err
		}
		if d.RecipientUser != "" {
			if _, err := researcherRecord(tx, d.RecipientUser); err != nil {
				return err
			}
		}
		latest, err := latestStudy(tx, k, d.ID)
		switch {
		case errors.Is(err, ErrNotFound):
			if err := newStudyKey(tx, k, d.ID, s.v.now()); err != nil {
				return err
			}
		case err != nil:
			return err
		case latest.DefinitionSHA256 == d.DefinitionSHA256 && latest.RecipientUser == d.RecipientUser:
			out = latest
			return nil
		}
		v := latest.Version + 1
		def, err := d.Build(v)
		if err != nil {
			return fmt.Errorf("%w: study %s: %w", ErrValidation, d.ID, err)
		}
		out = StudyVersion{ID: d.ID, Version: v, Definition: def, DefinitionSHA256: d.DefinitionSHA256,
			RecipientUser: d.RecipientUser, SavedAt: s.v.now().UTC(), SavedBy: s.User().ID}
		if err := insertStudy(tx, k, out); err != nil {
			return err
		}
		created = true
		return s.audit(tx, k, "research.study-save", "study:"+d.ID, outcomeOK, fmt.Sprintf("version=%d", v))
	})
	if err != nil {
		return StudyVersion{}, false, err
	}
	out.SavedByName = s.userName(out.SavedBy)
	return out, created, nil
}

func studyAD(vaultID, id string, version int) []byte {
	return associatedData(vaultID, "research_studies", "body", fmt.Sprintf("%s|%d", id, version))
}

func insertStudy(tx *txn, k *keys, v StudyVersion) error {
	key, err := k.vaultCategoryKey(catResearch)
	if err != nil {
		return err
	}
	defer clear(key)
	ct, err := seal(key, pad(v.Definition), studyAD(k.vaultID, v.ID, v.Version))
	if err != nil {
		return err
	}
	_, err = tx.Exec("INSERT INTO research_studies (id, version, def_sha256, recipient_user, saved_at, saved_by, body) VALUES (?, ?, ?, ?, ?, ?, ?)",
		v.ID, v.Version, v.DefinitionSHA256, v.RecipientUser, v.SavedAt.UnixNano(), v.SavedBy, ct)
	if err != nil {
		return fmt.Errorf("vault: store study %s: %w", v.ID, err)
	}
	return nil
}

const studyColumns = "s.id, s.version, s.def_sha256, s.recipient_user, s.saved_at, s.saved_by, s.body, coalesce(k.destroyed_at, 0), " +
	"(SELECT count(*) FROM research_exports e WHERE e.study_id = s.id) FROM research_studies s LEFT JOIN research_study_keys k ON k.study_id = s.id "

func scanStudies(tx *txn, k *keys, where string, args ...any) ([]StudyVersion, error) {
	rows, err := tx.Query("SELECT "+studyColumns+where, args...)
	if err != nil {
		return nil, fmt.Errorf("vault: read studies: %w", err)
	}
	defer rows.Close()
	key, err := k.vaultCategoryKey(catResearch)
	if err != nil {
		return nil, err
	}
	defer clear(key)
	var out []StudyVersion
	for rows.Next() {
		var v StudyVersion
		var saved, destroyed int64
		var ct []byte
		if err := rows.Scan(&v.ID, &v.Version, &v.DefinitionSHA256, &v.RecipientUser, &saved, &v.SavedBy, &ct, &destroyed, &v.Exports); err != nil {
			return nil, fmt.Errorf("vault: read studies: %w", err)
		}
		pt, err := open(key, ct, studyAD(k.vaultID, v.ID, v.Version))
		if err != nil {
			return nil, fmt.Errorf("%w: study %s version %d", ErrIntegrity, v.ID, v.Version)
		}
		if v.Definition, err = unpad(pt); err != nil {
			return nil, fmt.Errorf("%w: study %s version %d", ErrIntegrity, v.ID, v.Version)
		}
		v.SavedAt = time.Unix(0, saved).UTC()
		if destroyed != 0 {
			v.KeyDestroyed, v.KeyDestroyedAt = true, time.Unix(0, destroyed).UTC()
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

func latestStudy(tx *txn, k *keys, id string) (StudyVersion, error) {
	vs, err := scanStudies(tx, k, "WHERE s.id = ? ORDER BY s.version DESC LIMIT 1", id)
	if err != nil {
		return StudyVersion{}, err
	}
	if len(vs) == 0 {
		return StudyVersion{}, fmt.Errorf("%w: study %s", ErrNotFound, id)
	}
	return vs[0], nil
}

// visibleTo narrows a study query to what the session's user may read:
// everything for the administrator and DPO, a researcher's own studies
// otherwise.
func (s *Session) visibleTo(where string, args []any) (string, []any) {
	if s.requireStudyAdmin() == nil {
		return where, args
	}
	return where + " AND s.recipient_user = ?", append(args, s.User().ID)
}

// Studies returns the latest version of every study, by id. A researcher
// sees only the studies addressed to them. Needs PermResearchExport;
// audited "research.study-list".
func (s *Session) Studies() ([]StudyVersion, error) {
	var out []StudyVersion
	err := s.runRead(PermResearchExport, "research.study-list", "", func(tx *txn, k *keys) error {
		where, args := s.visibleTo("WHERE s.version = (SELECT max(version) FROM research_studies m WHERE m.id = s.id)", nil)
		var err error
		if out, err = scanStudies(tx, k, where+" ORDER BY s.id", args...); err != nil {
			return err
		}
		return s.audit(tx, k, "research.study-list", "", outcomeOK, fmt.Sprintf("count=%d", len(out)))
	})
	s.nameSavers(out)
	return out, err
}

// StudyVersions returns every version of a study, oldest first
// (ErrNotFound for an unknown study or one not addressed to a researcher).
func (s *Session) StudyVersions(id string) ([]StudyVersion, error) {
	if err := checkStudyID(id); err != nil {
		return nil, err
	}
	var out []StudyVersion
	err := s.runRead(PermResearchExport, "research.study-read", "study:"+id, func(tx *txn, k *keys) error {
		where, args := s.visibleTo("WHERE s.id = ?", []any{id})
		var err error
		if out, err = scanStudies(tx, k, where+" ORDER BY s.version", args...); err != nil {
			return err
		}
		if len(out) == 0 {
			return fmt.Errorf("%w: study %s", ErrNotFound, id)
		}
		return s.audit(tx, k, "research.study-read", "study:"+id, outcomeOK, fmt.Sprintf("versions=%d", len(out)))
	})
	s.nameSavers(out)
	return out, err
}

func (s *Session) nameSavers(vs []StudyVersion) {
	names := map[string]string{}
	for i := range vs {
		id := vs[i].SavedBy
		if _, ok := names[id]; !ok {
			names[id] = s.userName(id)
		}
		vs[i].SavedByName = names[id]
	}
}

// userName is a staff user's name for display ("" when unknown); user
// names are not patient data.
func (s *Session) userName(id string) string {
	if id == recoveryUser.ID {
		return recoveryUser.Name
	}
	rec, err := findUserRecord(s.v.db, "id", id)
	if err != nil {
		return ""
	}
	return rec.Name
}

// researcherRecord returns an enabled researcher account by id.
func researcherRecord(q querier, id string) (userRecord, error) {
	rec, err := findUserRecord(q, "id", id)
	if err != nil {
		return userRecord{}, fmt.Errorf("%w: recipient user", ErrNotFound)
	}
	if rec.Role != RoleResearcher || rec.Disabled || len(rec.boxPub) != 32 {
		return userRecord{}, invalidRule("recipient.user", RuleResearcherAccount)
	}
	return rec, nil
}

// ResearcherKey returns the X25519 public key (32 bytes) of a researcher
// account, to encrypt a package to it, and the account's name. Needs the
// administrator's or DPO's rights.
func (s *Session) ResearcherKey(userID string) ([]byte, string, error) {
	var pub []byte
	var name string
	err := s.runRead(PermResearchExport, "research.recipient-key", "user:"+userID, func(tx *txn, k *keys) error {
		if err := s.requireStudyAdmin(); err != nil {
			return err
		}
		rec, err := researcherRecord(tx, userID)
		if err != nil {
			return err
		}
		if err := rec.verify(k.authority); err != nil {
			return err
		}
		pub, name = append([]byte(nil), rec.boxPub...), rec.Name
		return nil
	})
	return pub, name, err
}

// Researchers lists the enabled researcher accounts (id and name), the
// people a study can be addressed to. Needs the administrator's or DPO's
// rights.
func (s *Session) Researchers() ([]User, error) {
	var out []User
	err := s.runRead(PermResearchExport, "research.recipients", "", func(tx *txn, k *keys) error {
		if err := s.requireStudyAdmin(); err != nil {
			return err
		}
		ids, err := queryIDs(tx, "researchers", "SELECT id FROM users WHERE role = ? AND disabled = 0 ORDER BY name", string(RoleResearcher))
		if err != nil {
			return err
		}
		for _, id := range ids {
			rec, err := researcherRecord(tx, id)
			if err != nil {
				continue
			}
			if err := rec.verify(k.authority); err != nil {
				return err
			}
			out = append(out, rec.User)
		}
		return nil
	})
	return out, err
}

// --- the per-study pseudonym key ---

func studyKeyAD(vaultID, id string) []byte {
	return associatedData(vaultID, "research_study_keys", "wrapped", id)
}

func newStudyKey(tx *txn, k *keys, id string, now time.Time) error {
	key, err := k.vaultCategoryKey(catResearch)
	if err != nil {
		return err
	}
	defer clear(key)
	sk := randomBytes(keyLen)
	defer clear(sk)
	ct, err := seal(key, sk, studyKeyAD(k.vaultID, id))
	if err != nil {
		return err
	}
	if _, err := tx.Exec("INSERT INTO research_study_keys (study_id, wrapped, created_at) VALUES (?, ?, ?)", id, ct, now.UnixNano()); err != nil {
		return fmt.Errorf("vault: store study key %s: %w", id, err)
	}
	return nil
}

// studyKey opens a study's stored key.
func studyKey(tx *txn, k *keys, id string) ([]byte, error) {
	var ct []byte
	var destroyed int64
	err := tx.QueryRow("SELECT wrapped, destroyed_at FROM research_study_keys WHERE study_id = ?", id).Scan(&ct, &destroyed)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("%w: study %s", ErrNotFound, id)
	}
	if err != nil {
		return nil, fmt.Errorf("vault: read study key: %w", err)
	}
	if destroyed != 0 {
		return nil, fmt.Errorf("study %s (destroyed %s): %w", id, time.Unix(0, destroyed).UTC().Format(time.DateOnly), ErrKeyDestroyed)
	}
	key, err := k.vaultCategoryKey(catResearch)
	if err != nil {
		return nil, err
	}
	defer clear(key)
	sk, err := open(key, ct, studyKeyAD(k.vaultID, id))
	if err != nil {
		return nil, fmt.Errorf("%w: study %s key", ErrIntegrity, id)
	}
	return sk, nil
}

// StudyKey returns the pseudonymisation key of a stored study: 32 random
// bytes made when the study was first saved and sealed under the research
// key, the same for every run of every version of the study, unrelated to
// any other study's. ErrKeyDestroyed after DestroyStudyKey, ErrNotFound
// for an unknown study. Needs the administrator's or DPO's rights (a
// researcher never holds it); audited "research.study-key".
func (s *Session) StudyKey(studyID string) ([]byte, error) {
	if err := checkStudyID(studyID); err != nil {
		return nil, err
	}
	var key []byte
	err := s.run(PermResearchExport, "research.study-key", "study:"+studyID, func(tx *txn, k *keys) error {
		if err := s.requireStudyAdmin(); err != nil {
			return err
		}
		var err error
		if key, err = studyKey(tx, k, studyID); err != nil {
			return err
		}
		return s.audit(tx, k, "research.study-key", "study:"+studyID, outcomeOK, "")
	})
	if err != nil {
		return nil, fmt.Errorf("vault: study key: %w", err)
	}
	return key, nil
}

// DestroyStudyKey destroys a study's pseudonym key: the sealed key is
// overwritten (secure_delete and a checkpoint scrub the old pages), the
// row keeps who destroyed it and when, and the reason is stored sealed.
// Afterwards no pseudonym of the study can be computed from the vault:
// its past packages cannot be re-identified and pseudonymised reruns
// fail with ErrKeyDestroyed. Needs the administrator's or DPO's rights;
// audited "research.study-key-destroy". A second call is ErrKeyDestroyed.
func (s *Session) DestroyStudyKey(studyID, reason string) error {
	if err := checkStudyID(studyID); err != nil {
		return err
	}
	if err := checkReason(reason); err != nil {
		return err
	}
	err := s.run(PermResearchExport, "research.study-key-destroy", "study:"+studyID, func(tx *txn, k *keys) error {
		if err := s.requireStudyAdmin(); err != nil {
			return err
		}
		sk, err := studyKey(tx, k, studyID)
		if err != nil {
			return err
		}
		clear(sk)
		now := s.v.now()
		if _, err := tx.Exec("UPDATE research_study_keys SET wrapped = NULL, destroyed_at = ?, destroyed_by = ? WHERE study_id = ?",
			now.UnixNano(), s.User().ID, studyID); err != nil {
			return fmt.Errorf("vault: destroy study key: %w", err)
		}
		seq, err := storeReason(tx, k, "destroy-key", studyID, s.User().ID, now, reason)
		if err != nil {
			return err
		}
		return s.audit(tx, k, "research.study-key-destroy", "study:"+studyID, outcomeOK, fmt.Sprintf("reason=research_reasons:%d", seq))
	})
	if err != nil {
		return err
	}
	return checkpoint(s.v.db)
}

func checkReason(reason string) error {
	r := strings.TrimSpace(reason)
	if r == "" || utf8.RuneCountInString(r) > 2000 || !utf8.ValidString(r) {
		return invalidRule("reason", RuleReasonRequired)
	}
	return nil
}

func reasonAD(vaultID, kind, studyID string, at int64) []byte {
	return associatedData(vaultID, "research_reasons", "body", fmt.Sprintf("%s|%s|%d", kind, studyID, at))
}

// storeReason seals a free-text reason under the governance key.
func storeReason(tx *txn, k *keys, kind, studyID, userID string, at time.Time, reason string) (int64, error) {
	key, err := k.vaultCategoryKey(catGovernance)
	if err != nil {
		return 0, err
	}
	defer clear(key)
	ct, err := seal(key, pad([]byte(reason)), reasonAD(k.vaultID, kind, studyID, at.UnixNano()))
	if err != nil {
		return 0, err
	}
	res, err := tx.Exec("INSERT INTO research_reasons (kind, study_id, at, by_user, body) VALUES (?, ?, ?, ?, ?)", kind, studyID, at.UnixNano(), userID, ct)
	if err != nil {
		return 0, fmt.Errorf("vault: store reason: %w", err)
	}
	return res.LastInsertId()
}

// Reidentify finds the patient behind a pseudonym of a study, for a
// safety finding: match receives the study key and every patient id of
// the vault and returns the one whose pseudonym it is (the research
// package computes pseudonyms; the vault never learns how). Only the DPO
// may do this; the reason is stored sealed and the step audited
// ("research.reidentify", with the patient id) whether or not a patient
// was found. ErrKeyDestroyed after DestroyStudyKey.
func (s *Session) Reidentify(studyID, reason string, match func(key []byte, ids []string) (string, error)) (PatientSummary, error) {
	if err := checkStudyID(studyID); err != nil {
		return PatientSummary{}, err
	}
	if err := checkReason(reason); err != nil {
		return PatientSummary{}, err
	}
	var out PatientSummary
	var matchErr error
	err := s.run(PermResearchExport, "research.reidentify", "study:"+studyID, func(tx *txn, k *keys) error {
		if u := s.User(); !MayReidentify(u.Role) {
			return &PermissionError{User: u.Name, Role: u.Role, Perm: PermResearchReidentify}
		}
		key, err := studyKey(tx, k, studyID)
		if err != nil {
			return err
		}
		defer clear(key)
		ids, err := queryIDs(tx, "reidentify", "SELECT id FROM patients ORDER BY seq")
		if err != nil {
			return err
		}
		now := s.v.now()
		seq, err := storeReason(tx, k, "reidentify", studyID, s.User().ID, now, reason)
		if err != nil {
			return err
		}
		var found string
		found, matchErr = match(key, ids)
		if matchErr != nil {
			return s.audit(tx, k, "research.reidentify", "study:"+studyID, outcomeFailed, fmt.Sprintf("no match; reason=research_reasons:%d", seq))
		}
		sums, err := k.summaries(tx, []string{found}, func(Patient) bool { return true })
		if err != nil || len(sums) != 1 {
			return fmt.Errorf("%w: patient %s", ErrNotFound, found)
		}
		out = sums[0]
		return s.audit(tx, k, "research.reidentify", "patient:"+found, outcomeOK, fmt.Sprintf("study=%s reason=research_reasons:%d", studyID, seq))
	})
	if err != nil {
		return PatientSummary{}, err
	}
	if matchErr != nil {
		return PatientSummary{}, matchErr
	}
	return out, nil
}

// studyRecipients names the research studies among disclosures'
// recipients ("research:<study>") by their latest version's recipient
// organisation and study name, for the access package. Without the
// research key (a role that lacks it) the codes stay.
func studyRecipients(tx *txn, k *keys, ds []consent.Disclosure) (map[string]consent.RecipientRef, error) {
	out := map[string]consent.RecipientRef{}
	if _, err := k.categoryKey(catResearch); err != nil {
		return out, nil
	}
	for _, d := range ds {
		id, ok := strings.CutPrefix(d.Recipient, "research:")
		if _, done := out[d.Recipient]; !ok || done {
			continue
		}
		v, err := latestStudy(tx, k, id)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		var def struct {
			Name      string `json:"name"`
			Recipient struct {
				Org string `json:"org"`
			} `json:"recipient"`
		}
		if json.Unmarshal(v.Definition, &def) == nil && def.Recipient.Org != "" {
			out[d.Recipient] = consent.RecipientRef{ID: d.Recipient, Name: def.Recipient.Org, Study: def.Name}
		}
	}
	return out, nil
}
