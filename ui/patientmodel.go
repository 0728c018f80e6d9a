package ui

import (
	"errors"
	"slices"
	"strings"
	"time"

	"custodia/i18n"
	"custodia/vault"
)

// DateLayout is how dates are typed and shown.
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

// sexChoices pairs the stored value with its label.
var sexChoices = [][2]string{{"female", "Female"}, {"male", "Male"}, {"other", "Other"}, {"unknown", "Unknown"}}

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

// PatientFields is the text of the patient form, exactly as typed.
type PatientFields map[string]string

// FieldsOf fills the form text from a stored patient.
func FieldsOf(p vault.Patient) PatientFields {
	f := PatientFields{
		FieldGivenName: p.GivenName, FieldFamilyName: p.FamilyName, FieldSex: p.Sex,
		FieldAddress: p.Address, FieldPostcode: p.Postcode, FieldPhone: p.Phone, FieldEmail: p.Email,
		FieldInsuranceNumber: p.InsuranceNumber, FieldMRN: p.MRN, FieldDiagnosis: p.Diagnosis, FieldNotes: p.Notes,
	}
	if !p.BirthDate.IsZero() {
		f[FieldBirthDate] = p.BirthDate.Format(DateLayout)
	}
	return f
}

// What the forms say is wrong with a field: message ids, worded by
// fieldMessage (messages from the vault's validation come as they are).
const (
	msgChooseOne = "labels.fielderror.chooseone"
	msgRequired  = "labels.fielderror.required"
	msgRealDate  = "labels.fielderror.realdate"
	msgFuture    = "labels.fielderror.future"
)

// fieldMessage words a field message: the forms' own (msg* ids) in the
// current language, the vault's as it gave them.
func fieldMessage(loc *i18n.Localizer, msg string) string {
	switch msg {
	case msgChooseOne, msgRequired, msgRealDate, msgFuture:
		return loc.T(msg)
	}
	return msg
}

// FieldErrors maps a field name to what is wrong with it.
type FieldErrors map[string]string

// BuildPatient applies the form text to base (keeping id, version, the
// restriction flag and, when clinical is false, the clinical fields the
// form did not show) and validates the result. A non-empty FieldErrors
// means the patient must not be saved.
func BuildPatient(base vault.Patient, f PatientFields, clinical bool) (vault.Patient, FieldErrors) {
	p := base
	errs := FieldErrors{}
	p.GivenName = strings.TrimSpace(f[FieldGivenName])
	p.FamilyName = strings.TrimSpace(f[FieldFamilyName])
	p.Sex = f[FieldSex]
	p.Address = strings.TrimSpace(f[FieldAddress])
	p.Postcode = strings.TrimSpace(f[FieldPostcode])
	p.Phone = strings.TrimSpace(f[FieldPhone])
	p.Email = strings.TrimSpace(f[FieldEmail])
	p.InsuranceNumber = strings.TrimSpace(f[FieldInsuranceNumber])
	p.MRN = strings.TrimSpace(f[FieldMRN])
	if clinical {
		p.Diagnosis = strings.TrimSpace(f[FieldDiagnosis])
		p.Notes = f[FieldNotes]
	}
	if p.Sex == "" {
		errs[FieldSex] = msgChooseOne
	}
	d, msg := parseBirthDate(f[FieldBirthDate])
	p.BirthDate = d
	if msg != "" {
		errs[FieldBirthDate] = msg
	}
	var ve *vault.ValidationError
	if err := p.Validate(); errors.As(err, &ve) {
		for _, fe := range ve.Fields {
			if _, seen := errs[fe.Field]; !seen {
				errs[fe.Field] = fe.Message
			}
		}
	}
	return p, errs
}

func parseBirthDate(s string) (time.Time, string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, msgRequired
	}
	d, err := time.ParseInLocation(DateLayout, s, time.UTC)
	if err != nil {
		return time.Time{}, msgRealDate
	}
	return d, ""
}

// FieldErrorsOf extracts per-field messages from a vault validation error.
func FieldErrorsOf(err error) FieldErrors {
	var ve *vault.ValidationError
	if !errors.As(err, &ve) {
		return nil
	}
	errs := FieldErrors{}
	for _, fe := range ve.Fields {
		errs[fe.Field] = fe.Message
	}
	return errs
}
