package kit

import (
	"strings"
	"testing"
	"time"

	"custodia/consent"
	"custodia/i18n"
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
