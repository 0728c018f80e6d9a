package ui

import (
	"fmt"
	"sort"

	"custodia/consent"
	"custodia/i18n"
	"custodia/ui/kit"
	"custodia/ui/requests"
	"custodia/vault"
)

// requestPatients is what the request screens (ui/requests) use of the
// patient screens: the search of the intake dialog and the patient
// form's fields and checks for a rectification.
func requestPatients() requests.Patients {
	return requests.Patients{Queries: SearchQueries, Fields: append(fieldOrder(), kit.FieldSex), Rectify: rectifyField}
}

// rectifyField returns the change of one field of a rectification; a
// value the form rejects is a validation error naming the field.
func rectifyField(loc *i18n.Localizer, field, value string, canClinic bool) func(*vault.Patient) error {
	return func(p *vault.Patient) error {
		fields := FieldsOf(*p)
		fields[field] = value
		np, errs := BuildPatient(*p, fields, canClinic)
		if len(errs) > 0 {
			return fieldErrorsAsValidation(loc, errs)
		}
		*p = np
		return nil
	}
}

func fieldErrorsAsValidation(loc *i18n.Localizer, errs FieldErrors) error {
	var fe []consent.FieldError
	for name, msg := range errs {
		fe = append(fe, consent.FieldError{Field: kit.FieldLabel(loc, name), Message: msg})
	}
	sort.Slice(fe, func(i, j int) bool { return fe[i].Field < fe[j].Field })
	return fmt.Errorf("rectification: %w", &consent.ValidationError{Fields: fe})
}
