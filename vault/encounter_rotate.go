package vault

import (
	"fmt"
	"strconv"
)

// clinicalRows re-seals every encounter and observation under its
// patient's new data key (a step of Rotate).
func (r *rotation) clinicalRows() (int, error) {
	n := 0
	for _, t := range []clinicalTable{encountersTable, observationsTable} {
		m, err := r.each("SELECT c.id, p.id, '"+keyPatient+"', CAST(c.version AS TEXT), c.record FROM "+t.name+" c JOIN patients p ON p.seq = c.patient_seq",
			"UPDATE "+t.name+" SET record = ? WHERE id = ? AND CAST(version AS TEXT) = ?",
			func(sealedRow) string { return string(categoryClinical) },
			func(s sealedRow) []byte {
				v, _ := strconv.ParseInt(s.field, 10, 64)
				return r.old.recordAD(t.name, s.key, s.subject, v)
			})
		if err != nil {
			return 0, fmt.Errorf("vault: rotate %s: %w", t.name, err)
		}
		n += m
	}
	return n, nil
}
