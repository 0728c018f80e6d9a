package demo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"custodia/vault"
)

// condition is a diagnosis the demo gives patients, with who gets it and
// when it is seen; its text is the German name (ICD-10-GM), the language
// of the demo practice.
type condition struct {
	code, text string
	// chance returns the probability that a patient of this age and sex has it.
	chance  func(age int, sex string) float64
	chronic bool // seen again at follow-up visits
	// months in which an episode is seen (nil: any month).
	season []time.Month
}

var winter = []time.Month{time.October, time.November, time.December, time.January, time.February, time.March}

// chronicConditions rise with age (rough primary-care prevalences).
var chronicConditions = []condition{
	{"I10", "Essentielle Hypertonie", func(a int, _ string) float64 { return ramp(a, 30, 80, 0.02, 0.6) }, true, nil},
	{"E11.9", "Diabetes mellitus Typ 2", func(a int, _ string) float64 { return ramp(a, 35, 80, 0.01, 0.22) }, true, nil},
	{"E78.5", "Hyperlipidämie", func(a int, _ string) float64 { return ramp(a, 35, 75, 0.02, 0.3) }, true, nil},
	{"J45.9", "Asthma bronchiale", func(a int, _ string) float64 { return 0.07 }, true, nil},
	{"J44.9", "Chronische obstruktive Lungenkrankheit", func(a int, _ string) float64 { return ramp(a, 45, 85, 0, 0.12) }, true, winter},
	{"M17.1", "Primäre Gonarthrose", func(a int, _ string) float64 { return ramp(a, 50, 85, 0, 0.25) }, true, nil},
	{"E03.9", "Hypothyreose", func(a int, s string) float64 { return ifSex(s, "female", ramp(a, 25, 80, 0.01, 0.1), 0.01) }, true, nil},
	{"F32.9", "Depressive Episode", func(a int, _ string) float64 { return ramp(a, 15, 40, 0, 0.08) }, true, nil},
	{"I48.9", "Vorhofflimmern", func(a int, _ string) float64 { return ramp(a, 60, 90, 0, 0.12) }, true, nil},
	{"I25.1", "Atherosklerotische Herzkrankheit", func(a int, s string) float64 {
		return ifSex(s, "male", ramp(a, 50, 85, 0, 0.15), ramp(a, 60, 90, 0, 0.08))
	}, true, nil},
	{"G43.9", "Migräne", func(a int, s string) float64 { return ifSex(s, "female", ramp(a, 12, 50, 0.02, 0.12), 0.04) }, true, nil},
}

// episodes are acute reasons for a visit.
var episodes = []condition{
	{"J06.9", "Akute Infektion der oberen Atemwege", func(int, string) float64 { return 1 }, false, winter},
	{"J20.9", "Akute Bronchitis", func(int, string) float64 { return 0.4 }, false, winter},
	{"J02.9", "Akute Pharyngitis", func(int, string) float64 { return 0.4 }, false, winter},
	{"B34.9", "Virusinfektion", func(int, string) float64 { return 0.4 }, false, winter},
	{"H66.9", "Otitis media", func(a int, _ string) float64 { return ramp(a, 12, 2, 0.05, 0.8) }, false, winter},
	{"J30.4", "Allergische Rhinopathie", func(int, string) float64 { return 0.35 }, false, []time.Month{time.April, time.May, time.June}},
	{"A09", "Gastroenteritis", func(int, string) float64 { return 0.35 }, false, nil},
	{"N39.0", "Harnwegsinfektion", func(_ int, s string) float64 { return ifSex(s, "female", 0.5, 0.08) }, false, nil},
	{"M54.5", "Kreuzschmerz", func(a int, _ string) float64 { return ramp(a, 18, 60, 0.05, 0.5) }, false, nil},
	{"L20.9", "Atopisches Ekzem", func(a int, _ string) float64 { return ramp(a, 30, 2, 0.05, 0.3) }, false, nil},
	{"H10.9", "Konjunktivitis", func(int, string) float64 { return 0.15 }, false, nil},
	{"R51", "Kopfschmerz", func(int, string) float64 { return 0.15 }, false, nil},
	{"S93.4", "Verstauchung des oberen Sprunggelenks", func(a int, _ string) float64 { return ramp(a, 50, 15, 0.02, 0.2) }, false, []time.Month{time.May, time.June, time.July, time.August, time.September}},
	{"Z34.9", "Überwachung einer normalen Schwangerschaft", func(a int, s string) float64 { return ifSex(s, "female", band(a, 20, 42, 0.12), 0) }, false, nil},
	{"Z00.0", "Allgemeine ärztliche Untersuchung", func(a int, _ string) float64 { return ramp(a, 18, 70, 0.2, 0.5) }, false, nil},
	{"Z00.1", "Vorsorgeuntersuchung beim Kind", func(a int, _ string) float64 { return band(a, 0, 17, 1.2) }, false, nil},
}

// ramp rises linearly from lo at age a0 to hi at age a1 (or falls, when a1 < a0).
func ramp(age, a0, a1 int, lo, hi float64) float64 {
	t := float64(age-a0) / float64(a1-a0)
	return lo + (hi-lo)*math.Max(0, math.Min(1, t))
}

func ifSex(sex, want string, yes, no float64) float64 {
	if sex == want {
		return yes
	}
	return no
}

func band(age, lo, hi int, p float64) float64 {
	if age >= lo && age <= hi {
		return p
	}
	return 0
}

// formerPerMille of the patients left the practice 11 years ago or more:
// their records are past the 10-year retention period.
const formerPerMille = 30

// Records returns Patients(n, seed, now) with their clinical history: for
// each patient the chronic conditions of their age and sex, follow-up
// visits for them, acute episodes in their season (respiratory infections
// in winter, hay fever in spring), observations at visits (weight, blood
// pressure for adults, HbA1c for diabetics) over the last five years
// (11 to 15 years ago for the 3 % former patients). The
// single Diagnosis field is left empty: diagnoses live in encounters.
func Records(n int, seed int64, now time.Time) []vault.PatientRecord {
	ps := Patients(n, seed, now)
	rng := rand.New(rand.NewPCG(uint64(seed), 0x636c696e6963616c))
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	out := make([]vault.PatientRecord, n)
	for i, p := range ps {
		p.Diagnosis = ""
		out[i] = history(rng, p, today)
		if !seenSince(out[i], today.AddDate(-1, 0, 0)) {
			// Writing notes counts as treatment today; only patients seen
			// in the last year have a current note, so the others' last
			// treatment is their last encounter.
			out[i].Patient.Notes = ""
		}
	}
	return out
}

func seenSince(r vault.PatientRecord, since time.Time) bool {
	for _, e := range r.Encounters {
		if !e.Date.Before(since) {
			return true
		}
	}
	return false
}

func ageOn(birth, day time.Time) int {
	age := day.Year() - birth.Year()
	if day.YearDay() < birth.YearDay() {
		age--
	}
	return age
}

// history draws one patient's encounters and observations.
func history(rng *rand.Rand, p vault.Patient, today time.Time) vault.PatientRecord {
	rec := vault.PatientRecord{Patient: p}
	age := ageOn(p.BirthDate, today)
	var chronic []condition
	for _, c := range chronicConditions {
		if rng.Float64() < c.chance(age, p.Sex) {
			chronic = append(chronic, c)
		}
	}
	visits := 1 + rng.IntN(3) + len(chronic) + age/30
	first, last := p.BirthDate, today
	if five := today.AddDate(-5, 0, 0); five.After(first) {
		first = five
	}
	if rng.IntN(1000) < formerPerMille && p.BirthDate.Before(today.AddDate(-15, 0, 0)) {
		first, last = today.AddDate(-15, 0, 0), today.AddDate(-11, 0, 0) // left the practice: records due for deletion
	}
	span := int(last.Sub(first).Hours()/24) + 1
	for v := 0; v < visits; v++ {
		c, ok := pickReason(rng, chronic, age, p.Sex)
		if !ok {
			continue
		}
		date := visitDate(rng, first, span, c.season)
		e := vault.Encounter{Date: date, Kind: visitKind(rng, age), Diagnoses: []vault.Diagnosis{{Code: c.code, Text: c.text}}}
		if c.chronic && len(chronic) > 1 && rng.IntN(2) == 0 { // a review of several conditions
			o := chronic[rng.IntN(len(chronic))]
			if o.code != c.code {
				e.Diagnoses = append(e.Diagnoses, vault.Diagnosis{Code: o.code, Text: o.text})
			}
		}
		rec.Encounters = append(rec.Encounters, e)
		rec.Observations = append(rec.Observations, measurements(rng, p, ageOn(p.BirthDate, date), e, len(rec.Encounters)-1, chronic)...)
	}
	return rec
}

// pickReason chooses a chronic condition's follow-up (60 % when the patient
// has one) or an acute episode weighted by its chance for the patient.
func pickReason(rng *rand.Rand, chronic []condition, age int, sex string) (condition, bool) {
	if len(chronic) > 0 && rng.IntN(10) < 6 {
		return chronic[rng.IntN(len(chronic))], true
	}
	total := 0.0
	for _, c := range episodes {
		total += c.chance(age, sex)
	}
	r := rng.Float64() * total
	for _, c := range episodes {
		if r -= c.chance(age, sex); r < 0 {
			return c, true
		}
	}
	return condition{}, false
}

// visitDate draws a day in [first, first+span), in one of the season's
// months when the condition has a season.
func visitDate(rng *rand.Rand, first time.Time, span int, season []time.Month) time.Time {
	var d time.Time
	for try := 0; try < 20; try++ {
		d = first.AddDate(0, 0, rng.IntN(span))
		if season == nil || containsMonth(season, d.Month()) {
			break
		}
	}
	return d
}

func containsMonth(ms []time.Month, m time.Month) bool {
	for _, x := range ms {
		if x == m {
			return true
		}
	}
	return false
}

func visitKind(rng *rand.Rand, age int) vault.EncounterKind {
	r := rng.IntN(100)
	switch {
	case age >= 80 && r < 30:
		return vault.EncounterHomeVisit
	case r < 5:
		return vault.EncounterHomeVisit
	case r < 17:
		return vault.EncounterTelephone
	case r < 25:
		return vault.EncounterVideo
	}
	return vault.EncounterVisit
}

// measurements taken at an in-person encounter: weight, blood pressure
// for adults (higher with hypertension), HbA1c for diabetics.
func measurements(rng *rand.Rand, p vault.Patient, age int, e vault.Encounter, idx int, chronic []condition) []vault.Observation {
	if e.Kind == vault.EncounterTelephone || e.Kind == vault.EncounterVideo {
		return nil
	}
	ref := fmt.Sprintf("#%d", idx)
	obs := func(code string, v float64, decimals int, unit string) vault.Observation {
		return vault.Observation{Date: e.Date, Code: code, Value: fmt.Sprintf("%.*f", decimals, v), Unit: unit, EncounterID: ref}
	}
	out := []vault.Observation{obs("29463-7", weight(rng, age, p.Sex), 1, "kg")}
	if age < 18 {
		return out
	}
	sys := 112 + 0.45*float64(age) + rng.NormFloat64()*10
	if has(chronic, "I10") {
		sys += 12
	}
	out = append(out, obs("8480-6", sys, 0, "mm[Hg]"), obs("8462-4", sys*0.62+rng.NormFloat64()*5, 0, "mm[Hg]"))
	if has(chronic, "E11.9") {
		out = append(out, obs("4548-4", 6.2+math.Abs(rng.NormFloat64())*1.1, 1, "%"))
	}
	return out
}

func has(cs []condition, code string) bool {
	for _, c := range cs {
		if c.code == code {
			return true
		}
	}
	return false
}

// weight in kg: a growth curve for children, adult means by sex.
func weight(rng *rand.Rand, age int, sex string) float64 {
	if age < 18 {
		return math.Max(3, 3.5+float64(age)*3.4+rng.NormFloat64()*float64(1+age/3))
	}
	mean := 72.0
	if sex == "male" {
		mean = 85
	}
	return math.Max(38, mean+rng.NormFloat64()*13)
}
