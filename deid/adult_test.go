package deid

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// adultDir is ARX's Adult copy shared by the project.
const adultDir = "../../shared/data/adult"

var adultQIs = []string{"sex", "age", "race", "marital-status", "education", "native-country", "workclass", "occupation"}

// loadAdult reads Adult with the given quasi-identifiers (hierarchies
// attached) and salary-class sensitive. It skips the test when the shared
// data is absent.
func loadAdult(tb testing.TB, qis []string) (*Table, map[string]*Hierarchy) {
	tb.Helper()
	f, err := os.Open(filepath.Join(adultDir, "adult.csv"))
	if err != nil {
		tb.Skipf("adult data not available: %v", err)
	}
	defer f.Close()
	t, err := ReadCSV(context.Background(), f, CSVOptions{Separator: ';'})
	if err != nil {
		tb.Fatal(err)
	}
	hs := map[string]*Hierarchy{}
	for _, c := range append(append([]string(nil), qis...), "salary-class") {
		h, err := ReadHierarchyFile(filepath.Join(adultDir, "adult_hierarchy_"+c+".csv"))
		if err != nil {
			tb.Fatal(err)
		}
		hs[c] = h
	}
	for _, c := range qis {
		if err := t.SetRole(c, RoleQuasiIdentifying); err != nil {
			tb.Fatal(err)
		}
	}
	if err := t.SetRole("salary-class", RoleSensitive); err != nil {
		tb.Fatal(err)
	}
	return t, hs
}

// subset returns the first n records of t with the same roles and types.
func subset(t *Table, n int) *Table {
	out, _ := NewTable(t.Names())
	for i, c := range t.Columns {
		out.Columns[i].Role, out.Columns[i].Type = c.Role, c.Type
	}
	for r := 0; r < n && r < t.Rows(); r++ {
		_ = out.AppendRow(t.Row(r))
	}
	return out
}
