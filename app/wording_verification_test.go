package app

import (
	"errors"
	"testing"
	"time"

	"custodia/consent"
	"custodia/i18n"
)

// A verification without its time names the verification's time, not the
// disclosure's ("Offengelegt am" was the label of every field "at").
func TestVerificationTimeHasItsOwnLabel(t *testing.T) {
	r := consent.Request{ID: consent.NewID(), Type: consent.ReqAccess, SubjectID: consent.NewID(), State: consent.StateReceived,
		ReceivedAt: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC), Channel: consent.ChannelLetter}
	a := consent.Actor{UserID: consent.NewID(), Role: consent.RoleDPO}
	_, _, err := consent.Verify(r, consent.Verification{Method: consent.VerifyIDDocument, Verified: true}, a)
	var ve *consent.ValidationError
	if !errors.As(err, &ve) || len(ve.Fields) != 1 {
		t.Fatalf("verify without a time: %v", err)
	}
	cat := i18n.MustLoad()
	for lang, want := range map[string]string{"de": "Identität geprüft am", "en": "Identity checked on"} {
		if got := FieldLabel(cat.Localizer(lang), ve.Fields[0].Field); got != want {
			t.Errorf("%s: field %q reads %q, want %q", lang, ve.Fields[0].Field, got, want)
		}
	}
}
