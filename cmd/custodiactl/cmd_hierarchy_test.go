package main

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"custodia/deid"
)

// syntheticCSV writes n synthetic records: age, postcode, visit date, grade.
func syntheticCSV(t *testing.T, n int) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("age;zip;visit;grade;dx\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "%d;%05d;2024-%02d-%02d;%c;D%d\n", 18+i*7%70, 10000+i*37%900, 1+i%12, 1+i%28, 'A'+rune(i%5), i%3)
	}
	path := filepath.Join(t.TempDir(), "in.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func readHier(t *testing.T, path string) *deid.Hierarchy {
	t.Helper()
	h, err := deid.ReadHierarchyFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func TestHierarchyBuilders(t *testing.T) {
	in := syntheticCSV(t, 200)
	dir := t.TempDir()
	out := func(name string) string { return filepath.Join(dir, name+".csv") }
	mustRun(t, nil, "hierarchy", "interval", "--input", in, "--column", "age", "--width", "5", "--fanout", "2", "--top", "80", "--out", out("age"))
	mustRun(t, nil, "hierarchy", "mask", "--input", in, "--column", "zip", "--out", out("zip"))
	mustRun(t, nil, "hierarchy", "date", "--input", in, "--column", "visit", "--out", out("visit"))
	mustRun(t, nil, "hierarchy", "group", "--input", in, "--column", "grade", "--fanout", "2", "--out", out("grade"))

	// Every age generalises as an independent computation says: the
	// 5-year interval, the 10-year interval, top coding from 80.
	age := readHier(t, out("age"))
	for _, v := range age.Values() {
		x, _ := strconv.Atoi(v)
		want1 := fmt.Sprintf("%d-%d", x/5*5, x/5*5+4)
		want2 := fmt.Sprintf("%d-%d", x/10*10, x/10*10+9)
		if x >= 80 {
			want1, want2 = ">=80", ">=80"
		}
		g1, _ := age.Generalize(v, 1)
		g2, _ := age.Generalize(v, 2)
		if g1 != want1 || g2 != want2 {
			t.Errorf("age %s: %q, %q; want %q, %q", v, g1, g2, want1, want2)
		}
	}
	zip := readHier(t, out("zip"))
	if g, _ := zip.Generalize("10037", 2); g != "100**" {
		t.Errorf("zip 10037 at level 2: %q", g)
	}
	visit := readHier(t, out("visit"))
	if g, _ := visit.Generalize("2024-03-03", 1); g != "2024-03" {
		t.Errorf("visit at level 1: %q", g)
	}
	grade := readHier(t, out("grade"))
	if g, _ := grade.Generalize("B", 1); g != "A..B" {
		t.Errorf("grade B at level 1: %q, want A..B", g)
	}

	// The files drive anonymize: every released age is a label of the
	// age hierarchy and k=5 holds in the output.
	res := filepath.Join(t.TempDir(), "out.csv")
	mustRun(t, nil, "anonymize", "--input", in, "--hierarchies", dir, "--qi", "age,zip,visit,grade", "--k", "5",
		"--suppression", "10%", "--output", res, "--quiet")
	checkKAnonymous(t, res, 5, []int{0, 1, 2, 3}, age)
}

func checkKAnonymous(t *testing.T, path string, k int, qi []int, age *deid.Hierarchy) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil || len(rows) < 2 {
		t.Fatalf("output: %d rows, %v", len(rows), err)
	}
	labels := map[string]bool{"*": true}
	for _, row := range age.Rows() {
		for _, l := range row {
			labels[l] = true
		}
	}
	classes := map[string]int{}
	for _, row := range rows[1:] {
		if !labels[row[0]] {
			t.Fatalf("released age %q is no label of the hierarchy", row[0])
		}
		var key []string
		for _, c := range qi {
			key = append(key, row[c])
		}
		classes[strings.Join(key, "\x00")]++
	}
	for key, n := range classes {
		if n < k {
			t.Errorf("class %q has %d records, want >= %d", key, n, k)
		}
	}
}

func TestHierarchyErrors(t *testing.T) {
	in := syntheticCSV(t, 20)
	out := filepath.Join(t.TempDir(), "h.csv")
	mustFail(t, nil, exitUsage, "hierarchy", "interval", "--input", in, "--column", "age")
	mustFail(t, nil, exitValidation, "hierarchy", "interval", "--input", in, "--column", "nope", "--width", "5", "--out", out)
	mustFail(t, nil, exitValidation, "hierarchy", "interval", "--input", in, "--column", "zip", "--width", "0", "--out", out)
	msg := mustFail(t, nil, exitValidation, "hierarchy", "interval", "--input", in, "--column", "grade", "--width", "5", "--out", out)
	if strings.Contains(msg, "\"A\"") {
		t.Errorf("the error echoes a value: %s", msg)
	}
	mustFail(t, nil, exitNotFound, "hierarchy", "mask", "--input", in+".missing", "--column", "zip", "--out", out)
	// A builder's flag error is worded once, not nested as a message id.
	for _, lang := range []string{"en_US.UTF-8", "de_DE.UTF-8"} {
		msg := mustFail(t, map[string]string{"LANG": lang}, exitUsage, "hierarchy", "interval", "--input", in, "--column", "age", "--width", "5", "--fanout", "x", "--out", out)
		if !strings.Contains(msg, "--fanout") || strings.Contains(msg, "cli4.") {
			t.Errorf("%s: --fanout x: %s", lang, msg)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a failed build wrote the file")
	}
}
