package deid

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"errors"
	"strings"
	"testing"
	"time"
)

func testKey(b byte) []byte { return bytes.Repeat([]byte{b}, 32) }

func TestPseudonymShapeAndStability(t *testing.T) {
	p, err := NewPseudonymizer(testKey(1), "P-", 0)
	if err != nil {
		t.Fatal(err)
	}
	a := p.Pseudonym("MRN-0001")
	if len(a) != 22 || !strings.HasPrefix(a, "P-") {
		t.Fatalf("pseudonym %q: want prefix P- and 20 base32 chars", a)
	}
	if b := p.Pseudonym("MRN-0001"); a != b {
		t.Errorf("not stable: %q vs %q", a, b)
	}
	if p.Pseudonym("MRN-0002") == a {
		t.Error("different inputs gave the same pseudonym")
	}
	// Independent oracle: HMAC-SHA256 over label||value, base32, truncated.
	h := hmac.New(sha256.New, testKey(1))
	h.Write([]byte("custodia/deid/pseudonym/v1\x00MRN-0001"))
	want := "P-" + base32.StdEncoding.EncodeToString(h.Sum(nil))[:20]
	if a != want {
		t.Errorf("pseudonym %q, want %q", a, want)
	}
	other, _ := NewPseudonymizer(testKey(2), "P-", 0)
	if other.Pseudonym("MRN-0001") == a {
		t.Error("two study keys gave the same pseudonym")
	}
	if p.Pseudonym("") != "" {
		t.Error("empty value should stay empty")
	}
}

func TestNewPseudonymizerRejects(t *testing.T) {
	if _, err := NewPseudonymizer(make([]byte, 31), "", 0); !errors.Is(err, ErrPseudoKey) {
		t.Errorf("short key: err %v, want ErrPseudoKey", err)
	}
	if _, err := NewPseudonymizer(testKey(1), "", 53); err == nil {
		t.Error("length 53 accepted")
	}
}

func TestDateShiftRangeAndSpread(t *testing.T) {
	p, _ := NewPseudonymizer(testKey(3), "", 0)
	const max = 30
	seen := map[int]bool{}
	for i := range 5000 {
		d := p.DateShiftDays(p.Pseudonym(string(rune('a'+i%26))+strings.Repeat("x", i)), max)
		if d == 0 || d < -max || d > max {
			t.Fatalf("shift %d outside ±%d or zero", d, max)
		}
		seen[d] = true
	}
	if len(seen) != 2*max {
		t.Errorf("saw %d distinct shifts, want all %d", len(seen), 2*max)
	}
	if p.DateShiftDays("x", 0) != 0 {
		t.Error("maxDays 0 should give 0")
	}
}

func TestShiftDateKeepsLayout(t *testing.T) {
	tests := []struct {
		in   string
		days int
		want string
	}{
		{"2024-02-28", 2, "2024-03-01"},
		{"2024-03-01", -1, "2024-02-29"},
		{"28.02.2023", 1, "01.03.2023"},
		{"12/31/2020", 1, "01/01/2021"},
		{"20200101", -1, "20191231"},
		{"2020-01-01T10:00:00Z", 10, "2020-01-11T10:00:00Z"},
		{"2020-01-01 10:00:00", -1, "2019-12-31 10:00:00"},
		{"", 5, ""},
	}
	for _, tt := range tests {
		got, err := ShiftDate(tt.in, tt.days)
		if err != nil || got != tt.want {
			t.Errorf("ShiftDate(%q,%d) = %q, %v; want %q", tt.in, tt.days, got, err, tt.want)
		}
	}
	if _, err := ShiftDate("yesterday", 1); err == nil {
		t.Error("non-date accepted")
	}
}

func TestPseudoApply(t *testing.T) {
	p, _ := NewPseudonymizer(testKey(4), "S1-", 12)
	header := []string{"id", "name", "admit", "discharge", "dx"}
	rows := [][]string{
		{"pat-1", "Synthetic A", "2024-01-10", "2024-01-15", "J18"},
		{"pat-2", "Synthetic B", "2024-03-01", "2024-03-02", "I10"},
		{"pat-1", "Synthetic A", "2024-06-01", "2024-06-03", "E11"},
	}
	cfg := PseudoConfig{
		Actions: map[string]ColumnAction{
			"id": ActionPseudonymize, "name": ActionRemove,
			"admit": ActionShiftDate, "discharge": ActionShiftDate,
		},
		RecordColumn: "id", MaxShiftDays: 365,
	}
	got, err := p.Apply(header, rows, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, ",") != "id,admit,discharge,dx" {
		t.Fatalf("header %v", got)
	}
	if rows[0][0] != p.Pseudonym("pat-1") || rows[0][0] != rows[2][0] || rows[1][0] == rows[0][0] {
		t.Errorf("ids not pseudonymised consistently: %v", rows)
	}
	shift1 := p.DateShiftDays(p.Pseudonym("pat-1"), 365)
	for _, r := range []int{0, 2} {
		for c, orig := range map[int]string{1: []string{"2024-01-10", "", "2024-06-01"}[r], 2: []string{"2024-01-15", "", "2024-06-03"}[r]} {
			want, _ := ShiftDate(orig, shift1)
			if rows[r][c] != want {
				t.Errorf("row %d col %d = %s, want %s (shift %d)", r, c, rows[r][c], want, shift1)
			}
		}
	}
	// Intervals within a record are preserved.
	a, _, _ := ParseDate(rows[1][1])
	d, _, _ := ParseDate(rows[1][2])
	if d.Sub(a) != 24*time.Hour {
		t.Errorf("interval changed: %v", d.Sub(a))
	}
	for _, r := range rows {
		for _, v := range r {
			if strings.Contains(v, "Synthetic") {
				t.Errorf("name left in output: row %v", r)
			}
		}
	}
}

func TestPseudoApplyErrors(t *testing.T) {
	p, _ := NewPseudonymizer(testKey(4), "", 0)
	header := []string{"id", "d"}
	tests := []struct {
		name string
		rows [][]string
		cfg  PseudoConfig
		want string
	}{
		{"unknown column", [][]string{{"1", "2024-01-01"}}, PseudoConfig{Actions: map[string]ColumnAction{"zz": ActionRemove}}, `no column "zz"`},
		{"no record column", [][]string{{"1", "2024-01-01"}}, PseudoConfig{Actions: map[string]ColumnAction{"d": ActionShiftDate}, MaxShiftDays: 3}, "record column"},
		{"bad date", [][]string{{"1", "2024-01-01"}, {"2", "soon"}}, PseudoConfig{Actions: map[string]ColumnAction{"d": ActionShiftDate}, RecordColumn: "id", MaxShiftDays: 3}, `row 2, column "d"`},
		{"short row", [][]string{{"1"}}, PseudoConfig{}, "row 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := p.Apply(header, tt.rows, tt.cfg)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err %v, want containing %q", err, tt.want)
			}
			if err != nil && strings.Contains(err.Error(), "soon") {
				t.Errorf("error leaks the value: %v", err)
			}
		})
	}
}

// tableOf builds a Table from a header and rows.
func tableOf(t *testing.T, header []string, rows [][]string) *Table {
	t.Helper()
	tb, err := NewTable(header)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if err := tb.AppendRow(r); err != nil {
			t.Fatal(err)
		}
	}
	return tb
}

func tableRows(tb *Table) [][]string {
	out := make([][]string, tb.Rows())
	for i := range out {
		out[i] = tb.Row(i)
	}
	return out
}

func cloneRows(rows [][]string) [][]string {
	out := make([][]string, len(rows))
	for i, r := range rows {
		out[i] = append([]string(nil), r...)
	}
	return out
}

// The table path (once per distinct value) must agree with the row path.
func TestPseudoApplyTableMatchesRows(t *testing.T) {
	p, _ := NewPseudonymizer(testKey(5), "X", 0)
	header := []string{"id", "name", "d", "dx"}
	rows := [][]string{
		{"a", "N1", "2024-01-01", "J1"}, {"b", "N2", "2024-01-01", "J1"},
		{"a", "N1", "2024-02-01", "J2"}, {"c", "N3", "2023-12-31", "J1"},
	}
	cfg := PseudoConfig{Actions: map[string]ColumnAction{"id": ActionPseudonymize, "name": ActionRemove, "d": ActionShiftDate}, RecordColumn: "id", MaxShiftDays: 100}
	tb := tableOf(t, header, rows)
	if err := p.ApplyTable(tb, cfg); err != nil {
		t.Fatal(err)
	}
	wantRows := cloneRows(rows)
	wantHeader, err := p.Apply(header, wantRows, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(tb.Names(), ",") != strings.Join(wantHeader, ",") {
		t.Errorf("header %v, want %v", tb.Names(), wantHeader)
	}
	got := tableRows(tb)
	for i := range got {
		if strings.Join(got[i], "|") != strings.Join(wantRows[i], "|") {
			t.Errorf("row %d: %v, want %v", i, got[i], wantRows[i])
		}
	}
	bad := tableOf(t, header, [][]string{{"a", "x", "2024-01-01", "J"}, {"b", "y", "never", "J"}})
	err = p.ApplyTable(bad, cfg)
	var te *TransformError
	if !errors.As(err, &te) || te.Row != 2 || te.Column != "d" {
		t.Errorf("err %v, want TransformError row 2 column d", err)
	}
	if len(bad.Columns) != 4 {
		t.Error("failed ApplyTable changed the table")
	}
}

// Shifting a date and shifting it back gives the original value.
func FuzzShiftDateRoundTrip(f *testing.F) {
	for _, s := range []string{"2024-02-28", "28.02.2023", "12/31/2020", "20200101", "2020-01-01T10:00:00Z", "2020-01-01 10:00:00", "x"} {
		f.Add(s, 30)
	}
	f.Fuzz(func(t *testing.T, s string, days int) {
		days %= 3650
		shifted, err := ShiftDate(s, days)
		if err != nil || strings.TrimSpace(s) == "" {
			return
		}
		back, err := ShiftDate(shifted, -days)
		if err != nil {
			t.Fatalf("shifted %q to %q, which does not parse: %v", s, shifted, err)
		}
		t0, _, _ := ParseDate(s)
		t1, _, _ := ParseDate(back)
		if !t0.Equal(t1) {
			t.Fatalf("%q +%d -%d = %q", s, days, days, back)
		}
	})
}

func TestKeyID(t *testing.T) {
	a, _ := NewPseudonymizer(testKey(1), "", 0)
	b, _ := NewPseudonymizer(testKey(2), "", 0)
	again, _ := NewPseudonymizer(testKey(1), "other-prefix", 0)
	if len(a.KeyID()) != 16 || a.KeyID() == b.KeyID() || a.KeyID() != again.KeyID() {
		t.Errorf("key ids %q %q", a.KeyID(), b.KeyID())
	}
	if strings.Contains(a.KeyID(), hex.EncodeToString(testKey(1))[:8]) {
		t.Error("key id reveals the key")
	}
}

func TestNoGeneralization(t *testing.T) {
	tb := tableOf(t, []string{"id", "age", "sex", "dx"}, [][]string{
		{"1", "30", "F", "a"}, {"2", "30", "F", "b"}, {"3", "40", "M", "a"}, {"4", "30", "F", "a"},
	})
	_ = tb.SetRole("id", RoleIdentifying)
	_ = tb.SetRole("age", RoleQuasiIdentifying)
	_ = tb.SetRole("sex", RoleQuasiIdentifying)
	res, err := NoGeneralization(context.Background(), tb, Config{})
	if err != nil {
		t.Fatal(err)
	}
	// Classes {30,F}×3 and {40,M}×1.
	if res.Classes != 2 || res.Metrics.DM != 10 || res.RiskAfter.SampleUniques != 1 || res.RiskAfter.ProsecutorMax != 1 {
		t.Errorf("classes %d DM %g risk %+v", res.Classes, res.Metrics.DM, res.RiskAfter)
	}
	if strings.Join(res.Output.Names(), ",") != "age,sex,dx" || res.Output.Rows() != 4 || res.Output.Value(2, 0) != "40" {
		t.Errorf("output %v", res.Output.Names())
	}
	for _, q := range res.Transformation {
		if q.Level != 0 {
			t.Errorf("%s generalised to %d", q.Column, q.Level)
		}
	}
	if _, err := NoGeneralization(context.Background(), tableOf(t, []string{"a"}, [][]string{{"x"}}), Config{}); !errors.Is(err, ErrInvalidConfig) {
		t.Errorf("no QI: err %v", err)
	}
}
