package audit

import (
	"fmt"
	"testing"
	"time"

	"custodia/i18n"
	"custodia/ui/internal/uitest"
	"custodia/vault"

	"fyne.io/fyne/v2"
)

// longAuditSession is a DPO's session whose trail holds the longest
// action labels of both languages, every outcome, and objects that name
// users and patients, so the widest cells of each column are drawn.
func longAuditSession() *uitest.Session {
	s := dpo()
	s.Users = append(s.Users, vault.User{ID: "u-reception-long", Name: "reception-desk-2", Role: vault.RoleDPO})
	actions := []string{"unlock.recovery.failed", "research.package-identity", "audit.shown", "scan.put", "patient.read"}
	outcomes := []string{"ok", "denied", "failed", "error"}
	s.Audit = nil
	for i := range 40 {
		s.Audit = append(s.Audit, vault.AuditEntry{Seq: int64(1000 + i), Time: time.Date(2026, 12, 31, 23, 59, i, 0, time.UTC),
			UserID: "u-reception-long", Action: actions[i%len(actions)], Outcome: outcomes[i%len(outcomes)],
			Object: fmt.Sprintf("consent:%08d-aaaa-bbbb-cccc-%012d", i, i)})
	}
	return s
}

// TestLayoutAuditTableFits renders the audit trail at the app's default
// window and the screen sizes of issue 10, in English and German: its
// columns fit the pane (none is cut at the pane's edge or out of view),
// and the screen fits the window (issue 10).
func TestLayoutAuditTableFits(t *testing.T) {
	uitest.ForEachScreen(t, func(t *testing.T, lang string, size fyne.Size) {
		s := longAuditSession()
		env := uitest.Env(t, s)
		env.Loc = i18n.MustLoad().Localizer(lang)
		v := NewView(env, s)
		uitest.ShowInShell(env, size, v.Content())
		v.Activate()
		uitest.AssertTablesFit(t, env.Win, "audit trail")
		uitest.AssertFits(t, env.Win, "audit trail")
	})
}
