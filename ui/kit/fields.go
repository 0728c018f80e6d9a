package kit

import (
	"slices"

	"custodia/i18n"
)

// DateLayout is the ISO day: machine formats (file names, CSV) and the
// form read by every date field besides the language's own (DateInput).
const DateLayout = "2006-01-02"

// Patient field names, as the vault names them in FieldError.Field.
const (
	FieldGivenName       = "GivenName"
	FieldFamilyName      = "FamilyName"
	FieldBirthDate       = "BirthDate"
	FieldSex             = "Sex"
	FieldAddress         = "Address"
	FieldPostcode        = "Postcode"
	FieldPhone           = "Phone"
	FieldEmail           = "Email"
	FieldInsuranceNumber = "InsuranceNumber"
	FieldMRN             = "MRN"
	FieldDiagnosis       = "Diagnosis"
	FieldNotes           = "Notes"
)

// FieldLabel names a patient field for people (labels.field.<Field>);
// an unknown name is shown as it is.
func FieldLabel(loc *i18n.Localizer, field string) string {
	if slices.Contains(patientFields, field) {
		return loc.T("labels.field." + field)
	}
	return field
}

// patientFields are the fields FieldLabel names.
var patientFields = []string{FieldGivenName, FieldFamilyName, FieldBirthDate, FieldSex, FieldAddress, FieldPostcode,
	FieldPhone, FieldEmail, FieldInsuranceNumber, FieldMRN, FieldDiagnosis, FieldNotes}
