package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"filippo.io/age"
	"github.com/parquet-go/parquet-go"

	"custodia/internal/testdata"
)

var adultQI = []string{"sex", "age", "race", "marital-status", "education", "native-country", "workclass", "occupation"}

// needAdult returns the shared Adult table: skipped when missing, a
// failure under CI=true (internal/testdata).
func needAdult(t *testing.T) string {
	t.Helper()
	return testdata.Path(t, "adult/adult.csv")
}

// anonReport is the part of the report the oracle checks.
type anonReport struct {
	Records    int `json:"records"`
	Suppressed int `json:"suppressed"`
	Classes    int `json:"classes"`
	Metrics    struct {
		Discernibility float64 `json:"discernibility"`
	} `json:"metrics"`
	Input struct {
		SHA256 string `json:"sha256"`
	} `json:"input"`
	Output struct {
		Records int    `json:"records"`
		SHA256  string `json:"sha256"`
	} `json:"output"`
	Transformation map[string]int `json:"transformation"`
}

func readReport(t *testing.T, path string) anonReport {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var r anonReport
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	return r
}

func readCSVFile(t *testing.T, path string, sep rune) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma = sep
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// classStats recounts equivalence classes from a written table: the size
// of each class of identical quasi-identifier tuples and its distinct
// values of the sensitive column ("" for none).
func classStats(t *testing.T, rows [][]string, qi []string, sensitive string) (sizes, distinct []int) {
	t.Helper()
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	idx := map[string]int{}
	var sens []map[string]bool
	for _, row := range rows[1:] {
		parts := make([]string, len(qi))
		for j, q := range qi {
			c, ok := col[q]
			if !ok {
				t.Fatalf("output lacks column %q", q)
			}
			parts[j] = row[c]
		}
		key := strings.Join(parts, "\x00")
		i, ok := idx[key]
		if !ok {
			i = len(sizes)
			idx[key] = i
			sizes = append(sizes, 0)
			sens = append(sens, map[string]bool{})
		}
		sizes[i]++
		if sensitive != "" {
			sens[i][row[col[sensitive]]] = true
		}
	}
	for _, s := range sens {
		distinct = append(distinct, len(s))
	}
	return sizes, distinct
}

func fileSHA(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// checkAnonymized re-checks an output written in remove mode against the
// report using only the output file: k, l, suppressed, classes and
// discernibility.
func checkAnonymized(t *testing.T, input, out, report string, k, l int, sensitive string) anonReport {
	t.Helper()
	rows := readCSVFile(t, out, ';')
	rep := readReport(t, report)
	sizes, distinct := classStats(t, rows, adultQI, sensitive)
	n := len(readCSVFile(t, input, ';')) - 1
	released := len(rows) - 1
	if rep.Records != n || rep.Suppressed != n-released || rep.Output.Records != released {
		t.Errorf("report records %d suppressed %d output %d; recount: %d in, %d out", rep.Records, rep.Suppressed, rep.Output.Records, n, released)
	}
	if rep.Classes != len(sizes) {
		t.Errorf("report classes %d, recounted %d", rep.Classes, len(sizes))
	}
	dm := float64((n - released) * n)
	for i, s := range sizes {
		if s < k {
			t.Fatalf("class of %d records, k=%d", s, k)
		}
		if l > 0 && distinct[i] < l {
			t.Fatalf("class with %d distinct %s values, l=%d", distinct[i], sensitive, l)
		}
		dm += float64(s) * float64(s)
	}
	if rep.Metrics.Discernibility != dm {
		t.Errorf("report discernibility %.0f, recomputed %.0f", rep.Metrics.Discernibility, dm)
	}
	if rep.Input.SHA256 != fileSHA(t, input) || rep.Output.SHA256 != fileSHA(t, out) {
		t.Error("report fingerprints do not match the files")
	}
	return rep
}

func anonymizeArgs(input, out, report string, extra ...string) []string {
	args := []string{"anonymize", "--input", input, "--hierarchies", filepath.Dir(input),
		"--qi", strings.Join(adultQI, ","), "--output", out, "--report", report, "--quiet"}
	return append(args, extra...)
}

func TestAnonymizeAdultOracle(t *testing.T) {
	input := needAdult(t)
	for _, tc := range []struct {
		name  string
		l     int
		extra []string
	}{
		{"k5-0pct-dm", 0, []string{"--k", "5", "--suppression", "0"}},
		{"k5-5pct-dm", 0, []string{"--k", "5", "--suppression", "5%"}},
		{"k5-5pct-aecs", 0, []string{"--k", "5", "--suppression", "0.05", "--metric", "aecs"}},
		{"k5-l2-5pct", 2, []string{"--k", "5", "--suppression", "0.05", "--sensitive", "salary-class", "--l", "2"}},
		{"mondrian-k5-l2", 2, []string{"--k", "5", "--sensitive", "salary-class", "--l", "2", "--algorithm", "mondrian"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			out, report := filepath.Join(dir, "out.csv"), filepath.Join(dir, "report.json")
			_, errOut, code := runCLI(t, nil, "", anonymizeArgs(input, out, report, tc.extra...)...)
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			sens := ""
			if tc.l > 0 {
				sens = "salary-class"
			}
			rep := checkAnonymized(t, input, out, report, 5, tc.l, sens)
			if strings.HasPrefix(tc.name, "mondrian") != (rep.Transformation == nil) {
				t.Errorf("transformation %v for %s", rep.Transformation, tc.name)
			}
		})
	}
}

func TestAnonymizeParquetMatchesCSV(t *testing.T) {
	input := filepath.Join(syntheticDir, "synthetic.csv")
	dir := t.TempDir()
	csvOut, pqOut := filepath.Join(dir, "o.csv"), filepath.Join(dir, "o.parquet")
	for _, out := range []string{csvOut, pqOut} {
		_, e, code := runCLI(t, nil, "", "anonymize", "--input", input, "--hierarchies", syntheticDir,
			"--qi", "age,sex,zip", "--sensitive", "diagnosis", "--remove", "id", "--k", "3", "--l", "2",
			"--suppression", "10%", "--metric", "loss", "--suppressed", "star",
			"--output", out, "--report", filepath.Join(dir, "r.json"), "--quiet")
		if code != exitOK {
			t.Fatalf("exit %d: %s", code, e)
		}
	}
	want := readCSVFile(t, csvOut, ';')
	got := readParquetRows(t, pqOut, want[0])
	if len(got) != len(want)-1 {
		t.Fatalf("parquet has %d rows, csv %d", len(got), len(want)-1)
	}
	for i := range got {
		if strings.Join(got[i], ";") != strings.Join(want[i+1], ";") {
			t.Fatalf("row %d: parquet %v, csv %v", i, got[i], want[i+1])
		}
	}
	// Star mode keeps every record; the suppressed ones are all-star.
	rep := readReport(t, filepath.Join(dir, "r.json"))
	stars := 0
	for _, row := range want[1:] {
		if strings.Join(row[:3], "") == "***" {
			stars++
		}
	}
	if len(want)-1 != rep.Records || stars < rep.Suppressed || rep.Suppressed == 0 {
		t.Errorf("star output: %d rows, %d all-star, report %d records %d suppressed", len(want)-1, stars, rep.Records, rep.Suppressed)
	}
}

func readParquetRows(t *testing.T, path string, cols []string) [][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := parquet.OpenFile(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	leaf := make([]int, len(cols))
	for i, c := range cols {
		lc, ok := f.Schema().Lookup(c)
		if !ok {
			t.Fatalf("parquet lacks column %q", c)
		}
		leaf[i] = lc.ColumnIndex
	}
	r := parquet.NewReader(f)
	defer r.Close()
	var out [][]string
	buf := make([]parquet.Row, 256)
	for {
		n, err := r.ReadRows(buf)
		for _, row := range buf[:n] {
			vals := make([]string, len(cols))
			for i := range cols {
				vals[i] = string(row[leaf[i]].ByteArray())
			}
			out = append(out, vals)
		}
		if err != nil {
			return out
		}
	}
}

const syntheticDir = "../../testdata/deid"

func TestAnonymizeNoSolutionExplains(t *testing.T) {
	input := filepath.Join(syntheticDir, "synthetic.csv")
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"--k", "100"}, []string{"fewer than k = 100", "lower --k to at most 60"}},
		{[]string{"--k", "2", "--sensitive", "diagnosis", "--l", "5"}, []string{"distinct 5-diversity of diagnosis", "lower l"}},
		{[]string{"--k", "100", "--algorithm", "mondrian"}, []string{"100-anonymity", "lower k"}},
	} {
		args := append([]string{"anonymize", "--input", input, "--hierarchies", syntheticDir, "--qi", "age,sex,zip",
			"--remove", "id", "--output", filepath.Join(dir, "o.csv")}, tc.args...)
		_, errOut, code := runCLI(t, nil, "", args...)
		if code != exitValidation {
			t.Errorf("%v: exit %d, want %d (%s)", tc.args, code, exitValidation, errOut)
		}
		for _, w := range tc.want {
			if !strings.Contains(errOut, w) {
				t.Errorf("%v: message %q lacks %q", tc.args, errOut, w)
			}
		}
		if _, err := os.Stat(filepath.Join(dir, "o.csv")); err == nil {
			t.Errorf("%v: output written despite failure", tc.args)
		}
	}
}

func TestAnonymizePseudonymsAndSafeHarbor(t *testing.T) {
	dir := t.TempDir()
	input := filepath.Join(dir, "visits.csv")
	data := "patient_id,name,zip,age,visit_date,dx\n" +
		"pid-1,Synthetic One,02139,34,2024-01-05,J18\n" +
		"pid-2,Synthetic Two,03601,95,2024-02-06,I10\n" +
		"pid-1,Synthetic One,02139,34,2024-03-07,E11\n" +
		"pid-3,Synthetic Three,10001,52,2023-12-30,J18\n"
	key := filepath.Join(dir, "study.key")
	if err := os.WriteFile(input, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(key, []byte(strings.Repeat("k", 40)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out, report := filepath.Join(dir, "out.csv"), filepath.Join(dir, "r.json")
	_, errOut, code := runCLI(t, nil, "", "anonymize", "--input", input, "--qi", "dx", "--k", "1", "--algorithm", "mondrian",
		"--pseudonymize", "patient_id", "--key-file", key, "--safe-harbor", "--unencrypted", "--output", out, "--report", report, "--quiet")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	rows := readCSVFile(t, out, ',')
	// A custom restricted list: 021 restricted, 036 no longer.
	out2 := filepath.Join(dir, "out2.csv")
	if _, e, code := runCLI(t, nil, "", "anonymize", "--input", input, "--qi", "dx", "--k", "1", "--algorithm", "mondrian",
		"--remove", "patient_id", "--safe-harbor", "--restricted-zip3", "021", "--output", out2, "--quiet"); code != exitOK {
		t.Fatalf("exit %d: %s", code, e)
	}
	var zips []string
	for _, r := range readCSVFile(t, out2, ',')[1:] {
		zips = append(zips, r[0])
	}
	if strings.Join(zips, ",") != "000,036,000,100" {
		t.Errorf("zips with custom list: %v", zips)
	}
	if strings.Join(rows[0], ",") != "patient_id,zip,age,visit_date,dx" {
		t.Fatalf("header %v", rows[0])
	}
	want := [][]string{{"021", "34", "2024"}, {"000", "90+", "2024"}, {"021", "34", "2024"}, {"100", "52", "2023"}}
	for i, w := range want {
		if strings.Join(rows[i+1][1:4], ",") != strings.Join(w, ",") {
			t.Errorf("row %d: %v, want %v", i+1, rows[i+1][1:4], w)
		}
	}
	if rows[1][0] != rows[3][0] || rows[1][0] == rows[2][0] || !strings.HasPrefix(rows[1][0], "P-") {
		t.Errorf("pseudonyms not consistent: %v %v %v", rows[1][0], rows[2][0], rows[3][0])
	}
	b, _ := os.ReadFile(out)
	if strings.Contains(string(b), "pid-") || strings.Contains(string(b), "Synthetic") {
		t.Error("direct identifiers left in the output")
	}
	rb, _ := os.ReadFile(report)
	if !strings.Contains(string(rb), `"pseudonymized": [`) || !strings.Contains(string(rb), `"name": "name"`) ||
		!strings.Contains(string(rb), `"pseudonym_key_id": "`) || strings.Contains(string(rb), "kkkkkkkk") {
		t.Errorf("report does not record the identifier handling:\n%s", rb)
	}
}

func TestAnonymizeUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"anonymize", "--qi", "a", "--output", "x.csv"},
		{"anonymize", "--input", "x.csv", "--qi", "a", "--output", "y.csv", "--suppression", "150%"},
		{"anonymize", "--input", "x.csv", "--qi", "a", "--output", "y.csv", "--metric", "fast"},
		{"anonymize", "--input", "x.csv", "--qi", "a", "--output", "y.csv", "--l", "2"},
		{"anonymize", "--input", "x.csv", "--qi", "a", "--output", "y.csv", "--pseudonymize", "id"},
		{"anonymize", "--input", "x.csv", "--qi", "a", "--output", "./x.csv"},
		{"anonymize", "--input", "x.csv", "--qi", "a", "--output", "y.csv", "--algorithm", "none"},
		{"anonymize", "--input", "x.csv", "--qi", "a", "--output", "y.csv", "--pseudonymize", "id", "--key-file", "k"},
	} {
		_, errOut, code := runCLI(t, nil, "", args...)
		if code != exitUsage || !strings.HasPrefix(errOut, "custodiactl: anonymize: ") {
			t.Errorf("%q: exit %d, stderr %q", args, code, errOut)
		}
	}
	_, errOut, code := runCLI(t, nil, "", "anonymize", "--input", "/nonexistent/in.csv", "--qi", "a", "--output", "/tmp/x.csv")
	if code != exitNotFound || !strings.Contains(errOut, "/nonexistent/in.csv") {
		t.Errorf("missing input: exit %d, %q", code, errOut)
	}
}

func TestHierarchyFiles(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"adult_hierarchy_age.csv", "age.csv", "zip.csv", "notes.txt", "x_hierarchy_marital-status.csv"} {
		_ = os.WriteFile(filepath.Join(dir, n), []byte("a;*\n"), 0o600)
	}
	got, err := hierarchyFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"age": "adult_hierarchy_age.csv", "zip": "zip.csv", "marital-status": "x_hierarchy_marital-status.csv"}
	if len(got) != len(want) {
		t.Errorf("got %v", got)
	}
	for c, f := range want {
		if filepath.Base(got[c]) != f {
			t.Errorf("%s: %s, want %s", c, got[c], f)
		}
	}
}

func TestAnonymizeEncryptsForRecipient(t *testing.T) {
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	input := filepath.Join(syntheticDir, "synthetic.csv")
	base := []string{"anonymize", "--input", input, "--hierarchies", syntheticDir, "--qi", "age,sex,zip",
		"--remove", "id", "--k", "3", "--quiet"}
	plain, enc := filepath.Join(dir, "p.csv"), filepath.Join(dir, "e.csv.age")
	if _, e, code := runCLI(t, nil, "", append(base, "--output", plain)...); code != exitOK {
		t.Fatalf("exit %d: %s", code, e)
	}
	report := filepath.Join(dir, "r.json")
	if _, e, code := runCLI(t, nil, "", append(base, "--output", enc, "--report", report, "--recipient", id.Recipient().String())...); code != exitOK {
		t.Fatalf("exit %d: %s", code, e)
	}
	ct, _ := os.ReadFile(enc)
	want, _ := os.ReadFile(plain)
	if bytes.Contains(ct, []byte("diagnosis")) {
		t.Fatal("encrypted output holds plaintext")
	}
	r, err := age.Decrypt(bytes.NewReader(ct), id)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(r)
	if !bytes.Equal(got, want) {
		t.Error("decrypted output differs from the plaintext run")
	}
	if rep := readReport(t, report); rep.Output.SHA256 != fileSHA(t, enc) {
		t.Error("report fingerprint is not the ciphertext's")
	}
	if _, e, code := runCLI(t, nil, "", append(base, "--output", enc, "--recipient", "age1nope")...); code != exitUsage {
		t.Errorf("bad recipient: exit %d, %s", code, e)
	}
}

func TestAnonymizeShiftsDatesPerPatient(t *testing.T) {
	dir := t.TempDir()
	input := filepath.Join(dir, "visits.csv")
	data := "patient_id;visit;discharge;dx\n" +
		"pid-1;2024-01-05;2024-01-09;J18\n" +
		"pid-2;2024-02-06;2024-02-06;I10\n" +
		"pid-1;2024-03-07;2024-03-08;E11\n"
	key := filepath.Join(dir, "study.key")
	_ = os.WriteFile(input, []byte(data), 0o600)
	_ = os.WriteFile(key, []byte(strings.Repeat("s", 32)), 0o600)
	out := filepath.Join(dir, "out.csv")
	_, errOut, code := runCLI(t, nil, "", "anonymize", "--input", input, "--qi", "dx", "--k", "1", "--algorithm", "mondrian",
		"--pseudonymize", "patient_id", "--shift-dates", "visit,discharge", "--record-column", "patient_id",
		"--max-shift-days", "30", "--key-file", key, "--unencrypted", "--output", out, "--quiet")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	rows := readCSVFile(t, out, ';')
	day := func(s string) int {
		tm, err := time.Parse("2006-01-02", s)
		if err != nil {
			t.Fatalf("not a date: %q", s)
		}
		return int(tm.Unix() / 86400)
	}
	orig := [][2]string{{"2024-01-05", "2024-01-09"}, {"2024-02-06", "2024-02-06"}, {"2024-03-07", "2024-03-08"}}
	var shifts []int
	for i, r := range rows[1:] {
		s1, s2 := day(r[1])-day(orig[i][0]), day(r[2])-day(orig[i][1])
		if s1 != s2 || s1 == 0 || s1 < -30 || s1 > 30 {
			t.Fatalf("row %d: shifts %d and %d (want equal, non-zero, within ±30)", i+1, s1, s2)
		}
		shifts = append(shifts, s1)
	}
	if shifts[0] != shifts[2] {
		t.Errorf("patient pid-1 got shifts %d and %d", shifts[0], shifts[2])
	}
}

func TestAnonymizeNoneIsPseudonymisedOnly(t *testing.T) {
	dir := t.TempDir()
	input := filepath.Join(syntheticDir, "synthetic.csv")
	key := filepath.Join(dir, "k")
	_ = os.WriteFile(key, []byte(strings.Repeat("z", 32)), 0o600)
	out, report := filepath.Join(dir, "o.csv"), filepath.Join(dir, "r.json")
	stdout, e, code := runCLI(t, nil, "", "anonymize", "--input", input, "--qi", "age,sex,zip", "--algorithm", "none",
		"--pseudonymize", "id", "--key-file", key, "--output", out, "--report", report, "--unencrypted")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, e)
	}
	in, got := readCSVFile(t, input, ';'), readCSVFile(t, out, ';')
	if len(got) != len(in) {
		t.Fatalf("%d rows, input %d", len(got), len(in))
	}
	for i := 1; i < len(in); i++ {
		if strings.Join(got[i][1:], ";") != strings.Join(in[i][1:], ";") || got[i][0] == in[i][0] {
			t.Fatalf("row %d: %v from %v", i, got[i], in[i])
		}
	}
	sizes, _ := classStats(t, got, []string{"age", "sex", "zip"}, "")
	if rep := readReport(t, report); rep.Classes != len(sizes) || rep.Suppressed != 0 {
		t.Errorf("report classes %d, recounted %d", rep.Classes, len(sizes))
	}
	if !strings.Contains(stdout, "still personal data") {
		t.Errorf("summary does not warn: %s", stdout)
	}
}
