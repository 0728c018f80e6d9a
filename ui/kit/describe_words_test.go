package kit

import (
	"strings"
	"testing"
	"time"

	"custodia/consent"
	"custodia/i18n"
	"custodia/vault"
)

// The domain's typed refusals reach the desk in German: an erased
// patient (with the day, without the id) and a refused workflow step;
// neither is an "internal error".
func TestDescribeWordsDomainRefusals(t *testing.T) {
	de := i18n.MustLoad().Localizer("de")
	id := consent.NewID()
	at := time.Date(2026, 6, 15, 0, 0, 0, 0, time.UTC)
	p := Describe(de, &consent.ErasedError{SubjectID: id, RequestID: consent.NewID(), At: at})
	if p.Internal || !strings.Contains(p.Message, de.Date(at)) || strings.Contains(p.Message, id) || !strings.Contains(p.Message, "gelöscht") {
		t.Errorf("erased: %+v", p)
	}
	r := consent.Request{ID: consent.NewID(), SubjectID: id, Type: consent.ReqAccess, State: consent.StateVerifying}
	_, _, err := consent.Advance(r, consent.StateInProgress, consent.Actor{UserID: consent.NewID(), Role: consent.RoleDPO}, at, "")
	p = Describe(de, err)
	if p.Internal || !strings.Contains(p.Message, "Identität") || strings.Contains(p.Message, r.ID) {
		t.Errorf("not verified: %+v (%v)", p, err)
	}
}

// The patient form's messages from the vault's validation read in the
// user's language (a bad e-mail and phone in German).
func TestPatientFormVaultMessagesInGerman(t *testing.T) {
	cat := i18n.MustLoad()
	de, en := cat.Localizer("de"), cat.Localizer("en")
	fields := PatientFields{FieldGivenName: "Greta", FieldFamilyName: "Synthetik", FieldBirthDate: "1980-02-03",
		FieldSex: "female", FieldEmail: "nope", FieldPhone: "12"}
	_, errs := BuildPatient(de, vault.Patient{}, fields, false)
	for _, f := range []string{FieldEmail, FieldPhone} {
		msg, ok := errs[f]
		if !ok {
			t.Fatalf("%s: no error in %v", f, errs)
		}
		german, english := FieldMessage(de, msg), FieldMessage(en, msg)
		if german == english || german == "" || strings.Contains(german, "domaintext") {
			t.Errorf("%s: German %q, English %q", f, german, english)
		}
	}
}
