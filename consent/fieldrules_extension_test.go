package consent

import (
	"errors"
	"slices"
	"testing"
	"time"
)

// An extension notice with every field wrong yields coded problems only,
// with the values the wording needs in Allowed: the most months the
// request type allows (2 under the GDPR, 1 under HIPAA).
func TestExtensionProblemsCarryCodes(t *testing.T) {
	received := time.Date(2026, 6, 14, 9, 0, 0, 0, time.UTC)
	now := received.Add(24 * time.Hour)
	for _, tc := range []struct {
		typ    RequestType
		months string
	}{{ReqAccess, "2"}, {ReqHIPAAAccess, "1"}} {
		r := Request{Type: tc.typ, ReceivedAt: received}
		x := ExtensionNotice{Months: 5, ToldAt: received.Add(-48 * time.Hour), ToldVia: "pigeon"}
		err := checkNotice(r, x, r.OriginalDue(), now)
		var ve *ValidationError
		if !errors.As(err, &ve) {
			t.Fatalf("%s: %v", tc.typ, err)
		}
		got := map[string]FieldError{}
		for _, f := range ve.Fields {
			if f.Rule == "" {
				t.Errorf("%s: %s has no rule", tc.typ, f)
			}
			got[f.Field] = f
		}
		if f := got["months"]; f.Rule != RuleExtensionMonths || !slices.Equal(f.Allowed, []string{tc.months}) {
			t.Errorf("%s: months %+v, want at most %s", tc.typ, f, tc.months)
		}
		if got["reason"].Rule != RuleExtensionReason || got["toldAt"].Rule != RuleBeforeReceived || got["toldVia"].Rule != RuleOneOf {
			t.Errorf("%s: %+v", tc.typ, ve.Fields)
		}
	}
}
