package deid

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// csvRecords reads all records with the package's reader.
func csvRecords(in string, sep rune) ([][]string, error) {
	cr, err := newCSVReader(strings.NewReader(in), sep)
	if err != nil {
		return nil, err
	}
	var out [][]string
	for {
		rec, err := cr.read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		row := make([]string, len(rec))
		for i, f := range rec {
			row[i] = string(f)
		}
		out = append(out, row)
	}
}

// stdRecords reads all records with encoding/csv as ReadCSV configured it
// before it had its own reader: the oracle.
func stdRecords(in string, sep rune) ([][]string, error) {
	cr := csv.NewReader(strings.NewReader(in))
	cr.Comma = sep
	cr.FieldsPerRecord = -1
	var out [][]string
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, rec)
	}
}

// checkSameAsStd compares the reader with encoding/csv: the same records,
// and an error exactly when encoding/csv fails (same kind and start line).
func checkSameAsStd(t *testing.T, in string, sep rune) {
	t.Helper()
	got, gerr := csvRecords(in, sep)
	want, werr := stdRecords(in, sep)
	if (gerr == nil) != (werr == nil) {
		t.Fatalf("%q sep %q: err %v, encoding/csv %v", in, sep, gerr, werr)
	}
	if werr != nil {
		var gp, wp *csv.ParseError
		if errors.As(werr, &wp) && (!errors.As(gerr, &gp) || gp.StartLine != wp.StartLine || !errors.Is(gerr, wp.Err)) {
			t.Fatalf("%q: err %v, encoding/csv %v", in, gerr, werr)
		}
		return
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%q sep %q:\n got %q\nwant %q", in, sep, got, want)
	}
}

var csvOracleCases = []string{
	"", "a", "a,b\n1,2\n", "a,b\r\n1,2\r\n", "a,b\n\n\n1,2", "a,b\r\n\r\n1,2\r", "\n\na\n",
	`a,"b,c",d` + "\n", `"a""b",c`, `"multi` + "\nline\r\nfield\",x\n", `"a"b,c`, `a"b,c`, `"open`,
	`"",""` + "\n", ",,\n,\n", "a,\"b\"\r\n", "x;\"y;z\";w\n", "é;ü\n\"ä\";ö", "a\rb,c\n", `"a"` + "\r\n" + `"b"`,
	"a\tb\n\"c\td\"\te\n", "last,\"q\"", "\"x\"\n\n\"y\"\n",
}

func TestCSVReaderMatchesEncodingCSV(t *testing.T) {
	for _, in := range csvOracleCases {
		for _, sep := range []rune{',', ';', '\t', '§'} {
			checkSameAsStd(t, in, sep)
		}
	}
	long := strings.Repeat("x", 200000) + ",\"" + strings.Repeat("y\n", 50000) + "\"\n1,2\n"
	checkSameAsStd(t, long, ',')
}

func FuzzCSVReader(f *testing.F) {
	for _, in := range csvOracleCases {
		f.Add(in, false)
	}
	f.Fuzz(func(t *testing.T, in string, semi bool) {
		sep := ','
		if semi {
			sep = ';'
		}
		checkSameAsStd(t, in, sep)
	})
}

// TestReadCSVChunkedMatchesSequential cuts inputs into tiny blocks, so
// chunk boundaries fall everywhere (inside quoted fields, between \r and
// \n, on empty lines), and checks that the chunked reader gives the same
// table, or an error on the same line, as encoding/csv read sequentially.
func TestReadCSVChunkedMatchesSequential(t *testing.T) {
	for _, in := range append(csvOracleCases, "h1,h2\n"+strings.Repeat("a,\"b\nc\"\r\n\n\"d\"\"e\",f\n", 40), "h\n"+strings.Repeat("x\n", 50)+"\"bad\"q\n"+strings.Repeat("y\n", 9)) {
		for _, block := range []int{1, 2, 3, 7, 64, readBlock} {
			// size hints: none (join at the end), exact, far too small, far too large
			for _, hint := range []int64{0, int64(len(in)), 1, 100 * int64(len(in))} {
				checkChunked(t, in, ',', block, hint)
			}
		}
	}
}

func checkChunked(t *testing.T, in string, sep rune, block int, hint int64) {
	t.Helper()
	want, werr := stdRecords(in, sep)
	got, gerr := readChunked(in, sep, block, hint)
	if werr != nil || len(want) == 0 {
		if gerr == nil && len(want) > 0 {
			t.Fatalf("%q block %d: no error, encoding/csv %v", in, block, werr)
		}
		var wp *csv.ParseError
		if errors.As(werr, &wp) && !strings.Contains(fmt.Sprint(gerr), fmt.Sprintf("line %d ", wp.StartLine)) {
			t.Fatalf("%q block %d: err %v, encoding/csv %v", in, block, gerr, werr)
		}
		return
	}
	if gerr != nil {
		if len(want) > 1 && allSameWidth(want) {
			t.Fatalf("%q block %d: %v", in, block, gerr)
		}
		return
	}
	if !reflect.DeepEqual(got, want[1:]) && !(len(got) == 0 && len(want) == 1) {
		t.Fatalf("%q block %d:\n got %q\nwant %q", in, block, got, want[1:])
	}
}

func allSameWidth(rows [][]string) bool {
	for _, r := range rows {
		if len(r) != len(rows[0]) {
			return false
		}
	}
	return true
}

// readChunked reads in with ReadCSV's chunked path at the given block size.
func readChunked(in string, sep rune, block int, hint int64) ([][]string, error) {
	cr, err := newCSVReader(strings.NewReader(in), sep)
	if err != nil {
		return nil, err
	}
	head, err := cr.read()
	if err != nil {
		return nil, csvError(err)
	}
	names := make([]string, len(head))
	for i := range head {
		names[i] = "c" + strconv.Itoa(i)
	}
	tab, err := NewTable(names)
	if err != nil {
		return nil, err
	}
	if err := tab.readRecords(context.Background(), cr, sep, block, hint, nil, make([][]codePart, len(names))); err != nil {
		return nil, err
	}
	var out [][]string
	for r := 0; r < tab.Rows(); r++ {
		out = append(out, tab.Row(r))
	}
	return out, nil
}

// TestReadCSVSizeHintSameTable reads a table of several blocks with and
// without size hints (exact, too small, too large; with and without a
// header) and checks that dictionaries and codes are identical.
func TestReadCSVSizeHintSameTable(t *testing.T) {
	var b strings.Builder
	b.WriteString("a;b;c\n")
	for i := 0; i < 120_000; i++ {
		fmt.Fprintf(&b, "%d;v%d;%s\n", (i*7919)%1000, (i*31)%97, strings.Repeat("x", i%13))
	}
	in := b.String()
	for _, noHeader := range []bool{false, true} {
		want, err := ReadCSV(context.Background(), strings.NewReader(in), CSVOptions{Separator: ';', NoHeader: noHeader})
		if err != nil {
			t.Fatal(err)
		}
		for _, hint := range []int64{int64(len(in)), 1000, 50 * int64(len(in))} {
			got, err := ReadCSV(context.Background(), strings.NewReader(in), CSVOptions{Separator: ';', NoHeader: noHeader, SizeHint: hint})
			if err != nil {
				t.Fatal(err)
			}
			if got.Rows() != want.Rows() {
				t.Fatalf("hint %d: %d rows, want %d", hint, got.Rows(), want.Rows())
			}
			for c, col := range got.Columns {
				w := want.Columns[c]
				if !slices.Equal(col.Dict, w.Dict) || !slices.Equal(col.Codes, w.Codes) {
					t.Fatalf("hint %d, no header %v: column %s differs", hint, noHeader, col.Name)
				}
				if cap(col.Codes) > len(col.Codes)+len(col.Codes)/8+4096 {
					t.Errorf("hint %d: column %s keeps capacity %d for %d codes", hint, col.Name, cap(col.Codes), len(col.Codes))
				}
			}
		}
	}
}
