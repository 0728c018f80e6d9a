package ui

import (
	"errors"
	"strings"
	"time"

	"custodia/i18n"
	"custodia/ui/kit"
	"custodia/vault"
)

// sexChoices pairs the stored value with its label.
var sexChoices = [][2]string{{"female", "Female"}, {"male", "Male"}, {"other", "Other"}, {"unknown", "Unknown"}}

// PatientFields is the text of the patient form, exactly as typed.
type PatientFields map[string]string

// FieldsOf fills the form text from a stored patient.
func FieldsOf(p vault.Patient) PatientFields {
	f := PatientFields{
		kit.FieldGivenName: p.GivenName, kit.FieldFamilyName: p.FamilyName, kit.FieldSex: p.Sex,
		kit.FieldAddress: p.Address, kit.FieldPostcode: p.Postcode, kit.FieldPhone: p.Phone, kit.FieldEmail: p.Email,
		kit.FieldInsuranceNumber: p.InsuranceNumber, kit.FieldMRN: p.MRN, kit.FieldDiagnosis: p.Diagnosis, kit.FieldNotes: p.Notes,
	}
	if !p.BirthDate.IsZero() {
		f[kit.FieldBirthDate] = p.BirthDate.Format(kit.DateLayout)
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
	p.GivenName = strings.TrimSpace(f[kit.FieldGivenName])
	p.FamilyName = strings.TrimSpace(f[kit.FieldFamilyName])
	p.Sex = f[kit.FieldSex]
	p.Address = strings.TrimSpace(f[kit.FieldAddress])
	p.Postcode = strings.TrimSpace(f[kit.FieldPostcode])
	p.Phone = strings.TrimSpace(f[kit.FieldPhone])
	p.Email = strings.TrimSpace(f[kit.FieldEmail])
	p.InsuranceNumber = strings.TrimSpace(f[kit.FieldInsuranceNumber])
	p.MRN = strings.TrimSpace(f[kit.FieldMRN])
	if clinical {
		p.Diagnosis = strings.TrimSpace(f[kit.FieldDiagnosis])
		p.Notes = f[kit.FieldNotes]
	}
	if p.Sex == "" {
		errs[kit.FieldSex] = msgChooseOne
	}
	d, msg := parseBirthDate(f[kit.FieldBirthDate])
	p.BirthDate = d
	if msg != "" {
		errs[kit.FieldBirthDate] = msg
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
	d, err := time.ParseInLocation(kit.DateLayout, s, time.UTC)
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
