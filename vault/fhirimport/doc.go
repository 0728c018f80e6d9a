// Package fhirimport reads FHIR R4 Bundles, in the shape Synthea and common
// EHR exports produce, into new vault patients with their encounters and
// observations.
//
// # What is mapped
//
//   - Bundle of type transaction, batch, collection or searchset; entries
//     found by fullUrl (urn:uuid:… or a URL) and by "Type/id".
//   - Patient: official (else first) name, birthDate (a full date), gender,
//     first address (lines and city; postalCode), first phone and e-mail,
//     identifiers typed MR (MRN) and SB or MB (insurance number). Other
//     identifiers (social security, passport, driver's licence) are not
//     imported: the practice does not need them.
//   - Encounter: period.start (its calendar date as written), class VR →
//     video, HH → home visit, type "telephone" → telephone, else visit. An
//     encounter without any mapped diagnosis is not stored (the vault keeps
//     encounters with diagnoses); observations taken at it keep their date.
//   - Condition: an ICD-10 coding (icd-10, icd-10-cm), else a SNOMED CT
//     coding mapped through a table of common primary-care conditions; the
//     diagnosis joins Condition.encounter, or an encounter of its own dated
//     recordedDate or onsetDateTime.
//   - Observation: a LOINC coding with valueQuantity (value; UCUM code or
//     unit) and effectiveDateTime (or effectivePeriod.start, or issued); a
//     blood-pressure panel's components become one observation each.
//
// # Errors and refusals
//
// Content that is malformed (not JSON, wrong types, a reference to no
// entry, a partial birth date, an ICD-10 code of the wrong shape, a patient
// without name) is an error: the *Error lists every problem by JSON path
// ("entry[3].resource.birthDate") and nothing is imported. Content that is
// well-formed but cannot be mapped (other resource types, a SNOMED code
// outside the table, a value that is not a quantity) is refused item by
// item and listed in Result.Refused by JSON path; with Options.Strict a
// refusal is an error too. Messages never repeat values from the file.
//
// Every Problem carries its rule as a code (Rules; the vault's and
// consent's codes where they mean the same, and a mapped record's vault
// validation codes as they are) and, in Allowed, the values its wording
// names (resource types, codes, counts, a JSON path; never a patient's
// value). Front ends word the code in the reader's language
// (app.FHIRProblems); Message is English, for logs and the JSON output.
//
// Import stores everything in one vault transaction (AddPatientRecords):
// all or nothing.
package fhirimport
