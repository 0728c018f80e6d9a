package deid

import (
	"context"
	"errors"
	"fmt"
	"math/rand"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"custodia/deid/verify"
)

// entityTable has 1 to 3 records per patient: q quasi-identifiers (a
// patient's records share the first one, like a birth year, and vary in
// the others) and a sensitive column "s".
func entityTable(rng *rand.Rand, patients, q, sv int) (*Table, map[string]*Hierarchy) {
	names := []string{"patient"}
	for i := 0; i < q; i++ {
		names = append(names, "q"+strconv.Itoa(i))
	}
	names = append(names, "s")
	tab, _ := NewTable(names)
	hs := map[string]*Hierarchy{}
	doms := make([]int, q)
	for i := range doms {
		doms[i] = 2 + rng.Intn(5)
		hs[names[i+1]] = randHierarchy(rng, names[i+1], doms[i])
	}
	for pt := 0; pt < patients; pt++ {
		first := rng.Intn(doms[0])
		for r := 0; r < 1+rng.Intn(3); r++ {
			row := []string{"p" + strconv.Itoa(pt), names[1] + "v" + strconv.Itoa(first)}
			for i := 1; i < q; i++ {
				row = append(row, names[i+1]+"v"+strconv.Itoa(rng.Intn(doms[i])))
			}
			row = append(row, strconv.Itoa(rng.Intn(sv)))
			_ = tab.AppendRow(row)
		}
	}
	for i := 1; i <= q; i++ {
		tab.Columns[i].Role = RoleQuasiIdentifying
	}
	tab.Columns[q+1].Role = RoleSensitive
	return tab, hs
}

// naiveEntityNode evaluates one node by strings: classes of generalised
// records, patients suppressed whole until every class with kept records
// has k patients and l sensitive values; DM over records.
func naiveEntityNode(tab *Table, hs map[string]*Hierarchy, qis []string, levels []int, k, l int) (dm float64, suppressed int) {
	n := tab.Rows()
	keys := make([]string, n)
	for r := 0; r < n; r++ {
		var b strings.Builder
		for i, q := range qis {
			g, _ := hs[q].Generalize(tab.Column(q).Value(r), levels[i])
			b.WriteString(g + "\x00")
		}
		keys[r] = b.String()
	}
	dead := map[string]bool{}
	for changed := true; changed; {
		changed = false
		patients := map[string]map[string]bool{}
		values := map[string]map[string]bool{}
		for r := 0; r < n; r++ {
			pt := tab.Column("patient").Value(r)
			if dead[pt] {
				continue
			}
			if patients[keys[r]] == nil {
				patients[keys[r]], values[keys[r]] = map[string]bool{}, map[string]bool{}
			}
			patients[keys[r]][pt] = true
			values[keys[r]][tab.Column("s").Value(r)] = true
		}
		for key, pts := range patients {
			if len(pts) < k || len(values[key]) < l {
				for pt := range pts {
					dead[pt] = true
					changed = true
				}
			}
		}
	}
	sizes := map[string]int{}
	for r := 0; r < n; r++ {
		if dead[tab.Column("patient").Value(r)] {
			suppressed++
		} else {
			sizes[keys[r]]++
		}
	}
	for _, s := range sizes {
		dm += float64(s) * float64(s)
	}
	return dm + float64(suppressed)*float64(n), suppressed
}

// TestEntityOptimalMatchesNaive compares the optimal search with an
// exhaustive string-based evaluation on small tables with several records
// per patient, and re-checks the written output with deid/verify at
// patient level.
func TestEntityOptimalMatchesNaive(t *testing.T) {
	rng := rand.New(rand.NewSource(31))
	runs := 40
	if testing.Short() {
		runs = 12
	}
	solved := 0
	for run := 0; run < runs; run++ {
		q := 2 + rng.Intn(2)
		tab, hs := entityTable(rng, 8+rng.Intn(40), q, 2+rng.Intn(3))
		k, l := 2+rng.Intn(3), 1+rng.Intn(2)
		supp := []float64{0, 0.1, 0.3}[run%3]
		models := []Model{KAnonymity{k}}
		if l > 1 {
			models = append(models, DistinctLDiversity{"s", l})
		}
		cfg := Config{Models: models, SuppressionLimit: supp, Hierarchies: hs, Entity: "patient"}
		t.Run(fmt.Sprintf("%d/k%d/l%d/s%g", run, k, l, supp), func(t *testing.T) {
			var qis []string
			for _, c := range tab.Columns {
				if c.Role == RoleQuasiIdentifying {
					qis = append(qis, c.Name)
				}
			}
			p, err := prepare(tab, cfg)
			if err != nil {
				t.Fatal(err)
			}
			maxSup := p.maxSup
			var best []int
			bestDM := 0.0
			for node := 0; node < p.nodes; node++ {
				levels := p.levelsOf(node, nil)
				dm, s := naiveEntityNode(tab, hs, qis, levels, k, l)
				if s > maxSup || s == tab.Rows() {
					continue
				}
				if best == nil || dm < bestDM || (dm == bestDM && lessNode(levels, best)) {
					best, bestDM = levels, dm
				}
			}
			res, err := Anonymize(context.Background(), tab, cfg)
			if best == nil {
				if !errors.Is(err, ErrNoSolution) {
					t.Fatalf("oracle finds no solution, engine: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("engine: %v; oracle %v DM %v", err, best, bestDM)
			}
			got := make([]int, len(res.Transformation))
			for i, tr := range res.Transformation {
				got[i] = tr.Level
			}
			if !slices.Equal(got, best) || res.Score != bestDM {
				t.Fatalf("engine %v DM %v, oracle %v DM %v", got, res.Score, best, bestDM)
			}
			_, s := naiveEntityNode(tab, hs, qis, got, k, l)
			if res.Suppressed != s {
				t.Fatalf("engine suppressed %d records, oracle %d", res.Suppressed, s)
			}
			path := filepath.Join(t.TempDir(), "out.csv")
			if _, err := WriteFile(path, NewRelease(tab, res, SuppressRemove), WriteOptions{}); err != nil {
				t.Fatal(err)
			}
			rep, err := verify.VerifyFile(path, verify.Spec{QuasiIdentifiers: qis, Entity: "patient", K: k, Sensitive: "s", DistinctL: l})
			if err != nil {
				t.Fatal(err)
			}
			if !rep.OK() {
				t.Fatalf("written file fails the re-check: %+v", rep.Checks)
			}
			solved++
		})
	}
	if solved == 0 {
		t.Fatal("no run had a solution")
	}
}

// TestEntityRejectsUnsupported: models needing more than large-enough
// classes, a quasi-identifying or unknown entity column, and Mondrian are
// refused with ErrInvalidConfig.
func TestEntityRejectsUnsupported(t *testing.T) {
	tab, hs := entityTable(rand.New(rand.NewSource(1)), 10, 2, 3)
	for _, cfg := range []Config{
		{Models: []Model{EntropyLDiversity{"s", 2}}, Hierarchies: hs, Entity: "patient"},
		{Models: []Model{KAnonymity{2}}, Hierarchies: hs, Entity: "q0"},
		{Models: []Model{KAnonymity{2}}, Hierarchies: hs, Entity: "nope"},
	} {
		if _, err := Anonymize(context.Background(), tab, cfg); !errors.Is(err, ErrInvalidConfig) {
			t.Fatalf("%+v: err %v", cfg.Entity, err)
		}
	}
	if _, err := Mondrian(context.Background(), tab, Config{Models: []Model{KAnonymity{2}}, Hierarchies: hs, Entity: "q0"}); !errors.Is(err, ErrInvalidConfig) {
		t.Fatalf("Mondrian: err %v", err)
	}
}

// TestEntityMondrian: with an entity column every Mondrian class holds at
// least k patients (re-checked on the written file by deid/verify), and on
// some table counting patients changes the partition (records alone would
// have allowed smaller classes).
func TestEntityMondrian(t *testing.T) {
	rng := rand.New(rand.NewSource(41))
	differs := false
	for run := 0; run < 30; run++ {
		tab, hs := entityTable(rng, 20+rng.Intn(60), 2+rng.Intn(2), 3)
		k := 2 + rng.Intn(3)
		cfg := Config{Models: []Model{KAnonymity{k}}, Hierarchies: hs, Entity: "patient"}
		res, err := Mondrian(context.Background(), tab, cfg)
		if errors.Is(err, ErrNoSolution) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		var qis []string
		for _, c := range tab.Columns {
			if c.Role == RoleQuasiIdentifying {
				qis = append(qis, c.Name)
			}
		}
		path := filepath.Join(t.TempDir(), "m.csv")
		if _, err := WriteFile(path, NewRelease(tab, res, SuppressRemove), WriteOptions{}); err != nil {
			t.Fatal(err)
		}
		rep, err := verify.VerifyFile(path, verify.Spec{QuasiIdentifiers: qis, Entity: "patient", K: k})
		if err != nil {
			t.Fatal(err)
		}
		if !rep.OK() {
			t.Fatalf("run %d: Mondrian output fails the patient-level re-check: %+v", run, rep.Checks)
		}
		cfg.Entity = ""
		if byRows, err := Mondrian(context.Background(), tab, cfg); err == nil && byRows.Classes != res.Classes {
			differs = true
		}
	}
	if !differs {
		t.Fatal("counting patients never changed a partition: the test tables do not exercise it")
	}
}
