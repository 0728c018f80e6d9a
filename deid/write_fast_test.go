package deid

import (
	"bytes"
	"context"
	"math/rand/v2"
	"testing"
)

// genericOnly hides a ReleaseTable's type so WriteCSV takes the
// row-by-row encoding/csv path.
type genericOnly struct{ ReleaseTable }

// TestWriteCodedCSVMatchesEncodingCSV checks the dictionary-encoded CSV
// writer against encoding/csv byte for byte on random tables whose values
// need quoting (separators, quotes, line breaks, leading spaces, `\.`),
// with one and several goroutines' worth of rows, values shorter and
// longer than the 16 bytes copied as two words.
func TestWriteCodedCSVMatchesEncodingCSV(t *testing.T) {
	pool := []string{"", "plain", "a;b", "a,b", "tab\there", `say "hi"`, "line\nbreak", "cr\r\nlf", " lead", "\\.", "ünï", "*", "x\r", "sixteen bytes ok", "seventeen bytes!!", "a value much longer than two words, with a separator; and a \"quote\""}
	rng := rand.New(rand.NewPCG(7, 11))
	for _, rows := range []int{0, 1, 100, 3*fastBlockRows + 17} {
		tab, err := NewTable([]string{"a", "b", "c"})
		if err != nil {
			t.Fatal(err)
		}
		for r := 0; r < rows; r++ {
			if err := tab.AppendRow([]string{pool[rng.IntN(len(pool))], pool[rng.IntN(len(pool))], pool[rng.IntN(3)]}); err != nil {
				t.Fatal(err)
			}
		}
		for _, sep := range []rune{',', ';', '\t', '§'} {
			var fast, slow bytes.Buffer
			opts := WriteOptions{Separator: sep}
			if err := WriteCSV(&fast, TableRelease(tab), opts); err != nil {
				t.Fatal(err)
			}
			if err := WriteCSV(&slow, genericOnly{TableRelease(tab)}, opts); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(fast.Bytes(), slow.Bytes()) {
				t.Fatalf("%d rows, separator %q: coded writer differs from encoding/csv", rows, sep)
			}
		}
	}
}

// TestWriteFileCountsCodedRows checks that WriteFile's summary counts the
// rows written by the coded path.
func TestWriteFileCountsCodedRows(t *testing.T) {
	tab, _ := NewTable([]string{"a"})
	for i := 0; i < 2*fastBlockRows+5; i++ {
		_ = tab.AppendRow([]string{"v"})
	}
	sum, err := WriteFile(t.TempDir()+"/out.csv", TableRelease(tab), WriteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Records != tab.Rows() {
		t.Fatalf("summary counts %d rows, want %d", sum.Records, tab.Rows())
	}
}

// TestWriteCSVNeutralisesFormulas checks both CSV paths: a cell a
// spreadsheet would run as a formula starts with an apostrophe, every
// other cell is unchanged, and reading the file back gives one distinct
// value per distinct input value (classes stay as they were).
func TestWriteCSVNeutralisesFormulas(t *testing.T) {
	in := []string{"=HYPERLINK(\"x\")", "+1", "-5", "@SUM(A1)", "'quoted", "plain", "3-4", "*"}
	want := []string{"'=HYPERLINK(\"x\")", "'+1", "'-5", "'@SUM(A1)", "''quoted", "plain", "3-4", "*"}
	tab, err := NewTable([]string{"=head"})
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range in {
		if err := tab.AppendRow([]string{v}); err != nil {
			t.Fatal(err)
		}
	}
	for name, rel := range map[string]ReleaseTable{"coded": TableRelease(tab), "generic": genericOnly{TableRelease(tab)}} {
		var out bytes.Buffer
		if err := WriteCSV(&out, rel, WriteOptions{}); err != nil {
			t.Fatal(err)
		}
		back, err := ReadCSV(context.Background(), bytes.NewReader(out.Bytes()), CSVOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if got := back.Columns[0].Name; got != "'=head" {
			t.Errorf("%s: header %q", name, got)
		}
		for r, w := range want {
			if got := back.Value(r, 0); got != w {
				t.Errorf("%s: row %d = %q, want %q", name, r, got, w)
			}
		}
	}
}
