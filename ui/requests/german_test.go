package requests

import (
	"slices"
	"strings"
	"testing"

	"custodia/consent"
	"custodia/i18n"
	"custodia/ui/internal/uitest"
	"custodia/vault"
)

// The request queue in German: columns, kinds, states and the countdown
// in German, never the codes.
func TestRequestQueueInGerman(t *testing.T) {
	f, _ := newTestQueue(t, vault.RoleDPO)
	f.env.Loc = i18n.MustLoad().Localizer("de")
	v := New(f.env, i18n.MustLoad(), f.uc())
	f.addRequest(t, synthPatient(1).ID, consent.ReqErasure, receivedFor(-2))
	f.addRequest(t, synthPatient(2).ID, consent.ReqHIPAAAccess, receivedFor(5))
	v.Activate()
	f.env.Win.SetContent(v.Content())
	uitest.CheckShown(t, "queue", v.Content(), []string{"Frist", "Fällig", "Art", "Status", "Neuer Antrag …", "Offen", "Alle Arten"},
		[]string{"Deadline", "All types"})
	var cells []string
	for row := 0; row < v.table.Len(); row++ {
		for col := range v.Columns() {
			cells = append(cells, v.table.Cell(row, col))
		}
	}
	all := strings.Join(cells, "|")
	for _, w := range []string{"Löschung", "HIPAA-Auskunft", "Eingegangen", "• noch ", "• heute fällig"} {
		if !strings.Contains(all, w) {
			t.Errorf("queue rows lack %q: %s", w, all)
		}
	}
	for _, code := range []string{"erasure", "hipaa-access", "received"} {
		if slices.Contains(cells, code) {
			t.Errorf("queue rows show the code %q: %s", code, all)
		}
	}
}
