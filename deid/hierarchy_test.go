package deid

import (
	"bytes"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var hierarchyCases = []struct {
	name    string
	in      string
	sep     rune
	wantErr string // substring; "" means valid
	levels  int
}{
	{"semicolon", "1;0-4;*\n2;0-4;*\n7;5-9;*\n", 0, "", 3},
	{"comma", "a,x,*\nb,x,*\nc,y,*", 0, "", 3},
	{"quoted comma", "\"[0, 5[\";*\n\"[5, 10[\";*\n", 0, "", 2},
	{"no trailing newline", "Male;*\nFemale;*", 0, "", 2},
	{"crlf", "a;*\r\nb;*\r\n", 0, "", 2},
	{"bom", "\ufeffa;*\nb;*\n", 0, "", 2},
	{"explicit sep", "a|*\nb|*\n", '|', "", 2},
	{"single level", "a\nb\n", 0, "", 1},
	{"empty", "", 0, "t.csv: no rows", 0},
	{"ragged", "a;x;*\nb;*\n", 0, "t.csv:2: 2 levels, want 3", 0},
	{"duplicate", "a;*\nb;*\na;*\n", 0, "t.csv:3: value already listed on t.csv:1", 0},
	{"inconsistent", "a;x;*\nb;x;*\nc;y;*\nd;y;+\n", 0, "t.csv:4: the value at level 1 generalises to another value than on t.csv:3", 0},
	{"inconsistent level 0 parent", "a;x;*\nb;y;*\n", 0, "", 3},
	{"bad quote", "a;*\n\"b;*\n", 0, "t.csv:2", 0},
	{"lone empty field", "\"\"\n", 0, "", 1},
	{"bom then quoted bom", "\ufeff\"\ufeffa\";*\n", 0, "", 2},
	{"blank lines skipped", "a;*\n\n\nb;*\n", 0, "", 2},
}

func TestReadHierarchy(t *testing.T) {
	for _, c := range hierarchyCases {
		t.Run(c.name, func(t *testing.T) {
			h, err := ReadHierarchy(strings.NewReader(c.in), "t.csv", c.sep)
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) || !errors.Is(err, ErrInvalidHierarchy) {
					t.Fatalf("err = %v, want ErrInvalidHierarchy containing %q", err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if h.Levels() != c.levels {
				t.Fatalf("levels %d, want %d", h.Levels(), c.levels)
			}
			roundTrip(t, h)
		})
	}
}

func roundTrip(t testing.TB, h *Hierarchy) {
	t.Helper()
	for _, sep := range []rune{';', ','} {
		var buf bytes.Buffer
		if err := h.WriteCSV(&buf, sep); err != nil {
			t.Fatal(err)
		}
		back, err := ReadHierarchy(&buf, "rt", sep)
		if err != nil {
			t.Fatalf("re-reading written hierarchy: %v", err)
		}
		if !slices.EqualFunc(back.Rows(), h.Rows(), slices.Equal[[]string]) {
			t.Fatalf("round trip changed rows")
		}
	}
}

// FuzzReadHierarchy: the reader never panics, and whatever it accepts
// satisfies the invariants and survives a write/read round trip.
func FuzzReadHierarchy(f *testing.F) {
	for _, c := range hierarchyCases {
		f.Add(c.in)
	}
	f.Fuzz(func(t *testing.T, in string) {
		h, err := ReadHierarchy(strings.NewReader(in), "f.csv", 0)
		if err != nil {
			if !errors.Is(err, ErrInvalidHierarchy) {
				t.Fatalf("error %v is not ErrInvalidHierarchy", err)
			}
			return
		}
		rows := h.Rows()
		parent := map[[2]string]string{}
		for _, r := range rows {
			if len(r) != h.Levels() {
				t.Fatal("ragged hierarchy accepted")
			}
			for l := 0; l+1 < len(r); l++ {
				k := [2]string{string(rune('0' + l)), r[l]}
				if p, ok := parent[k]; ok && p != r[l+1] {
					t.Fatal("inconsistent hierarchy accepted")
				}
				parent[k] = r[l+1]
			}
		}
		roundTrip(t, h)
	})
}

func TestAdultHierarchies(t *testing.T) {
	want := map[string]int{"sex": 2, "age": 5, "race": 2, "marital-status": 3, "education": 4,
		"native-country": 3, "workclass": 3, "occupation": 3, "salary-class": 2}
	tab, hs := loadAdult(t, adultQIs)
	for name, levels := range want {
		h := hs[name]
		if h.Levels() != levels {
			t.Errorf("%s: %d levels, want %d", name, h.Levels(), levels)
		}
		ch, err := h.Compile(tab.Column(name))
		if err != nil {
			t.Fatal(err)
		}
		if got := ch.Dicts[ch.Height()]; len(got) != 1 || got[0] != "*" {
			t.Errorf("%s: top level %v", name, got)
		}
		for l := 0; l < ch.Height(); l++ {
			for c0, code := range ch.Map[l] {
				if ch.Parent[l][code] != ch.Map[l+1][c0] {
					t.Fatalf("%s: parent map inconsistent at level %d", name, l)
				}
			}
		}
		roundTrip(t, h)
	}
}

func TestCompileMissingValue(t *testing.T) {
	tab, _ := NewTable([]string{"zip"})
	for _, v := range []string{"12345", "12346", "99999"} {
		_ = tab.AppendRow([]string{v})
	}
	h, _ := NewHierarchy([][]string{{"12345", "1234*", "*"}, {"12346", "1234*", "*"}})
	_, err := h.Compile(tab.Column("zip"))
	var me *MissingValueError
	if !errors.As(err, &me) || me.Record != 3 || me.Column != "zip" || !errors.Is(err, ErrInvalidHierarchy) {
		t.Fatalf("err = %v, want MissingValueError for record 3", err)
	}
	if strings.Contains(err.Error(), "99999") {
		t.Fatal("error quotes the data value")
	}
}

func TestCompileEmptyHierarchy(t *testing.T) {
	tab, _ := NewTable([]string{"x"})
	_ = tab.AppendRow([]string{"1"})
	if _, err := (&Hierarchy{}).Compile(tab.Column("x")); !errors.Is(err, ErrInvalidHierarchy) {
		t.Fatalf("err = %v", err)
	}
}

func TestCompileShrinksToData(t *testing.T) {
	tab, _ := NewTable([]string{"age"})
	for _, v := range []string{"23", "27", "23", "41"} {
		_ = tab.AppendRow([]string{v})
	}
	var vals []string
	for a := 0; a < 100; a++ {
		vals = append(vals, fmtNum(float64(a)))
	}
	h, err := IntervalHierarchy(vals, IntervalSpec{Width: 5, Fanout: []int{2, 2}})
	if err != nil {
		t.Fatal(err)
	}
	ch, err := h.Compile(tab.Column("age"))
	if err != nil {
		t.Fatal(err)
	}
	// level 1: 20-24, 25-29, 40-44; level 2: 20-29, 40-49; level 3: 20-39, 40-59
	want := [][]string{{"23", "27", "41"}, {"20-24", "25-29", "40-44"}, {"20-29", "40-49"}, {"20-39", "40-59"}, {"*"}}
	for l, w := range want {
		if !slices.Equal(ch.Dicts[l], w) {
			t.Errorf("level %d dict %v, want %v", l, ch.Dicts[l], w)
		}
	}
	if !slices.Equal(ch.Leaves[2], []int{2, 1}) {
		t.Errorf("leaves %v", ch.Leaves[2])
	}
}

func TestIntervalHierarchy(t *testing.T) {
	h, err := IntervalHierarchy([]string{"3", "17", "18", "64", "90", "95"}, IntervalSpec{
		Width: 10, Fanout: []int{2}, HasBottom: true, Bottom: 18, HasTop: true, Top: 90})
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"3", "<18", "<18", "*"},
		{"17", "<18", "<18", "*"},
		{"18", "10-19", "0-19", "*"},
		{"64", "60-69", "60-79", "*"},
		{"90", ">=90", ">=90", "*"},
		{"95", ">=90", ">=90", "*"},
	}
	if !slices.EqualFunc(h.Rows(), want, slices.Equal[[]string]) {
		t.Fatalf("rows %v", h.Rows())
	}
	d, err := IntervalHierarchy([]string{"0.5", "1.25"}, IntervalSpec{Width: 0.5})
	if err != nil {
		t.Fatal(err)
	}
	if g, _ := d.Generalize("1.25", 1); g != "[1, 1.5[" {
		t.Fatalf("decimal label %q", g)
	}
	for _, bad := range []IntervalSpec{{Width: 0}, {Width: 1, Fanout: []int{1}}, {Width: 1, HasBottom: true, Bottom: 5, HasTop: true, Top: 5}} {
		if _, err := IntervalHierarchy([]string{"1"}, bad); !errors.Is(err, ErrInvalidHierarchy) {
			t.Errorf("%+v: err %v", bad, err)
		}
	}
	if _, err := IntervalHierarchy([]string{"1", "x"}, IntervalSpec{Width: 1}); err == nil || !strings.Contains(err.Error(), "value 2") {
		t.Errorf("non-number: %v", err)
	}
}

func TestDateHierarchy(t *testing.T) {
	h, err := DateHierarchy([]string{"1987-03-14", "2001-12-31"}, "")
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"1987-03-14", "1987-03", "1987", "1980-1989", "*"}, {"2001-12-31", "2001-12", "2001", "2000-2009", "*"}}
	if !slices.EqualFunc(h.Rows(), want, slices.Equal[[]string]) {
		t.Fatalf("rows %v", h.Rows())
	}
	if _, err := DateHierarchy([]string{"14/03/1987"}, ""); !errors.Is(err, ErrInvalidHierarchy) {
		t.Fatal(err)
	}
}

func TestMaskingHierarchy(t *testing.T) {
	h, err := MaskingHierarchy([]string{"10115", "10117", "8001"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"10115", "1011*", "101**", "10***", "1****", "*"},
		{"10117", "1011*", "101**", "10***", "1****", "*"},
		{"8001", "800*", "80**", "8***", "****", "*"},
	}
	if !slices.EqualFunc(h.Rows(), want, slices.Equal[[]string]) {
		t.Fatalf("rows %v", h.Rows())
	}
}

func TestOrderedGroupingHierarchy(t *testing.T) {
	h, err := OrderedGroupingHierarchy([]string{"none", "mild", "moderate", "severe", "critical"}, []int{2, 2})
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"none", "none..mild", "none..severe", "*"},
		{"mild", "none..mild", "none..severe", "*"},
		{"moderate", "moderate..severe", "none..severe", "*"},
		{"severe", "moderate..severe", "none..severe", "*"},
		{"critical", "critical", "critical", "*"},
	}
	if !slices.EqualFunc(h.Rows(), want, slices.Equal[[]string]) {
		t.Fatalf("rows %v", h.Rows())
	}
	if _, err := OrderedGroupingHierarchy([]string{"a"}, []int{1}); !errors.Is(err, ErrInvalidHierarchy) {
		t.Fatal(err)
	}
}

func TestReadHierarchyFileNamesPath(t *testing.T) {
	_, err := ReadHierarchyFile(filepath.Join(t.TempDir(), "missing.csv"))
	if err == nil {
		t.Fatal("no error for a missing file")
	}
}
