package deid

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden files in testdata/deid")

const goldenDir = "../testdata/deid"

// synthetic loads testdata/deid/synthetic.csv (synthetic patients) with
// age, sex and zip as quasi-identifiers, diagnosis sensitive, id removed.
func synthetic(t *testing.T) (*Table, map[string]*Hierarchy, *HashingReader) {
	t.Helper()
	f, err := os.Open(filepath.Join(goldenDir, "synthetic.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	hr := NewHashingReader(f)
	tb, err := ReadCSV(context.Background(), hr, CSVOptions{Separator: ';'})
	if err != nil {
		t.Fatal(err)
	}
	hs := map[string]*Hierarchy{}
	for _, c := range []string{"age", "sex", "zip"} {
		h, err := ReadHierarchyFile(filepath.Join(goldenDir, "synthetic_hierarchy_"+c+".csv"))
		if err != nil {
			t.Fatal(err)
		}
		hs[c] = h
		_ = tb.SetRole(c, RoleQuasiIdentifying)
	}
	_ = tb.SetType("age", TypeInteger)
	_ = tb.SetRole("diagnosis", RoleSensitive)
	_ = tb.SetRole("id", RoleIdentifying)
	return tb, hs, hr
}

// golden compares got with the named golden file, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join(goldenDir, name)
	if *updateGolden {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./deid/ -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from golden (run go test ./deid/ -update and review the diff):\n%s", name, firstDiff(got, want))
	}
}

func firstDiff(a, b []byte) string {
	la, lb := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := range min(len(la), len(lb)) {
		if la[i] != lb[i] {
			return "line " + itoa(i+1) + ":\n got: " + la[i] + "\nwant: " + lb[i]
		}
	}
	return "lengths differ"
}

func itoa(i int) string { b, _ := json.Marshal(i); return string(b) }

func TestReportGoldens(t *testing.T) {
	fixed := func() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) }
	for _, tc := range []struct {
		name string
		algo func(context.Context, *Table, Config) (*Result, error)
		mode SuppressedMode
	}{
		{"optimal", Anonymize, SuppressStar},
		{"mondrian", Mondrian, SuppressRemove},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in, hs, hr := synthetic(t)
			cfg := Config{
				Models:           []Model{KAnonymity{K: 3}, DistinctLDiversity{Attribute: "diagnosis", L: 2}},
				SuppressionLimit: 0.1, Metric: MetricLoss, Hierarchies: hs, Now: fixed,
			}
			res, err := tc.algo(context.Background(), in, cfg)
			if err != nil {
				t.Fatal(err)
			}
			rep := NewReport(in, res, ReportConfiguration{SuppressedOutput: tc.mode, Format: FormatCSV, Separator: ";"}, fixed)
			rep.Input.File, rep.Input.SHA256, rep.Input.Bytes = "synthetic.csv", hr.Sum(), hr.Bytes()
			rep.SetTiming("read", time.Second)
			rep.ZeroTimings()
			rep.Search = nil // node counts follow the search's internals, not the result
			var out bytes.Buffer
			if err := WriteCSV(&out, NewRelease(in, res, tc.mode), WriteOptions{Separator: ';', Suppressed: tc.mode}); err != nil {
				t.Fatal(err)
			}
			golden(t, "output_"+tc.name+".csv", out.Bytes())
			for _, f := range []struct {
				ext   string
				write func(*bytes.Buffer) error
			}{
				{"json", func(b *bytes.Buffer) error { return rep.WriteJSON(b) }},
			} {
				var b bytes.Buffer
				if err := f.write(&b); err != nil {
					t.Fatal(err)
				}
				golden(t, "report_"+tc.name+"."+f.ext, b.Bytes())
			}
		})
	}
}

// The report's required top-level fields, read back as generic JSON.
func TestReportJSONFields(t *testing.T) {
	in, hs, _ := synthetic(t)
	for _, algo := range []func(context.Context, *Table, Config) (*Result, error){Anonymize, Mondrian} {
		res, err := algo(context.Background(), in, Config{Models: []Model{KAnonymity{K: 2}}, Hierarchies: hs})
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := NewReport(in, res, ReportConfiguration{}, nil).WriteJSON(&b); err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(b.Bytes(), &m); err != nil {
			t.Fatal(err)
		}
		for _, k := range []string{"suppressed", "classes", "metrics", "risk", "timings_ms", "input", "configuration", "models"} {
			if _, ok := m[k]; !ok {
				t.Errorf("%s: field %q missing", res.Algorithm, k)
			}
		}
		_, hasT := m["transformation"]
		if hasT != (res.Algorithm == "optimal") {
			t.Errorf("%s: transformation present = %v", res.Algorithm, hasT)
		}
		for _, k := range []string{"discernibility", "aecs", "precision", "entropy", "loss"} {
			if _, ok := m["metrics"].(map[string]any)[k]; !ok {
				t.Errorf("metrics.%s missing", k)
			}
		}
		risk := m["risk"].(map[string]any)
		for _, side := range []string{"before", "after"} {
			for _, k := range []string{"prosecutor_max", "prosecutor_avg", "journalist", "marketer", "sample_uniques"} {
				if _, ok := risk[side].(map[string]any)[k]; !ok {
					t.Errorf("risk.%s.%s missing", side, k)
				}
			}
		}
		if m["classes"].(float64) != float64(res.Classes) || m["suppressed"].(float64) != float64(res.Suppressed) {
			t.Errorf("classes/suppressed differ from result")
		}
	}
}

// WriteFile writes the JSON report whatever the name: the pages and
// summaries for people are worded by package app.
func TestReportWriteFileIsJSON(t *testing.T) {
	in, hs, _ := synthetic(t)
	res, err := Mondrian(context.Background(), in, Config{Models: []Model{KAnonymity{K: 2}}, Hierarchies: hs})
	if err != nil {
		t.Fatal(err)
	}
	rep := NewReport(in, res, ReportConfiguration{}, nil)
	var want bytes.Buffer
	if err := rep.WriteJSON(&want); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "r.json")
	if err := rep.WriteFile(p); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(p); !bytes.Equal(b, want.Bytes()) {
		t.Errorf("r.json is not the JSON report: %.40q", b)
	}
}

// NewRelease in star mode lists every input record in input order.
func TestReleaseStarOrder(t *testing.T) {
	in, hs, _ := synthetic(t)
	res, err := Anonymize(context.Background(), in, Config{
		Models:           []Model{KAnonymity{K: 3}, DistinctLDiversity{Attribute: "diagnosis", L: 2}},
		SuppressionLimit: 0.1, Metric: MetricLoss, Hierarchies: hs,
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.Suppressed == 0 {
		t.Fatal("test needs a configuration that suppresses records")
	}
	rel := NewRelease(in, res, SuppressStar)
	if rel.Len() != in.Rows() {
		t.Fatalf("star release has %d rows, input %d", rel.Len(), in.Rows())
	}
	dx := in.ColumnIndex("diagnosis")
	outDx := -1
	for i, c := range rel.Columns() {
		if c == "diagnosis" {
			outDx = i
		}
	}
	suppressed := 0
	var row []string
	for i := range rel.Len() {
		row = rel.Row(i, row)
		if row[outDx] != in.Value(i, dx) {
			t.Fatalf("row %d out of order", i)
		}
		if rel.Suppressed(i) {
			suppressed++
		}
	}
	if suppressed != res.Suppressed {
		t.Errorf("%d suppressed rows, result says %d", suppressed, res.Suppressed)
	}
}

func TestNoSolutionAdvice(t *testing.T) {
	tb, _ := NewTable([]string{"age", "dx"})
	for i := range 6 {
		_ = tb.AppendRow([]string{strconv.Itoa(30 + i), []string{"a", "a", "a", "a", "a", "b"}[i]})
	}
	_ = tb.SetRole("age", RoleQuasiIdentifying)
	_ = tb.SetRole("dx", RoleSensitive)
	for _, tc := range []struct {
		models []Model
		want   string
	}{
		{[]Model{KAnonymity{K: 7}}, "lower k to at most 6"},
		{[]Model{DistinctLDiversity{Attribute: "dx", L: 3}}, "violates distinct-3-diversity(dx)"},
		{[]Model{RecursiveCLDiversity{Attribute: "dx", C: 2, L: 2}}, "violates recursive-(2,2)-diversity(dx)"},
	} {
		got := NoSolutionAdvice(context.Background(), tb, Config{Models: tc.models}).String()
		if !strings.Contains(got, tc.want) {
			t.Errorf("%v: advice %q, want it to contain %q", tc.models, got, tc.want)
		}
	}
}
