package vault

import (
	"fmt"
	"time"

	"github.com/google/uuid"

	"custodia/consent"
)

// clinicalBatch caches, per patient of one insert, its state and key and
// collects its counts and latest care date.
type clinicalBatch struct {
	tx     *txn
	k      *keys
	states map[string]patientState
	keys   map[string][]byte
	order  []string
	care   map[string]time.Time
	counts map[string][2]int // encounters, observations
	// anyRestriction accepts restricted patients (diagnosis migration only).
	anyRestriction bool
}

func newClinicalBatch(tx *txn, k *keys) *clinicalBatch {
	return &clinicalBatch{tx: tx, k: k, states: map[string]patientState{}, keys: map[string][]byte{},
		care: map[string]time.Time{}, counts: map[string][2]int{}}
}

func (b *clinicalBatch) wipe() {
	for _, key := range b.keys {
		clear(key)
	}
}

// owner returns the patient's state and clinical key (ErrNotFound, ErrRestricted).
func (b *clinicalBatch) owner(patientID string) (patientState, []byte, error) {
	if st, ok := b.states[patientID]; ok {
		return st, b.keys[patientID], nil
	}
	st, err := readPatientState(b.tx, patientID)
	if err == nil && st.restricted && !b.anyRestriction {
		err = fmt.Errorf("%w: patient %s", ErrRestricted, patientID)
	}
	if err != nil {
		return st, nil, err
	}
	key, err := b.k.dataKey(b.tx, patientID)
	if err != nil {
		return st, nil, err
	}
	b.states[patientID], b.keys[patientID] = st, key
	b.order = append(b.order, patientID)
	return st, key, nil
}

func (b *clinicalBatch) note(patientID string, care time.Time, which int) {
	if care.After(b.care[patientID]) {
		b.care[patientID] = care
	}
	c := b.counts[patientID]
	c[which]++
	b.counts[patientID] = c
}

// insertClinical seals and stores new rows (validated, ids assigned), moves
// each patient's last clinical activity and writes one audit entry per patient.
func (s *Session) insertClinical(tx *txn, k *keys, encs []Encounter, obs []Observation) error {
	return s.insertClinicalMode(tx, k, encs, obs, false)
}

// insertClinicalMode is insertClinical; anyRestriction lets the diagnosis
// migration move data of restricted patients.
func (s *Session) insertClinicalMode(tx *txn, k *keys, encs []Encounter, obs []Observation, anyRestriction bool) error {
	b := newClinicalBatch(tx, k)
	b.anyRestriction = anyRestriction
	defer b.wipe()
	encArgs := make([]any, 0, 6*len(encs))
	newEnc := make(map[string]string, len(encs)) // encounter id → patient id
	for i, e := range encs {
		args, err := b.sealRow(encountersTable, e.ID, e.PatientID, e.Version, e.CreatedAt, e.UpdatedAt, e.body())
		if err != nil {
			return fmt.Errorf("encounters[%d]: %w", i, err)
		}
		encArgs = append(encArgs, args...)
		newEnc[e.ID] = e.PatientID
		b.note(e.PatientID, e.Date, 0)
	}
	obsArgs := make([]any, 0, 6*len(obs))
	for i, o := range obs {
		args, err := b.sealRow(observationsTable, o.ID, o.PatientID, o.Version, o.CreatedAt, o.UpdatedAt, o.body())
		if err == nil {
			err = b.checkEncounterRef(o, newEnc)
		}
		if err != nil {
			return fmt.Errorf("observations[%d]: %w", i, err)
		}
		obsArgs = append(obsArgs, args...)
		b.note(o.PatientID, o.Date, 1)
	}
	if err := encountersTable.ins.exec(tx, encArgs); err != nil {
		return fmt.Errorf("vault: store encounters: %w", err)
	}
	if err := observationsTable.ins.exec(tx, obsArgs); err != nil {
		return fmt.Errorf("vault: store observations: %w", err)
	}
	return s.finishClinical(b)
}

func (b *clinicalBatch) sealRow(t clinicalTable, id, patientID string, version int64, created, updated time.Time, body recordBody) ([]any, error) {
	st, key, err := b.owner(patientID)
	if err != nil {
		return nil, err
	}
	ct, err := b.k.sealRecord(key, t.name, id, patientID, version, body)
	if err != nil {
		return nil, err
	}
	return []any{st.seq, id, version, created.UnixNano(), updated.UnixNano(), ct}, nil
}

// checkEncounterRef accepts an empty EncounterID, or one naming an
// encounter of the same patient (new in this batch or stored).
func (b *clinicalBatch) checkEncounterRef(o Observation, newEnc map[string]string) error {
	if o.EncounterID == "" {
		return nil
	}
	if owner, ok := newEnc[o.EncounterID]; ok && owner == o.PatientID {
		return nil
	}
	if hasRow(b.tx, "SELECT 1 FROM encounters WHERE id = ? AND patient_seq = ?", o.EncounterID, b.states[o.PatientID].seq) {
		return nil
	}
	return invalidRule("EncounterID", RuleNoSuchEncounter, o.PatientID)
}

func (s *Session) finishClinical(b *clinicalBatch) error {
	entries := make([]AuditEntry, 0, len(b.order))
	userID := s.User().ID
	for _, pid := range b.order {
		if err := touchClinical(b.tx, pid, b.care[pid]); err != nil {
			return err
		}
		c := b.counts[pid]
		entries = append(entries, AuditEntry{Time: s.v.now(), UserID: userID, Action: "clinical.create", Object: "patient:" + pid,
			Outcome: outcomeOK, Detail: fmt.Sprintf("encounters=%d observations=%d", c[0], c[1])})
	}
	return s.v.appendEntries(b.tx, b.k, entries)
}

// storeHistory keeps the previous value of a rectified clinical row in the
// patient's history, sealed like the row (category clinical).
func (s *Session) storeHistory(tx *txn, k *keys, patientID, field, old, requestID string, now time.Time) error {
	key, err := k.dataKey(tx, patientID)
	if err != nil {
		return err
	}
	defer clear(key)
	id := uuid.NewString()
	ct, err := k.sealCategory(categoryClinical, key, []byte(old), k.historyAD(id, patientID))
	if err != nil {
		return err
	}
	var seq int64
	if err := tx.QueryRow("SELECT coalesce(max(seq), 0) + 1 FROM patient_history").Scan(&seq); err != nil {
		return fmt.Errorf("vault: history: %w", err)
	}
	_, err = tx.Exec(`INSERT INTO patient_history (id, seq, patient_id, field, category, at, by_user, request_id, key_kind, old_value)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, seq, patientID, field, consent.RecClinical, now.UnixNano(), s.User().ID, requestID, keyPatient, ct)
	if err != nil {
		return fmt.Errorf("vault: store history of patient %s: %w", patientID, err)
	}
	return nil
}
