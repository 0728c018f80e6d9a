package main

import (
	"custodia/app"
	"custodia/i18n"
)

// appErrorIDs words the use cases' error kinds (app.Err*) for people:
// the kind decides the message, never the English text the use case
// carries for logs (app.Error.Msg).
var appErrorIDs = map[error]string{
	app.ErrCatalogueEmpty:    "cli4.app.catalogueEmpty",
	app.ErrNeedLastTreatment: "cli4.dsr.needLastTreatment",
	app.ErrFutureDate:        "cli4.app.futureDate",
	app.ErrNoController:      "cli4.app.noController",
	app.ErrUnknownPatient:    "cli4.app.unknownPatient",
	app.ErrPatientErased:     "cli4.app.patientErased",
	app.ErrUnknownPurpose:    "cli4.app.unknownPurpose",
	app.ErrNoText:            "cli4.app.noText",
	app.ErrNoActiveConsent:   "cli4.app.noActiveConsent",
	app.ErrNotRecipient:      "cli4.app.notRecipient",
	app.ErrUnknownRequest:    "cli4.app.unknownRequest",
	app.ErrUnknownRule:       "cli4.app.unknownRule",
	app.ErrBadMapping:        "cli4.app.badMapping",
	app.ErrNoRecordItems:     "cli4.app.noRecordItems",
	app.ErrBadPage:           "cli4.app.badPage",
	app.ErrUnknownUser:       "cli4.app.unknownUser",
	app.ErrUserExists:        "cli4.app.userExists",
	app.ErrTOTPEnrolled:      "cli4.app.totpEnrolled",
	app.ErrNoEnrolment:       "cli4.app.noEnrolment",
	app.ErrBadAnchor:         "cli4.app.badAnchor",
	app.ErrBadAuditFormat:    "cli4.app.badAuditFormat",
	app.ErrNoResearch:        "cli4.app.noResearch",
	app.ErrPackageExists:     "cli4.app.packageExists",
	app.ErrStudyKeyDestroyed: "cli4.app.studyKeyDestroyed",
}

// describeApp is describeTyped's case for a use-case error.
func describeApp(loc *i18n.Localizer, ae *app.Error) (string, int) {
	if id, ok := appErrorIDs[ae.Kind]; ok {
		return loc.T(id), appExitCode(ae.Kind)
	}
	if msg, code, ok := describeDomain(loc, ae.Err); ok {
		return msg, code
	}
	return loc.T("cli.error.validation"), appExitCode(ae.Kind)
}
