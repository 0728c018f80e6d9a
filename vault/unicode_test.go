package vault

import (
	"errors"
	"testing"
	"time"
	"unicode"
)

func TestInvisibleCharactersRefused(t *testing.T) {
	_, s := NewTestVault(t)
	for _, name := range []string{"Mül\u200bler", "Mül\u202eler", "Mül\u2066ler", "Mül\u00adler", "\ufeffMüller", "Mül\u200dler", "Mül\u2028ler"} {
		p := Patient{GivenName: "Anna", FamilyName: name, BirthDate: time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC), Sex: "female"}
		var ve *ValidationError
		if _, err := s.AddPatient(p); !errors.As(err, &ve) || ve.Fields[0].Field != "FamilyName" {
			t.Errorf("family name %+q: %v", name, err)
		}
		if _, err := s.AddUser("dem"+name, RoleClinician, []byte("Clinic-Lantern-Orchard-7")); !errors.Is(err, ErrValidation) {
			t.Errorf("user name %+q: %v", name, err)
		}
	}
	// A Persian name with a zero-width non-joiner is correct spelling.
	p := Patient{GivenName: "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645", FamilyName: "Rahimi", BirthDate: time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC), Sex: "male"}
	if _, err := s.AddPatient(p); err != nil {
		t.Errorf("Persian name with ZWNJ refused: %v", err)
	}
	// Every format character is caught (exhaustive over the BMP).
	for r := rune(0); r < 0x10000; r++ {
		if unicode.Is(unicode.Cf, r) && r != 0x200C && r != 0x200D {
			if _, ok := invisibleRune("a" + string(r) + "b"); !ok {
				t.Fatalf("U+%04X not caught", r)
			}
		}
	}
}
