package kit

import (
	"errors"
	"strings"

	"custodia/i18n"
	"custodia/vault"
)

// SexCodes are the stored values of the sex field, in the order offered
// (labels.sex.<code> names them).
func SexCodes() []string { return []string{"female", "male", "other", "unknown"} }

// PatientFieldOrder is the order of the patient form's text fields.
func PatientFieldOrder() []string {
	return []string{FieldGivenName, FieldFamilyName, FieldBirthDate, FieldAddress, FieldPostcode, FieldPhone,
		FieldEmail, FieldInsuranceNumber, FieldMRN, FieldDiagnosis, FieldNotes}
}

// PatientFields is the text of the patient form, exactly as typed.
type PatientFields map[string]string

// FieldsOf fills the form text from a stored patient; the birth date is
// written the way the current language writes dates.
func FieldsOf(loc *i18n.Localizer, p vault.Patient) PatientFields {
	return PatientFields{
		FieldGivenName: p.GivenName, FieldFamilyName: p.FamilyName, FieldSex: p.Sex, FieldBirthDate: DateInput(loc, p.BirthDate),
		FieldAddress: p.Address, FieldPostcode: p.Postcode, FieldPhone: p.Phone, FieldEmail: p.Email,
		FieldInsuranceNumber: p.InsuranceNumber, FieldMRN: p.MRN, FieldDiagnosis: p.Diagnosis, FieldNotes: p.Notes,
	}
}

// What the forms say is wrong with a field: message ids, worded by
// FieldMessage (the vault's coded rules as their i18n.FieldRuleID, an
// uncoded vault message as it came).
const (
	MsgChooseOne = "labels.fielderror.chooseone"
	MsgRequired  = "labels.fielderror.required"
	MsgRealDate  = "patients.fielderror.date"
	MsgFuture    = "labels.fielderror.future"
)

// FieldMessage words a field message: the forms' own (Msg* ids) and the
// vault's coded rules in the current language, an uncoded vault message
// as it gave it.
func FieldMessage(loc *i18n.Localizer, msg string) string {
	if strings.HasPrefix(msg, i18n.FieldRuleID("")) && loc.Has(msg) {
		return loc.T(msg)
	}
	switch msg {
	case MsgChooseOne, MsgRequired, MsgFuture:
		return loc.T(msg)
	case MsgRealDate:
		return loc.T(msg, "Example", loc.Date(exampleDay), "ISO", exampleDay.Format(DateLayout))
	}
	return msg
}

// FieldErrors maps a field name to what is wrong with it.
type FieldErrors map[string]string

// BuildPatient applies the form text to base (keeping id, version, the
// restriction flag and, when clinical is false, the clinical fields the
// form did not show) and validates the result. The birth date is read in
// the current language or ISO. A non-empty FieldErrors means the patient
// must not be saved.
func BuildPatient(loc *i18n.Localizer, base vault.Patient, f PatientFields, clinical bool) (vault.Patient, FieldErrors) {
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
		errs[FieldSex] = MsgChooseOne
	}
	d, msg := ParseDateField(loc, f[FieldBirthDate])
	p.BirthDate = d
	if msg != "" {
		errs[FieldBirthDate] = msg
	}
	var ve *vault.ValidationError
	if err := p.Validate(); errors.As(err, &ve) {
		for _, fe := range ve.Fields {
			if _, seen := errs[fe.Field]; !seen {
				errs[fe.Field] = vaultMessage(fe)
			}
		}
	}
	return p, errs
}

// FieldErrorsOf extracts per-field messages from a vault validation error.
func FieldErrorsOf(err error) FieldErrors {
	var ve *vault.ValidationError
	if !errors.As(err, &ve) {
		return nil
	}
	errs := FieldErrors{}
	for _, fe := range ve.Fields {
		errs[fe.Field] = vaultMessage(fe)
	}
	return errs
}

// vaultMessage is what FieldErrors keeps of a vault field error: its
// rule's message id (worded by FieldMessage), or its message when uncoded.
func vaultMessage(fe vault.FieldError) string {
	if fe.Rule == "" {
		return fe.Message
	}
	return i18n.FieldRuleID(string(fe.Rule))
}
