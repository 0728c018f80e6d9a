package vault

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"custodia/consent"
)

// ErasedPatient is what an erasure left of a patient: the fields kept under
// GDPR Art. 17(3) (readable until KeepUntil) and the anonymised ones.
type ErasedPatient struct {
	ID            string
	ErasedAt      time.Time
	KeepUntil     time.Time // zero when nothing was kept
	RequestID     string
	PlanID        string
	CertificateID string
	Fields        []ErasedField
}

// ErasedField is one field left by an erasure.
type ErasedField struct {
	Field    string // column name, e.g. "diagnosis", "birth_date"
	Category consent.RecordCategory
	Action   consent.Action // keep or anonymise
	Value    string         // the kept value, or its generalisation
}

// ErasureFacts reports which record categories the vault holds for a
// patient and its triggers, for consent.PlanErasure: the creation date as
// "created", the last treatment (LastClinicalAt, or the creation date for a
// record that never held clinical data) as "last-treatment" and
// "year-end". The caller adds "closed" and may override the others. Needs
// PermRequestDecide. Returns ErrNotFound.
func (s *Session) ErasureFacts(patientID string) (consent.ErasureFacts, error) {
	f := consent.ErasureFacts{SubjectID: patientID, Triggers: map[consent.Trigger]time.Time{}}
	err := s.runRead(PermRequestDecide, "erasure.facts", "patient:"+patientID, func(tx *txn, k *keys) error {
		p, err := k.loadPatient(tx, patientID, patientColumns)
		if err != nil {
			return err
		}
		f.Triggers[consent.TriggerCreated] = p.CreatedAt
		f.Triggers[consent.TriggerLastTreatment] = lastTreatment(p)
		f.Triggers[consent.TriggerYearEnd] = lastTreatment(p)
		f.Present = presentCategories(tx, p)
		return s.audit(tx, k, "erasure.facts", "patient:"+patientID, outcomeOK, fmt.Sprintf("categories=%d", len(f.Present)))
	})
	return f, err
}

func presentCategories(tx *txn, p Patient) []consent.RecordCategory {
	var out []consent.RecordCategory
	values := p.encryptedValues()
	for i, c := range patientColumns {
		cat := fieldCategory(c)
		if values[i] != "" && !slices.Contains(out, cat) {
			out = append(out, cat)
		}
	}
	out = withClinicalRows(out, hasClinicalRows(tx, p.ID))
	for _, q := range []struct {
		cat consent.RecordCategory
		sql string
	}{
		{consent.RecConsents, "SELECT 1 FROM consent_events WHERE patient_id = ? LIMIT 1"},
		{consent.RecRequests, "SELECT 1 FROM dsr_requests WHERE subject_id = ? LIMIT 1"},
		{consent.RecDisclosures, "SELECT 1 FROM disclosures WHERE patient_id = ? LIMIT 1"},
		{consent.RecAudit, "SELECT 1 FROM audit_log WHERE object = 'patient:' || ? LIMIT 1"},
	} {
		if hasRow(tx, q.sql, p.ID) {
			out = append(out, q.cat)
		}
	}
	return out
}

// erasure is the state of one ExecuteErasure call.
type erasure struct {
	s       *Session
	tx      *txn
	k       *keys
	plan    consent.ErasurePlan
	old     Patient
	rk      []byte // retention key; nil when nothing is kept
	now     time.Time
	results []consent.ExecutionResult
}

// ExecuteErasure carries out an approved erasure plan (GDPR Art. 17) of the
// erasure request it names, which must be in progress. Per record category:
// erase destroys the data; keep re-encrypts it under a fresh retention key
// (wrapped by the master key, keep-until recorded) so it stays readable
// through ErasedRecord and PatientHistory; anonymise keeps generalised
// values (birth year, 3-character postcode, ICD-10 category; names and
// free text removed). Then the patient's data key, subject key, every
// ciphertext of the erased categories and the blind-index rows are deleted,
// the certificate is stored (ListCertificates) and the WAL is checkpointed
// (secure_delete zeroes freed bytes), so no path can decrypt the erased
// fields. GetPatient and FindPatients no longer find the patient.
//
// Needs PermRequestDecide. Returns ErrNotFound for an unknown (or already
// erased) patient; *ValidationError when the plan is not approved, does not
// cover a category the vault holds, or its request is not this patient's
// erasure request in progress.
func (s *Session) ExecuteErasure(plan consent.ErasurePlan) ([]consent.ExecutionResult, error) {
	if err := checkPlan(plan); err != nil {
		return nil, err
	}
	if done, ok, err := s.erasureDone(plan); ok || err != nil {
		return done, errors.Join(err, s.v.checkpointClean())
	}
	object := "patient:" + plan.SubjectID
	var results []consent.ExecutionResult
	err := s.run(PermRequestDecide, "erasure.execute", object, func(tx *txn, k *keys) error {
		e := &erasure{s: s, tx: tx, k: k, plan: plan, now: s.v.now().UTC()}
		defer e.wipe()
		if err := e.run(); err != nil {
			return err
		}
		results = e.results
		return nil
	})
	if err != nil {
		return nil, err
	}
	return results, errors.Join(s.v.syncJournalFile(), s.v.checkpointClean())
}

func checkPlan(p consent.ErasurePlan) error {
	var fs []FieldError
	add := ruleErrors(&fs)
	if p.ApprovedBy == "" || p.ApprovedAt.IsZero() {
		add("plan", RulePlanNotApproved)
	}
	seen := map[consent.RecordCategory]bool{}
	for i, it := range p.Items {
		f := fmt.Sprintf("plan.items[%d]", i)
		switch {
		case !slices.Contains(consent.RecordCategories(), it.Category):
			add(f, RuleUnknownCode)
		case seen[it.Category]:
			add(f, RuleDuplicate)
		case it.Action != consent.ActErase && it.Action != consent.ActKeep && it.Action != consent.ActAnonymise:
			add(f, RuleUnknownCode)
		case it.Action == consent.ActKeep && (it.KeepUntil.IsZero() || it.Basis == ""):
			add(f, RuleKeepBasis)
		}
		seen[it.Category] = true
	}
	if len(fs) > 0 {
		return &ValidationError{Fields: fs}
	}
	return nil
}

func (e *erasure) wipe() { clear(e.rk) }

func (e *erasure) run() error {
	if err := e.check(); err != nil {
		return err
	}
	if err := e.makeRetentionKey(); err != nil {
		return err
	}
	if err := e.appendErased(); err != nil {
		return err
	}
	if err := e.closeOpenRequests(); err != nil {
		return err
	}
	for _, it := range e.plan.Items {
		n, err := e.apply(it)
		if err != nil {
			return err
		}
		res := consent.ExecutionResult{Category: it.Category, Action: it.Action, Records: n}
		if rows, note, err := e.rowsOf(it.Category); err != nil {
			return err
		} else if note != "" {
			res.Records, res.Note = rows, note
		}
		e.results = append(e.results, res)
	}
	if err := e.destroy(); err != nil {
		return err
	}
	return e.certify()
}

// check loads the patient and verifies the request and the plan's coverage.
func (e *erasure) check() error {
	var err error
	if e.old, err = e.k.loadPatient(e.tx, e.plan.SubjectID, patientColumns); err != nil {
		return err
	}
	r, err := dsrRequest(e.tx, e.plan.RequestID, e.plan.SubjectID, consent.ReqErasure)
	if err != nil {
		return err
	}
	if r.State != consent.StateInProgress {
		return invalidValues("plan.requestId", RuleRequestInProgress, []string{string(r.State)}, r.ID, r.State)
	}
	for _, c := range presentCategories(e.tx, e.old) {
		if !slices.ContainsFunc(e.plan.Items, func(it consent.PlanItem) bool { return it.Category == c }) {
			return invalidValues("plan.items", RulePlanUncovered, []string{string(c)}, c, e.old.ID)
		}
	}
	return nil
}

func (e *erasure) keepUntil() time.Time {
	var until time.Time
	for _, it := range e.plan.Items {
		if it.Action == consent.ActKeep && it.KeepUntil.After(until) {
			until = it.KeepUntil
		}
	}
	return until
}

func (e *erasure) makeRetentionKey() error {
	until := e.keepUntil()
	if until.IsZero() {
		return nil
	}
	var err error
	e.rk, err = e.k.newWrappedKey(e.tx, "retention_keys", "patient_id", e.old.ID, map[string]any{"keep_until": until.UnixNano()})
	return err
}

// apply carries out one plan item and returns the number of records (stored
// fields, history entries, consent or request records) it acted on.
func (e *erasure) apply(it consent.PlanItem) (int, error) {
	switch it.Category {
	case consent.RecIdentity, consent.RecContact, consent.RecClinical:
		n, err := e.patientFields(it)
		if err != nil {
			return 0, err
		}
		if it.Category == consent.RecClinical {
			c, err := e.clinicalRows(it)
			if err != nil {
				return 0, err
			}
			n += c
		}
		h, err := e.history(it)
		return n + h, err
	case consent.RecConsents, consent.RecRequests:
		return e.secrets(it)
	case consent.RecAudit:
		return e.auditEntries(it)
	}
	// Billing and disclosures hold no personal ciphertext in the vault: the
	// disclosure log keeps ids, recipient codes and times for Art. 19.
	return 0, nil
}

func (k *keys) erasedAD(patientID, column string) []byte {
	return associatedData(k.vaultID, "erased_fields", "ciphertext", column+"\x00"+patientID)
}

// patientFields stores the kept or anonymised values of the category's columns.
func (e *erasure) patientFields(it consent.PlanItem) (int, error) {
	values := e.old.encryptedValues()
	n := 0
	for i, c := range patientColumns {
		if fieldCategory(c) != it.Category || values[i] == "" {
			continue
		}
		n++
		if it.Action == consent.ActErase {
			continue
		}
		if err := e.storeField(c, it, values[i]); err != nil {
			return 0, err
		}
	}
	return n, nil
}

func (e *erasure) storeField(column string, it consent.PlanItem, value string) error {
	key := e.rk
	if it.Action == consent.ActAnonymise {
		if value = anonymise(column, value); value == "" {
			return nil
		}
		vk, err := e.k.vaultFieldKey()
		if err != nil {
			return err
		}
		defer clear(vk)
		key = vk
	}
	ct, err := e.k.sealFor(columnCategory(column), key, []byte(value), e.k.erasedAD(e.old.ID, column))
	if err != nil {
		return err
	}
	_, err = e.tx.Exec("INSERT INTO erased_fields (patient_id, field, category, action, ciphertext) VALUES (?, ?, ?, ?, ?)",
		e.old.ID, column, it.Category, it.Action, ct)
	if err != nil {
		return fmt.Errorf("vault: erasure of patient %s: %w", e.old.ID, err)
	}
	return nil
}

// anonymise generalises a value: birth date to its year, postcode to its
// first three characters, diagnoses to their ICD-10 categories, sex kept;
// names, contact details, identifiers and free text removed.
func anonymise(column, value string) string {
	switch column {
	case "birth_date":
		return value[:4]
	case "postcode":
		r := []rune(strings.TrimSpace(value))
		return string(r[:min(3, len(r))])
	case "sex":
		return value
	case "diagnosis", "encounters":
		return icdCategories(value)
	}
	return ""
}

func icdCategories(value string) string {
	var out []string
	for _, code := range strings.FieldsFunc(value, func(r rune) bool { return r == ',' || r == ';' || r == ' ' }) {
		cat, _, _ := strings.Cut(code, ".")
		if !slices.Contains(out, cat) {
			out = append(out, cat)
		}
	}
	return strings.Join(out, ", ")
}

// history re-encrypts kept history entries of the category under the
// retention key and deletes the others.
func (e *erasure) history(it consent.PlanItem) (int, error) {
	rows, err := historyRows(e.tx, e.old.ID)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, h := range rows {
		if h.change.Category != it.Category {
			continue
		}
		n++
		if err := e.rekeyHistory(h, it.Action == consent.ActKeep); err != nil {
			return 0, err
		}
	}
	return n, nil
}

func (e *erasure) rekeyHistory(h historyRow, keep bool) error {
	if !keep {
		_, err := e.tx.Exec("DELETE FROM patient_history WHERE id = ?", h.id)
		return err
	}
	r := newSecretReader(e.tx, e.k)
	defer r.wipe()
	key, err := r.key(h.kind, e.old.ID)
	if err != nil || key == nil {
		return err
	}
	cat := columnCategory(h.change.Field)
	pt, err := e.k.openFor(cat, key, h.ct, e.k.historyAD(h.id, e.old.ID))
	if err != nil {
		return fmt.Errorf("%w: history of patient %s", ErrIntegrity, e.old.ID)
	}
	defer clear(pt)
	ct, err := e.k.sealFor(cat, e.rk, pt, e.k.historyAD(h.id, e.old.ID))
	if err != nil {
		return err
	}
	_, err = e.tx.Exec("UPDATE patient_history SET key_kind = ?, old_value = ? WHERE id = ?", keyRetention, ct, h.id)
	return err
}

// secrets re-keys (keep) or destroys (erase, anonymise) the personal fields
// of the subject's consent events or requests. A request keeps its
// requester relation (a code) so its workflow can still complete; the name
// and description are destroyed.
func (e *erasure) secrets(it consent.PlanItem) (int, error) {
	rows, err := e.secretRows(string(it.Category))
	if err != nil {
		return 0, err
	}
	r := newSecretReader(e.tx, e.k)
	defer r.wipe()
	for _, sec := range rows {
		if err := e.resecret(r, sec, it); err != nil {
			return 0, err
		}
	}
	return len(rows), nil
}

func (e *erasure) secretRows(category string) ([]storedSecret, error) {
	rows, err := e.tx.Query("SELECT owner, key_kind, ciphertext FROM subject_secrets WHERE subject_id = ? AND category = ?", e.old.ID, category)
	if err != nil {
		return nil, fmt.Errorf("vault: erasure of patient %s: %w", e.old.ID, err)
	}
	defer rows.Close()
	var out []storedSecret
	for rows.Next() {
		s := storedSecret{subjectID: e.old.ID}
		if err := rows.Scan(&s.owner, &s.kind, &s.ct); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

func (e *erasure) resecret(r *secretReader, sec storedSecret, it consent.PlanItem) error {
	var raw json.RawMessage
	ok, err := r.decode(sec, &raw)
	if err != nil {
		return err
	}
	defer clear(raw)
	switch {
	case ok && it.Action == consent.ActKeep:
		return e.k.storeSecret(e.tx, sec.owner, e.old.ID, string(it.Category), keyRetention, e.rk, raw)
	case ok && it.Category == consent.RecRequests:
		var rs requestSecret
		if err := json.Unmarshal(raw, &rs); err != nil {
			return fmt.Errorf("%w: %s does not decode", ErrIntegrity, sec.owner)
		}
		return e.storeVaultSecret(sec.owner, string(it.Category), requestSecret{Requester: ErasedText, Relation: rs.Relation})
	}
	_, err = e.tx.Exec("DELETE FROM subject_secrets WHERE owner = ?", sec.owner)
	return err
}

func (e *erasure) storeVaultSecret(owner, category string, v any) error {
	vk, err := e.k.vaultFieldKey()
	if err != nil {
		return err
	}
	defer clear(vk)
	return e.k.storeSecret(e.tx, owner, e.old.ID, category, keyVault, vk, v)
}

// auditEntries counts the trail's entries about the patient. The trail is
// append-only and holds ids, never personal data: once the data key is
// destroyed its patient id points at nothing, which is how it is anonymised
// (or kept); an erase item erases nothing there.
func (e *erasure) auditEntries(it consent.PlanItem) (int, error) {
	if it.Action == consent.ActErase {
		return 0, nil
	}
	var n int
	err := e.tx.QueryRow("SELECT count(*) FROM audit_log WHERE object = 'patient:' || ?", e.old.ID).Scan(&n)
	return n, err
}

// destroy deletes the index rows, the record, the data key and the subject key.
func (e *erasure) destroy() error {
	id := e.old.ID
	if err := deleteIndex(e.tx, e.k, e.old); err != nil {
		return err
	}
	for _, q := range []string{
		qDeleteIndexOf, qDeleteMRNOf, // rows of earlier values a damaged record left
		"DELETE FROM patients WHERE id = ?",
	} {
		if _, err := e.tx.Exec(q, id); err != nil {
			return fmt.Errorf("vault: erasure of patient %s: %w", id, err)
		}
	}
	return deletePatientSecrets(e.tx, id)
}

// certify issues and stores the certificate and records the erasure.
func (e *erasure) certify() error {
	cert, err := consent.ErasureCertificate(e.plan, e.results, e.s.ConsentActor(), e.now)
	if err != nil {
		return err
	}
	d, err := e.details()
	if err != nil {
		return err
	}
	if cert, err = cert.WithDetails(d); err != nil {
		return err
	}
	if err := insertCertificate(e.tx, cert); err != nil {
		return err
	}
	_, err = e.tx.Exec(`INSERT INTO erased_patients (patient_id, erased_at, request_id, plan_id, certificate_id, keep_until)
		VALUES (?, ?, ?, ?, ?, ?)`, e.old.ID, e.now.UnixNano(), e.plan.RequestID, e.plan.ID, cert.ID, unixOrZero(e.keepUntil()))
	if err != nil {
		return fmt.Errorf("vault: erasure of patient %s: %w", e.old.ID, err)
	}
	anchor, err := e.s.v.journal(e.tx, e.k, "erasure", e.old.ID, e.plan.RequestID, cert.ID, e.now)
	if err != nil {
		return err
	}
	detail := fmt.Sprintf("request=%s plan=%s certificate=%s journal=%s", e.plan.RequestID, e.plan.ID, cert.ID, anchor)
	return e.s.audit(e.tx, e.k, "erasure.execute", "patient:"+e.old.ID, outcomeOK, detail)
}

func unixOrZero(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

// ErasedRecord returns what an erasure left of a patient: kept fields
// (readable until their retention key is destroyed) and anonymised ones.
// Needs PermPatientRead; clinical fields only with PermPatientClinical.
// Returns ErrNotFound when the patient was not erased, ErrIntegrity when a
// stored value fails authentication.
func (s *Session) ErasedRecord(patientID string) (ErasedPatient, error) {
	var out ErasedPatient
	object := "patient:" + patientID
	err := s.runRead(PermPatientRead, "patient.read-erased", object, func(tx *txn, k *keys) error {
		var err error
		if out, err = erasedHeader(tx, patientID); err != nil {
			return err
		}
		if out.Fields, err = s.erasedFields(tx, k, patientID); err != nil {
			return err
		}
		return s.audit(tx, k, "patient.read-erased", object, outcomeOK, fmt.Sprintf("fields=%d", len(out.Fields)))
	})
	return out, err
}

func erasedHeader(tx *txn, patientID string) (ErasedPatient, error) {
	p := ErasedPatient{ID: patientID}
	var at, until int64
	err := tx.QueryRow("SELECT erased_at, request_id, plan_id, certificate_id, keep_until FROM erased_patients WHERE patient_id = ?", patientID).
		Scan(&at, &p.RequestID, &p.PlanID, &p.CertificateID, &until)
	if err != nil {
		return p, fmt.Errorf("%w: erased patient %s", ErrNotFound, patientID)
	}
	p.ErasedAt = time.Unix(0, at).UTC()
	if until != 0 {
		p.KeepUntil = time.Unix(0, until).UTC()
	}
	return p, nil
}

func (s *Session) erasedFields(tx *txn, k *keys, patientID string) ([]ErasedField, error) {
	rows, err := tx.Query("SELECT field, category, action, ciphertext FROM erased_fields WHERE patient_id = ? ORDER BY field", patientID)
	if err != nil {
		return nil, fmt.Errorf("vault: read erased patient %s: %w", patientID, err)
	}
	type row struct {
		f  ErasedField
		ct []byte
	}
	var stored []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.f.Field, &r.f.Category, &r.f.Action, &r.ct); err != nil {
			rows.Close()
			return nil, err
		}
		stored = append(stored, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	clinical := s.User().Role.Can(PermPatientClinical)
	sr := newSecretReader(tx, k)
	defer sr.wipe()
	out := []ErasedField{}
	for _, r := range stored {
		if r.f.Category == consent.RecClinical && !clinical {
			continue
		}
		kind := keyRetention
		if r.f.Action == consent.ActAnonymise {
			kind = keyVault
		}
		key, err := sr.key(kind, patientID)
		if err != nil {
			return nil, err
		}
		if key == nil {
			continue // retention ended: the retention key was destroyed
		}
		pt, err := k.openFor(columnCategory(r.f.Field), key, r.ct, k.erasedAD(patientID, r.f.Field))
		if err != nil {
			return nil, fmt.Errorf("%w: erased patient %s field %s", ErrIntegrity, patientID, r.f.Field)
		}
		r.f.Value = string(pt)
		out = append(out, r.f)
	}
	return out, nil
}

// PurgeRetention ends the retention of erased patients whose keep-until
// date has passed: their retention keys are destroyed together with every
// value kept under them (kept fields, history, consent and request
// secrets), and the WAL is checkpointed. Anonymised values stay. Needs
// PermGovernance; audited per patient. Returns the number of patients purged.
func (s *Session) PurgeRetention() (int, error) {
	var ids []string
	err := s.run(PermGovernance, "retention.purge", "", func(tx *txn, k *keys) error {
		var err error
		if ids, err = expiredRetention(tx, s.v.now()); err != nil {
			return err
		}
		for _, id := range ids {
			if err := s.purgeRetained(tx, k, id); err != nil {
				return err
			}
			if err := s.audit(tx, k, "retention.purge", "patient:"+id, outcomeOK, "retention key destroyed"); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	if len(ids) == 0 {
		return 0, nil
	}
	return len(ids), s.v.checkpointClean()
}

func expiredRetention(tx *txn, now time.Time) ([]string, error) {
	return queryIDs(tx, "retention", "SELECT patient_id FROM retention_keys WHERE keep_until <= ? ORDER BY patient_id", now.UnixNano())
}

// purgeRetained destroys what an erasure kept of one patient. Consent and
// request secrets go as an erase would take them (requests keep their
// relation code so their workflow stays valid).
func (s *Session) purgeRetained(tx *txn, k *keys, id string) error {
	e := &erasure{s: s, tx: tx, k: k, old: Patient{ID: id}}
	for _, c := range []consent.RecordCategory{consent.RecConsents, consent.RecRequests} {
		if _, err := e.secrets(consent.PlanItem{Category: c, Action: consent.ActErase}); err != nil {
			return err
		}
	}
	for _, q := range []string{
		"DELETE FROM erased_fields WHERE patient_id = ? AND action = 'keep'",
		"DELETE FROM patient_history WHERE patient_id = ? AND key_kind = 'retention'",
		"DELETE FROM subject_secrets WHERE subject_id = ? AND key_kind = 'retention'",
		"DELETE FROM retention_keys WHERE patient_id = ?",
	} {
		if _, err := tx.Exec(q, id); err != nil {
			return fmt.Errorf("vault: retention of patient %s: %w", id, err)
		}
	}
	return nil
}
