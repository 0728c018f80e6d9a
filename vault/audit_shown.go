package vault

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// shownDetail records which patients a search or list showed, compactly:
// their creation numbers (patients.seq, stored in clear next to each id) as
// sorted ranges, "shown=1-100,205,310-311". A list page is one range
// whatever its size; a search shows few patients. The audit trail then
// says exactly which records a user browsed without 36 bytes per id.
// PatientsShown turns the detail back into ids while the patients exist.
func shownDetail(tx *txn, ids []string) (string, error) {
	if len(ids) == 0 {
		return "shown=", nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := tx.Query("SELECT seq FROM patients WHERE id IN (?"+strings.Repeat(", ?", len(ids)-1)+")", args...)
	if err != nil {
		return "", fmt.Errorf("vault: audit shown patients: %w", err)
	}
	defer rows.Close()
	var seqs []int64
	for rows.Next() {
		var s int64
		if err := rows.Scan(&s); err != nil {
			return "", err
		}
		seqs = append(seqs, s)
	}
	if err := rows.Err(); err != nil {
		return "", err
	}
	return "shown=" + seqRanges(seqs), nil
}

// seqRanges writes sorted numbers as ranges: 1,2,3,5 → "1-3,5".
func seqRanges(seqs []int64) string {
	slices.Sort(seqs)
	seqs = slices.Compact(seqs)
	var b strings.Builder
	for i := 0; i < len(seqs); {
		j := i
		for j+1 < len(seqs) && seqs[j+1] == seqs[j]+1 {
			j++
		}
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatInt(seqs[i], 10))
		if j > i {
			b.WriteByte('-')
			b.WriteString(strconv.FormatInt(seqs[j], 10))
		}
		i = j + 1
	}
	return b.String()
}

// parseSeqRanges reverses seqRanges.
func parseSeqRanges(s string) ([]int64, error) {
	var out []int64
	if s == "" {
		return out, nil
	}
	for _, part := range strings.Split(s, ",") {
		lo, hi, isRange := strings.Cut(part, "-")
		a, err := strconv.ParseInt(lo, 10, 64)
		if err != nil {
			return nil, invalidRule("detail", RuleShownRanges)
		}
		b := a
		if isRange {
			if b, err = strconv.ParseInt(hi, 10, 64); err != nil || b < a || b-a > 1<<20 {
				return nil, invalidRule("detail", RuleShownRanges)
			}
		}
		for n := a; n <= b; n++ {
			out = append(out, n)
		}
	}
	return out, nil
}

// PatientsShown returns the ids of the patients an audit entry of a search
// or list says were shown (from its "shown=" detail), in creation order,
// for those that still exist (erased patients have no id left to show).
// Needs PermAuditRead; not audited beyond the read itself.
func (s *Session) PatientsShown(e AuditEntry) ([]string, error) {
	_, after, ok := strings.Cut(e.Detail, "shown=")
	if !ok {
		return nil, nil
	}
	seqs, err := parseSeqRanges(strings.Fields(after + " ")[0])
	if err != nil {
		return nil, err
	}
	var out []string
	err = s.runRead(PermAuditRead, "audit.shown", "", func(tx *txn, k *keys) error {
		for _, seq := range seqs {
			var id string
			if err := tx.QueryRow("SELECT id FROM patients WHERE seq = ?", seq).Scan(&id); err == nil {
				out = append(out, id)
			}
		}
		return s.audit(tx, k, "audit.shown", "", outcomeOK, fmt.Sprintf("entry=%d count=%d", e.Seq, len(out)))
	})
	return out, err
}

// shownIDs lists the ids of summaries.
func shownIDs(ps []PatientSummary) []string {
	ids := make([]string, len(ps))
	for i, p := range ps {
		ids[i] = p.ID
	}
	return ids
}
