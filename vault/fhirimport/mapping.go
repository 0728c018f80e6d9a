package fhirimport

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"custodia/vault"
)

const dateLayout = "2006-01-02"

// fhirDate reads the calendar date of a FHIR date or dateTime as written
// ("2024-03-02", "2024-03-02T10:15:00+01:00"); partial dates are refused.
func fhirDate(s string) (time.Time, bool) {
	if len(s) < 10 || (len(s) > 10 && s[10] != 'T') {
		return time.Time{}, false
	}
	d, err := time.ParseInLocation(dateLayout, s[:10], time.UTC)
	return d, err == nil
}

func (m *mapper) mapPatient(i int, path string, r patientResource) {
	p := vault.Patient{Sex: "unknown"}
	n, ok := pickName(r.Name)
	switch {
	case !ok:
		m.errs.add(path+".name", RulePatientName)
	default:
		p.GivenName, p.FamilyName = strings.Join(n.Given, " "), n.Family
	}
	d, ok := fhirDate(r.BirthDate)
	if !ok {
		m.errs.add(path+".birthDate", RuleISODate)
	}
	p.BirthDate = d
	switch r.Gender {
	case "female", "male", "other", "unknown":
		p.Sex = r.Gender
	case "":
	default:
		m.errs.add(path+".gender", RuleOneOf, "female", "male", "other", "unknown")
	}
	if len(r.Address) > 0 {
		a := r.Address[0]
		p.Address = strings.Join(append(append([]string{}, a.Line...), a.City), ", ")
		p.Address = strings.Trim(p.Address, ", ")
		p.Postcode = a.PostalCode
	}
	for _, t := range r.Telecom {
		switch {
		case t.System == "phone" && p.Phone == "":
			p.Phone = t.Value
		case t.System == "email" && p.Email == "":
			p.Email = t.Value
		}
	}
	m.patientIdentifiers(path, &p, r.Identifier)
	m.checkFields(path, patientPaths, p.Validate())
	st := &patientState{path: path, rec: vault.PatientRecord{Patient: p}, ownEncs: map[string]int{}}
	m.patients = append(m.patients, st)
	m.byEntry[i] = st
}

// patientPaths maps vault field names to FHIR paths under the resource.
var patientPaths = map[string]string{
	"GivenName": "name", "FamilyName": "name", "BirthDate": "birthDate", "Sex": "gender", "Address": "address[0]",
	"Postcode": "address[0].postalCode", "Phone": "telecom", "Email": "telecom", "MRN": "identifier", "InsuranceNumber": "identifier",
}

// checkFields reports a vault validation error under the resource's paths.
func (m *mapper) checkFields(path string, paths map[string]string, err error) {
	ve, ok := err.(*vault.ValidationError)
	if !ok {
		return
	}
	for _, f := range ve.Fields {
		sub, ok := paths[f.Field]
		if !ok {
			continue // reported already (name, dates)
		}
		if f.Field == "BirthDate" || f.Field == "GivenName" || f.Field == "FamilyName" {
			if f.Rule == vault.RuleRequired || f.Rule == vault.RuleUTCMidnight {
				continue
			}
		}
		m.errs.push(Problem{Path: path + "." + sub, Rule: Rule(f.Rule), Message: f.Message, Allowed: f.Allowed})
	}
}

func pickName(ns []humanName) (humanName, bool) {
	for _, n := range ns {
		if n.Use == "official" && n.Family != "" && len(n.Given) > 0 {
			return n, true
		}
	}
	for _, n := range ns {
		if n.Family != "" && len(n.Given) > 0 {
			return n, true
		}
	}
	return humanName{}, false
}

func (m *mapper) patientIdentifiers(path string, p *vault.Patient, ids []identifier) {
	for j, id := range ids {
		for _, c := range id.Type.Coding {
			switch {
			case c.Code == "MR" && p.MRN == "":
				p.MRN = id.Value
			case (c.Code == "SB" || c.Code == "MB") && p.InsuranceNumber == "":
				p.InsuranceNumber = id.Value
			default:
				continue
			}
			if id.Value == "" {
				m.errs.add(fmt.Sprintf("%s.identifier[%d].value", path, j), RuleRequired)
			}
		}
	}
}

// owner resolves a subject reference to a Patient of the bundle.
func (m *mapper) owner(path string, ref reference) *patientState {
	if ref.Reference == "" {
		m.errs.add(path, RuleRequired)
		return nil
	}
	i, ok := m.resolve(path, ref, "Patient")
	if !ok {
		return nil
	}
	return m.byEntry[i]
}

func (m *mapper) mapEncounter(i int, path string, r encounterResource) {
	st := m.owner(path+".subject.reference", r.Subject)
	d, ok := fhirDate(r.Period.Start)
	if !ok {
		m.errs.add(path+".period.start", RuleFHIRDate)
	}
	if st == nil || !ok {
		return
	}
	e := vault.Encounter{Date: d, Kind: encounterKind(r)}
	st.encs = append(st.encs, &pendingEncounter{path: path, enc: e})
	m.encRefs[i] = encRef{patient: st, index: len(st.encs) - 1}
}

func encounterKind(r encounterResource) vault.EncounterKind {
	switch r.Class.Code {
	case "VR":
		return vault.EncounterVideo
	case "HH":
		return vault.EncounterHomeVisit
	}
	for _, t := range r.Type {
		text := strings.ToLower(t.Text)
		for _, c := range t.Coding {
			text += " " + strings.ToLower(c.Display)
			if c.System == systemSNOMED && c.Code == "185317003" {
				return vault.EncounterTelephone
			}
		}
		switch {
		case strings.Contains(text, "telephone"):
			return vault.EncounterTelephone
		case strings.Contains(text, "home visit"):
			return vault.EncounterHomeVisit
		}
	}
	return vault.EncounterVisit
}

func (m *mapper) mapCondition(path string, r conditionResource) {
	st := m.owner(path+".subject.reference", r.Subject)
	code, text, ok := m.conditionCode(path+".code", r.Code)
	if st == nil || !ok {
		return
	}
	enc := m.conditionEncounter(path, st, r)
	if enc == nil {
		return
	}
	enc.enc.Diagnoses = append(enc.enc.Diagnoses, vault.Diagnosis{Code: code, Text: clip(text)})
}

// conditionCode picks an ICD-10 coding, else a mapped SNOMED one.
func (m *mapper) conditionCode(path string, c codeableConcept) (code, text string, ok bool) {
	for j, cd := range c.Coding {
		if icd10Systems[cd.System] {
			if !vault.ValidICD10(cd.Code) {
				m.errs.add(fmt.Sprintf("%s.coding[%d].code", path, j), RuleICD10)
				return "", "", false
			}
			return vault.NormaliseICD10(cd.Code), displayOf(c, cd), true
		}
	}
	for _, cd := range c.Coding {
		if cd.System == systemSNOMED {
			if icd, ok := snomedICD10[cd.Code]; ok {
				return icd, displayOf(c, cd), true
			}
		}
	}
	m.refuse(path, RuleNoICD10)
	return "", "", false
}

func displayOf(c codeableConcept, cd coding) string {
	if cd.Display != "" {
		return cd.Display
	}
	return c.Text
}

func clip(s string) string {
	s = strings.TrimSpace(s)
	for len(s) > 200 {
		s = s[:len(s)-1]
	}
	return strings.ToValidUTF8(s, "")
}

// conditionEncounter is the Condition's encounter, or one of its own.
func (m *mapper) conditionEncounter(path string, st *patientState, r conditionResource) *pendingEncounter {
	if r.Encounter.Reference != "" {
		i, ok := m.resolve(path+".encounter.reference", r.Encounter, "Encounter")
		if !ok {
			return nil
		}
		ref, ok := m.encRefs[i]
		if !ok {
			return nil // the encounter itself had errors
		}
		if ref.patient != st {
			m.errs.add(path+".encounter.reference", RuleEncounterOtherPatient)
			return nil
		}
		return st.encs[ref.index]
	}
	d, ok := fhirDate(r.RecordedDate)
	if !ok {
		d, ok = fhirDate(r.OnsetDateTime)
	}
	if !ok {
		m.errs.add(path+".recordedDate", RuleConditionDate)
		return nil
	}
	key := d.Format(dateLayout)
	if j, ok := st.ownEncs[key]; ok {
		return st.encs[j]
	}
	st.encs = append(st.encs, &pendingEncounter{path: path, enc: vault.Encounter{Date: d, Kind: vault.EncounterVisit}})
	st.ownEncs[key] = len(st.encs) - 1
	return st.encs[len(st.encs)-1]
}

func (m *mapper) mapObservation(path string, r observationResource) {
	st := m.owner(path+".subject.reference", r.Subject)
	d, ok := observationDate(r)
	if !ok {
		m.errs.add(path+".effectiveDateTime", RuleObservationDate)
	}
	encEntry := -1
	if r.Encounter.Reference != "" {
		if i, found := m.resolve(path+".encounter.reference", r.Encounter, "Encounter"); found {
			encEntry = i
		}
	}
	if st == nil || !ok {
		return
	}
	if r.ValueQuantity == nil && len(r.Component) > 0 {
		for j, c := range r.Component {
			m.addObservation(fmt.Sprintf("%s.component[%d]", path, j), st, d, encEntry, c.Code, c.ValueQuantity, "valueQuantity")
		}
		return
	}
	m.addObservation(path, st, d, encEntry, r.Code, r.ValueQuantity, "valueQuantity")
}

func observationDate(r observationResource) (time.Time, bool) {
	for _, s := range []string{r.EffectiveDateTime, r.EffectivePeriod.Start, r.Issued} {
		if s != "" {
			return fhirDate(s)
		}
	}
	return time.Time{}, false
}

func (m *mapper) addObservation(path string, st *patientState, d time.Time, encEntry int, code codeableConcept, q *quantity, valueField string) {
	loinc := ""
	for _, c := range code.Coding {
		if c.System == systemLOINC {
			loinc = c.Code
			break
		}
	}
	switch {
	case loinc == "":
		m.refuse(path+".code", RuleNoLOINC)
		return
	case !vault.ValidLOINC(loinc):
		m.refuse(path+".code", RuleLOINC)
		return
	case q == nil || len(q.Value) == 0 || string(q.Value) == "null":
		m.refuse(path, RuleNoQuantity)
		return
	}
	value, ok := decimal(string(q.Value))
	if !ok || q.Value[0] == '"' {
		m.errs.add(path+"."+valueField+".value", RuleDecimal)
		return
	}
	unit := q.Code
	if unit == "" {
		unit = q.Unit
	}
	o := vault.Observation{Date: d, Code: loinc, Value: value, Unit: unit}
	st.obs = append(st.obs, pendingObservation{path: path, encounterEntry: encEntry, obs: o})
}

// decimal writes a JSON number as a plain decimal with at most 6 places.
func decimal(s string) (string, bool) {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f > 1e12 || f < -1e12 {
		return "", false
	}
	if !strings.ContainsAny(s, "eE") && len(s) <= 20 && (!strings.Contains(s, ".") || len(s)-strings.Index(s, ".")-1 <= 6) {
		return s, true
	}
	out := strconv.FormatFloat(f, 'f', 6, 64)
	out = strings.TrimRight(strings.TrimRight(out, "0"), ".")
	return out, true
}

// records assembles the vault records: encounters with at least one
// diagnosis, observations linked to a stored encounter by "#N".
func (m *mapper) records() []vault.PatientRecord {
	out := make([]vault.PatientRecord, 0, len(m.patients))
	for _, st := range m.patients {
		rec := st.rec
		local := map[int]int{} // index in st.encs → index in rec.Encounters
		for j, pe := range st.encs {
			if len(pe.enc.Diagnoses) == 0 {
				continue
			}
			local[j] = len(rec.Encounters)
			rec.Encounters = append(rec.Encounters, pe.enc)
		}
		for _, po := range st.obs {
			o := po.obs
			if ref, ok := m.encRefs[po.encounterEntry]; ok && ref.patient == st {
				if n, ok := local[ref.index]; ok {
					o.EncounterID = fmt.Sprintf("#%d", n)
				}
			}
			rec.Observations = append(rec.Observations, o)
		}
		out = append(out, rec)
	}
	return out
}
