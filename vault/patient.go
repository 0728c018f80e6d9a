package vault

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Patient is one patient record. Every field except ID, Restricted, Version
// and the timestamps is stored encrypted.
type Patient struct {
	ID              string    // UUID, set by AddPatient
	GivenName       string    // required
	FamilyName      string    // required
	BirthDate       time.Time // required, UTC midnight, not in the future
	Sex             string    // "female","male","other","unknown"
	Address         string
	Postcode        string
	Phone           string
	Email           string
	InsuranceNumber string
	MRN             string // medical record number; unique when set
	Diagnosis       string // ICD-10 code(s), clinical
	Notes           string // clinical notes
	Restricted      bool   // Art. 18 restriction flag
	Version         int64  // optimistic concurrency
	CreatedAt       time.Time
	UpdatedAt       time.Time
	// LastClinicalAt is when Diagnosis or Notes were last written (the
	// "last treatment" the retention schedule counts from); zero when the
	// record never held clinical data. Set by the vault, stored in clear.
	LastClinicalAt time.Time
}

// PatientSummary is what lists and searches return: identity only, no clinical data.
type PatientSummary struct {
	ID, GivenName, FamilyName, MRN string
	BirthDate                      time.Time
	Restricted                     bool
}

// Query selects patients in FindPatients. Name matches the family name, the
// given name or "given family" after normalisation (case, accents, spaces);
// BirthDate (if not zero) narrows; MRN (if set) must match exactly (case and
// spaces ignored). At least one of Name, BirthDate, MRN must be set.
type Query struct {
	Name      string
	BirthDate time.Time
	MRN       string
}

// Field length limits in bytes.
const (
	maxShortField = 200
	maxNotes      = 64 << 10
)

// Validate checks the fields a caller can set. It returns a *ValidationError
// listing every problem; messages never repeat the values.
func (p Patient) Validate() error {
	return p.validate(time.Now())
}

func (p Patient) validate(now time.Time) error {
	var fs []FieldError
	add := ruleErrors(&fs)
	checkName(add, "GivenName", p.GivenName)
	checkName(add, "FamilyName", p.FamilyName)
	checkBirthDate(add, p.BirthDate, now)
	switch p.Sex {
	case "female", "male", "other", "unknown":
	default:
		add("Sex", RuleSex)
	}
	for _, f := range []struct{ name, value string }{
		{"Address", p.Address}, {"Postcode", p.Postcode}, {"InsuranceNumber", p.InsuranceNumber},
		{"MRN", p.MRN}, {"Diagnosis", p.Diagnosis},
	} {
		checkText(add, f.name, f.value, maxShortField, false)
	}
	checkText(add, "Notes", p.Notes, maxNotes, true)
	checkPhone(add, p.Phone)
	checkEmail(add, p.Email)
	if len(fs) > 0 {
		return &ValidationError{Fields: fs}
	}
	return nil
}

func checkName(add ruleAdder, field, v string) {
	if strings.TrimSpace(v) == "" {
		add(field, RuleRequired)
		return
	}
	checkText(add, field, v, maxShortField, false)
	checkVisible(add, field, v)
}

func checkText(add ruleAdder, field, v string, limit int, multiline bool) {
	switch {
	case len(v) > limit:
		add(field, RuleTooLong)
	case !utf8.ValidString(v):
		add(field, RuleNotUTF8)
	case hasControl(v, multiline):
		add(field, RuleControl)
	}
}

func hasControl(v string, multiline bool) bool {
	for _, r := range v {
		if multiline && (r == '\n' || r == '\t' || r == '\r') {
			continue
		}
		if unicode.IsControl(r) {
			return true
		}
	}
	return false
}

func checkBirthDate(add ruleAdder, d, now time.Time) {
	switch {
	case d.IsZero():
		add("BirthDate", RuleRequired)
	case d.Location() != time.UTC || d.Hour() != 0 || d.Minute() != 0 || d.Second() != 0 || d.Nanosecond() != 0:
		add("BirthDate", RuleUTCMidnight)
	case d.After(now):
		add("BirthDate", RuleFuture)
	case d.Year() < 1870:
		add("BirthDate", RuleTooEarly)
	}
}

func checkPhone(add ruleAdder, v string) {
	if v == "" {
		return
	}
	if len(v) > 40 {
		add("Phone", RuleTooLong)
		return
	}
	digits := 0
	for _, r := range v {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case strings.ContainsRune(" +()-./", r):
		default:
			add("Phone", RulePhoneCharacters)
			return
		}
	}
	if digits < 3 {
		add("Phone", RulePhoneDigits)
	}
}

func checkEmail(add ruleAdder, v string) {
	if v == "" {
		return
	}
	at := strings.LastIndexByte(v, '@')
	switch {
	case len(v) > 254:
		add("Email", RuleTooLong)
	case at < 1 || at == len(v)-1 || strings.ContainsAny(v, " \t\r\n<>,;\"") || !strings.Contains(v[at:], "."):
		add("Email", RuleEmail)
	}
}

func (p Patient) summary() PatientSummary {
	return PatientSummary{ID: p.ID, GivenName: p.GivenName, FamilyName: p.FamilyName, MRN: p.MRN, BirthDate: p.BirthDate, Restricted: p.Restricted}
}
