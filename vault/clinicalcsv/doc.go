// Package clinicalcsv imports encounters and observations of patients
// already in the vault from two CSV files.
//
// # Format
//
// UTF-8 (a byte-order mark is ignored), comma- or semicolon-separated
// (detected from the header), quoted as in RFC 4180, with a header line,
// at most MaxFileBytes. Column names ignore case, spaces, hyphens and
// underscores; blank lines are skipped.
//
// Encounters: mrn or patient_id (one is required), date (YYYY-MM-DD or
// DD.MM.YYYY), kind (visit, home visit, telephone, video, or the German
// Praxisbesuch, Hausbesuch, Telefon, Video; empty = visit), diagnoses
// ("E11.9 Type 2 diabetes; I10": codes with optional text, separated by
// semicolons), and optionally ref, a key observations use to name the
// encounter they were taken at.
//
// Observations: mrn or patient_id, date, loinc (or code), value (a decimal,
// "6,8" accepted), unit, and optionally encounter (a ref from the
// encounters file, of the same patient).
//
// # Errors
//
// Every line of both files is checked before anything is stored, the
// patients they name looked up in the vault (Parse). An *Error names each
// problem by file, line, column and rule code (Problem.Rule: the rules of
// Rules() and the vault's own), never by a value from the file; front
// ends word them with app.ClinicalCSVProblem. Save stores a checked
// result in one vault transaction: all or nothing.
package clinicalcsv
