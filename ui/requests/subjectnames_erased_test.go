package requests

import (
	"strings"
	"testing"

	"custodia/consent"
	"custodia/i18n"
	"custodia/ui/kit"
	"custodia/vault"
)

// TestQueueLabelsErasedPatients: a request whose patient the vault erased
// shows "Erased" in the queue's Name column and "Erased patient" in the
// detail, with the short reference, in the user's language, never a blank
// cell or the id itself.
func TestQueueLabelsErasedPatients(t *testing.T) {
	for _, lang := range []string{"en", "de"} {
		f, v := newTestQueue(t, vault.RoleDPO)
		f.env.Loc = i18n.MustLoad().Localizer(lang)
		gone := "0190e7a2-1c3d-7b4e-8f00-5a6b7c8d9e0f"
		f.cs.ErasedIDs = map[string]bool{gone: true}
		f.addRequest(t, gone, consent.ReqAccess, receivedFor(5))
		showQueue(f, v)
		cell := f.env.Loc.T("requests.subject.erased", "Ref", kit.ShortRef(gone))
		if got := v.SubjectName(0); got != cell || strings.Contains(got, gone) || strings.Contains(got, "⟦") {
			t.Fatalf("%s: queue shows %q for an erased patient, want %q", lang, got, cell)
		}
		want := f.env.Loc.T("cancel.queue.erased", "Ref", kit.ShortRef(gone))
		v.Select(0)
		if got := v.Detail.Subject(); got != want {
			t.Fatalf("%s: detail shows %q, want %q", lang, got, want)
		}
	}
}
