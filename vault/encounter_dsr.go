package vault

import (
	"fmt"
	"slices"
	"strings"

	"custodia/consent"
)

// clinicalRowField reports whether a history or erased-field name is a
// clinical row ("encounter:<id>", "observation:<id>", "encounters").
func clinicalRowField(field string) bool {
	return strings.HasPrefix(field, "encounter:") || strings.HasPrefix(field, "observation:") || field == "encounters"
}

// fieldLabel names a patient column or clinical row field for people.
func fieldLabel(field string) string {
	switch {
	case strings.HasPrefix(field, "encounter:"):
		return "Encounter"
	case strings.HasPrefix(field, "observation:"):
		return "Observation"
	case field == "encounters":
		return "Diagnoses of all encounters (ICD-10 categories)"
	}
	return fieldLabels[field]
}

// fieldCode is a history or erased-field name as a row code: the patient
// column, or "encounter", "observation", "encounters" without the row id.
func fieldCode(field string) string {
	switch {
	case strings.HasPrefix(field, "encounter:"):
		return consent.FieldEncounter
	case strings.HasPrefix(field, "observation:"):
		return consent.FieldObservation
	}
	return field
}

// clinicalRows carries out a clinical plan item on the patient's encounters
// and observations: keep re-seals each under the retention key (as
// "encounter:<id>", readable through ErasedRecord until keep-until);
// anonymise keeps only the ICD-10 categories of all encounters; then the
// rows are deleted (erase, and after keep or anonymise). Returns the number
// of rows.
func (e *erasure) clinicalRows(it consent.PlanItem) (int, error) {
	encs, err := loadItems(e.tx, e.k, encounterKind, e.old.ID)
	if err != nil {
		return 0, err
	}
	obs, err := loadItems(e.tx, e.k, observationKind, e.old.ID)
	if err != nil {
		return 0, err
	}
	switch it.Action {
	case consent.ActKeep:
		for _, enc := range encs {
			if err := e.storeField("encounter:"+enc.ID, it, enc.String()); err != nil {
				return 0, err
			}
		}
		for _, o := range obs {
			if err := e.storeField("observation:"+o.ID, it, o.String()); err != nil {
				return 0, err
			}
		}
	case consent.ActAnonymise:
		codes := make([]string, len(encs))
		for i, enc := range encs {
			codes[i] = enc.DiagnosisCodes()
		}
		if err := e.storeField("encounters", it, strings.Join(codes, ", ")); err != nil {
			return 0, err
		}
	}
	return len(encs) + len(obs), deleteClinicalRows(e.tx, e.old.ID)
}

func deleteClinicalRows(tx *txn, patientID string) error {
	for _, t := range []string{"encounters", "observations"} {
		if _, err := tx.Exec("DELETE FROM "+t+" WHERE patient_seq = (SELECT seq FROM patients WHERE id = ?)", patientID); err != nil {
			return fmt.Errorf("vault: erasure of patient %s: %w", patientID, err)
		}
	}
	return nil
}

// clinicalSections renders a patient's encounters and observations for an
// access package (HTML page, report JSON and record CSV).
func (s *Session) clinicalSections(tx *txn, k *keys, patientID string) ([]consent.RecordSection, error) {
	if !s.User().Role.Can(PermPatientClinical) {
		return nil, nil
	}
	encs, err := loadItems(tx, k, encounterKind, patientID)
	if err != nil {
		return nil, err
	}
	obs, err := loadItems(tx, k, observationKind, patientID)
	if err != nil {
		return nil, err
	}
	sortEncounters(encs)
	sortObservations(obs)
	var out []consent.RecordSection
	if len(encs) > 0 {
		sec := consent.RecordSection{Title: "Encounters and diagnoses", Kind: consent.SectionEncounters}
		for _, e := range encs {
			addRow(&sec, e.Date.Format(dateLayout)+" "+e.Kind.Label(), diagnosesText(e),
				consent.RowCode{Field: consent.FieldEncounter, Date: e.Date, Kind: string(e.Kind)})
		}
		out = append(out, sec)
	}
	if len(obs) > 0 {
		sec := consent.RecordSection{Title: "Observations", Kind: consent.SectionObservations}
		for _, o := range obs {
			name := o.Code
			if l := LOINCLabel(o.Code); l != "" {
				name = l + " (LOINC " + o.Code + ")"
			}
			addRow(&sec, o.Date.Format(dateLayout)+" "+name, strings.TrimSpace(o.Value+" "+o.Unit),
				consent.RowCode{Field: consent.FieldObservation, Date: o.Date, LOINC: o.Code, Unit: o.Unit})
		}
		out = append(out, sec)
	}
	return out, nil
}

func diagnosesText(e Encounter) string {
	parts := make([]string, len(e.Diagnoses))
	for i, d := range e.Diagnoses {
		parts[i] = strings.TrimSpace(d.Code + " " + d.Text)
	}
	return strings.Join(parts, "; ")
}

// markClinicalRows sets the clinical group of patients whose diagnosis and
// notes are empty but who have encounters or observations. Only patients
// with a last clinical activity can have rows (every clinical write sets
// it), so the others cost nothing; each candidate costs two primary-key
// seeks.
func markClinicalRows(tx *txn, ps []retentionPatient) error {
	gi := slices.IndexFunc(presenceGroups, func(g struct {
		cat     consent.RecordCategory
		columns []string
	}) bool {
		return g.cat == consent.RecClinical
	})
	if gi < 0 {
		return nil
	}
	for i := range ps {
		rp := &ps[i]
		if rp.held[gi] || rp.clinical == 0 {
			continue
		}
		rp.held[gi] = hasClinicalRows(tx, rp.id)
	}
	return nil
}

// withClinicalRows adds the clinical category when the patient has rows.
func withClinicalRows(cats []consent.RecordCategory, has bool) []consent.RecordCategory {
	for _, c := range cats {
		if c == consent.RecClinical {
			return cats
		}
	}
	if has {
		cats = append(cats, consent.RecClinical)
	}
	return cats
}

// storedItem reads an encounter or observation held whole as one value
// (kept by an erasure, or an earlier value in the history) into codes;
// nil for other fields or a value String did not write.
func storedItem(field, value string) *consent.RecordItem {
	switch fieldCode(field) {
	case consent.FieldEncounter:
		if day, kind, diagnoses, ok := parseEncounterString(value); ok {
			return &consent.RecordItem{Date: day, Kind: string(kind), Text: diagnoses}
		}
	case consent.FieldObservation:
		if o, ok := parseObservationString(value); ok {
			return &consent.RecordItem{Date: o.Date, LOINC: o.Code, Unit: o.Unit, Text: o.Value}
		}
	}
	return nil
}
