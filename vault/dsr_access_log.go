package vault

import (
	"fmt"
	"time"

	"custodia/consent"
)

// consultationLabels are the people-facing descriptions of the audit
// actions on a patient record that the consultation log shows.
var consultationLabels = map[string]string{
	"patient.create":         "created the record",
	"patient.read":           "viewed the record",
	"patient.clinical":       "viewed the clinical record",
	"patient.update":         "changed the record",
	"patient.write":          "changed the record",
	"patient.rectify":        "corrected the record (rectification)",
	"patient.history":        "viewed earlier values of the record",
	"patient.restrict":       "restricted processing",
	"patient.unrestrict":     "lifted the restriction of processing",
	"patient.read-erased":    "viewed what an erasure kept",
	"patient.delete":         "deleted the record",
	"erasure.facts":          "prepared an erasure",
	"erasure.execute":        "erased the record",
	"consent.read":           "viewed your consents",
	"consent.append":         "recorded a consent decision",
	"research.export":        "included the record in a research export",
	"request.access-package": "prepared an access package",
}

// consultations reads who consulted or changed the patient's record from
// the audit trail (chained and pending entries), oldest first: successful
// steps on "patient:<id>" that the labels describe, with the user's name
// and role. Staff names are shown; user ids never are.
func consultations(tx *txn, patientID string) ([]consent.Consultation, error) {
	rows, err := tx.Query(`SELECT at, user_id, action FROM audit_log WHERE object = ? AND outcome = ?
		UNION ALL SELECT at, user_id, action FROM audit_pending WHERE object = ? AND outcome = ? ORDER BY 1`,
		"patient:"+patientID, outcomeOK, "patient:"+patientID, outcomeOK)
	if err != nil {
		return nil, fmt.Errorf("vault: consultation log: %w", err)
	}
	type entry struct {
		at           int64
		user, action string
	}
	var es []entry
	for rows.Next() {
		var e entry
		if err := rows.Scan(&e.at, &e.user, &e.action); err != nil {
			rows.Close()
			return nil, err
		}
		es = append(es, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	users := map[string]User{}
	out := []consent.Consultation{}
	for _, e := range es {
		label, ok := consultationLabels[e.action]
		if !ok {
			continue
		}
		u, seen := users[e.user]
		if !seen {
			u, _ = findUser(tx, "id", e.user) // a removed user shows as "former user"
			users[e.user] = u
		}
		c := consent.Consultation{At: time.Unix(0, e.at).UTC(), By: u.Name, Role: consent.RoleLabel(string(u.Role)), Action: label,
			ActionCode: e.action, RoleCode: string(u.Role)}
		if c.By == "" {
			c.By, c.Role, c.RoleCode = "former user", "unknown", ""
		}
		out = append(out, c)
	}
	return out, nil
}

// recordSources states where the stored record came from (Art. 15(1)(g)).
func recordSources(tx *txn, patientID string) []consent.Source {
	out := []consent.Source{{Code: consent.SourcePatientOrRepresentative}}
	if hasRow(tx, "SELECT 1 FROM patient_history WHERE patient_id = ? LIMIT 1", patientID) {
		out = append(out, consent.Source{Code: consent.SourceCorrections})
	}
	return out
}

// accessTriggers are the retention triggers the vault knows of a patient.
func accessTriggers(p Patient) map[consent.Trigger]time.Time {
	last := lastTreatment(p)
	return map[consent.Trigger]time.Time{consent.TriggerCreated: p.CreatedAt, consent.TriggerLastTreatment: last,
		consent.TriggerYearEnd: last}
}
