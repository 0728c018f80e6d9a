package vault

import (
	"fmt"
	"runtime"
	"sync"
	"time"
)

// ExtractRecord is what a research export reads of one patient: the
// quasi-identifiers it may generalise and the clinical rows. Names,
// contact details and identifiers are never decrypted for it.
type ExtractRecord struct {
	PatientID    string
	BirthDate    time.Time
	Sex          string
	Postcode     string
	Restricted   bool
	Encounters   []Encounter   // oldest first
	Observations []Observation // by date
}

// extractChunk is how many patients are read per round of queries.
const extractChunk = 1024

// ClinicalExtract calls fn for every patient, in creation order, with its
// birth date, sex, postcode and clinical rows; the caller applies the
// consent gate. Stops at fn's first error and returns it. Needs
// PermResearchExport and PermPatientClinical (administrator, DPO: a
// researcher never reads the vault's records); audited once
// ("research.extract", patient count). ErrIntegrity for a changed row.
func (s *Session) ClinicalExtract(fn func(ExtractRecord) error) error {
	return s.runRead(PermResearchExport, "research.extract", "", func(tx *txn, k *keys) error {
		if err := s.requireFor(PermPatientClinical); err != nil {
			return err
		}
		n, err := extractAll(tx, k, fn)
		if err != nil {
			return err
		}
		return s.audit(tx, k, "research.extract", "", outcomeOK, fmt.Sprintf("patients=%d", n))
	})
}

func extractAll(tx *txn, k *keys, fn func(ExtractRecord) error) (int, error) {
	n := 0
	for after := int64(0); ; {
		chunk, last, err := extractPatients(tx, after)
		if err != nil || len(chunk) == 0 {
			return n, err
		}
		if err := attachClinical(tx, chunk, after, last); err != nil {
			return n, err
		}
		if err := k.openChunk(chunk); err != nil {
			return n, err
		}
		for _, r := range chunk {
			if err := fn(r.rec); err != nil {
				return n, err
			}
			n++
		}
		after = last
	}
}

// extractRow is one patient of a chunk: first the stored ciphertexts, then
// (openChunk) the opened record.
type extractRow struct {
	seq      int64
	rv       rowVersion
	rec      ExtractRecord
	wrapped  []byte
	stored   storedFields
	enc, obs []storedRow
}

var extractColumns = []string{"birth_date", "sex", "postcode"}

// extractPatients reads the next chunk of patients after seq `after`.
func extractPatients(tx *txn, after int64) ([]*extractRow, int64, error) {
	rows, err := tx.Query("SELECT p.seq, p.id, p.restricted, p.version, p.clinical_version, k.wrapped_key, p.birth_date, p.sex, p.postcode, "+recordColumns("p.")+" FROM patients p "+
		"JOIN patient_keys k ON k.patient_id = p.id WHERE p.seq > ? ORDER BY p.seq LIMIT ?", after, extractChunk)
	if err != nil {
		return nil, 0, fmt.Errorf("vault: extract: %w", err)
	}
	defer rows.Close()
	var out []*extractRow
	last := after
	for rows.Next() {
		r := &extractRow{stored: storedFields{columns: extractColumns, cts: make([][]byte, len(extractColumns))}}
		c := &r.stored.cts
		if err := rows.Scan(&r.seq, &r.rec.PatientID, &r.rec.Restricted, &r.rv.version, &r.rv.clinical, &r.wrapped, &(*c)[0], &(*c)[1], &(*c)[2],
			&r.stored.records[0], &r.stored.records[1]); err != nil {
			return nil, 0, fmt.Errorf("vault: extract: %w", err)
		}
		out, last = append(out, r), r.seq
	}
	return out, last, rows.Err()
}

// attachClinical reads the encounters and observations of the chunk's
// patients (seq in (after, last]) in primary-key order.
func attachClinical(tx *txn, chunk []*extractRow, after, last int64) error {
	bySeq := make(map[int64]*extractRow, len(chunk))
	for _, r := range chunk {
		bySeq[r.seq] = r
	}
	for _, t := range []clinicalTable{encountersTable, observationsTable} {
		if err := attachTable(tx, t, bySeq, after, last); err != nil {
			return err
		}
	}
	return nil
}

func attachTable(tx *txn, t clinicalTable, bySeq map[int64]*extractRow, after, last int64) error {
	rows, err := tx.Query("SELECT patient_seq, id, version, created_at, updated_at, record FROM "+t.name+
		" WHERE patient_seq > ? AND patient_seq <= ? ORDER BY patient_seq, id", after, last)
	if err != nil {
		return fmt.Errorf("vault: extract %s: %w", t.name, err)
	}
	defer rows.Close()
	for rows.Next() {
		var seq, c, u int64
		var sr storedRow
		if err := rows.Scan(&seq, &sr.id, &sr.version, &c, &u, &sr.ct); err != nil {
			return fmt.Errorf("vault: extract %s: %w", t.name, err)
		}
		r := bySeq[seq]
		if r == nil {
			continue
		}
		sr.patientID, sr.created, sr.updated = r.rec.PatientID, time.Unix(0, c).UTC(), time.Unix(0, u).UTC()
		if t.name == encountersTable.name {
			r.enc = append(r.enc, sr)
		} else {
			r.obs = append(r.obs, sr)
		}
	}
	return rows.Err()
}

// openChunk opens the chunk's patients on every core (the reads above are
// sequential; the AEAD work is not). The first failure in patient order is
// returned.
func (k *keys) openChunk(chunk []*extractRow) error {
	workers := min(runtime.GOMAXPROCS(0), len(chunk))
	errs := make([]error, len(chunk))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(chunk); i += workers {
				errs[i] = k.openExtract(chunk[i])
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func (k *keys) openExtract(r *extractRow) error {
	wrap, err := k.needWrap()
	if err != nil {
		return err
	}
	dk, err := open(wrap, r.wrapped, k.keyAD(r.rec.PatientID))
	if err != nil {
		return fmt.Errorf("%w: patient %s data key", ErrIntegrity, r.rec.PatientID)
	}
	defer clear(dk)
	p := Patient{ID: r.rec.PatientID}
	if err := k.openStored(dk, &p, &r.stored, r.rv); err != nil {
		return err
	}
	r.rec.BirthDate, r.rec.Sex, r.rec.Postcode = p.BirthDate, p.Sex, p.Postcode
	r.rec.Encounters = make([]Encounter, len(r.enc))
	for i, sr := range r.enc {
		if r.rec.Encounters[i], err = k.openEncounter(dk, sr); err != nil {
			return err
		}
	}
	r.rec.Observations = make([]Observation, len(r.obs))
	for i, sr := range r.obs {
		if r.rec.Observations[i], err = k.openObservation(dk, sr); err != nil {
			return err
		}
	}
	sortEncounters(r.rec.Encounters)
	sortObservations(r.rec.Observations)
	return nil
}
