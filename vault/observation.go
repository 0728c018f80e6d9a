package vault

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Observation is one measurement of a patient: a LOINC code, a value, its
// unit and the date. Everything but ID, PatientID, Version and the write
// times is sealed under the patient's key.
type Observation struct {
	ID          string // set by the vault
	PatientID   string
	EncounterID string    // optional: the encounter it was taken at
	Date        time.Time // UTC midnight, not in the future
	Code        string    // LOINC, e.g. "29463-7" (body weight)
	Value       string    // a decimal number as recorded, e.g. "82.5"
	Unit        string    // UCUM, e.g. "kg", "mm[Hg]", "%"
	Version     int64
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

var (
	loincPattern = regexp.MustCompile(`^[0-9]{1,7}-[0-9]$`)
	valuePattern = regexp.MustCompile(`^[+-]?[0-9]{1,12}(\.[0-9]{1,6})?$`)
)

const maxUnit = 40

// ValidLOINC reports whether code has the LOINC shape (digits, a dash, a
// check digit) and its check digit is right (mod 10, as LOINC computes it).
func ValidLOINC(code string) bool {
	if !loincPattern.MatchString(code) {
		return false
	}
	body, check, _ := strings.Cut(code, "-")
	return loincCheckDigit(body) == int(check[0]-'0')
}

// loincCheckDigit is the Luhn (mod 10) check digit of the digits of body.
func loincCheckDigit(body string) int {
	sum := 0
	for i := 0; i < len(body); i++ {
		d := int(body[len(body)-1-i] - '0')
		if i%2 == 0 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return (10 - sum%10) % 10
}

// Validate checks the fields a caller sets (*ValidationError; messages
// never repeat values).
func (o Observation) Validate() error { return o.validate(time.Now()) }

func (o Observation) validate(now time.Time) error {
	var fs []FieldError
	add := ruleErrors(&fs)
	if o.PatientID == "" {
		add("PatientID", RuleRequired)
	}
	checkCareDate(add, "Date", o.Date, now)
	if !ValidLOINC(o.Code) {
		add("Code", RuleLOINC)
	}
	if !valuePattern.MatchString(o.Value) {
		add("Value", RuleDecimal)
	}
	checkText(add, "Unit", o.Unit, maxUnit, false)
	checkText(add, "EncounterID", o.EncounterID, 64, false)
	if len(fs) > 0 {
		return &ValidationError{Fields: fs}
	}
	return nil
}

func (o Observation) normalised() Observation {
	o.Code = strings.TrimSpace(o.Code)
	o.Value = strings.TrimSpace(strings.Replace(o.Value, ",", ".", 1))
	o.Unit = strings.TrimSpace(o.Unit)
	return o
}

// Number is the value as a float (0 if it does not parse; Validate refuses that).
func (o Observation) Number() float64 {
	f, _ := strconv.ParseFloat(o.Value, 64)
	return f
}

// LOINCLabel names common LOINC codes for people; "" for others.
func LOINCLabel(code string) string { return loincLabels[code] }

var loincLabels = map[string]string{
	"29463-7": "Body weight", "8302-2": "Body height", "39156-5": "Body mass index",
	"8480-6": "Systolic blood pressure", "8462-4": "Diastolic blood pressure", "8867-4": "Heart rate",
	"4548-4": "HbA1c", "2339-0": "Glucose", "2093-3": "Total cholesterol", "2085-9": "HDL cholesterol",
	"18262-6": "LDL cholesterol", "2571-8": "Triglycerides", "33914-3": "eGFR", "2160-0": "Creatinine",
	"8310-5": "Body temperature", "9279-1": "Respiratory rate", "59408-5": "Oxygen saturation",
	"72514-3": "Pain severity", "718-7": "Haemoglobin", "1751-7": "Albumin",
}

// String renders the observation for people: "2024-03-02 Body weight (29463-7): 82.5 kg".
func (o Observation) String() string {
	name := o.Code
	if l := LOINCLabel(o.Code); l != "" {
		name = l + " (" + o.Code + ")"
	}
	return strings.TrimSpace(o.Date.Format(dateLayout) + " " + name + ": " + o.Value + " " + o.Unit)
}

// parseObservationString reads back what String wrote: ok is false for
// any text String cannot have written for an observation with a valid
// LOINC code and value.
func parseObservationString(s string) (Observation, bool) {
	date, rest, found := strings.Cut(s, " ")
	name, measure, found2 := strings.Cut(rest, ": ")
	if !found || !found2 {
		return Observation{}, false
	}
	day, err := time.Parse(dateLayout, date)
	if err != nil {
		return Observation{}, false
	}
	code := name
	if open := strings.LastIndex(name, " ("); open >= 0 && strings.HasSuffix(name, ")") {
		code = name[open+2 : len(name)-1]
	}
	o := Observation{Date: day, Code: code}
	o.Value, o.Unit, _ = strings.Cut(measure, " ")
	if !loincPattern.MatchString(o.Code) || !valuePattern.MatchString(o.Value) || o.String() != s {
		return Observation{}, false
	}
	return o, true
}
