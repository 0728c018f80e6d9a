package fhirimport

import "encoding/json"

// The parts of FHIR R4 resources this package reads.

type bundle struct {
	ResourceType string  `json:"resourceType"`
	Type         string  `json:"type"`
	Entry        []entry `json:"entry"`
}

type entry struct {
	FullURL  string          `json:"fullUrl"`
	Resource json.RawMessage `json:"resource"`
}

type resourceHead struct {
	ResourceType string `json:"resourceType"`
	ID           string `json:"id"`
}

type coding struct {
	System  string `json:"system"`
	Code    string `json:"code"`
	Display string `json:"display"`
}

type codeableConcept struct {
	Coding []coding `json:"coding"`
	Text   string   `json:"text"`
}

type reference struct {
	Reference string `json:"reference"`
}

type period struct {
	Start string `json:"start"`
}

type humanName struct {
	Use    string   `json:"use"`
	Family string   `json:"family"`
	Given  []string `json:"given"`
}

type address struct {
	Line       []string `json:"line"`
	City       string   `json:"city"`
	PostalCode string   `json:"postalCode"`
}

type contactPoint struct {
	System string `json:"system"`
	Value  string `json:"value"`
}

type identifier struct {
	Type   codeableConcept `json:"type"`
	System string          `json:"system"`
	Value  string          `json:"value"`
}

type patientResource struct {
	Name       []humanName    `json:"name"`
	BirthDate  string         `json:"birthDate"`
	Gender     string         `json:"gender"`
	Address    []address      `json:"address"`
	Telecom    []contactPoint `json:"telecom"`
	Identifier []identifier   `json:"identifier"`
}

type encounterResource struct {
	Class   coding            `json:"class"`
	Type    []codeableConcept `json:"type"`
	Subject reference         `json:"subject"`
	Period  period            `json:"period"`
}

type conditionResource struct {
	Code          codeableConcept `json:"code"`
	Subject       reference       `json:"subject"`
	Encounter     reference       `json:"encounter"`
	OnsetDateTime string          `json:"onsetDateTime"`
	RecordedDate  string          `json:"recordedDate"`
}

type quantity struct {
	Value json.RawMessage `json:"value"` // a JSON number (FHIR decimal)
	Unit  string          `json:"unit"`
	Code  string          `json:"code"`
}

type component struct {
	Code          codeableConcept `json:"code"`
	ValueQuantity *quantity       `json:"valueQuantity"`
}

type observationResource struct {
	Code              codeableConcept `json:"code"`
	Subject           reference       `json:"subject"`
	Encounter         reference       `json:"encounter"`
	EffectiveDateTime string          `json:"effectiveDateTime"`
	EffectivePeriod   period          `json:"effectivePeriod"`
	Issued            string          `json:"issued"`
	ValueQuantity     *quantity       `json:"valueQuantity"`
	Component         []component     `json:"component"`
}

// Coding systems.
const (
	systemLOINC  = "http://loinc.org"
	systemSNOMED = "http://snomed.info/sct"
)

var icd10Systems = map[string]bool{
	"http://hl7.org/fhir/sid/icd-10":           true,
	"http://hl7.org/fhir/sid/icd-10-cm":        true,
	"http://hl7.org/fhir/sid/icd-10-de":        true,
	"http://www.cms.gov/Medicare/Coding/ICD10": true,
}
