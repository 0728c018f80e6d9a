package deid

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
)

var csvCases = []struct {
	name    string
	in      string
	opt     CSVOptions
	wantErr string
	rows    int
	cols    int
}{
	{"comma", "a,b\n1,2\n3,4\n", CSVOptions{}, "", 2, 2},
	{"semicolon", "a;b\n1;2\n", CSVOptions{Separator: ';'}, "", 1, 2},
	{"tab", "a\tb\n1\t2\n", CSVOptions{Separator: '\t'}, "", 1, 2},
	{"no header", "1,2\n3,4\n", CSVOptions{NoHeader: true}, "", 2, 2},
	{"quoted", "a,b\n\"x,y\",\"he said \"\"hi\"\"\"\n", CSVOptions{}, "", 1, 2},
	{"bom", "\ufeffa,b\n1,2\n", CSVOptions{}, "", 1, 2},
	{"crlf", "a,b\r\n1,2\r\n", CSVOptions{}, "", 1, 2},
	{"header only", "a,b\n", CSVOptions{}, "", 0, 2},
	{"empty", "", CSVOptions{}, "empty input", 0, 0},
	{"ragged", "a,b\n1,2\n3\n", CSVOptions{}, "line 3: 1 fields, want 2", 0, 0},
	{"ragged after blank", "a,b\n1,2\n\n3,4,5\n", CSVOptions{}, "line 4: 3 fields, want 2", 0, 0},
	{"bad quote", "a,b\n1,\"2\n", CSVOptions{}, "line 2", 0, 0},
	{"duplicate header", "a,a\n1,2\n", CSVOptions{}, "duplicate name", 0, 0},
	{"empty header", "a,\n1,2\n", CSVOptions{}, "column 2 has no name", 0, 0},
}

func TestReadCSV(t *testing.T) {
	for _, c := range csvCases {
		t.Run(c.name, func(t *testing.T) {
			tab, err := ReadCSV(context.Background(), strings.NewReader(c.in), c.opt)
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) || !errors.Is(err, ErrInvalidTable) {
					t.Fatalf("err = %v, want ErrInvalidTable containing %q", err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tab.Rows() != c.rows || len(tab.Columns) != c.cols {
				t.Fatalf("%d rows %d columns", tab.Rows(), len(tab.Columns))
			}
		})
	}
}

func TestReadCSVValuesAndDictionary(t *testing.T) {
	tab, err := ReadCSV(context.Background(), strings.NewReader("\ufeffzip,sex\n10115,F\n10117,M\n10115,M\n"), CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if tab.Names()[0] != "zip" {
		t.Fatalf("BOM kept in header: %q", tab.Names()[0])
	}
	z := tab.Column("zip")
	if len(z.Dict) != 2 || z.Codes[0] != z.Codes[2] || tab.Value(1, 0) != "10117" || strings.Join(tab.Row(2), "|") != "10115|M" {
		t.Fatalf("dictionary %v codes %v", z.Dict, z.Codes)
	}
	if c, ok := z.Lookup("10117"); !ok || c != 1 {
		t.Fatal("lookup")
	}
	if _, ok := z.Lookup("99999"); ok {
		t.Fatal("lookup of absent value")
	}
	if got := z.Counts(); got[0] != 2 || got[1] != 1 {
		t.Fatalf("counts %v", got)
	}
}

func TestReadCSVErrorsNeverQuoteValues(t *testing.T) {
	_, err := ReadCSV(context.Background(), strings.NewReader("name,x\nAlice Example,1,2\n"), CSVOptions{})
	if err == nil || strings.Contains(err.Error(), "Alice") {
		t.Fatalf("err = %v", err)
	}
	_, err = ReadCSV(context.Background(), strings.NewReader("name,x\n\"Alice\"Example,1\n"), CSVOptions{})
	if err == nil || strings.Contains(err.Error(), "Alice") {
		t.Fatalf("err = %v", err)
	}
}

type progressLog struct{ calls []int64 }

func (p *progressLog) Report(stage string, done, total int64) { p.calls = append(p.calls, done) }

func TestReadCSVCancelAndProgress(t *testing.T) {
	var b strings.Builder
	b.WriteString("a,b\n")
	for i := 0; i < 70000; i++ {
		b.WriteString("1,2\n")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ReadCSV(ctx, strings.NewReader(b.String()), CSVOptions{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	var p progressLog
	tab, err := ReadCSV(context.Background(), strings.NewReader(b.String()), CSVOptions{Progress: &p})
	if err != nil || tab.Rows() != 70000 {
		t.Fatal(err)
	}
	// One report per block of input, rising, then the total.
	if len(p.calls) < 2 || p.calls[len(p.calls)-1] != 70000 || !slices.IsSorted(p.calls) {
		t.Fatalf("progress %v", p.calls)
	}
}

func TestSetTypeAndRole(t *testing.T) {
	tab, _ := ReadCSV(context.Background(), strings.NewReader("age,born\n34,1990-01-02\nx,1991-02-30\n"), CSVOptions{})
	err := tab.SetType("age", TypeInteger)
	if !errors.Is(err, ErrInvalidTable) || !strings.Contains(err.Error(), "record 2") {
		t.Fatalf("err = %v", err)
	}
	if err := tab.SetType("born", TypeDate); err == nil || !strings.Contains(err.Error(), "record 2") {
		t.Fatalf("invalid date accepted: %v", err)
	}
	if err := tab.SetRole("nope", RoleSensitive); !errors.Is(err, ErrInvalidConfig) {
		t.Fatalf("err = %v", err)
	}
	for _, s := range []string{"qi", "quasi-identifying", "sensitive", "identifying", "insensitive"} {
		r, err := ParseRole(s)
		if err != nil {
			t.Fatal(err)
		}
		if back, _ := ParseRole(r.String()); back != r {
			t.Fatalf("role %q round trip", s)
		}
	}
	for _, typ := range []Type{TypeString, TypeOrderedString, TypeInteger, TypeDecimal, TypeDate} {
		if back, err := ParseType(typ.String()); err != nil || back != typ {
			t.Fatalf("type %v round trip", typ)
		}
	}
	if _, err := ParseType("blob"); !errors.Is(err, ErrInvalidConfig) {
		t.Fatal(err)
	}
}

// FuzzReadCSV: the reader never panics, errors are ErrInvalidTable, and an
// accepted table is rectangular with codes inside its dictionaries.
func FuzzReadCSV(f *testing.F) {
	for _, c := range csvCases {
		f.Add(c.in, c.opt.Separator == ';')
	}
	f.Fuzz(func(t *testing.T, in string, semi bool) {
		opt := CSVOptions{}
		if semi {
			opt.Separator = ';'
		}
		tab, err := ReadCSV(context.Background(), strings.NewReader(in), opt)
		if err != nil {
			if !errors.Is(err, ErrInvalidTable) {
				t.Fatalf("error %v is not ErrInvalidTable", err)
			}
			return
		}
		for _, c := range tab.Columns {
			if len(c.Codes) != tab.Rows() {
				t.Fatal("ragged table")
			}
			for _, code := range c.Codes {
				if int(code) >= len(c.Dict) {
					t.Fatal("code outside dictionary")
				}
			}
		}
	})
}
