package deid

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// IdentifierKind is one of the 18 HIPAA Safe Harbor identifier kinds
// (45 CFR 164.514(b)(2)(i)(A)–(R)), with dates split into event dates,
// birth dates and ages because the rule treats them differently.
type IdentifierKind int

// The Safe Harbor identifier kinds.
const (
	KindNone        IdentifierKind = iota // not an identifier: kept
	KindName                              // (A) names
	KindGeographic                        // (B) street address, city, county, precinct, geocodes
	KindZIP                               // (B) ZIP code: first 3 digits kept unless restricted
	KindDate                              // (C) dates related to the individual: year kept
	KindBirthDate                         // (C) birth date: year kept, aggregated when age > 89
	KindAge                               // (C) age: over 89 grouped as "90+"
	KindPhone                             // (D) telephone numbers
	KindFax                               // (E) fax numbers
	KindEmail                             // (F) e-mail addresses
	KindSSN                               // (G) social security numbers
	KindMRN                               // (H) medical record numbers
	KindHealthPlan                        // (I) health plan beneficiary numbers
	KindAccount                           // (J) account numbers
	KindCertificate                       // (K) certificate/licence numbers
	KindVehicle                           // (L) vehicle identifiers, serial numbers, licence plates
	KindDevice                            // (M) device identifiers and serial numbers
	KindURL                               // (N) web URLs
	KindIP                                // (O) IP addresses
	KindBiometric                         // (P) biometric identifiers, finger and voice prints
	KindPhoto                             // (Q) full-face photographs and comparable images
	KindOtherUnique                       // (R) any other unique identifying number, characteristic or code
)

var kindNames = map[IdentifierKind]string{
	KindNone: "none", KindName: "name", KindGeographic: "geographic", KindZIP: "zip",
	KindDate: "date", KindBirthDate: "birth-date", KindAge: "age", KindPhone: "phone",
	KindFax: "fax", KindEmail: "email", KindSSN: "ssn", KindMRN: "mrn",
	KindHealthPlan: "health-plan", KindAccount: "account", KindCertificate: "certificate",
	KindVehicle: "vehicle", KindDevice: "device", KindURL: "url", KindIP: "ip",
	KindBiometric: "biometric", KindPhoto: "photo", KindOtherUnique: "other-unique",
}

// String returns the kind's configuration name, e.g. "zip" or "birth-date".
func (k IdentifierKind) String() string {
	if s, ok := kindNames[k]; ok {
		return s
	}
	return fmt.Sprintf("IdentifierKind(%d)", int(k))
}

// ErrUnknownKind is returned by ParseIdentifierKind for an unknown name.
var ErrUnknownKind = errors.New("deid: unknown identifier kind")

// IdentifierKindNames lists the identifier kinds' names, sorted.
func IdentifierKindNames() []string {
	names := make([]string, 0, len(kindNames))
	for _, n := range kindNames {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// ParseIdentifierKind parses a kind name as printed by String.
func ParseIdentifierKind(s string) (IdentifierKind, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	for k, name := range kindNames {
		if name == s {
			return k, nil
		}
	}
	names := IdentifierKindNames()
	e := inputError(ErrUnknownKind, ProblemUnknownKind, fmt.Sprintf("%q (known: %s)", s, strings.Join(names, ", ")))
	e.Value = s
	return KindNone, e
}

// RestrictedZIP3 lists the 3-digit ZIP areas with 20,000 or fewer
// inhabitants according to the 2000 census, as published in HHS's
// de-identification guidance. Their first three digits become "000".
var restrictedZIP3 = []string{
	"036", "059", "063", "102", "203", "556", "692", "790", "821",
	"823", "830", "831", "878", "879", "884", "890", "893",
}

// DefaultRestrictedZIP3 returns a fresh copy of the HHS list of restricted
// 3-digit ZIP areas (2000 census).
func DefaultRestrictedZIP3() []string {
	return append([]string(nil), restrictedZIP3...)
}

// SafeHarbor applies the HIPAA Safe Harbor method to the columns named in
// Kinds: identifiers of kinds (A), (B) except ZIP, and (D)–(R) are removed;
// ZIP codes are cut to their first three digits ("000" for restricted
// areas); dates keep only the year; ages over 89, and birth years that
// imply them, are aggregated.
type SafeHarbor struct {
	// Kinds maps column names to identifier kinds; other columns are kept.
	Kinds map[string]IdentifierKind
	// RestrictedZIP3 lists 3-digit ZIP areas with population ≤ 20,000;
	// nil means DefaultRestrictedZIP3.
	RestrictedZIP3 []string
	// Now is the reference time for ages derived from birth dates; nil
	// means time.Now.
	Now func() time.Time
}

// Apply transforms rows in place and returns the new header (removed
// columns dropped). Rows must be discarded if an error is returned.
func (s SafeHarbor) Apply(header []string, rows [][]string) ([]string, error) {
	pl, err := s.plan(header)
	if err != nil {
		return nil, err
	}
	return pl.applyRows(header, rows)
}

// ApplyTable transforms t's columns (once per distinct value); removed
// columns leave the table. On error t is unchanged.
func (s SafeHarbor) ApplyTable(t *Table) error {
	pl, err := s.plan(t.Names())
	if err != nil {
		return err
	}
	return pl.applyTable(t)
}

func (s SafeHarbor) plan(header []string) (*plan, error) {
	pl := newPlan(len(header))
	for name, kind := range s.Kinds {
		c, err := columnIndex(header, name)
		if err != nil {
			return nil, err
		}
		f, drop, err := s.valueFunc(kind)
		if err != nil {
			return nil, fmt.Errorf("%w: column %q: %w", ErrInvalidConfig, name, err)
		}
		pl.cols[c] = colPlan{drop: drop, value: f}
	}
	return pl, nil
}

// valueFunc returns the transform of kind, or drop for removed kinds.
func (s SafeHarbor) valueFunc(kind IdentifierKind) (f func(string) (string, error), drop bool, err error) {
	switch kind {
	case KindNone:
		return nil, false, nil
	case KindZIP:
		restricted := s.restrictedSet()
		return func(v string) (string, error) { return GeneralizeZIP(v, restricted) }, false, nil
	case KindDate:
		return DateYear, false, nil
	case KindBirthDate:
		ref := s.now()
		return func(v string) (string, error) { return BirthYear(v, ref) }, false, nil
	case KindAge:
		return GroupAge, false, nil
	}
	if _, ok := kindNames[kind]; !ok {
		return nil, false, fmt.Errorf("%w %d", ErrUnknownKind, int(kind))
	}
	return nil, true, nil // every other kind is removed
}

func (s SafeHarbor) restrictedSet() map[string]bool {
	list := s.RestrictedZIP3
	if list == nil {
		list = restrictedZIP3
	}
	set := make(map[string]bool, len(list))
	for _, z := range list {
		set[z] = true
	}
	return set
}

func (s SafeHarbor) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

// GeneralizeZIP keeps the first three digits of a US ZIP or ZIP+4 code and
// returns "000" when those digits are in restricted. Empty stays empty.
func GeneralizeZIP(v string, restricted map[string]bool) (string, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", nil
	}
	digits := strings.ReplaceAll(v, "-", "")
	if (len(digits) != 5 && len(digits) != 9) || !allDigits(digits) {
		return "", errNotZIP
	}
	if restricted[digits[:3]] {
		return "000", nil
	}
	return digits[:3], nil
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// DateYear returns only the year of a date. A bare year is kept as is.
func DateYear(v string) (string, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", nil
	}
	if len(v) == 4 && allDigits(v) {
		return v, nil
	}
	t, _, err := ParseDate(v)
	if err != nil {
		return "", err
	}
	return strconv.Itoa(t.Year()), nil
}

// BirthYear returns the year of a birth date, or "<=Y" (Y = the latest
// birth year that can give an age of 90 at ref) when the person may be
// older than 89, so that the year does not reveal such an age.
func BirthYear(v string, ref time.Time) (string, error) {
	y, err := DateYear(v)
	if err != nil || y == "" {
		return y, err
	}
	year, _ := strconv.Atoi(y)
	limit := ref.Year() - 90
	if year <= limit {
		return "<=" + strconv.Itoa(limit), nil
	}
	return y, nil
}

// GroupAge returns "90+" for ages over 89 and the age otherwise. Ages must
// be whole non-negative numbers.
func GroupAge(v string) (string, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", nil
	}
	age, err := strconv.Atoi(v)
	if err != nil || age < 0 {
		return "", errNotAge
	}
	if age > 89 {
		return "90+", nil
	}
	return v, nil
}
