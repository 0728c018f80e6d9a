package demo

import (
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

var testNow = time.Date(2026, 3, 15, 10, 30, 0, 0, time.UTC)

func TestPatientsDeterministic(t *testing.T) {
	a := Patients(200, 7, testNow)
	b := Patients(200, 7, testNow)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("same seed gave different patients")
	}
	c := Patients(200, 8, testNow)
	if reflect.DeepEqual(a, c) {
		t.Fatal("different seeds gave the same patients")
	}
	if p := Patients(50, 7, testNow); !reflect.DeepEqual(p, a[:50]) {
		t.Fatal("a shorter list is not a prefix of a longer one")
	}
}

func TestPatientsValid(t *testing.T) {
	ps := Patients(2000, 1, testNow)
	mrns := map[string]bool{}
	emails := map[string]bool{}
	for i, p := range ps {
		if err := p.Validate(); err != nil {
			t.Fatalf("patient %d invalid: %v", i, err)
		}
		if p.BirthDate.After(testNow) || p.BirthDate.Location() != time.UTC || p.BirthDate.Hour() != 0 {
			t.Fatalf("patient %d: bad birth date %v", i, p.BirthDate)
		}
		if mrns[p.MRN] || emails[p.Email] {
			t.Fatalf("patient %d: duplicate MRN or e-mail", i)
		}
		mrns[p.MRN], emails[p.Email] = true, true
		if !strings.HasSuffix(p.Email, "@example.org") && !strings.HasSuffix(p.Email, "@example.net") {
			t.Fatalf("patient %d: e-mail outside the example domains", i)
		}
		if len(p.Postcode) != 5 || strings.Trim(p.Postcode, "0123456789") != "" {
			t.Fatalf("patient %d: postcode is not 5 digits", i)
		}
		if !strings.HasPrefix(p.InsuranceNumber, "DEMO") || !strings.HasPrefix(p.MRN, "DEMO-") {
			t.Fatalf("patient %d: identifiers not marked as demo", i)
		}
	}
}

func TestPatientsVariety(t *testing.T) {
	ps := Patients(2000, 1, testNow)
	sexes := map[string]int{}
	accented := 0
	for _, p := range ps {
		sexes[p.Sex]++
		if utf8.RuneCountInString(p.GivenName+p.FamilyName) != len(p.GivenName+p.FamilyName) {
			accented++
		}
	}
	for _, s := range []string{"female", "male", "other", "unknown"} {
		if sexes[s] == 0 {
			t.Errorf("no patient with sex %q", s)
		}
	}
	if accented < len(ps)/10 {
		t.Errorf("only %d of %d names have accents", accented, len(ps))
	}
}

// TestAgeDistribution checks each band's share against its weight; with
// 20,000 draws a share off by more than 1.5 percentage points means the
// drawing is wrong, not unlucky.
func TestAgeDistribution(t *testing.T) {
	const n = 20000
	ps := Patients(n, 3, testNow)
	counts := make([]int, len(ageBands))
	total := 0
	for _, b := range ageBands {
		total += b.weight
	}
	for _, p := range ps {
		age := ageAt(p.BirthDate, testNow)
		band := -1
		for i, b := range ageBands {
			if age >= b.min && age <= b.max {
				band = i
			}
		}
		if band < 0 {
			t.Fatalf("age %d outside every band", age)
		}
		counts[band]++
	}
	for i, b := range ageBands {
		got := float64(counts[i]) / n
		want := float64(b.weight) / float64(total)
		if got < want-0.015 || got > want+0.015 {
			t.Errorf("ages %d-%d: share %.3f, want %.3f", b.min, b.max, got, want)
		}
	}
}

func ageAt(birth, now time.Time) int {
	age := now.Year() - birth.Year()
	if now.YearDay() < birth.YearDay() {
		age--
	}
	return age
}

func TestMailPart(t *testing.T) {
	for in, want := range map[string]string{
		"Élise": "elise", "Weiß": "weiss", "de Vries": "devries", "O'Brien": "obrien",
		"Małgorzata": "malgorzata", "Müller": "mueller", "Ólafur": "olafur", "": "x",
	} {
		if got := mailPart(in); got != want {
			t.Errorf("mailPart(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestUsersCoverEveryRole(t *testing.T) {
	seen := map[string]bool{}
	for _, u := range Users() {
		if seen[string(u.Role)] || u.Passphrase == "" || u.Name == "" {
			t.Fatalf("bad demo user %+v", u)
		}
		seen[string(u.Role)] = true
	}
	if len(seen) != 5 || Users()[0].Name != AdminName {
		t.Fatalf("demo users: %+v", Users())
	}
}
