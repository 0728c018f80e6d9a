package deid

import (
	"context"
	"errors"
	"os/exec"
	"strings"
	"testing"
	"time"
)

func TestAnonymizeConfigErrors(t *testing.T) {
	tab, hs := handTable(t)
	empty, _ := NewTable([]string{"a"})
	noQI, _ := handTable(t)
	noQI.Columns[0].Role, noQI.Columns[1].Role = RoleInsensitive, RoleInsensitive
	for _, c := range []struct {
		name string
		tab  *Table
		cfg  Config
		want error
		text string
	}{
		{"no records", empty, Config{Models: []Model{KAnonymity{2}}}, ErrInvalidConfig, "no records"},
		{"no model", tab, Config{}, ErrInvalidConfig, "no privacy model"},
		{"k zero", tab, Config{Models: []Model{KAnonymity{0}}}, ErrInvalidConfig, "k >= 1"},
		{"limit", tab, Config{Models: []Model{KAnonymity{2}}, SuppressionLimit: 1.5}, ErrInvalidConfig, "outside [0,1]"},
		{"metric", tab, Config{Models: []Model{KAnonymity{2}}, Metric: "fun"}, ErrInvalidConfig, "unknown metric"},
		{"no qi", noQI, Config{Models: []Model{KAnonymity{2}}}, ErrInvalidConfig, "no quasi-identifying"},
		{"unknown hierarchy column", tab, Config{Models: []Model{KAnonymity{2}}, Hierarchies: map[string]*Hierarchy{"zzz": hs["age"]}}, ErrInvalidConfig, "zzz"},
		{"sensitive is qi", tab, Config{Models: []Model{DistinctLDiversity{"age", 2}}}, ErrInvalidConfig, "want sensitive"},
		{"sensitive missing", tab, Config{Models: []Model{DistinctLDiversity{"nope", 2}}}, ErrInvalidConfig, "no column"},
		{"hierarchical needs hierarchy", tab, Config{Models: []Model{TCloseness{"diag", 0.5, HierarchicalDistance}}}, ErrInvalidConfig, "needs a hierarchy"},
		{"avg risk range", tab, Config{Models: []Model{AverageRisk{0}}}, ErrInvalidConfig, "threshold"},
		{"no solution", tab, Config{Models: []Model{KAnonymity{7}}, Hierarchies: hs}, ErrNoSolution, "suppression"},
		{"missing value", tab, Config{Models: []Model{KAnonymity{2}}, Hierarchies: map[string]*Hierarchy{"age": FlatHierarchy([]string{"20"})}}, ErrInvalidHierarchy, "record 2"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Anonymize(context.Background(), c.tab, c.cfg)
			if !errors.Is(err, c.want) || !strings.Contains(err.Error(), c.text) {
				t.Fatalf("err = %v, want %v containing %q", err, c.want, c.text)
			}
		})
	}
}

type stageLog struct{ stages map[string]int }

func (s *stageLog) Report(stage string, done, total int64) { s.stages[stage]++ }

func TestAnonymizeOutput(t *testing.T) {
	tab, hs := handTable(t)
	// add an identifying column; it must not reach the output
	tab.Columns = append(tab.Columns, &Column{Name: "mrn", Role: RoleIdentifying})
	for r := 0; r < tab.Rows(); r++ {
		c := tab.Columns[3]
		c.Codes = append(c.Codes, c.Code("MRN-"+string(rune('A'+r))))
	}
	clock := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	tick := func() time.Time { clock = clock.Add(time.Millisecond); return clock }
	log := &stageLog{stages: map[string]int{}}
	cfg := Config{Models: []Model{KAnonymity{3}}, SuppressionLimit: 0.5, Hierarchies: hs, Now: tick, Progress: log}
	res, err := Anonymize(context.Background(), tab, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(res.Output.Names(), ",") != "age,sex,diag" {
		t.Fatalf("output columns %v", res.Output.Names())
	}
	if res.Timings.Total != 3*time.Millisecond || res.Timings.Search != time.Millisecond {
		t.Fatalf("timings %+v do not come from the injected clock", res.Timings)
	}
	if log.stages["search"] == 0 {
		t.Fatal("no progress reported")
	}
	// every output row is its input row generalised
	for o, r := range res.RowIndex {
		for i, tr := range res.Transformation {
			want, _ := hsOrFlat(hs, tab, tr.Column).Generalize(tab.Column(tr.Column).Value(r), tr.Level)
			if got := res.Output.Value(o, i); got != want {
				t.Fatalf("row %d %s: %q, want %q", o, tr.Column, got, want)
			}
		}
		if res.Output.Value(o, 2) != tab.Value(r, 2) {
			t.Fatal("sensitive value changed")
		}
	}
	if len(res.RowIndex)+len(res.SuppressedRows) != tab.Rows() {
		t.Fatal("rows lost")
	}
	if res.Algorithm != "optimal" || res.NodesTotal != 6 || len(res.Models) != 1 {
		t.Fatalf("result %+v", res)
	}
}

func hsOrFlat(hs map[string]*Hierarchy, tab *Table, col string) *Hierarchy {
	if h := hs[col]; h != nil {
		return h
	}
	return FlatHierarchy(tab.Column(col).Dict)
}

func TestAnonymizeCancelled(t *testing.T) {
	tab, hs := handTable(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Anonymize(ctx, tab, Config{Models: []Model{KAnonymity{2}}, Hierarchies: hs})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
}

func TestGenerateLikeKeepsDomains(t *testing.T) {
	tab, hs := handTable(t)
	g := GenerateLike(tab, 500, 3, 0.2)
	if g.Rows() != 500 {
		t.Fatal(g.Rows())
	}
	g2 := GenerateLike(tab, 500, 3, 0.2)
	for r := 0; r < 500; r++ {
		if strings.Join(g.Row(r), ",") != strings.Join(g2.Row(r), ",") {
			t.Fatal("not deterministic")
		}
	}
	if _, err := Anonymize(context.Background(), g, Config{Models: []Model{KAnonymity{5}}, Hierarchies: hs}); err != nil {
		t.Fatal(err)
	}
}

// TestCoreImports keeps deid free of UI and database code.
func TestCoreImports(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Skipf("go list unavailable: %v", err)
	}
	for _, dep := range strings.Fields(string(out)) {
		if strings.HasPrefix(dep, "fyne.io/") || dep == "database/sql" || strings.HasPrefix(dep, "custodia/ui") {
			t.Errorf("deid depends on %s", dep)
		}
	}
}
