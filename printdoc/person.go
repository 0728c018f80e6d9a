package printdoc

import (
	"strings"
	"time"
)

// Person is how a patient is named on paper: family and given name and
// birth date, as the caller's role may read them. Ref is a short reference
// for when the name may not be shown (then Family and Given stay empty).
type Person struct {
	Family    string
	Given     string
	BirthDate time.Time
	Ref       string
}

// Name is "Family Given", or the reference when no name is known.
func (p Person) Name() string {
	n := strings.TrimSpace(strings.TrimSpace(p.Family) + " " + strings.TrimSpace(p.Given))
	if n == "" {
		return p.Ref
	}
	return n
}

// Salutation is "Given Family" for a letter's greeting, or the reference.
func (p Person) Salutation() string {
	n := strings.TrimSpace(strings.TrimSpace(p.Given) + " " + strings.TrimSpace(p.Family))
	if n == "" {
		return p.Ref
	}
	return n
}
