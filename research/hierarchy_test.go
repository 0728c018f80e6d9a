package research

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"custodia/deid"
)

// checkTree: every row ends in "*", and every label at level l has one
// parent at level l+1 (a tree), so a class at a level is a union of classes
// of the level below.
func checkTree(t *testing.T, name string, h *deid.Hierarchy) {
	t.Helper()
	parent := map[string]string{}
	for _, row := range h.Rows() {
		if row[len(row)-1] != "*" {
			t.Errorf("%s: a row does not end in *", name)
		}
		for l := 1; l+1 < len(row); l++ {
			key := strconv.Itoa(l) + "\x00" + row[l]
			if p, ok := parent[key]; ok && p != row[l+1] {
				t.Errorf("%s: level %d label has two parents", name, l)
			}
			parent[key] = row[l+1]
		}
	}
}

func TestAgeBandsContainTheirAges(t *testing.T) {
	h := AgeHierarchy()
	checkTree(t, "age", h)
	for _, row := range h.Rows() {
		a, _ := strconv.Atoi(row[0])
		for l, w := range []int{5, 10, 20} {
			var lo, hi int
			fmt.Sscanf(row[l+1], "%d-%d", &lo, &hi)
			if a < lo || a > hi || hi-lo+1 != w || lo%w != 0 {
				t.Fatalf("age %d level %d band %s (width %d)", a, l+1, row[l+1], w)
			}
		}
	}
	if h.Len() != MaxAge+1 {
		t.Fatalf("age domain %d values, want %d", h.Len(), MaxAge+1)
	}
}

func TestPostcodeLevelsArePrefixes(t *testing.T) {
	h := PostcodeHierarchy([]string{"10115", "10117", "80331", "8033", "1"})
	checkTree(t, "postcode", h)
	for _, row := range h.Rows() {
		for l := 1; l < 4; l++ {
			keep := strings.TrimRight(row[l], "*")
			if !strings.HasPrefix(row[0], keep) || len(keep) > 4-l {
				t.Fatalf("postcode level %d %q is not a prefix of its code (kept %d)", l, row[l], len(keep))
			}
		}
	}
}

func TestICDLevels(t *testing.T) {
	// Oracle: blocks are ordered, do not overlap, and lie in one chapter.
	prev := ""
	for _, b := range icdBlocks {
		lo, hi, _ := strings.Cut(b, "-")
		if lo > hi || lo <= prev {
			t.Fatalf("block %s out of order or overlapping (previous end %s)", b, prev)
		}
		prev = hi
		if ICDChapter(lo) != ICDChapter(hi) || ICDChapter(lo) == "" {
			t.Fatalf("block %s crosses chapters", b)
		}
	}
	for _, tc := range []struct{ code, cat, block, chapter string }{
		{"E11.9", "E11", "E10-E14", "IV E00-E90"},
		{"I10", "I10", "I10-I15", "IX I00-I99"},
		{"J45.0", "J45", "J40-J47", "X J00-J99"},
		{"C50.4", "C50", "C50-C50", "II C00-D48"},
		{"D50.0", "D50", "D50-D53", "III D50-D89"},
		{"T81.4", "T81", "T80-T88", "XIX S00-T98"},
		{"Z00.0", "Z00", "Z00-Z13", "XXI Z00-Z99"},
	} {
		lv := icdLevels(tc.code)
		if lv[1] != tc.cat || lv[2] != tc.block || lv[3] != tc.chapter || lv[4] != "*" {
			t.Errorf("%s: levels %v", tc.code, lv)
		}
	}
	var codes []string
	r := rand.New(rand.NewPCG(1, 2))
	for range 500 {
		codes = append(codes, fmt.Sprintf("%c%02d.%d", 'A'+r.IntN(26), r.IntN(100), r.IntN(10)))
	}
	h := ICDHierarchy(codes)
	checkTree(t, "icd", h)
	for _, row := range h.Rows() {
		if !strings.HasPrefix(row[0], row[1]) {
			t.Fatalf("category is not a prefix of its code")
		}
		if lo, hi, ok := strings.Cut(row[2], "-"); ok && !strings.Contains(row[2], " ") && (row[1] < lo || row[1] > hi) {
			t.Fatalf("category outside its block")
		}
	}
}

func TestDateLevels(t *testing.T) {
	h, err := DateHierarchy([]string{"2024-01-31", "2024-03-01", "2024-04-01", "2023-12-31", ""})
	if err != nil {
		t.Fatal(err)
	}
	checkTree(t, "date", h)
	want := map[string][]string{"2024-03-01": {"2024-03", "2024-Q1", "2024"}, "2024-04-01": {"2024-04", "2024-Q2", "2024"}, "2023-12-31": {"2023-12", "2023-Q4", "2023"}}
	for _, row := range h.Rows() {
		if w, ok := want[row[0]]; ok && strings.Join(row[1:4], ",") != strings.Join(w, ",") {
			t.Errorf("%s levels %v", row[0], row[1:])
		}
	}
	if _, err := DateHierarchy([]string{"31.01.2024"}); !errors.Is(err, deid.ErrInvalidHierarchy) {
		t.Fatalf("bad date: %v", err)
	}
}

func TestQuantileBins(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	var vals []string
	for range 400 {
		vals = append(vals, strconv.FormatFloat(float64(r.IntN(1000))/10, 'f', 1, 64))
	}
	h, err := QuantileHierarchy(vals, nil, 4)
	if err != nil {
		t.Fatal(err)
	}
	checkTree(t, "quantile", h)
	count := map[string]int{}
	for _, row := range h.Rows() {
		v, _ := strconv.ParseFloat(row[0], 64)
		for l := 1; l < len(row)-1; l++ {
			lo, hi, _ := strings.Cut(row[l], "..")
			fl, _ := strconv.ParseFloat(lo, 64)
			fh, _ := strconv.ParseFloat(hi, 64)
			if v < fl || v > fh {
				t.Fatalf("value outside its bin at level %d", l)
			}
		}
		count[row[1]]++
	}
	if len(count) < 3 || len(count) > 4 {
		t.Fatalf("%d bins at level 1, want about 4", len(count))
	}
	// Each bin holds roughly a quarter of the records.
	recs := map[string]int{}
	rows := map[string]string{}
	for _, row := range h.Rows() {
		rows[row[0]] = row[1]
	}
	for _, v := range vals {
		recs[rows[v]]++
	}
	for b, n := range recs {
		if n < 60 || n > 140 {
			t.Errorf("bin %s holds %d of 400 records", b, n)
		}
	}
}
