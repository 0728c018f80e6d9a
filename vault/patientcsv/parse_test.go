package patientcsv

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"custodia/vault"
	"custodia/vault/demo"
)

// at is a line and field an error must name.
type at struct {
	line  int
	field string
}

type parseCase struct {
	name    string
	input   string
	mapping string
	rows    int  // rows expected on success
	errs    []at // expected problems, in order; nil means success
	secrets []string
}

const header = "given_name,family_name,birth_date,sex,email,mrn\n"

var parseCases = []parseCase{
	{name: "comma", input: header +
		"Élise,Durand,1980-02-29,female,elise@example.org,A1\n" +
		"Jörg,Müller,1975-12-01,m,,A2\n", rows: 2},
	{name: "semicolon with BOM and CRLF", input: "\ufeffVorname;Nachname;Geburtsdatum;Geschlecht\r\n" +
		"Zofia;Wiśniewska;01.02.1990;w\r\n", rows: 1},
	{name: "quoted separator and newline", input: "given_name,family_name,birth_date,notes\n" +
		"Anna,\"de Vries, jr\",2001-05-06,\"two\nlines\"\nLuca,Rossi,1999-01-01,x\n", rows: 2},
	{name: "blank lines skipped", input: header + "\n,,,,,\nAnna,Bakker,2000-01-01,,,\n", rows: 1},
	{name: "explicit mapping and ignore", mapping: "Prénom=given_name,Nom de famille=family_name,Né le=birth_date,Internal id=-",
		input: "Prénom,Nom de famille,Né le,Internal id\nHugo,Girard,1960-07-14,17\n", rows: 1},
	{name: "bad date", input: header +
		"Anna,Bakker,2000-01-01,f,,\n" +
		"Luca,Rossi,1999-13-45,m,,\n", errs: []at{{3, "birth_date"}}, secrets: []string{"1999-13-45"}},
	{name: "missing required columns", input: "given_name,sex\nAnna,f\n",
		errs: []at{{1, ""}, {1, ""}}},
	{name: "invalid UTF-8", input: header + "Anna,Bakker,2000-01-01,f,,\nH\xe9l\xe8ne,Roussel,1970-01-01,f,,\n",
		errs: []at{{3, "given_name"}}},
	{name: "invalid UTF-8 header", input: "given_name,fam\xefly,birth_date\nAnna,Bakker,2000-01-01\n",
		errs: []at{{1, ""}}},
	{name: "line too long", input: header + "Anna,Bakker,2000-01-01,f,,\nAnna," + strings.Repeat("x", DefaultMaxLineBytes) + ",2000-01-01,f,,\n",
		errs: []at{{3, ""}}},
	{name: "wrong column count", input: header + "Anna,Bakker,2000-01-01\n", errs: []at{{2, ""}}},
	{name: "unknown and duplicate columns", input: "given_name,first_name,family_name,birth_date,shoe_size\nA,B,C,2000-01-01,44\n",
		errs: []at{{1, ""}, {1, ""}}},
	{name: "validation errors all reported", input: header +
		"Anna,Bakker,2000-01-01,f,not-an-email,\n" +
		",Rossi,2999-01-01,q,luca@example.org,\n",
		errs:    []at{{2, "email"}, {3, "sex"}, {3, "given_name"}, {3, "birth_date"}},
		secrets: []string{"not-an-email"}},
	{name: "duplicate MRN in file", input: header +
		"Anna,Bakker,2000-01-01,f,,MRN 7\nLuca,Rossi,1999-01-01,m,,mrn7\n", errs: []at{{3, "mrn"}}},
	{name: "bare quote", input: header + "An\"na,Bakker,2000-01-01,f,,\nLuca,Rossi,1999-01-01,m,,\n", errs: []at{{2, ""}}},
	{name: "no rows", input: header, errs: []at{{1, ""}}},
	{name: "no header line", input: "Élise,Durand,1980-02-29\nAnna,Bakker,2000-01-01\n",
		errs: []at{{1, ""}, {1, ""}, {1, ""}, {1, ""}, {1, ""}, {1, ""}, {1, ""}}, secrets: []string{"Élise", "Durand", "1980"}},
	{name: "empty file", input: "", errs: []at{{1, ""}}},
}

func TestParse(t *testing.T) {
	for _, tc := range parseCases {
		t.Run(tc.name, func(t *testing.T) {
			var opts Options
			if tc.mapping != "" {
				m, err := ParseMapping(tc.mapping)
				if err != nil {
					t.Fatal(err)
				}
				opts.Mapping = m
			}
			rows, err := Parse(strings.NewReader(tc.input), opts)
			if tc.errs == nil {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				if len(rows) != tc.rows {
					t.Fatalf("got %d rows, want %d", len(rows), tc.rows)
				}
				return
			}
			checkErrors(t, err, tc.errs, tc.secrets)
			if rows != nil {
				t.Fatalf("rows returned with an error")
			}
		})
	}
}

func checkErrors(t *testing.T, err error, want []at, secrets []string) {
	t.Helper()
	var perr *Error
	if !errors.As(err, &perr) || !errors.Is(err, ErrInvalid) {
		t.Fatalf("error %v is not a *Error wrapping ErrInvalid", err)
	}
	var got []at
	for _, l := range perr.Lines {
		got = append(got, at{l.Line, l.Field})
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("problems at %v, want %v\n%v", got, want, err)
	}
	for _, s := range secrets {
		if strings.Contains(err.Error(), s) {
			t.Fatalf("error repeats the value %q: %v", s, err)
		}
	}
}

func TestParseValues(t *testing.T) {
	rows, err := Parse(strings.NewReader(parseCases[1].input), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := vault.Patient{GivenName: "Zofia", FamilyName: "Wiśniewska",
		BirthDate: time.Date(1990, 2, 1, 0, 0, 0, 0, time.UTC), Sex: "female"}
	if rows[0].Line != 2 || !reflect.DeepEqual(rows[0].Patient, want) {
		t.Fatalf("got %+v", rows[0])
	}
	rows, err = Parse(strings.NewReader(parseCases[2].input), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if rows[0].Patient.Notes != "two\nlines" || rows[1].Line != 4 {
		t.Fatalf("multi-line record: got %+v", rows)
	}
}

func TestErrorCap(t *testing.T) {
	var b strings.Builder
	b.WriteString(header)
	const bad = 150
	for i := 0; i < bad; i++ {
		b.WriteString("Anna,Bakker,not-a-date,f,,\n")
	}
	_, err := Parse(strings.NewReader(b.String()), Options{MaxErrors: 10})
	var perr *Error
	if !errors.As(err, &perr) || len(perr.Lines) != 10 || perr.More != bad-10 {
		t.Fatalf("got %v", err)
	}
	if !strings.Contains(err.Error(), fmt.Sprintf("and %d more", bad-10)) || len(perr.Unwrap()) != 10 {
		t.Fatalf("message: %v", err)
	}
}

func TestParseMapping(t *testing.T) {
	m, err := ParseMapping(" Vor-Name = given_name ,Extra=-")
	if err != nil || m["vor_name"] != GivenName || m["extra"] != Ignore {
		t.Fatalf("got %v, %v", m, err)
	}
	for _, bad := range []string{"a=shoe_size", "novalue", "=given_name"} {
		if _, err := ParseMapping(bad); !errors.Is(err, ErrInvalid) {
			t.Errorf("ParseMapping(%q) = %v, want ErrInvalid", bad, err)
		}
	}
}

// TestRoundTrip writes synthetic patients with encoding/csv and parses
// them back: every field must survive, with either separator.
func TestRoundTrip(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	ps := demo.Patients(300, 5, now)
	for _, sep := range []rune{',', ';'} {
		data := writeCSV(t, ps, sep)
		rows, err := Parse(bytes.NewReader(data), Options{})
		if err != nil {
			t.Fatalf("sep %q: %v", sep, err)
		}
		if len(rows) != len(ps) {
			t.Fatalf("sep %q: %d rows, want %d", sep, len(rows), len(ps))
		}
		for i, r := range rows {
			if !reflect.DeepEqual(r.Patient, ps[i]) {
				t.Fatalf("sep %q row %d: got %+v, want %+v", sep, i, r.Patient, ps[i])
			}
		}
	}
}

// writeCSV is the test's own writer for every field, in Fields() order.
func writeCSV(tb testing.TB, ps []vault.Patient, sep rune) []byte {
	tb.Helper()
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Comma = sep
	var head []string
	for _, f := range Fields() {
		head = append(head, string(f))
	}
	_ = w.Write(head)
	for _, p := range ps {
		_ = w.Write([]string{p.GivenName, p.FamilyName, p.BirthDate.Format("2006-01-02"), p.Sex,
			p.Address, p.Postcode, p.Phone, p.Email, p.InsuranceNumber, p.MRN, p.Diagnosis, p.Notes})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func FuzzParse(f *testing.F) {
	for _, tc := range parseCases {
		f.Add([]byte(tc.input))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := Parse(bytes.NewReader(data), Options{MaxLineBytes: 4096, MaxErrors: 20})
		if err != nil {
			var perr *Error
			if !errors.As(err, &perr) || len(perr.Lines) == 0 || rows != nil {
				t.Fatalf("bad error shape: %T %v", err, err)
			}
			for _, l := range perr.Lines {
				if l.Line < 1 {
					t.Fatalf("line number %d", l.Line)
				}
			}
			return
		}
		last := 0
		for _, r := range rows {
			if r.Line <= last {
				t.Fatalf("row lines not increasing: %d after %d", r.Line, last)
			}
			last = r.Line
			if err := r.Patient.Validate(); err != nil {
				t.Fatalf("accepted an invalid patient: %v", err)
			}
		}
	})
}
