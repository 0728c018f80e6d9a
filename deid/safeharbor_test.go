package deid

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestGeneralizeZIP(t *testing.T) {
	restricted := map[string]bool{"036": true, "893": true}
	tests := []struct{ in, want string }{
		{"02139", "021"},
		{"03601", "000"},
		{"89301-1234", "000"},
		{"941051234", "941"},
		{"", ""},
	}
	for _, tt := range tests {
		got, err := GeneralizeZIP(tt.in, restricted)
		if err != nil || got != tt.want {
			t.Errorf("GeneralizeZIP(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"1234", "ABCDE", "123456"} {
		if _, err := GeneralizeZIP(bad, restricted); err == nil {
			t.Errorf("GeneralizeZIP(%q) accepted", bad)
		}
	}
}

func TestDefaultRestrictedZIP3(t *testing.T) {
	l := DefaultRestrictedZIP3()
	if len(l) != 17 {
		t.Fatalf("%d restricted areas, HHS lists 17", len(l))
	}
	l[0] = "xxx"
	if DefaultRestrictedZIP3()[0] != "036" {
		t.Error("DefaultRestrictedZIP3 returned a shared slice")
	}
}

func TestGroupAgeAndBirthYear(t *testing.T) {
	for in, want := range map[string]string{"0": "0", "89": "89", "90": "90+", "104": "90+", " 45 ": "45", "": ""} {
		if got, err := GroupAge(in); err != nil || got != want {
			t.Errorf("GroupAge(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"-1", "4.5", "old"} {
		if _, err := GroupAge(bad); err == nil {
			t.Errorf("GroupAge(%q) accepted", bad)
		}
	}
	ref := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	for in, want := range map[string]string{
		"1990-05-17": "1990", "1937-01-01": "1937", "1936-12-31": "<=1936", "1920": "<=1936", "": "",
	} {
		if got, err := BirthYear(in, ref); err != nil || got != want {
			t.Errorf("BirthYear(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

func TestSafeHarborApply(t *testing.T) {
	header := []string{"name", "street", "zip", "birth", "admit", "age", "phone", "email", "mrn", "ip", "dx", "state"}
	rows := [][]string{
		{"Synthetic One", "1 Test St", "02139-0001", "1950-04-02", "2025-03-04", "76", "555-0100", "a@example.org", "M1", "10.0.0.1", "J18", "MA"},
		{"Synthetic Two", "2 Test St", "03601", "1930-01-01", "2025-11-30", "95", "555-0101", "b@example.org", "M2", "10.0.0.2", "I10", "NH"},
	}
	sh := SafeHarbor{
		Kinds: map[string]IdentifierKind{
			"name": KindName, "street": KindGeographic, "zip": KindZIP, "birth": KindBirthDate,
			"admit": KindDate, "age": KindAge, "phone": KindPhone, "email": KindEmail,
			"mrn": KindMRN, "ip": KindIP,
		},
		Now: func() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) },
	}
	got, err := sh.Apply(header, rows)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, ",") != "zip,birth,admit,age,dx,state" {
		t.Fatalf("header %v", got)
	}
	want := [][]string{
		{"021", "1950", "2025", "76", "J18", "MA"},
		{"000", "<=1936", "2025", "90+", "I10", "NH"},
	}
	for i := range want {
		if strings.Join(rows[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d = %v, want %v", i, rows[i], want[i])
		}
	}
}

func TestSafeHarborRemovesEveryIdentifierKind(t *testing.T) {
	removed := 0
	for k := KindName; k <= KindOtherUnique; k++ {
		sh := SafeHarbor{Kinds: map[string]IdentifierKind{"c": k}, Now: time.Now}
		h, err := sh.Apply([]string{"c", "x"}, nil)
		if err != nil {
			t.Fatalf("%v: %v", k, err)
		}
		switch k {
		case KindZIP, KindDate, KindBirthDate, KindAge:
			if len(h) != 2 {
				t.Errorf("%v should be generalised, not removed", k)
			}
		default:
			if len(h) != 1 || h[0] != "x" {
				t.Errorf("%v not removed: %v", k, h)
			}
			removed++
		}
	}
	if removed != 17 {
		t.Errorf("%d kinds removed, want 17 (A, B without ZIP, D-R)", removed)
	}
}

func TestParseIdentifierKindRoundTrip(t *testing.T) {
	for k := KindNone; k <= KindOtherUnique; k++ {
		got, err := ParseIdentifierKind(k.String())
		if err != nil || got != k {
			t.Errorf("round trip %v: %v, %v", k, got, err)
		}
	}
	if _, err := ParseIdentifierKind("shoe-size"); !errors.Is(err, ErrUnknownKind) {
		t.Errorf("err %v", err)
	}
}

func TestSafeHarborErrorNamesRowAndColumn(t *testing.T) {
	sh := SafeHarbor{Kinds: map[string]IdentifierKind{"age": KindAge}}
	_, err := sh.Apply([]string{"age"}, [][]string{{"40"}, {"forty"}})
	var te *TransformError
	if !errors.As(err, &te) || te.Row != 2 || te.Column != "age" {
		t.Fatalf("err %v, want TransformError at row 2, column age", err)
	}
	if strings.Contains(err.Error(), "forty") {
		t.Error("error leaks the value")
	}
}

func TestSafeHarborApplyTableMatchesRows(t *testing.T) {
	header := []string{"zip", "age", "phone", "visit"}
	rows := [][]string{{"02139", "91", "555-0100", "2024-05-06"}, {"89301", "40", "555-0101", "2023-01-01"}, {"02139", "40", "555-0102", "2024-07-08"}}
	sh := SafeHarbor{Kinds: map[string]IdentifierKind{"zip": KindZIP, "age": KindAge, "phone": KindPhone, "visit": KindDate}}
	tb := tableOf(t, header, rows)
	if err := sh.ApplyTable(tb); err != nil {
		t.Fatal(err)
	}
	want := cloneRows(rows)
	wh, err := sh.Apply(header, want)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(tb.Names(), ",") != strings.Join(wh, ",") || strings.Join(wh, ",") != "zip,age,visit" {
		t.Fatalf("header %v / %v", tb.Names(), wh)
	}
	for i, r := range tableRows(tb) {
		if strings.Join(r, "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d: %v, want %v", i, r, want[i])
		}
	}
	if got := tb.Columns[0].Dict; len(got) != 2 {
		t.Errorf("zip dictionary %v, want 2 distinct generalised values", got)
	}
	bad := tableOf(t, []string{"age"}, [][]string{{"3"}, {"x"}, {"x"}})
	var te *TransformError
	if err := sh2().ApplyTable(bad); !errors.As(err, &te) || te.Row != 2 {
		t.Errorf("err %v, want row 2", err)
	}
}

func sh2() SafeHarbor { return SafeHarbor{Kinds: map[string]IdentifierKind{"age": KindAge}} }

func FuzzGeneralizeZIP(f *testing.F) {
	for _, s := range []string{"02139", "03601", "89301-1234", "941051234", "", "1234", "ABCDE"} {
		f.Add(s)
	}
	restricted := map[string]bool{"036": true}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := GeneralizeZIP(s, restricted)
		if err != nil {
			return
		}
		if got != "" && (len(got) != 3 || !allDigits(got)) {
			t.Fatalf("GeneralizeZIP(%q) = %q", s, got)
		}
	})
}

func FuzzGroupAge(f *testing.F) {
	for _, s := range []string{"0", "89", "90", "104", " 45 ", "", "-1", "4.5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := GroupAge(s)
		if err != nil || got == "" || got == "90+" {
			return
		}
		if n, err := strconv.Atoi(got); err != nil || n > 89 || n < 0 {
			t.Fatalf("GroupAge(%q) = %q", s, got)
		}
	})
}
