package patientcsv

import (
	"errors"
	"strings"
	"testing"
)

// Every value SexValues lists (in any case) is read as its code, and a
// value it does not list is a problem: the list the messages and the
// documentation offer is exactly what the importer does.
func TestSexValuesAreWhatParseAccepts(t *testing.T) {
	for v, code := range SexValues() {
		for _, written := range []string{v, strings.ToUpper(v)} {
			rows, err := Parse(strings.NewReader("given_name,family_name,birth_date,sex\nAnna,Beispiel,1980-01-01,"+written+"\n"), Options{})
			if err != nil || len(rows) != 1 || rows[0].Patient.Sex != code {
				t.Errorf("%q: %v %v, want %s", written, rows, err, code)
			}
		}
	}
	for _, bad := range []string{"q", "fem", "mw", "?"} {
		if _, ok := SexValues()[bad]; ok {
			t.Fatalf("%q is listed", bad)
		}
		if _, err := Parse(strings.NewReader("given_name,family_name,birth_date,sex\nAnna,Beispiel,1980-01-01,"+bad+"\n"), Options{}); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// A bad mapping entry is a typed *MappingError (the front ends word it),
// still ErrInvalid: an unknown field names it, a malformed entry does not.
func TestMappingErrorsAreTyped(t *testing.T) {
	for in, field := range map[string]string{"Geb=birthday": "birthday", "Vorname": "", "=given_name": ""} {
		_, err := ParseMapping(in)
		var me *MappingError
		if !errors.As(err, &me) || !errors.Is(err, ErrInvalid) || me.Field != field {
			t.Errorf("%q: %v", in, err)
		}
	}
}
