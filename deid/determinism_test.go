package deid

import (
	"bytes"
	"context"
	"math/rand/v2"
	"runtime"
	"strconv"
	"testing"
)

// reportBytes runs Anonymize with procs processors and returns its report
// as JSON with the timings zeroed.
func reportBytes(t *testing.T, tab *Table, cfg Config, procs int) ([]byte, int) {
	t.Helper()
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
	res, err := Anonymize(context.Background(), tab, cfg)
	if err != nil {
		t.Fatal(err)
	}
	rep := NewReport(tab, res, ReportConfiguration{}, nil)
	rep.ZeroTimings()
	var buf bytes.Buffer
	if err := rep.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), res.NodesEvaluated
}

// checkDeterministic runs cfg twice on 2 processors, once on 1 and once
// on 4: the reports (timings aside) and the evaluated-node counts must be
// identical.
func checkDeterministic(t *testing.T, tab *Table, cfg Config) {
	t.Helper()
	want, nodes := reportBytes(t, tab, cfg, 2)
	for _, procs := range []int{2, 1, 4} {
		got, n := reportBytes(t, tab, cfg, procs)
		if n != nodes || !bytes.Equal(got, want) {
			t.Fatalf("with %d processors: %d nodes evaluated (first run %d), reports equal: %v", procs, n, nodes, bytes.Equal(got, want))
		}
	}
	t.Logf("%d nodes evaluated", nodes)
}

// TestSearchDeterministicAdult: the brief's Adult configurations give the
// same report and evaluated-node count run to run and on any number of
// processors.
func TestSearchDeterministicAdult(t *testing.T) {
	tab, hs := loadAdult(t, adultQIs)
	for _, c := range adultConfigs(hs) {
		if testing.Short() && c.name != "k5/supp5/dm" {
			continue // -short (the race run): the costliest configuration only
		}
		t.Run(c.name, func(t *testing.T) { checkDeterministic(t, tab, c.cfg) })
	}
}

// TestSearchDeterministicRandom does the same on random tables large
// enough (more than 4,096 distinct keys) for the parallel rounds.
func TestSearchDeterministicRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	tables := 3
	if testing.Short() {
		tables = 1
	}
	for i := 0; i < tables; i++ {
		tab, hs := wideRandomTable(rng, 20000, 6)
		for _, supp := range []float64{0, 0.05} {
			for _, m := range []Metric{MetricDM, MetricLoss} {
				cfg := Config{Models: []Model{KAnonymity{2 + i}}, SuppressionLimit: supp, Metric: m, Hierarchies: hs}
				t.Run(strconv.Itoa(i)+"/"+string(m)+"/"+strconv.FormatFloat(supp, 'g', -1, 64), func(t *testing.T) {
					checkDeterministic(t, tab, cfg)
				})
			}
		}
	}
}

// wideRandomTable has q quasi-identifiers with 8 to 20 skewed values each
// and random hierarchies, so that it has many distinct keys.
func wideRandomTable(rng *rand.Rand, n, q int) (*Table, map[string]*Hierarchy) {
	var names []string
	for i := 0; i < q; i++ {
		names = append(names, "q"+strconv.Itoa(i))
	}
	tab, _ := NewTable(names)
	hs := map[string]*Hierarchy{}
	doms := make([]int, q)
	for i := range doms {
		doms[i] = 8 + rng.IntN(13)
		hs[names[i]] = wideHierarchy(rng, names[i], doms[i])
	}
	row := make([]string, q)
	for r := 0; r < n; r++ {
		for i := range row {
			v := int(float64(doms[i]) * rng.Float64() * rng.Float64())
			row[i] = names[i] + "v" + strconv.Itoa(v)
		}
		_ = tab.AppendRow(row)
	}
	for i := range names {
		tab.Columns[i].Role = RoleQuasiIdentifying
	}
	return tab, hs
}

// wideHierarchy groups d values into pairs, then quadruples, then "*".
func wideHierarchy(rng *rand.Rand, name string, d int) *Hierarchy {
	off := rng.IntN(2)
	var rows [][]string
	for v := 0; v < d; v++ {
		rows = append(rows, []string{name + "v" + strconv.Itoa(v), "p" + strconv.Itoa((v+off)/2), "d" + strconv.Itoa((v+off)/4), "*"})
	}
	h, _ := NewHierarchy(rows)
	return h
}
