// Package assets holds the defaults Custodia ships inside its binary: the
// purpose catalogue (purposes.json), the consent texts
// (consent-texts/manifest.json plus one UTF-8 file per purpose, language and
// version), the retention schedules per country (retention-schedules.json)
// and the mapping of foreign FHIR Consents (fhir-consent-map.json).
// Administrators edit the live copies through the consent store;
// these are only the starting point of a new vault.
package assets

import (
	"embed"
	"io/fs"
)

//go:embed purposes.json
var purposesJSON []byte

//go:embed consent-texts
var consentTexts embed.FS

//go:embed fhir-consent-map.json
var fhirConsentMap []byte

// FHIRConsentMap returns a copy of the default mapping of foreign FHIR R4
// Consent codes onto Custodia's purposes, categories and recipients (read
// by consent.LoadFHIRMapping). Practices edit a copy.
func FHIRConsentMap() []byte {
	return append([]byte(nil), fhirConsentMap...)
}

//go:embed retention-schedules.json
var retentionSchedules []byte

// RetentionSchedulesJSON returns a copy of the retention schedules shipped
// per country (a JSON array of rules read by consent.LoadSchedules).
func RetentionSchedulesJSON() []byte {
	return append([]byte(nil), retentionSchedules...)
}

// PurposesJSON returns a copy of the default purpose catalogue (a JSON array
// read by consent.LoadPurposes).
func PurposesJSON() []byte {
	return append([]byte(nil), purposesJSON...)
}

// ConsentTexts returns the default consent texts as a file system whose root
// holds manifest.json (read by consent.LoadTexts).
func ConsentTexts() fs.FS {
	sub, err := fs.Sub(consentTexts, "consent-texts")
	if err != nil {
		panic("assets: consent-texts missing from the embedded files: " + err.Error())
	}
	return sub
}
