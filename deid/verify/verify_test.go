package verify

import (
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"custodia/deid"
)

// released anonymises a synthetic table with the models and writes the
// released rows to a CSV file; it returns the file's path.
func released(t *testing.T, models []deid.Model, supp float64) string {
	t.Helper()
	rng := rand.New(rand.NewPCG(1, 2))
	tab, err := deid.NewTable([]string{"age", "zip", "diagnosis"})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 400; i++ {
		age := 20 + rng.IntN(50)
		zip := 10000 + 37*rng.IntN(30)
		if err := tab.AppendRow([]string{strconv.Itoa(age), strconv.Itoa(zip), "d" + strconv.Itoa(rng.IntN(4))}); err != nil {
			t.Fatal(err)
		}
	}
	_ = tab.SetRole("age", deid.RoleQuasiIdentifying)
	_ = tab.SetRole("zip", deid.RoleQuasiIdentifying)
	_ = tab.SetRole("diagnosis", deid.RoleSensitive)
	hs := map[string]*deid.Hierarchy{}
	for _, name := range []string{"age", "zip"} {
		h, err := deid.IntervalHierarchy(tab.Column(name).Dict, deid.IntervalSpec{Width: 5, Fanout: []int{2, 2, 2}})
		if err != nil {
			t.Fatal(err)
		}
		hs[name] = h
	}
	res, err := deid.Anonymize(context.Background(), tab, deid.Config{Models: models, SuppressionLimit: supp, Hierarchies: hs})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "out.csv")
	if _, err := deid.WriteFile(path, deid.NewRelease(tab, res, deid.SuppressStar), deid.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	return path
}

func mustVerify(t *testing.T, path string, spec Spec) *Report {
	t.Helper()
	rep, err := VerifyFile(path, spec)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// rewrite applies edit to the data lines of the file (header kept).
func rewrite(t *testing.T, path string, edit func(lines []string)) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	edit(lines[1:])
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestVerifyWrittenFileAndCatchBrokenK(t *testing.T) {
	path := released(t, []deid.Model{deid.KAnonymity{K: 5}}, 0.05)
	spec := Spec{QuasiIdentifiers: []string{"age", "zip"}, K: 5}
	if rep := mustVerify(t, path, spec); !rep.OK() {
		t.Fatalf("engine's output fails: %+v", rep.Checks)
	}
	// One record given its own quasi-identifier values: a class of 1.
	rewrite(t, path, func(lines []string) {
		for i, l := range lines {
			if !strings.HasPrefix(l, "*,*,") { // not a suppressed record
				lines[i] = "unique,unique" + l[strings.LastIndexByte(l, ','):]
				return
			}
		}
	})
	if rep := mustVerify(t, path, spec); rep.OK() {
		t.Fatalf("a class of one passed: %+v", rep.Checks)
	}
}

func TestVerifyDiversityAndCatchBrokenL(t *testing.T) {
	path := released(t, []deid.Model{deid.KAnonymity{K: 3}, deid.DistinctLDiversity{Attribute: "diagnosis", L: 3}}, 0.05)
	spec := Spec{QuasiIdentifiers: []string{"age", "zip"}, K: 3, Sensitive: "diagnosis", DistinctL: 3}
	if rep := mustVerify(t, path, spec); !rep.OK() {
		t.Fatalf("engine's output fails: %+v", rep.Checks)
	}
	// Every diagnosis becomes the same: no class is 3-diverse.
	rewrite(t, path, func(lines []string) {
		for i, l := range lines {
			lines[i] = l[:strings.LastIndexByte(l, ',')] + ",d0"
		}
	})
	rep := mustVerify(t, path, spec)
	if rep.OK() || !rep.Checks[0].Passed {
		t.Fatalf("k should hold and l fail: %+v", rep.Checks)
	}
}

func TestVerifyCountsPatientsNotRows(t *testing.T) {
	csvText := "patient,age,diag\np1,30-39,a\np1,30-39,b\np2,30-39,a\np3,40-49,a\np4,40-49,b\np5,40-49,c\n"
	path := filepath.Join(t.TempDir(), "enc.csv")
	if err := os.WriteFile(path, []byte(csvText), 0o600); err != nil {
		t.Fatal(err)
	}
	byRows := mustVerify(t, path, Spec{QuasiIdentifiers: []string{"age"}, K: 3})
	if !byRows.OK() {
		t.Fatalf("3 rows per class should pass by rows: %+v", byRows.Checks)
	}
	byPatients := mustVerify(t, path, Spec{QuasiIdentifiers: []string{"age"}, Entity: "patient", K: 3})
	if byPatients.OK() || byPatients.Entities != 5 {
		t.Fatalf("a class of 2 patients passed 3-anonymity: %+v", byPatients)
	}
}

func TestVerifyTCloseness(t *testing.T) {
	csvText := "q,s\na,1\na,2\nb,1\nb,2\nc,1\nc,1\n"
	path := filepath.Join(t.TempDir(), "t.csv")
	if err := os.WriteFile(path, []byte(csvText), 0o600); err != nil {
		t.Fatal(err)
	}
	// Overall 4/6 ones; class c has 1: equal distance 1/3.
	for _, c := range []struct {
		t    float64
		pass bool
	}{{0.34, true}, {0.3, false}} {
		rep := mustVerify(t, path, Spec{QuasiIdentifiers: []string{"q"}, Sensitive: "s", T: c.t})
		if rep.OK() != c.pass {
			t.Fatalf("t=%g: %+v", c.t, rep.Checks)
		}
	}
}

func TestVerifySpecErrors(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.csv")
	_ = os.WriteFile(path, []byte("a,b\n1,2\n"), 0o600)
	for _, spec := range []Spec{{}, {QuasiIdentifiers: []string{"nope"}, K: 2}, {QuasiIdentifiers: []string{"a"}, DistinctL: 2}} {
		if _, err := VerifyFile(path, spec); err == nil {
			t.Fatalf("spec %+v accepted", spec)
		}
	}
}
