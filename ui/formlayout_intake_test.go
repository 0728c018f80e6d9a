package ui

import (
	"fmt"
	"testing"

	"custodia/vault"
)

// TestIntakeKeepsLayoutWithMessages: the new-request dialog keeps its
// size and its fields in place when it refuses a request without a
// person, and still shows whole with the person picked (issue 10), in
// both languages and at both screen sizes.
func TestIntakeKeepsLayoutWithMessages(t *testing.T) {
	for _, size := range layoutScreenSizes {
		for _, lang := range layoutLanguages {
			t.Run(fmt.Sprintf("%s-%.0fx%.0f", lang, size.Width, size.Height), func(t *testing.T) {
				f := newLayoutFixture(t, size, lang)
				f.unlockAs(t, vault.RoleDPO)
				m := f.app.main
				m.Show(sectionRequests)
				q := m.Requests()
				q.OpenIntake()
				in := q.Intake
				checkMessageCycle(t, f.win.Canvas(), "new request, refused", func() {
					in.Submit()
					if in.Problem() == "" {
						t.Error("new request: accepted without a person")
					}
					f.messageFits(t, "new request, refused")
				}, nil)
				in.Search("Hoffmann")
				in.PickMatch(0)
				if in.Picked() == "" {
					t.Fatal("no patient picked")
				}
				f.check(t, "new request with a person picked")
			})
		}
	}
}
