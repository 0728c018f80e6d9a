package deid

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
)

// memTable is a ReleaseTable over string rows, for writer tests.
type memTable struct {
	cols       []string
	rows       [][]string
	suppressed map[int]bool
	qi         map[int]bool
}

func (m *memTable) Columns() []string                { return m.cols }
func (m *memTable) Len() int                         { return len(m.rows) }
func (m *memTable) Row(i int, dst []string) []string { return append(dst[:0], m.rows[i]...) }
func (m *memTable) Suppressed(i int) bool            { return m.suppressed[i] }
func (m *memTable) QuasiIdentifier(c int) bool       { return m.qi[c] }

func sampleRelease() *memTable {
	return &memTable{
		cols: []string{"zeta", "age", "sex", "note"},
		rows: [][]string{
			{"p1", "[20-29]", "Female", "a;b"},
			{"p2", "[20-29]", "Male", `quote " and, comma`},
			{"p3", "[30-39]", "Male", ""},
			{"p4", "[30-39]", "Female", "ünïcode <tag>"},
		},
		suppressed: map[int]bool{2: true},
		qi:         map[int]bool{1: true, 2: true},
	}
}

// expected returns the rows a writer must produce for mode.
func expected(m *memTable, mode SuppressedMode) [][]string {
	var out [][]string
	for i, r := range m.rows {
		r = append([]string(nil), r...)
		if m.suppressed[i] {
			if mode == SuppressRemove {
				continue
			}
			for c := range r {
				if m.qi[c] {
					r[c] = "*"
				}
			}
		}
		out = append(out, r)
	}
	return out
}

func TestWriteCSVRoundTrip(t *testing.T) {
	for _, sep := range []rune{',', ';', '\t'} {
		for _, mode := range []SuppressedMode{SuppressRemove, SuppressStar} {
			m := sampleRelease()
			var buf bytes.Buffer
			if err := WriteCSV(&buf, m, WriteOptions{Separator: sep, Suppressed: mode}); err != nil {
				t.Fatal(err)
			}
			r := csv.NewReader(&buf)
			r.Comma = sep
			got, err := r.ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			want := append([][]string{m.cols}, expected(m, mode)...)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("sep %q mode %s:\n got %q\nwant %q", sep, mode, got, want)
			}
		}
	}
	if err := WriteCSV(&bytes.Buffer{}, sampleRelease(), WriteOptions{Separator: '"'}); err == nil {
		t.Error("quote accepted as separator")
	}
}

func TestWriteJSONLRoundTrip(t *testing.T) {
	for _, mode := range []SuppressedMode{SuppressRemove, SuppressStar} {
		m := sampleRelease()
		var buf bytes.Buffer
		if err := WriteJSONL(&buf, m, WriteOptions{Suppressed: mode}); err != nil {
			t.Fatal(err)
		}
		var got [][]string
		sc := bufio.NewScanner(&buf)
		for sc.Scan() {
			var obj map[string]*string
			if err := json.Unmarshal(sc.Bytes(), &obj); err != nil {
				t.Fatalf("line %q: %v", sc.Text(), err)
			}
			if !strings.HasPrefix(sc.Text(), `{"zeta":`) {
				t.Errorf("keys not in column order: %s", sc.Text())
			}
			row := make([]string, len(m.cols))
			for i, c := range m.cols {
				if obj[c] != nil {
					row[i] = *obj[c]
				}
			}
			got = append(got, row)
		}
		if want := expected(m, mode); !reflect.DeepEqual(got, want) {
			t.Errorf("mode %s:\n got %q\nwant %q", mode, got, want)
		}
	}
}

// readParquet reads a file written by WriteParquet back into rows in the
// original column order, with null as "".
func readParquet(t *testing.T, data []byte) ([]string, [][]string) {
	t.Helper()
	f, err := parquet.OpenFile(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	order, ok := f.Lookup(ParquetColumnsKey)
	if !ok {
		t.Fatal("column order metadata missing")
	}
	var cols []string
	if err := json.Unmarshal([]byte(order), &cols); err != nil {
		t.Fatal(err)
	}
	leaf := make([]int, len(cols))
	for i, c := range cols {
		lc, ok := f.Schema().Lookup(c)
		if !ok {
			t.Fatalf("column %q missing", c)
		}
		leaf[i] = lc.ColumnIndex
	}
	r := parquet.NewReader(f)
	defer r.Close()
	var out [][]string
	buf := make([]parquet.Row, 64)
	for {
		n, err := r.ReadRows(buf)
		for _, row := range buf[:n] {
			vals := make([]string, len(cols))
			for i := range cols {
				if v := row[leaf[i]]; !v.IsNull() {
					vals[i] = string(v.ByteArray())
				}
			}
			out = append(out, vals)
		}
		if err != nil {
			break
		}
	}
	return cols, out
}

func TestWriteParquetRoundTrip(t *testing.T) {
	for _, mode := range []SuppressedMode{SuppressRemove, SuppressStar} {
		m := sampleRelease()
		var buf bytes.Buffer
		if err := WriteParquet(&buf, m, WriteOptions{Suppressed: mode}); err != nil {
			t.Fatal(err)
		}
		cols, got := readParquet(t, buf.Bytes())
		if !reflect.DeepEqual(cols, m.cols) {
			t.Errorf("columns %v", cols)
		}
		if want := expected(m, mode); !reflect.DeepEqual(got, want) {
			t.Errorf("mode %s:\n got %q\nwant %q", mode, got, want)
		}
	}
}

func TestWriteParquetManyRows(t *testing.T) {
	m := &memTable{cols: []string{"b", "a"}}
	for i := range 10000 {
		m.rows = append(m.rows, []string{strings.Repeat("x", i%7), string(rune('A' + i%26))})
	}
	var buf bytes.Buffer
	if err := WriteParquet(&buf, m, WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	_, got := readParquet(t, buf.Bytes())
	if !reflect.DeepEqual(got, m.rows) {
		t.Errorf("round trip of %d rows differs (got %d rows)", len(m.rows), len(got))
	}
	if err := WriteParquet(&bytes.Buffer{}, &memTable{cols: []string{"a", "a"}}, WriteOptions{}); err == nil {
		t.Error("duplicate column accepted")
	}
}

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.csv")
	if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	// A failing write leaves the old file and no temporary behind.
	_, err := WriteFile(path, sampleRelease(), WriteOptions{Format: FormatCSV, Separator: '\n'})
	if err == nil {
		t.Fatal("invalid separator accepted")
	}
	if b, _ := os.ReadFile(path); string(b) != "old" {
		t.Errorf("failed write changed the file: %q", b)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("temporary files left: %v", ents)
	}
	sum, err := WriteFile(path, sampleRelease(), WriteOptions{Format: FormatJSONL})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	h := sha256.Sum256(b)
	if sum.Records != 3 || sum.Bytes != int64(len(b)) || sum.SHA256 != hex.EncodeToString(h[:]) {
		t.Errorf("summary %+v, file has %d bytes", sum, len(b))
	}
	st, _ := os.Stat(path)
	if st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", st.Mode().Perm())
	}
}

func TestParseFormatAndMode(t *testing.T) {
	for in, want := range map[string]Format{"csv": FormatCSV, "JSONL": FormatJSONL, "json": FormatJSON, "parquet": FormatParquet} {
		if got, err := ParseFormat(in); err != nil || got != want {
			t.Errorf("ParseFormat(%q) = %v, %v", in, got, err)
		}
	}
	if _, err := ParseFormat("xlsx"); err == nil {
		t.Error("xlsx accepted")
	}
	if FormatFromPath("a/b.PARQUET") != FormatParquet || FormatFromPath("x.jsonl") != FormatJSONL || FormatFromPath("x.json") != FormatJSON || FormatFromPath("x") != FormatCSV {
		t.Error("FormatFromPath")
	}
	if _, err := ParseSuppressedMode("hide"); err == nil {
		t.Error("hide accepted")
	}
}

func TestTableReleaseWritesWholeTable(t *testing.T) {
	tb, _ := NewTable([]string{"a", "b"})
	_ = tb.AppendRow([]string{"1", "x"})
	_ = tb.AppendRow([]string{"2", "y,z"})
	_ = tb.SetRole("a", RoleIdentifying)
	var buf bytes.Buffer
	if err := WriteCSV(&buf, TableRelease(tb), WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	if got := buf.String(); got != "a,b\n1,x\n2,\"y,z\"\n" {
		t.Errorf("got %q", got)
	}
}

// xorWrap is a stand-in for encryption: the file must hold only wrapped bytes.
type xorWriter struct {
	w      io.Writer
	closed *bool
}

func (x xorWriter) Write(p []byte) (int, error) {
	q := make([]byte, len(p))
	for i, b := range p {
		q[i] = b ^ 0x5a
	}
	return x.w.Write(q)
}

func (x xorWriter) Close() error { *x.closed = true; return nil }

func TestWriteFileWrapped(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.csv.age")
	closed := false
	opts := WriteOptions{Format: FormatCSV, Wrap: func(w io.Writer) (io.WriteCloser, error) { return xorWriter{w, &closed}, nil }}
	sum, err := WriteFile(path, sampleRelease(), opts)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	if !closed || bytes.Contains(b, []byte("zeta")) || sum.Bytes != int64(len(b)) {
		t.Fatalf("wrapper not applied or not closed: closed=%v, %d bytes", closed, len(b))
	}
	for i := range b {
		b[i] ^= 0x5a
	}
	var plain bytes.Buffer
	_ = WriteCSV(&plain, sampleRelease(), WriteOptions{})
	if !bytes.Equal(b, plain.Bytes()) {
		t.Errorf("unwrapped file %q, want %q", b, plain.Bytes())
	}
}

func TestWriteJSONArray(t *testing.T) {
	for _, mode := range []SuppressedMode{SuppressRemove, SuppressStar} {
		m := sampleRelease()
		var buf bytes.Buffer
		if err := WriteJSON(&buf, m, WriteOptions{Suppressed: mode}); err != nil {
			t.Fatal(err)
		}
		var objs []map[string]*string
		if err := json.Unmarshal(buf.Bytes(), &objs); err != nil {
			t.Fatalf("not a JSON array: %v\n%s", err, buf.String())
		}
		want := expected(m, mode)
		if len(objs) != len(want) {
			t.Fatalf("%d objects, want %d", len(objs), len(want))
		}
		for i, o := range objs {
			for j, c := range m.cols {
				got := ""
				if o[c] != nil {
					got = *o[c]
				}
				if got != want[i][j] {
					t.Errorf("row %d %s = %q, want %q", i, c, got, want[i][j])
				}
			}
		}
	}
	var buf bytes.Buffer
	if err := WriteJSON(&buf, &memTable{cols: []string{"a"}}, WriteOptions{}); err != nil || buf.String() != "[\n]\n" {
		t.Errorf("empty table: %q, %v", buf.String(), err)
	}
}
