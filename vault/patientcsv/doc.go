// Package patientcsv imports patients from CSV files into a vault.
//
// # Format
//
// The file is UTF-8 (a leading byte-order mark is ignored), separated by
// commas or semicolons (detected from the header line), quoted as in
// RFC 4180. The first line names the columns. Columns map to patient fields
// by name (given_name, family_name, birth_date, sex, address, postcode,
// phone, email, insurance_number, mrn, diagnosis, notes) or by a common
// alias (first_name, surname, dob, gender, zip, ...; see DefaultMapping),
// compared without case, spaces or hyphens. An explicit Mapping overrides
// the names; mapping a column to "-" ignores it. Unknown columns are an
// error, so that no data is dropped silently.
//
// given_name, family_name and birth_date are required. Dates are
// YYYY-MM-DD or DD.MM.YYYY. sex accepts female/male/other/unknown, their
// first letters, the German words and letters (weiblich/w, männlich/m,
// divers/d, unbekannt/u) and the French words (SexValues lists them all);
// an empty or missing sex is "unknown".
//
// # Errors
//
// Parse checks every line and returns an *Error listing every problem (up
// to Options.MaxErrors, then a count of the rest), each naming the line and
// the field but never the value: the values are personal data. Front ends
// word them for people with app.CSVProblem (the column's label and its
// header, the rule's text in the reader's language). Import adds
// nothing unless every line is valid, and then adds all lines in a single
// transaction (vault.Session.AddPatients).
package patientcsv
