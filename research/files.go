package research

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"custodia/deid"
	"custodia/internal/csvsafe"
)

// NeutraliseCell makes a CSV cell safe to open in a spreadsheet: a cell
// starting with = + - @ (or a tab or carriage return, which spreadsheets
// also treat as formula starts) gets a leading apostrophe; a cell that
// already starts with an apostrophe gets a second one, so the mapping is
// one to one and equivalence classes are unchanged.
func NeutraliseCell(v string) string { return csvsafe.Cell(v) }

// releaseCSV writes the released rows (suppressed rows removed) as CSV
// with every cell neutralised.
func releaseCSV(rel deid.ReleaseTable) ([]byte, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	cols := rel.Columns()
	head := make([]string, len(cols))
	for i, c := range cols {
		head[i] = NeutraliseCell(c)
	}
	if err := w.Write(head); err != nil {
		return nil, err
	}
	var row []string
	for i := range rel.Len() {
		if rel.Suppressed(i) {
			continue
		}
		row = rel.Row(i, row[:0])
		out := make([]string, len(row))
		for j, v := range row {
			out[j] = NeutraliseCell(v)
		}
		if err := w.Write(out); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}

func releaseParquet(rel deid.ReleaseTable) ([]byte, error) {
	var buf bytes.Buffer
	if err := deid.WriteParquet(&buf, rel, deid.WriteOptions{Format: deid.FormatParquet}); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// released holds the released rows as strings by column (for the
// codebook and the patient-level risk).
type released struct {
	cols []string
	rows [][]string
	qi   []int
}

func releasedRows(rel deid.ReleaseTable) *released {
	r := &released{cols: rel.Columns()}
	for c := range r.cols {
		if rel.QuasiIdentifier(c) {
			r.qi = append(r.qi, c)
		}
	}
	for i := range rel.Len() {
		if !rel.Suppressed(i) {
			r.rows = append(r.rows, rel.Row(i, nil))
		}
	}
	return r
}

// patientClasses returns the number of distinct patients of every class of
// the released rows (grouped by quasi-identifier values), sorted.
func (r *released) patientClasses() []int {
	pc := slices.Index(r.cols, PseudonymColumn)
	classes := map[string]map[string]bool{}
	for i, row := range r.rows {
		var key strings.Builder
		for _, c := range r.qi {
			key.WriteString(row[c])
			key.WriteByte(0)
		}
		k := key.String()
		if classes[k] == nil {
			classes[k] = map[string]bool{}
		}
		id := fmt.Sprint(i) // without pseudonyms every row is its own patient (patient level)
		if pc >= 0 {
			id = row[pc]
		}
		classes[k][id] = true
	}
	out := make([]int, 0, len(classes))
	for _, set := range classes {
		out = append(out, len(set))
	}
	slices.Sort(out)
	return out
}

// patients is the number of distinct patients with a released row.
func (r *released) patients() int {
	pc := slices.Index(r.cols, PseudonymColumn)
	if pc < 0 {
		return len(r.rows)
	}
	seen := map[string]bool{}
	for _, row := range r.rows {
		seen[row[pc]] = true
	}
	return len(seen)
}

// patientRisk is the prosecutor/journalist/marketer risk with classes
// counted in patients (no population table: journalist = prosecutor).
func patientRisk(sizes []int) deid.Risk {
	var r deid.Risk
	if len(sizes) == 0 {
		return r
	}
	n := 0
	hist := map[int]int{}
	for _, s := range sizes {
		n += s
		hist[s]++
		if s == 1 {
			r.SampleUniques++
		}
	}
	r.Records, r.Classes, r.SmallestClass = n, len(sizes), sizes[0]
	r.ProsecutorMax = 1 / float64(sizes[0])
	r.ProsecutorAvg = float64(len(sizes)) / float64(n)
	r.JournalistMax, r.JournalistAvg = r.ProsecutorMax, r.ProsecutorAvg
	r.Marketer = r.ProsecutorAvg
	r.SampleUniqueFrac = float64(r.SampleUniques) / float64(n)
	for _, s := range slices.Sorted(maps.Keys(hist)) {
		r.ClassSizeHistogram = append(r.ClassSizeHistogram, deid.Bin{Size: s, Classes: hist[s]})
	}
	return r
}

func marshal(v any) ([]byte, error) {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

func sortStrings(s []string) { slices.Sort(s) }
